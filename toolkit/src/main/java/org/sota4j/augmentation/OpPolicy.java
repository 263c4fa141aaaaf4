package org.sota4j.augmentation;

import ai.djl.ndarray.NDArray;

import java.util.Random;

/**
 * An automatic augmentation that draws per-image operations from an {@link OpSpace} ({@link AutoAugment},
 * {@link RandAugment}, {@link TrivialAugmentWide}). {@link #draw} makes the random choices in Java;
 * {@link #apply(NDArray, Random)} draws and applies them with batched operations.
 */
public interface OpPolicy extends BatchTransform {

    /** Draws the operations for {@code n} images of size height x width. */
    OpPlan draw(int n, int height, int width, Random random);

    /** The fill colour for pixels moved in from outside the image (null = 0). */
    float[] fill();

    @Override
    default NDArray apply(NDArray images, Random random) {
        int[] d = Batches.checkImages(images);
        return draw(d[0], d[2], d[3], random).apply(images, fill());
    }
}
