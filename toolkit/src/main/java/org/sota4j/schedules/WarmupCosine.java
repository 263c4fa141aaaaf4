package org.sota4j.schedules;

import ai.djl.training.tracker.Tracker;
import ai.djl.training.tracker.WarmUpTracker;

/**
 * Cosine annealing (Loshchilov &amp; Hutter 2017, SGDR, arXiv 1608.03983, without restarts) preceded by an
 * optional linear or constant warmup (Goyal et al. 2017, arXiv 1706.02677): the torchvision
 * classification-reference schedule {@code SequentialLR([LinearLR(start_factor=decay, total_iters=warmup)
 * or ConstantLR(factor=decay, total_iters=warmup), CosineAnnealingLR(T_max=total-warmup, eta_min=floor)],
 * milestones=[warmup])}. Use it as the default schedule for training classifiers from scratch.
 *
 * <p>Semantics, matching torch's printed {@code get_last_lr()}: during warmup step {@code t < warmup} the
 * value is {@code base * (decay + (1 - decay) * t / warmup)} (linear) or {@code base * decay} (constant);
 * from the milestone on, the cosine restarts counting at 0, so step {@code warmup + c} gives
 * {@code floor + (base - floor) * (1 + cos(pi * c / (total - warmup))) / 2}. After {@code total} steps the
 * value stays at {@code floor} (torch's {@code CosineAnnealingLR} would start rising again). Defaults follow
 * torchvision's reference ({@code --lr-warmup-epochs 0}, {@code --lr-warmup-method linear},
 * {@code --lr-warmup-decay 0.01}, {@code --lr-min 0}).
 *
 * <p>Units: {@code total} and {@code warmup} count iterations, or epochs once {@link Builder#optStepsPerEpoch}
 * is set. With epochs and {@code optPerEpoch(true)} the value changes only at epoch boundaries (a torch
 * scheduler stepped once per epoch, as torchvision does); with epochs and per-iteration stepping it is the torch
 * schedule with {@code warmup * stepsPerEpoch} and {@code total * stepsPerEpoch} iterations. DJL's update counter
 * {@code numUpdate} always counts iterations (see {@link Schedule} for the 1-based convention).
 *
 * <p>The warmup reuses DJL's {@link WarmUpTracker}, whose linear and constant modes compute exactly the
 * {@code LinearLR}/{@code ConstantLR} values and which restarts its main tracker at 0 after the warmup like
 * {@code SequentialLR}. DJL's {@code CosineTracker} is not used: it computes in float, which loses the relative
 * precision of small rates near the end of the schedule ({@code 1 + cos} cancels), its final value defaults
 * to 0.01 rather than torch's {@code eta_min = 0}, and it rejects {@code floor >= base}.
 */
public final class WarmupCosine extends Schedule {

    private final double baseValue;
    private final double finalValue;
    private final int warmupSteps;
    private final int cosineSteps;
    private final int stepsPerEpoch;
    private final boolean perEpoch;
    private final Tracker warmup;

    private WarmupCosine(Builder builder) {
        baseValue = builder.baseValue;
        finalValue = builder.finalValue;
        stepsPerEpoch = builder.stepsPerEpoch;
        perEpoch = builder.perEpoch;
        int scale = perEpoch ? 1 : stepsPerEpoch;
        warmupSteps = Math.multiplyExact(builder.warmup, scale);
        cosineSteps = Math.multiplyExact(builder.total - builder.warmup, scale);
        Tracker cosine = step -> (float) cosine(step);
        warmup = WarmUpTracker.builder()
                .setMainTracker(cosine)
                .optWarmUpSteps(warmupSteps)
                .optWarmUpBeginValue((float) (builder.warmupDecay * baseValue))
                .optWarmUpMode(builder.warmupMode)
                .build();
    }

    /**
     * Creates a builder.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    private double cosine(int step) {
        return step >= cosineSteps ? finalValue
                : Anneal.COS.interpolate(baseValue, finalValue, (double) step / cosineSteps);
    }

    /**
     * {@inheritDoc}
     *
     * <p>A step is an epoch when {@code optPerEpoch(true)}, otherwise an iteration.
     */
    @Override
    public double valueAt(int step) {
        checkStep(step);
        return step < warmupSteps ? warmup.getNewValue(step) : cosine(step - warmupSteps);
    }

