package org.sota4j.augmentation;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

import java.util.function.UnaryOperator;

/** Package-private helpers shared by the transforms: input validation, scoped temporaries, pixel gathers. */
final class Batches {

    private Batches() {}

    /** Checks float32 N x C x H x W with C = 1 or 3 and returns the shape as {N, C, H, W}. */
    static int[] checkImages(NDArray images) {
        if (images == null) {
            throw new IllegalArgumentException("images must be a float32 N x C x H x W array, got null");
        }
        Shape s = images.getShape();
        if (s.dimension() != 4) {
            throw new IllegalArgumentException(
                    "images must have rank 4 (N x C x H x W), got rank " + s.dimension() + " shape " + s);
        }
        if (images.getDataType() != DataType.FLOAT32) {
            throw new IllegalArgumentException("images must be float32, got " + images.getDataType());
        }
        if (s.get(1) != 1 && s.get(1) != 3) {
            throw new IllegalArgumentException(
                    "images must have 1 or 3 channels in axis 1 (N x C x H x W), got " + s.get(1) + " in shape " + s);
        }
        return new int[] {(int) s.get(0), (int) s.get(1), (int) s.get(2), (int) s.get(3)};
    }

    /** Checks that an array of per-image parameters has one entry per image. */
    static void checkLength(String name, int length, int n) {
        if (length != n) {
            throw new IllegalArgumentException(name + " must hold one value per image (" + n + "), got " + length);
        }
    }

    /**
     * Runs {@code body} on {@code images} with every temporary created under a sub-manager that is closed
     * afterwards; the result is attached to the manager of {@code images}.
     */
    static NDArray scoped(NDArray images, UnaryOperator<NDArray> body) {
        NDManager parent = images.getManager();
        try (NDManager sub = parent.newSubManager()) {
            images.tempAttach(sub);
            NDArray out = body.apply(images);
            if (out != images) {
                out.attach(parent);
            }
            return out;
        }
    }

    /** Per-image scalars as an n x 1 x 1 x 1 float32 array, for broadcasting over a batch. */
    static NDArray perImage(NDManager manager, float[] values) {
        return manager.create(values, new Shape(values.length, 1, 1, 1));
    }

    /** Per-channel values as a 1 x C x 1 x 1 float32 array. */
    static NDArray perChannel(NDManager manager, float[] values) {
        return manager.create(values, new Shape(1, values.length, 1, 1));
    }

    /** The fill colour expanded to {@code channels} values (null means 0, a single value is repeated). */
    static float[] expandFill(float[] fill, int channels) {
        float[] out = new float[channels];
        if (fill == null) {
            return out;
        }
        if (fill.length != 1 && fill.length != channels) {
            throw new IllegalArgumentException(
                    "fill must have 1 or " + channels + " values (one per channel), got " + fill.length);
        }
        for (int c = 0; c < channels; c++) {
            out[c] = fill.length == 1 ? fill[0] : fill[c];
        }
        return out;
    }

    /** Validates fill values: each within 0..255 (the pixel scale), or null. */
    static float[] checkFill(float[] fill) {
        if (fill == null) {
            return null;
        }
        if (fill.length != 1 && fill.length != 3) {
            throw new IllegalArgumentException("fill must have 1 or 3 values, got " + fill.length);
        }
        for (float f : fill) {
            if (!(f >= 0 && f <= 255)) {
                throw new IllegalArgumentException("fill values must be in [0, 255], got " + f);
            }
        }
        return fill.clone();
    }

    /**
     * Builds an output batch by nearest-pixel lookup: {@code index[(n * outH + y) * outW + x]} is a source pixel
     * {@code sy * W + sx} of image n, or -1 for the fill colour. One gather for the whole batch.
     */
    static NDArray gatherPixels(NDArray images, long[] index, int outH, int outW, float[] fill) {
        int[] d = checkImages(images);
        int n = d[0];
        int c = d[1];
        long hw = (long) d[2] * d[3];
        long outHw = (long) outH * outW;
        checkLength("index", index.length, (int) (n * outHw));
        return scoped(images, x -> {
            NDManager m = x.getManager();
            long[] idx = new long[index.length];
            for (int i = 0; i < idx.length; i++) {
                idx[i] = index[i] < 0 ? hw : index[i];
            }
            NDArray fillColumn = m.create(expandFill(fill, c), new Shape(1, c, 1)).broadcast(new Shape(n, c, 1));
            NDArray source = NDArrays.concat(new NDList(x.reshape(n, c, hw), fillColumn), 2);
            NDArray where = m.create(idx, new Shape(n, 1, outHw)).broadcast(new Shape(n, c, outHw));
            return source.gather(where, 2).reshape(n, c, outH, outW);
        });
    }

    /** Selects images (axis 0) by index. */
    static NDArray take(NDArray images, long[] indices) {
        return images.get(images.getManager().create(indices));
    }
}
