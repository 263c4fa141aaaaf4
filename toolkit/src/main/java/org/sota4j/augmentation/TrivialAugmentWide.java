package org.sota4j.augmentation;

import java.util.List;
import java.util.Random;

/**
 * TrivialAugment Wide (Müller and Hutter 2021, arXiv 2103.10158): one operation per image, drawn uniformly from
 * the wide space {@link OpSpace#trivialAugmentWide()}, at a uniformly drawn magnitude bin of 31, sign random.
 * Tuning-free; a strong default for training classifiers from scratch. Use on 0..255 batches before normalization.
 */
public final class TrivialAugmentWide implements OpPolicy {

    private final int numBins;
    private final float[] fill;
    private final List<OpRange> rows = OpSpace.trivialAugmentWide().rows();

    private TrivialAugmentWide(Builder b) {
        this.numBins = b.numBins;
        this.fill = b.fill;
    }

    /** A builder with torchvision's defaults (31 bins, fill 0). */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    public float[] fill() {
        return fill == null ? null : fill.clone();
    }

    @Override
    public OpPlan draw(int n, int height, int width, Random random) {
        AugmentOp[][] ops = new AugmentOp[1][n];
        double[][] mags = new double[1][n];
        for (int i = 0; i < n; i++) {
            OpRange row = rows.get(random.nextInt(rows.size()));
            double m = 0.0;
            if (row.hasBins()) {
                m = row.magnitude(random.nextInt(numBins), numBins, height, width);
            }
            if (row.signed() && random.nextBoolean()) {
                m = -m;
            }
            ops[0][i] = row.op();
            mags[0][i] = m;
        }
        return new OpPlan(ops, mags);
    }

    /** Builder of {@link TrivialAugmentWide}. */
    public static final class Builder {
        private int numBins = 31;
        private float[] fill;

        private Builder() {}

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
        public TrivialAugmentWide build() {
            if (numBins < 2) {
                throw new IllegalArgumentException("numMagnitudeBins must be >= 2, got " + numBins);
            }
            fill = Batches.checkFill(fill);
            return new TrivialAugmentWide(this);
        }
    }
}
