package org.sota4j.schedules;

import ai.djl.training.tracker.Tracker;

/**
 * Base of the sota4j learning-rate schedules: a DJL {@link Tracker} whose value after {@code step}
 * PyTorch {@code scheduler.step()} calls is given by {@link #valueAt(int)} (computed in double precision except
 * where a subclass reuses a float DJL tracker).
 *
 * <p>Counting convention: DJL's {@code Optimizer} passes {@code numUpdate = 1} for its first update
 * (then 2, 3, ...), so {@link #getNewValue(int)} returns {@code valueAt(numUpdate - 1)}; the k-th DJL
 * update therefore uses the same rate as the k-th optimizer step of a torch loop that calls
 * {@code scheduler.step()} after every optimizer step. {@code numUpdate = 0} (never passed by DJL's
 * optimizers) also gives torch's value before the first step, {@code valueAt(0)}.
 */
public abstract class Schedule implements Tracker {

    /**
     * Returns the learning rate after {@code step} calls of torch's {@code scheduler.step()}
     * ({@code step = 0}: the rate used by the first update).
     *
     * @param step the number of scheduler steps taken, {@code >= 0}
     * @return the learning rate
     */
    public abstract double valueAt(int step);

    /**
     * Returns the learning rate for DJL optimizer update number {@code numUpdate} (1-based, as DJL's
     * optimizers count), i.e. {@code valueAt(max(0, numUpdate - 1))}.
     */
    @Override
    public float getNewValue(int numUpdate) {
        if (numUpdate < 0) {
            throw new IllegalArgumentException("numUpdate must be >= 0, got " + numUpdate);
        }
        return (float) valueAt(Math.max(0, numUpdate - 1));
    }

    /**
     * Widens a float setting to the double with the same shortest decimal form (0.1f becomes 0.1), so that
     * schedules computed in double agree with torch's Python-float arithmetic on the same settings.
     */
    static double decimal(float value) {
        return Float.isFinite(value) ? Double.parseDouble(Float.toString(value)) : value;
    }

    static void checkStep(int step) {
        if (step < 0) {
            throw new IllegalArgumentException("step must be >= 0, got " + step);
        }
    }

    static void checkPositive(String name, double value) {
        if (!(value > 0) || Double.isInfinite(value)) {
            throw new IllegalArgumentException(name + " must be a finite value > 0, got " + value);
        }
    }

    static void checkNonNegative(String name, double value) {
        if (!(value >= 0) || Double.isInfinite(value)) {
            throw new IllegalArgumentException(name + " must be a finite value >= 0, got " + value);
        }
    }

    static void checkPositive(String name, int value) {
        if (value <= 0) {
            throw new IllegalArgumentException(name + " must be > 0, got " + value);
        }
    }

    /**
     * The settings every cosine schedule shares (its peak value, its floor and the epoch length its steps may
     * count in), in DJL's builder style: {@code setX} required, {@code optX} optional, {@code build()} validates.
     *
     * @param <T> the concrete builder, returned by every setter
     */
    public abstract static class BaseBuilder<T extends BaseBuilder<T>> {

        double baseValue = Double.NaN;
        double finalValue;
        int stepsPerEpoch = 1;
        boolean stepsPerEpochSet;

        BaseBuilder() {}

        /** Returns this builder as its concrete type. */
        protected abstract T self();

        /**
         * Sets the peak learning rate: where the cosine starts (after any warmup, and at every restart).
         *
         * @param baseValue the base learning rate, {@code > 0}
         * @return this builder
         */
        public T setBaseValue(float baseValue) {
            this.baseValue = decimal(baseValue);
            return self();
        }

        /**
         * Sets the floor {@code eta_min} the cosine anneals to (default 0, torch's and torchvision's
         * {@code --lr-min}).
         *
         * @param finalValue the floor, {@code >= 0}
         * @return this builder
         */
        public T optFinalValue(float finalValue) {
            this.finalValue = decimal(finalValue);
            return self();
        }

        /**
         * Declares that the schedule's lengths count epochs of {@code stepsPerEpoch} iterations (default: they
         * count iterations); each schedule says how it steps within an epoch.
         *
         * @param stepsPerEpoch iterations (optimizer updates) per epoch, {@code > 0}
         * @return this builder
         */
        public T optStepsPerEpoch(int stepsPerEpoch) {
            this.stepsPerEpoch = stepsPerEpoch;
            this.stepsPerEpochSet = true;
            return self();
        }

        /** Checks the shared settings, naming the first bad one. */
        void validateBase() {
            checkPositive("baseValue", baseValue);
            checkNonNegative("finalValue", finalValue);
            checkPositive("stepsPerEpoch", stepsPerEpoch);
        }
    }
}
