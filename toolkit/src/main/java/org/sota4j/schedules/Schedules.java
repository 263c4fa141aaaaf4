package org.sota4j.schedules;

import ai.djl.training.tracker.Tracker;

/**
 * Static helpers for learning-rate trackers: sampling a schedule for plotting and holding a
 * per-iteration schedule constant within each epoch (torchvision's reference scripts step their
 * schedulers once per epoch).
 */
public final class Schedules {

    private Schedules() {}

    /**
     * Samples a tracker as DJL's optimizers call it: element {@code i} is
     * {@code tracker.getNewValue(i + 1)}, the rate of the {@code (i + 1)}-th update. For a
     * {@link Schedule} this is {@code valueAt(i)}, torch's {@code get_last_lr()} after {@code i} steps.
     *
     * @param tracker the tracker to sample
     * @param steps the number of updates to sample, {@code >= 0}
     * @return the sampled values
     */
    public static float[] sample(Tracker tracker, int steps) {
        if (tracker == null) {
            throw new IllegalArgumentException("tracker must not be null");
        }
        if (steps < 0) {
            throw new IllegalArgumentException("steps must be >= 0, got " + steps);
        }
        float[] values = new float[steps];
        for (int i = 0; i < steps; i++) {
            values[i] = tracker.getNewValue(i + 1);
        }
        return values;
    }

    /**
     * Wraps a tracker whose steps are epochs so that it can be fed iteration counts: updates
     * {@code 1..stepsPerEpoch} get the tracker's first value, the next {@code stepsPerEpoch} updates
     * its second value, and so on (the value changes only at epoch boundaries, like a torch scheduler
     * stepped once per epoch).
     *
     * @param epochTracker a tracker counting epochs in DJL's 1-based convention
     * @param stepsPerEpoch iterations (optimizer updates) per epoch, {@code > 0}
     * @return a tracker counting iterations
     */
    public static Tracker perEpoch(Tracker epochTracker, int stepsPerEpoch) {
        if (epochTracker == null) {
            throw new IllegalArgumentException("epochTracker must not be null");
        }
        Schedule.checkPositive("stepsPerEpoch", stepsPerEpoch);
        return numUpdate -> {
            if (numUpdate < 0) {
                throw new IllegalArgumentException("numUpdate must be >= 0, got " + numUpdate);
            }
            int iteration = Math.max(0, numUpdate - 1);
            return epochTracker.getNewValue(iteration / stepsPerEpoch + 1);
        };
    }
}
