/**
 * Image classification datasets held in memory as one {@code uint8} N x C x H x W tensor.
 *
 * <p>{@link org.sota4j.datasets.Datasets} is the entry point: Fashion-MNIST from its IDX files (with a
 * class-balanced subset embedded in this jar, so everything runs offline) and CIFAR-10 from an
 * ImageFolder layout or DJL's downloader. Data is decoded once, so later epochs read no files.
 */
package org.sota4j.datasets;