    /**
     * Returns the rate for DJL update {@code numUpdate} (1-based, counted in iterations); in per-epoch mode
     * the value of epoch {@code (numUpdate - 1) / stepsPerEpoch}.
     */
    @Override
    public float getNewValue(int numUpdate) {
        if (numUpdate < 0) {
            throw new IllegalArgumentException("numUpdate must be >= 0, got " + numUpdate);
        }
        int iteration = Math.max(0, numUpdate - 1);
        return (float) valueAt(perEpoch ? iteration / stepsPerEpoch : iteration);
    }

    /** Builder for {@link WarmupCosine}. */
    public static final class Builder extends BaseBuilder<Builder> {

        private int total = -1;
        private int warmup;
        private double warmupDecay = 0.01;
        private WarmUpTracker.Mode warmupMode = WarmUpTracker.Mode.LINEAR;
        private boolean perEpoch;

        Builder() {}

        @Override
        protected Builder self() {
            return this;
        }

        /**
         * Sets the schedule length including warmup, in iterations, or epochs once
         * {@link #optStepsPerEpoch(int)} is set.
         *
         * @param total the total number of steps, {@code > warmup}
         * @return this builder
         */
        public Builder setTotal(int total) {
            this.total = total;
            return this;
        }

        /**
         * Sets the warmup length in the same unit as {@link #setTotal(int)} (default 0: no warmup).
         *
         * @param warmup the warmup length, {@code >= 0}
         * @return this builder
         */
        public Builder optWarmup(int warmup) {
            this.warmup = warmup;
            return this;
        }

        /**
         * Sets the warmup start factor ({@code LinearLR start_factor}) or constant factor
         * ({@code ConstantLR factor}); default 0.01 (torchvision's {@code --lr-warmup-decay}).
         *
         * @param warmupDecay the factor, in {@code (0, 1]} for linear and {@code [0, 1]} for constant warmup
         * @return this builder
         */
        public Builder optWarmupDecay(float warmupDecay) {
            this.warmupDecay = decimal(warmupDecay);
            return this;
        }

        /**
         * Sets the warmup kind: {@code LINEAR} ({@code LinearLR}, default) or {@code CONSTANT}
         * ({@code ConstantLR}).
         *
         * @param warmupMode the warmup mode
         * @return this builder
         */
        public Builder optWarmupMode(WarmUpTracker.Mode warmupMode) {
            this.warmupMode = warmupMode;
            return this;
        }

        /**
         * Makes the value change only at epoch boundaries (torch scheduler stepped once per epoch, as in
         * torchvision's reference scripts); requires {@link #optStepsPerEpoch(int)}. Default false.
         *
         * @param perEpoch whether to step once per epoch
         * @return this builder
         */
        public Builder optPerEpoch(boolean perEpoch) {
            this.perEpoch = perEpoch;
            return this;
        }

        /**
         * Validates the settings and builds the schedule.
         *
         * @return the schedule
         */
        public WarmupCosine build() {
            validateBase();
            if (warmup < 0) {
                throw new IllegalArgumentException("warmup must be >= 0, got " + warmup);
            }
            if (total <= warmup) {
                throw new IllegalArgumentException(
                        "total must be set and > warmup (" + warmup + "), got " + total);
            }
            if (warmupMode == null) {
                throw new IllegalArgumentException("warmupMode must be LINEAR or CONSTANT, got null");
            }
            boolean linear = warmupMode == WarmUpTracker.Mode.LINEAR;
            if (!(linear ? warmupDecay > 0 : warmupDecay >= 0) || !(warmupDecay <= 1)) {
                throw new IllegalArgumentException("warmupDecay must be in " + (linear ? "(0, 1]" : "[0, 1]")
                        + " for " + warmupMode + " warmup, got " + warmupDecay);
            }
            if (perEpoch && !stepsPerEpochSet) {
                throw new IllegalArgumentException(
                        "perEpoch must be false unless optStepsPerEpoch is set, got perEpoch=true");
            }
            return new WarmupCosine(this);
        }
    }
}
