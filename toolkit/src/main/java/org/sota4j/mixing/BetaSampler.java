package org.sota4j.mixing;

import java.util.Random;

/**
 * Draws from a Beta(a, b) distribution as X / (X + Y) with X ~ Gamma(a), Y ~ Gamma(b), each
 * gamma drawn with the method of Marsaglia and Tsang (2000, "A simple method for generating gamma
 * variables", ACM TOMS 26(3)); the mixing coefficient of mixup (Zhang et al. 2018, arXiv
 * 1710.09412) and CutMix (Yun et al. 2019, arXiv 1905.04899) is Beta(alpha, alpha).
 *
 * <p>All randomness comes from the given {@link Random}, so a seed replays the draws. Shapes
 * below one use the boost {@code Gamma(a) = Gamma(a + 1) * U^(1/a)} carried out in log space, so
 * that small alphas such as mixup's 0.2 never produce {@code 0 / 0}.
 */
public final class BetaSampler {

    private final double a;
    private final double b;

    private BetaSampler(double a, double b) {
        this.a = a;
        this.b = b;
    }

    /**
     * Returns a sampler of Beta(a, b).
     *
     * @throws IllegalArgumentException if a shape is not a finite number &gt; 0
     */
    public static BetaSampler of(double a, double b) {
        requirePositive("a", a);
        requirePositive("b", b);
        return new BetaSampler(a, b);
    }

    /** Returns a sampler of the symmetric Beta(alpha, alpha) used by mixup and CutMix. */
    public static BetaSampler symmetric(double alpha) {
        requirePositive("alpha", alpha);
        return new BetaSampler(alpha, alpha);
    }

    /** Draws one value in [0, 1]. */
    public double sample(Random random) {
        double logX = logGamma(a, random);
        double logY = logGamma(b, random);
        // X / (X + Y) = 1 / (1 + exp(logY - logX)), stable when both gammas are tiny
        return 1.0 / (1.0 + Math.exp(logY - logX));
    }

    /** The mean a / (a + b). */
    public double mean() {
        return a / (a + b);
    }

    /** The variance ab / ((a + b)^2 (a + b + 1)). */
    public double variance() {
        double s = a + b;
        return a * b / (s * s * (s + 1));
    }

    /**
     * Draws from Gamma(shape, 1) with Marsaglia and Tsang's method.
     *
     * @throws IllegalArgumentException if shape is not a finite number &gt; 0
     */
    public static double sampleGamma(double shape, Random random) {
        requirePositive("shape", shape);
        return Math.exp(logGamma(shape, random));
    }

    /** The logarithm of a Gamma(shape, 1) draw. */
    private static double logGamma(double shape, Random random) {
        if (shape < 1) {
            // Gamma(a) = Gamma(a + 1) * U^(1/a), in logs
            double u = 1.0 - random.nextDouble(); // in (0, 1]
            return logGamma(shape + 1, random) + Math.log(u) / shape;
        }
        double d = shape - 1.0 / 3.0;
        double c = 1.0 / Math.sqrt(9.0 * d);
        while (true) {
            double x = random.nextGaussian();
            double v = 1.0 + c * x;
            if (v <= 0) {
                continue;
            }
            v = v * v * v;
            double u = 1.0 - random.nextDouble(); // in (0, 1]
            double x2 = x * x;
            if (u < 1.0 - 0.0331 * x2 * x2) {
                return Math.log(d * v);
            }
            if (Math.log(u) < 0.5 * x2 + d * (1.0 - v + Math.log(v))) {
                return Math.log(d * v);
            }
        }
    }

    private static void requirePositive(String name, double value) {
        if (!(value > 0) || Double.isInfinite(value)) {
            throw new IllegalArgumentException(name + " must be a finite number > 0, got " + value);
        }
    }

    @Override
    public String toString() {
        return "Beta(" + a + ", " + b + ")";
    }
}
