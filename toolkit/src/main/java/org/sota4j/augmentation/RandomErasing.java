package org.sota4j.augmentation;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

import java.util.Random;

/**
 * Random Erasing (Zhong et al. 2020, arXiv 1708.04896) with torchvision's semantics: with probability p (default
 * 0.5) a rectangle of area fraction in scale (0.02, 0.33) and log-uniform aspect ratio h/w in (0.3, 3.3) is
 * found in up to 10 attempts and filled with a constant (default 0) or per-pixel standard normal values.
 * Place it AFTER {@link Normalize}: like torchvision's, its values are meant for normalized batches.
 */
public final class RandomErasing implements BatchTransform {

    private final double p;
    private final double minScale;
    private final double maxScale;
    private final double minRatio;
    private final double maxRatio;
    private final float value;
    private final boolean randomValue;

    private RandomErasing(Builder b) {
        this.p = b.p;
        this.minScale = b.minScale;
        this.maxScale = b.maxScale;
        this.minRatio = b.minRatio;
        this.maxRatio = b.maxRatio;
        this.value = b.value;
        this.randomValue = b.randomValue;
    }

    /** A builder with torchvision's defaults. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Draws the erase box of one height x width image, or null when the image is not erased (probability
     * 1 - p, or 10 failed attempts), as torchvision's {@code RandomErasing.forward}/{@code get_params}.
     */
    public CropBox drawBox(int height, int width, Random random) {
        if (!(random.nextDouble() < p)) {
            return null;
        }
        double area = (double) height * width;
        double logMin = Math.log(minRatio);
        double logMax = Math.log(maxRatio);
        for (int attempt = 0; attempt < 10; attempt++) {
            double erase = area * (minScale + (maxScale - minScale) * random.nextDouble());
            double ratio = Math.exp(logMin + (logMax - logMin) * random.nextDouble());
            int h = (int) Math.rint(Math.sqrt(erase * ratio));
            int w = (int) Math.rint(Math.sqrt(erase / ratio));
            if (h < height && w < width) {
                int top = random.nextInt(height - h + 1);
                int left = random.nextInt(width - w + 1);
                return new CropBox(top, left, h, w);
            }
        }
        return null;
    }

    /**
     * Erases box i of image i (null = keep), with the constant value or, for a random value, standard normal
     * values drawn from {@code random} (fixed parameters).
     */
    public NDArray erase(NDArray images, CropBox[] boxes, Random random) {
        int[] d = Batches.checkImages(images);
        int n = d[0];
        int c = d[1];
        int h = d[2];
        int w = d[3];
        Batches.checkLength("boxes", boxes.length, n);
        boolean[] mask = new boolean[n * h * w];
        float[] values = randomValue ? new float[n * c * h * w] : null;
        boolean any = false;
        for (int i = 0; i < n; i++) {
            CropBox b = boxes[i];
            if (b == null) {
                continue;
            }
            if (b.top() < 0 || b.left() < 0 || b.height() < 0 || b.width() < 0 || b.top() + b.height() > h
                    || b.left() + b.width() > w) {
                throw new IllegalArgumentException("erase box " + i + " " + b + " must lie inside the " + h + " x "
                        + w + " image");
            }
            for (int y = b.top(); y < b.top() + b.height(); y++) {
                for (int x = b.left(); x < b.left() + b.width(); x++) {
                    mask[(i * h + y) * w + x] = true;
                    any = true;
                }
            }
            if (randomValue) {
                for (int ch = 0; ch < c; ch++) {
                    for (int y = b.top(); y < b.top() + b.height(); y++) {
                        for (int x = b.left(); x < b.left() + b.width(); x++) {
                            values[((i * c + ch) * h + y) * w + x] = (float) random.nextGaussian();
                        }
                    }
                }
            }
        }
        if (!any) {
            return images;
        }
        return Batches.scoped(images, x -> {
            NDManager m = x.getManager();
            NDArray where = m.create(mask, new Shape(n, 1, h, w)).broadcast(x.getShape());
            NDArray fill = randomValue ? m.create(values, new Shape(n, c, h, w)) : m.full(x.getShape(), value);
            return NDArrays.where(where, fill, x);
        });
    }

    @Override
    public NDArray apply(NDArray images, Random random) {
        int[] d = Batches.checkImages(images);
        CropBox[] boxes = new CropBox[d[0]];
        for (int i = 0; i < d[0]; i++) {
            boxes[i] = drawBox(d[2], d[3], random);
        }
        return erase(images, boxes, random);
    }

    /** Builder of {@link RandomErasing}. */
    public static final class Builder {
        private double p = 0.5;
        private double minScale = 0.02;
        private double maxScale = 0.33;
        private double minRatio = 0.3;
        private double maxRatio = 3.3;
        private float value;
        private boolean randomValue;

        private Builder() {}

        /** Probability of erasing an image (default 0.5). */
        public Builder optProbability(double p) {
            this.p = p;
            return this;
        }

        /** Range of the erased area fraction (default 0.02..0.33). */
        public Builder optScale(double min, double max) {
            this.minScale = min;
            this.maxScale = max;
            return this;
        }

        /** Range of the erased aspect ratio h/w, sampled log-uniformly (default 0.3..3.3). */
        public Builder optRatio(double min, double max) {
            this.minRatio = min;
            this.maxRatio = max;
            return this;
        }

        /** A constant erase value (in normalized units; default 0). */
        public Builder optValue(float value) {
            this.value = value;
            this.randomValue = false;
            return this;
        }

        /** Erase with per-pixel standard normal values (torchvision's {@code value="random"}). */
        public Builder optRandomValue() {
            this.randomValue = true;
            return this;
        }

        /** Validates and builds. */
        public RandomErasing build() {
            if (!(p >= 0 && p <= 1)) {
                throw new IllegalArgumentException("p must be in [0, 1], got " + p);
            }
            if (!(minScale >= 0 && minScale <= maxScale && maxScale <= 1)) {
                throw new IllegalArgumentException("scale must satisfy 0 <= min <= max <= 1, got (" + minScale
                        + ", " + maxScale + ")");
            }
            if (!(minRatio > 0 && minRatio <= maxRatio)) {
                throw new IllegalArgumentException("ratio must satisfy 0 < min <= max, got (" + minRatio + ", "
                        + maxRatio + ")");
            }
            return new RandomErasing(this);
        }
    }
}
