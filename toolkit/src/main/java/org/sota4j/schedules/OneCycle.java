package org.sota4j.schedules;

import java.util.Arrays;

/**
 * The 1cycle policy (Smith &amp; Topin 2018, "Super-Convergence", arXiv 1708.07120) as torch's
 * {@code OneCycleLR}: the rate rises from {@code maxValue / divFactor} to {@code maxValue} over the first
 * {@code pctStart} of the steps, then anneals to {@code maxValue / divFactor / finalDivFactor}. Use it for
 * short, fixed-budget training runs stepped every iteration. Defaults are torch 1.13's ({@code pct_start 0.3},
 * cosine annealing, {@code div_factor 25}, {@code final_div_factor 1e4}, {@code three_phase false});
 * torch's momentum cycling is not part of this learning-rate tracker.
 *
 * <p>Phase boundaries are torch's: the first phase ends at step {@code pctStart * totalSteps - 1}, (three-phase:
 * the second at {@code 2 * pctStart * totalSteps - 2}), the last at {@code totalSteps - 1}. After
 * {@code totalSteps - 1} steps the value stays at the final rate (torch raises an error instead).
 */
public final class OneCycle extends Schedule {

    private final Anneal anneal;
    private final double[] phaseEnds;
    private final double[] phaseStartValues;
    private final double[] phaseEndValues;
    private final int totalSteps;

    private OneCycle(Builder builder, double[] phaseEnds, double[] startValues, double[] endValues) {
        this.anneal = builder.anneal;
        this.totalSteps = builder.totalSteps;
        this.phaseEnds = phaseEnds;
        this.phaseStartValues = startValues;
        this.phaseEndValues = endValues;
    }

    /**
     * Creates a builder.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    public double valueAt(int step) {
        checkStep(step);
        int s = Math.min(step, totalSteps - 1);
        double phaseStart = 0;
        int last = phaseEnds.length - 1;
        for (int i = 0; i <= last; i++) {
            if (s <= phaseEnds[i] || i == last) {
                double pct = (s - phaseStart) / (phaseEnds[i] - phaseStart);
                return anneal.interpolate(phaseStartValues[i], phaseEndValues[i], pct);
            }
            phaseStart = phaseEnds[i];
        }
        throw new AssertionError("unreachable");
    }

    /** Builder for {@link OneCycle}. */
    public static final class Builder {

        private double maxValue = Double.NaN;
        private int totalSteps = -1;
        private double pctStart = 0.3;
        private double divFactor = 25;
        private double finalDivFactor = 1e4;
        private boolean threePhase;
        private Anneal anneal = Anneal.COS;

        Builder() {}

        /**
         * Sets the peak learning rate {@code max_lr}.
         *
         * @param maxValue the peak rate, {@code > 0}
         * @return this builder
         */
        public Builder setMaxValue(float maxValue) {
            this.maxValue = decimal(maxValue);
            return this;
        }

        /**
         * Sets the number of steps in the cycle (epochs times iterations per epoch).
         *
         * @param totalSteps the cycle length, {@code > 0}
         * @return this builder
         */
        public Builder setTotalSteps(int totalSteps) {
            this.totalSteps = totalSteps;
            return this;
        }

        /**
         * Sets the fraction of the cycle spent increasing the rate (default 0.3).
         *
         * @param pctStart the fraction, in {@code (0, 1)}
         * @return this builder
         */
        public Builder optPctStart(float pctStart) {
            this.pctStart = decimal(pctStart);
            return this;
        }

        /**
         * Sets {@code div_factor}: the initial rate is {@code maxValue / divFactor} (default 25).
         *
         * @param divFactor the divisor, {@code > 0}
         * @return this builder
         */
        public Builder optDivFactor(float divFactor) {
            this.divFactor = decimal(divFactor);
            return this;
        }

        /**
         * Sets {@code final_div_factor}: the final rate is {@code initial / finalDivFactor} (default 1e4).
         *
         * @param finalDivFactor the divisor, {@code > 0}
         * @return this builder
         */
        public Builder optFinalDivFactor(float finalDivFactor) {
            this.finalDivFactor = decimal(finalDivFactor);
            return this;
        }

        /**
         * Uses torch's three-phase variant (up, back down to the initial rate, then to the final rate);
         * default false.
         *
         * @param threePhase whether to use three phases
         * @return this builder
         */
        public Builder optThreePhase(boolean threePhase) {
            this.threePhase = threePhase;
            return this;
        }

        /**
         * Sets the interpolation inside each phase (default {@link Anneal#COS}).
         *
         * @param anneal the annealing strategy
         * @return this builder
         */
        public Builder optAnneal(Anneal anneal) {
            this.anneal = anneal;
            return this;
        }

        /**
         * Validates the settings and builds the schedule.
         *
         * @return the schedule
         */
        public OneCycle build() {
            checkPositive("maxValue", maxValue);
            if (totalSteps <= 0) {
                throw new IllegalArgumentException("totalSteps must be set and > 0, got " + totalSteps);
            }
            if (!(pctStart > 0 && pctStart < 1)) {
                throw new IllegalArgumentException("pctStart must be in (0, 1), got " + pctStart);
            }
            checkPositive("divFactor", divFactor);
            checkPositive("finalDivFactor", finalDivFactor);
            if (anneal == null) {
                throw new IllegalArgumentException("anneal must be COS or LINEAR, got null");
            }
            double initial = maxValue / divFactor;
            double min = initial / finalDivFactor;
            double[] ends;
            double[] from;
            double[] to;
            if (threePhase) {
                ends = new double[] {pctStart * totalSteps - 1, 2 * pctStart * totalSteps - 2, totalSteps - 1};
                from = new double[] {initial, maxValue, initial};
                to = new double[] {maxValue, initial, min};
            } else {
                ends = new double[] {pctStart * totalSteps - 1, totalSteps - 1};
                from = new double[] {initial, maxValue};
                to = new double[] {maxValue, min};
            }
            double previous = 0;
            for (double end : ends) {
                if (!(end > previous)) {
                    throw new IllegalArgumentException("pctStart=" + pctStart + " with totalSteps=" + totalSteps
                            + (threePhase ? " and threePhase" : "")
                            + " leaves a phase without steps; expected every phase end (" + Arrays.toString(ends)
                            + ") to be greater than the previous one, starting above 0");
                }
                previous = end;
            }
            return new OneCycle(this, ends, from, to);
        }
    }
}
