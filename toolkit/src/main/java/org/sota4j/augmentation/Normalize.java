package org.sota4j.augmentation;

import ai.djl.ndarray.NDArray;

import java.util.Arrays;
import java.util.Random;

/**
 * Per-channel normalization from the 0..255 scale: (x / 255 - mean) / std, as torchvision's
 * {@code ToTensor} followed by {@code Normalize(mean, std)}. Goes after the 0..255 augmentations and before
 * {@link RandomErasing}. {@link #imagenet()} uses the ImageNet statistics of the torchvision references.
 */
public final class Normalize implements BatchTransform {

    private final float[] mean;
    private final float[] std;

    private Normalize(float[] mean, float[] std) {
        this.mean = mean;
        this.std = std;
    }

    /** Normalization with per-channel mean and std on the 0..1 scale (1 or 3 values each, same length). */
    public static Normalize of(float[] mean, float[] std) {
        if (mean == null || std == null || mean.length != std.length || (mean.length != 1 && mean.length != 3)) {
            throw new IllegalArgumentException("mean and std must both have 1 or 3 values, got "
                    + Arrays.toString(mean) + " and " + Arrays.toString(std));
        }
        for (float s : std) {
            if (!(s > 0)) {
                throw new IllegalArgumentException("std must be > 0, got " + Arrays.toString(std));
            }
        }
        return new Normalize(mean.clone(), std.clone());
    }

    /** ImageNet mean (0.485, 0.456, 0.406) and std (0.229, 0.224, 0.225). */
    public static Normalize imagenet() {
        return of(new float[] {0.485f, 0.456f, 0.406f}, new float[] {0.229f, 0.224f, 0.225f});
    }

    @Override
    public NDArray apply(NDArray images, Random random) {
        int[] d = Batches.checkImages(images);
        if (mean.length != d[1]) {
            throw new IllegalArgumentException("images must have " + mean.length + " channels to match mean/std, got "
                    + d[1]);
        }
        return Batches.scoped(images, x -> x.div(255f)
                .sub(Batches.perChannel(x.getManager(), mean))
                .div(Batches.perChannel(x.getManager(), std)));
    }
}
