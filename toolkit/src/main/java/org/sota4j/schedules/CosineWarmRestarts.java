package org.sota4j.schedules;

/**
 * Cosine annealing with warm restarts, SGDR (Loshchilov &amp; Hutter 2017, arXiv 1608.03983), as torch's
 * {@code CosineAnnealingWarmRestarts(T_0, T_mult, eta_min)}: within a cycle of length {@code T_i} the value is
 * {@code eta_min + (base - eta_min) * (1 + cos(pi * T_cur / T_i)) / 2}, then it jumps back to {@code base} and
 * the next cycle is {@code T_mult} times longer. Use it for anytime-style training or snapshot ensembles.
 *
 * <p>By default a step is one torch {@code scheduler.step()} call (per iteration, or per epoch when wrapped
 * with {@link Schedules#perEpoch}). With {@link BaseBuilder#optStepsPerEpoch(int)}, {@code T_0} counts epochs and
 * update {@code i} is evaluated at the fractional epoch {@code i / stepsPerEpoch}, like torch's documented
 * {@code scheduler.step(epoch + i / iters)} usage. Defaults are torch's: {@code T_mult = 1},
 * {@code eta_min = 0}.
 */
public final class CosineWarmRestarts extends Schedule {

    private final double baseValue;
    private final double finalValue;
    private final int period;
    private final int periodMultiplier;
    private final int stepsPerEpoch;

    private CosineWarmRestarts(Builder builder) {
        baseValue = builder.baseValue;
        finalValue = builder.finalValue;
        period = builder.period;
        periodMultiplier = builder.periodMultiplier;
        stepsPerEpoch = builder.stepsPerEpoch;
    }

    /**
     * Creates a builder.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * {@inheritDoc}
     *
     * <p>With {@code optStepsPerEpoch(n)} the value is torch's after {@code scheduler.step(step / n)}.
     */
    @Override
    public double valueAt(int step) {
        checkStep(step);
        double t = (double) step / stepsPerEpoch;
        double cycleStart = 0;
        double cycleLength = period;
        if (periodMultiplier == 1) {
            cycleStart = Math.floor(t / period) * period;
        } else {
            while (t >= cycleStart + cycleLength) {
                cycleStart += cycleLength;
                cycleLength *= periodMultiplier;
            }
        }
        double tCur = t - cycleStart;
        return Anneal.COS.interpolate(baseValue, finalValue, tCur / cycleLength);
    }

    /** Builder for {@link CosineWarmRestarts}. */
    public static final class Builder extends BaseBuilder<Builder> {

        private int period = -1;
        private int periodMultiplier = 1;

        Builder() {}

        @Override
        protected Builder self() {
            return this;
        }

        /**
         * Sets the length {@code T_0} of the first cycle, in steps (epochs with {@link #optStepsPerEpoch}).
         *
         * @param period the first cycle length, {@code > 0}
         * @return this builder
         */
        public Builder setPeriod(int period) {
            this.period = period;
            return this;
        }

        /**
         * Sets the cycle-length multiplier {@code T_mult} (default 1, torch's default).
         *
         * @param periodMultiplier the multiplier, {@code >= 1}
         * @return this builder
         */
        public Builder optPeriodMultiplier(int periodMultiplier) {
            this.periodMultiplier = periodMultiplier;
            return this;
        }

        /**
         * Validates the settings and builds the schedule.
         *
         * @return the schedule
         */
        public CosineWarmRestarts build() {
            validateBase();
            if (period <= 0) {
                throw new IllegalArgumentException("period (T_0) must be set and > 0, got " + period);
            }
            if (periodMultiplier < 1) {
                throw new IllegalArgumentException(
                        "periodMultiplier (T_mult) must be >= 1, got " + periodMultiplier);
            }
            return new CosineWarmRestarts(this);
        }
    }
}
