package org.sota4j.augmentation;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.types.Shape;

import java.util.Random;

/**
 * Random horizontal flip with probability p (default 0.5, torchvision), the basic mirror augmentation of
 * Krizhevsky et al. 2012 used by nearly every image classifier recipe.
 */
public final class RandomHorizontalFlip implements BatchTransform {

    private final double p;

    /** Flips with probability 0.5. */
    public RandomHorizontalFlip() {
        this(0.5);
    }

    /** Flips each image with probability {@code p} in [0, 1]. */
    public RandomHorizontalFlip(double p) {
        if (!(p >= 0 && p <= 1)) {
            throw new IllegalArgumentException("p must be in [0, 1], got " + p);
        }
        this.p = p;
    }

    /** Mirrors the images i with {@code flip[i]} (fixed parameters). */
    public static NDArray flip(NDArray images, boolean[] flip) {
        int[] d = Batches.checkImages(images);
        Batches.checkLength("flip", flip.length, d[0]);
        return Batches.scoped(images, x -> {
            NDArray mask = x.getManager().create(flip, new Shape(d[0], 1, 1, 1)).broadcast(x.getShape());
            return NDArrays.where(mask, x.flip(3), x);
        });
    }

    @Override
    public NDArray apply(NDArray images, Random random) {
        int n = Batches.checkImages(images)[0];
        boolean[] flip = new boolean[n];
        boolean any = false;
        for (int i = 0; i < n; i++) {
            flip[i] = random.nextDouble() < p;
            any |= flip[i];
        }
        return any ? flip(images, flip) : images;
    }
}
