package org.sota4j.augmentation;

import ai.djl.ndarray.NDArray;

import java.util.Random;

/**
 * Random resized crop, the standard ImageNet training augmentation ("Inception" crop, Szegedy et al. 2015,
 * arXiv 1409.4842): a box of random area fraction (default 0.08..1) and log-uniform aspect ratio (default 3/4..4/3)
 * with torchvision's 10-attempt sampling and centre-crop fallback, resized to the output size bilinearly.
 * Resizing follows torchvision 0.14 on tensors (no antialias); PIL-based pipelines antialias when shrinking.
 */
public final class RandomResizedCrop implements BatchTransform {

    private final int outHeight;
    private final int outWidth;
    private final double minScale;
    private final double maxScale;
    private final double minRatio;
    private final double maxRatio;

    private RandomResizedCrop(Builder b) {
        this.outHeight = b.height;
        this.outWidth = b.width;
        this.minScale = b.minScale;
        this.maxScale = b.maxScale;
        this.minRatio = b.minRatio;
        this.maxRatio = b.maxRatio;
    }

    /** A builder; the output size is required. */
    public static Builder builder() {
        return new Builder();
    }

    /** Draws the crop box of one height x width image (torchvision's {@code RandomResizedCrop.get_params}). */
    public CropBox drawBox(int height, int width, Random random) {
        double area = (double) height * width;
        double logMin = Math.log(minRatio);
        double logMax = Math.log(maxRatio);
        for (int attempt = 0; attempt < 10; attempt++) {
            double target = area * (minScale + (maxScale - minScale) * random.nextDouble());
            double ratio = Math.exp(logMin + (logMax - logMin) * random.nextDouble());
            int w = (int) Math.rint(Math.sqrt(target * ratio));
            int h = (int) Math.rint(Math.sqrt(target / ratio));
            if (w > 0 && w <= width && h > 0 && h <= height) {
                int top = random.nextInt(height - h + 1);
                int left = random.nextInt(width - w + 1);
                return new CropBox(top, left, h, w);
            }
        }
        double inRatio = (double) width / height;
        int w;
        int h;
        if (inRatio < minRatio) {
            w = width;
            h = (int) Math.rint(w / minRatio);
        } else if (inRatio > maxRatio) {
            h = height;
            w = (int) Math.rint(h * maxRatio);
        } else {
            w = width;
            h = height;
        }
        return new CropBox((height - h) / 2, (width - w) / 2, h, w);
    }

    /** Crops box i from image i and resizes every crop to the output size (fixed parameters). */
    public NDArray apply(NDArray images, CropBox[] boxes) {
        int n = Batches.checkImages(images)[0];
        Batches.checkLength("boxes", boxes.length, n);
        int[] t = new int[n];
        int[] l = new int[n];
        int[] h = new int[n];
        int[] w = new int[n];
        for (int i = 0; i < n; i++) {
            t[i] = boxes[i].top();
            l[i] = boxes[i].left();
            h[i] = boxes[i].height();
            w[i] = boxes[i].width();
        }
        return Geometry.resizedCrop(images, t, l, h, w, outHeight, outWidth);
    }

    @Override
    public NDArray apply(NDArray images, Random random) {
        int[] d = Batches.checkImages(images);
        CropBox[] boxes = new CropBox[d[0]];
        for (int i = 0; i < d[0]; i++) {
            boxes[i] = drawBox(d[2], d[3], random);
        }
        return apply(images, boxes);
    }

    /** Builder of {@link RandomResizedCrop}. */
    public static final class Builder {
        private int height;
        private int width;
        private double minScale = 0.08;
        private double maxScale = 1.0;
        private double minRatio = 3.0 / 4.0;
        private double maxRatio = 4.0 / 3.0;

        private Builder() {}

        /** Square output size. */
        public Builder setSize(int size) {
            return setSize(size, size);
        }

        /** Output height and width. */
        public Builder setSize(int height, int width) {
            this.height = height;
            this.width = width;
            return this;
        }

        /** Range of the crop's area fraction (default 0.08..1, torchvision). */
        public Builder optScale(double min, double max) {
            this.minScale = min;
            this.maxScale = max;
            return this;
        }

        /** Range of the crop's aspect ratio width/height, sampled log-uniformly (default 3/4..4/3). */
        public Builder optRatio(double min, double max) {
            this.minRatio = min;
            this.maxRatio = max;
            return this;
        }

        /** Validates and builds. */
        public RandomResizedCrop build() {
            if (height < 1 || width < 1) {
                throw new IllegalArgumentException("size must be >= 1, got " + height + " x " + width);
            }
            if (!(minScale > 0 && minScale <= maxScale && maxScale <= 1)) {
                throw new IllegalArgumentException("scale must satisfy 0 < min <= max <= 1, got (" + minScale
                        + ", " + maxScale + ")");
            }
            if (!(minRatio > 0 && minRatio <= maxRatio)) {
                throw new IllegalArgumentException("ratio must satisfy 0 < min <= max, got (" + minRatio + ", "
                        + maxRatio + ")");
            }
            return new RandomResizedCrop(this);
        }
    }
}
