package org.sota4j.schedules;

/**
 * Step decay as torch's {@code StepLR(step_size, gamma)}: the value is {@code base * gamma^floor(step / stepSize)}
 * (He et al. 2016, arXiv 1512.03385, trained ResNets this way). The default {@code gamma = 0.1} is torch's and
 * torchvision's ({@code --lr-step-size 30 --lr-gamma 0.1}, stepped per epoch: wrap with
 * {@link Schedules#perEpoch}). Use it to reproduce classic ImageNet recipes.
 */
public final class StepSchedule extends Schedule {

    private final double baseValue;
    private final int stepSize;
    private final double gamma;

    private StepSchedule(Builder builder) {
        baseValue = builder.baseValue;
        stepSize = builder.stepSize;
        gamma = builder.gamma;
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
        return baseValue * Math.pow(gamma, step / stepSize);
    }

    /** Builder for {@link StepSchedule}. */
    public static final class Builder {

        private double baseValue = Double.NaN;
        private int stepSize = -1;
        private double gamma = 0.1;

        Builder() {}

        /**
         * Sets the initial learning rate.
         *
         * @param baseValue the initial rate, {@code > 0}
         * @return this builder
         */
        public Builder setBaseValue(float baseValue) {
            this.baseValue = decimal(baseValue);
            return this;
        }

        /**
         * Sets the number of steps between decays.
         *
         * @param stepSize the period, {@code > 0}
         * @return this builder
         */
        public Builder setStepSize(int stepSize) {
            this.stepSize = stepSize;
            return this;
        }

        /**
         * Sets the multiplicative decay (default 0.1).
         *
         * @param gamma the factor, {@code > 0}
         * @return this builder
         */
        public Builder optGamma(float gamma) {
            this.gamma = decimal(gamma);
            return this;
        }

        /**
         * Validates the settings and builds the schedule.
         *
         * @return the schedule
         */
        public StepSchedule build() {
            checkPositive("baseValue", baseValue);
            if (stepSize <= 0) {
                throw new IllegalArgumentException("stepSize must be set and > 0, got " + stepSize);
            }
            checkPositive("gamma", gamma);
            return new StepSchedule(this);
        }
    }
}
