package org.sota4j.augmentation;

import java.util.List;
import java.util.Random;

/**
 * RandAugment (Cubuk et al. 2020, arXiv 1909.13719): every image gets {@code numOps} operations drawn uniformly
 * from {@link OpSpace#randAugment()} (14 ops incl. Identity), all at the same magnitude bin M of 31, signs random.
 * Defaults N = 2, M = 9 and 31 bins are torchvision's. Use on 0..255 batches before normalization.
 */
public final class RandAugment implements OpPolicy {

    private final int numOps;
    private final int magnitude;
    private final int numBins;
    private final float[] fill;
    private final List<OpRange> rows = OpSpace.randAugment().rows();

    private RandAugment(Builder b) {
        this.numOps = b.numOps;
        this.magnitude = b.magnitude;
        this.numBins = b.numBins;
        this.fill = b.fill;
    }

    /** A builder with torchvision's defaults. */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    public float[] fill() {
        return fill == null ? null : fill.clone();
    }

    @Override
    public OpPlan draw(int n, int height, int width, Random random) {
        AugmentOp[][] ops = new AugmentOp[numOps][n];
        double[][] mags = new double[numOps][n];
        for (int i = 0; i < n; i++) {
            for (int s = 0; s < numOps; s++) {
                OpRange row = rows.get(random.nextInt(rows.size()));
                double m = row.magnitude(magnitude, numBins, height, width);
                if (row.signed() && random.nextBoolean()) {
                    m = -m;
                }
                ops[s][i] = row.op();
                mags[s][i] = m;
            }
        }
        return new OpPlan(ops, mags);
    }

    /** Builder of {@link RandAugment}. */
    public static final class Builder {
        private int numOps = 2;
        private int magnitude = 9;
        private int numBins = 31;
        private float[] fill;

        private Builder() {}

        /** Operations per image (default 2). */
        public Builder optNumOps(int numOps) {
            this.numOps = numOps;
            return this;
        }

        /** Magnitude bin M in [0, numBins - 1] (default 9). */
        public Builder optMagnitude(int magnitude) {
            this.magnitude = magnitude;
            return this;
        }

        /** Number of magnitude bins (default 31). */
        public Builder optNumMagnitudeBins(int numBins) {
            this.numBins = numBins;
            return this;
        }

        /** Fill colour for geometric ops (1 or 3 values in 0..255; default 0). */
        public Builder optFill(float... fill) {
            this.fill = fill;
            return this;
        }

        /** Validates and builds. */
        public RandAugment build() {
            if (numOps < 0) {
                throw new IllegalArgumentException("numOps must be >= 0, got " + numOps);
            }
            if (numBins < 2) {
                throw new IllegalArgumentException("numMagnitudeBins must be >= 2, got " + numBins);
            }
            if (magnitude < 0 || magnitude >= numBins) {
                throw new IllegalArgumentException(
                        "magnitude must be in [0, " + (numBins - 1) + "] (a bin of " + numBins + "), got "
                                + magnitude);
            }
            fill = Batches.checkFill(fill);
            return new RandAugment(this);
        }
    }
}
