package org.sota4j.augmentation;

/**
 * One row of an augmentation space: an operation, how its magnitude bins are laid out, and whether the sign is
 * drawn at random (p = 0.5). Rows are data: the magnitude of bin b is computed from the row, never by
 * op-specific code. Layouts follow torchvision 0.14's {@code _augmentation_space} tables.
 *
 * @param op the operation
 * @param scale how {@code start}/{@code end} become bin values
 * @param start magnitude of bin 0 (for {@link Scale#BITS}: the bits of bin 0, 8)
 * @param end magnitude of the last bin (for {@link Scale#WIDTH}/{@link Scale#HEIGHT}: a fraction of the image
 *     side; for {@link Scale#BITS}: the number of bits removed at the last bin)
 * @param signed whether the magnitude is negated with probability 0.5
 */
public record OpRange(AugmentOp op, Scale scale, double start, double end, boolean signed) {

    /** How the bins of a row are laid out. */
    public enum Scale {
        /** No magnitude (the op ignores it); a single value 0. */
        NONE,
        /** {@code linspace(start, end, bins)}. */
        LINEAR,
        /** {@code linspace(start, end * width, bins)}. */
        WIDTH,
        /** {@code linspace(start, end * height, bins)}. */
        HEIGHT,
        /** {@code start - round(i / ((bins - 1) / end))}: bits kept by posterize. */
        BITS
    }

    /** A row with a linear range. */
    public static OpRange linear(AugmentOp op, double start, double end, boolean signed) {
        return new OpRange(op, Scale.LINEAR, start, end, signed);
    }

    /** A row for an op without magnitude. */
    public static OpRange none(AugmentOp op) {
        return new OpRange(op, Scale.NONE, 0, 0, false);
    }

    /** Whether this row has magnitude bins (false for {@link Scale#NONE}). */
    public boolean hasBins() {
        return scale != Scale.NONE;
    }

    /**
     * The magnitude of bin {@code bin} out of {@code numBins} on an {@code height x width} image, as the float32
     * value torchvision's table holds (to within one float32 ulp; the effective integer parameters, int(translate)
     * and posterize bits, and the solarize threshold against integer pixels are exactly torchvision's).
     */
    public double magnitude(int bin, int numBins, int height, int width) {
        if (scale == Scale.NONE) {
            return 0.0;
        }
        if (numBins < 2) {
            throw new IllegalArgumentException("numBins must be >= 2, got " + numBins);
        }
        if (bin < 0 || bin >= numBins) {
            throw new IllegalArgumentException(
                    "magnitude bin must be in [0, " + (numBins - 1) + "] for " + numBins + " bins, got " + bin);
        }
        switch (scale) {
            case BITS:
                float ratio = (float) ((numBins - 1) / end);
                return start - Math.rint((float) bin / ratio);
            case WIDTH:
                return linspace(start, end * width, bin, numBins);
            case HEIGHT:
                return linspace(start, end * height, bin, numBins);
            default:
                return linspace(start, end, bin, numBins);
        }
    }

    private static double linspace(double from, double to, int i, int n) {
        return (float) (from + (to - from) * i / (n - 1));
    }
}
