package org.sota4j.mixing;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDArray;

import java.util.Random;

/**
 * Mixes the examples of a batch with each other and their labels accordingly (mixup, CutMix).
 *
 * <p>Images are normalized {@code float32} N x C x H x W; targets are {@code float32} N x K class
 * probabilities (one-hot or already smoothed). Arrays created belong to {@code images.getManager()}.
 */
@FunctionalInterface
public interface BatchMixer {

    /**
     * Mixes a batch.
     *
     * @return a list of two arrays: the mixed images and the mixed targets (rows sum to one)
     */
    NDList mix(NDArray images, NDArray targets, Random random);
}
