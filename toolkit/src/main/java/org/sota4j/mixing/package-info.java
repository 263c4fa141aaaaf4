/**
 * Batch-level mixing of examples and their soft labels: {@link org.sota4j.mixing.Mixup} (Zhang
 * et al. 2018, arXiv 1710.09412), {@link org.sota4j.mixing.CutMix} (Yun et al. 2019, arXiv
 * 1905.04899), and {@link org.sota4j.mixing.RandomChoiceMixer}, which picks one of them per batch
 * as torchvision's classification reference (and timm's {@code switch_prob}) do. Every mixer
 * implements {@link org.sota4j.mixing.BatchMixer}, pairs the batch with its roll by one, draws
 * its random numbers in Java ({@link org.sota4j.mixing.BetaSampler}) and applies them with one
 * batched NDArray operation; the draw and the application are separate public steps so that a
 * given lambda or box can be replayed and tested.
 */
package org.sota4j.mixing;
