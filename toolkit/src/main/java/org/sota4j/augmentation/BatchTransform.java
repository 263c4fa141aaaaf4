package org.sota4j.augmentation;

import ai.djl.ndarray.NDArray;

import java.util.Random;

/**
 * A transform of a whole batch of images at once, the extension point of the data side.
 *
 * <p>Input and output are {@code float32} arrays of layout N x C x H x W. Before normalization
 * (the usual place for geometric and colour augmentation) the values are on the 0..255 pixel
 * scale, so integer operations such as posterize or equalize keep their torchvision meaning;
 * after normalization (random erasing) they are standardized values. An implementation draws its
 * random parameters from {@code random} (in Java, once per image) and applies them with batched
 * NDArray operations; the arrays it creates belong to {@code images.getManager()}.
 */
@FunctionalInterface
public interface BatchTransform {

    /**
     * Transforms a batch.
     *
     * @param images float32 N x C x H x W
     * @param random the source of every random choice, so that a seed replays a run
     * @return the transformed batch (may be {@code images} itself when nothing changes)
     */
    NDArray apply(NDArray images, Random random);

    /** Returns a transform that applies this one and then {@code next}. */
    default BatchTransform andThen(BatchTransform next) {
        return (images, random) -> next.apply(apply(images, random), random);
    }

    /** The transform that returns its input unchanged. */
    static BatchTransform identity() {
        return (images, random) -> images;
    }
}
