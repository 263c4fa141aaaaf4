package org.sota4j.augmentation;

import ai.djl.ndarray.NDArray;

import java.util.Arrays;
import java.util.Random;

/**
 * Evaluation resize of the shorter side to {@code size} keeping the aspect ratio (longer side
 * int(size * long / short)), bilinear as torchvision 0.14's {@code Resize(size)} on tensors (no antialias; PIL
 * antialiases when shrinking). The usual ImageNet evaluation is {@code Resize(256)} then {@code CenterCrop(224)}.
 */
public final class Resize implements BatchTransform {

    private final int size;

    /** Resizes the shorter side to {@code size} pixels. */
    public Resize(int size) {
        if (size < 1) {
            throw new IllegalArgumentException("size must be >= 1, got " + size);
        }
        this.size = size;
    }

    /** The output {height, width} for an input of height x width. */
    public int[] outputSize(int height, int width) {
        if (width <= height) {
            return new int[] {(int) ((long) size * height / width), size};
        }
        return new int[] {size, (int) ((long) size * width / height)};
    }

    @Override
    public NDArray apply(NDArray images, Random random) {
        int[] d = Batches.checkImages(images);
        int[] out = outputSize(d[2], d[3]);
        if (out[0] == d[2] && out[1] == d[3]) {
            return images;
        }
        int[] zeros = new int[d[0]];
        int[] hs = new int[d[0]];
        int[] ws = new int[d[0]];
        Arrays.fill(hs, d[2]);
        Arrays.fill(ws, d[3]);
        return Geometry.resizedCrop(images, zeros, zeros, hs, ws, out[0], out[1]);
    }
}
