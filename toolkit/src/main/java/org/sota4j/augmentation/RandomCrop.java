package org.sota4j.augmentation;

import ai.djl.ndarray.NDArray;

import java.util.Random;

/**
 * Random crop after padding, the CIFAR augmentation of He et al. 2016 (arXiv 1512.03385): pad 4 pixels (zero or
 * reflect) and cut a random window of the original size (or a given size), as torchvision's
 * {@code RandomCrop(size, padding, fill, padding_mode)}.
 */
public final class RandomCrop implements BatchTransform {

    private final int height;
    private final int width;
    private final int padding;
    private final boolean reflect;
    private final float fill;

    private RandomCrop(Builder b) {
        this.height = b.height;
        this.width = b.width;
        this.padding = b.padding;
        this.reflect = b.reflect;
        this.fill = b.fill;
    }

    /** A builder; the crop size is required. */
    public static Builder builder() {
        return new Builder();
    }

    /** Crops the window at (top[i], left[i]) of padded image i (fixed parameters). */
    public NDArray apply(NDArray images, int[] top, int[] left) {
        int[] d = Batches.checkImages(images);
        checkSize(d);
        return Geometry.padCrop(images, padding, reflect, new float[] {fill}, top, left, height, width);
    }

    @Override
    public NDArray apply(NDArray images, Random random) {
        int[] d = Batches.checkImages(images);
        checkSize(d);
        int ph = d[2] + 2 * padding;
        int pw = d[3] + 2 * padding;
        int[] top = new int[d[0]];
        int[] left = new int[d[0]];
        for (int i = 0; i < d[0]; i++) {
            top[i] = random.nextInt(ph - height + 1);
            left[i] = random.nextInt(pw - width + 1);
        }
        return Geometry.padCrop(images, padding, reflect, new float[] {fill}, top, left, height, width);
    }

    private void checkSize(int[] d) {
        int ph = d[2] + 2 * padding;
        int pw = d[3] + 2 * padding;
        if (height > ph || width > pw) {
            throw new IllegalArgumentException("crop size " + height + " x " + width
                    + " must not exceed the padded image size " + ph + " x " + pw);
        }
    }

    /** Builder of {@link RandomCrop}. */
    public static final class Builder {
        private int height;
        private int width;
        private int padding;
        private boolean reflect;
        private float fill;

        private Builder() {}

        /** Square crop size. */
        public Builder setSize(int size) {
            return setSize(size, size);
        }

        /** Crop height and width. */
        public Builder setSize(int height, int width) {
            this.height = height;
            this.width = width;
            return this;
        }

        /** Pixels of padding on every side (default 0; CIFAR uses 4). */
        public Builder optPadding(int padding) {
            this.padding = padding;
            return this;
        }

        /** Reflect padding (mirror without repeating the edge) instead of the constant fill. */
        public Builder optReflect(boolean reflect) {
            this.reflect = reflect;
            return this;
        }

        /** Constant padding value in 0..255 (default 0). */
        public Builder optFill(float fill) {
            this.fill = fill;
            return this;
        }

        /** Validates and builds. */
        public RandomCrop build() {
            if (height < 1 || width < 1) {
                throw new IllegalArgumentException("size must be >= 1, got " + height + " x " + width);
            }
            if (padding < 0) {
                throw new IllegalArgumentException("padding must be >= 0, got " + padding);
            }
            Batches.checkFill(new float[] {fill});
            return new RandomCrop(this);
        }
    }
}
