package org.sota4j.sampling;

import java.util.Random;

/**
 * Chooses the order of the training examples of an epoch, as the toolkit's training loop asks for it
 * ({@code TrainingLoop.Builder.optSampler}): a fresh shuffle ({@link #shuffle()}, the default) or repeated
 * augmentation ({@link RepeatedAugmentationSampler}).
 */
@FunctionalInterface
public interface EpochSampler {

    /**
     * Returns the example indices of {@code epoch} (from 1) for a dataset of {@code size}, drawing what it draws
     * from {@code random} (the loop's generator) or from a seed of its own.
     */
    int[] indices(int epoch, int size, Random random);

    /**
     * Returns how many indices {@link #indices} returns for a dataset of {@code size} (the epoch's length, which
     * the loop's steps per epoch and so the schedules follow); {@code size} unless the sampler changes it.
     */
    default int epochLength(int size) {
        return size;
    }

    /** A fresh random permutation every epoch, drawn from the loop's generator. */
    static EpochSampler shuffle() {
        return (epoch, size, random) -> Permutations.shuffled(size, random);
    }
}
