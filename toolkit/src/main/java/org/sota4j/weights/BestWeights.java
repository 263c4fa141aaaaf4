package org.sota4j.weights;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Early stopping with the best weights kept (Prechelt 1998, "Early stopping - but when?"): fed one validation metric
 * per epoch, it says when the metric has not improved by more than {@code minDelta} for {@code patience} epochs, and
 * keeps a copy of the weights of the best epoch to put back into the model. Keras' {@code restore_best_weights}.
 *
 * <p>Single-device: it copies {@code parameter.getArray()} of every initialized parameter (batch-norm running
 * statistics included). The copies live in a sub-manager of the first weight's manager; {@link #close()} frees them.
 */
public final class BestWeights implements AutoCloseable {

    private static final NDIndex ALL = new NDIndex("...");

    private final Block block;
    private final int patience;
    private final double minDelta;
    private final boolean maximize;
    private final boolean keepWeights;
    private final Map<String, NDArray> copies = new LinkedHashMap<>();
    private NDManager manager;
    private double best = Double.NaN;
    private int bestEpoch;
    private int stale;

    private BestWeights(Builder builder) {
        this.block = builder.block;
        this.patience = builder.patience;
        this.minDelta = builder.minDelta;
        this.maximize = builder.maximize;
        this.keepWeights = builder.keepWeights;
    }

    /** Returns a new builder. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Records the metric of an epoch: when it improves on the best by more than {@code minDelta}, it becomes the
     * best and the weights are copied (when kept); otherwise one more epoch counts against the patience.
     *
     * @param epoch the epoch the metric belongs to, from 1
     * @param metric the validation metric, a finite number
     * @return {@code true} when {@code patience} epochs in a row did not improve: time to stop
     */
    public synchronized boolean update(int epoch, double metric) {
        if (!Double.isFinite(metric)) {
            throw new IllegalArgumentException("metric must be a finite number, got " + metric + " at epoch " + epoch);
        }
        boolean improved = Double.isNaN(best) || (maximize ? metric > best + minDelta : metric < best - minDelta);
        if (improved) {
            best = metric;
            bestEpoch = epoch;
            stale = 0;
            if (keepWeights) {
                copyWeights();
            }
            return false;
        }
        return ++stale >= patience;
    }

    /** Copies the kept weights of the best epoch back into the model; does nothing before the first epoch. */
    public synchronized void restore() {
        if (!keepWeights) {
            throw new IllegalStateException("restore needs the weights kept (optKeepWeights(true)), they were not");
        }
        for (Pair<String, Parameter> pair : block.getParameters()) {
            NDArray copy = copies.get(pair.getKey());
            if (copy != null) {
                pair.getValue().getArray().set(ALL, copy);
            }
        }
    }

    private void copyWeights() {
        for (Pair<String, Parameter> pair : block.getParameters()) {
            Parameter parameter = pair.getValue();
            if (!parameter.isInitialized()) {
                continue;
            }
            NDArray weight = parameter.getArray();
            NDArray copy = copies.get(pair.getKey());
            if (copy == null) {
                if (manager == null) {
                    manager = weight.getManager().newSubManager();
                }
                copy = weight.duplicate();
                copy.attach(manager);
                copy.setRequiresGradient(false);
                copies.put(pair.getKey(), copy);
            } else {
                copy.set(ALL, weight);
            }
        }
    }

    /** Returns the best metric so far (NaN before the first epoch). */
    public synchronized double getBest() {
        return best;
    }

    /** Returns the epoch of the best metric (0 before the first). */
    public synchronized int getBestEpoch() {
        return bestEpoch;
    }

    /** Returns the epochs in a row without improvement. */
    public synchronized int getStale() {
        return stale;
    }

    /** Returns whether a larger metric is better (accuracy) rather than a smaller one (loss). */
    public boolean isMaximize() {
        return maximize;
    }

    /** Frees the copies of the weights (the best metric and epoch stay readable). */
    @Override
    public synchronized void close() {
        copies.clear();
        if (manager != null) {
            manager.close();
            manager = null;
        }
    }

    /** Builder for {@link BestWeights}: defaults patience 5, minDelta 0, larger is better, weights kept. */
    public static final class Builder {
        private Block block;
        private int patience = 5;
        private double minDelta;
        private boolean maximize = true;
        private boolean keepWeights = true;

        private Builder() {}

        /** Sets the model whose weights are kept (required). */
        public Builder setBlock(Block block) {
            this.block = block;
            return this;
        }

        /** Sets the epochs without improvement to wait, &gt;= 1 (default 5). */
        public Builder optPatience(int patience) {
            this.patience = patience;
            return this;
        }

        /** Sets the smallest change of the metric that counts as improvement, &gt;= 0 (default 0). */
        public Builder optMinDelta(double minDelta) {
            this.minDelta = minDelta;
            return this;
        }

        /** Sets whether a larger metric is better (default true, for accuracy; false for a loss). */
        public Builder optMaximize(boolean maximize) {
            this.maximize = maximize;
            return this;
        }

        /** Sets whether the best epoch's weights are copied for {@link BestWeights#restore()} (default true). */
        public Builder optKeepWeights(boolean keepWeights) {
            this.keepWeights = keepWeights;
            return this;
        }

        /** Validates and builds. */
        public BestWeights build() {
            Objects.requireNonNull(block, "block must be set with setBlock");
            if (patience < 1) {
                throw new IllegalArgumentException("patience must be >= 1, got " + patience);
            }
            if (!(minDelta >= 0) || Double.isInfinite(minDelta)) {
                throw new IllegalArgumentException("minDelta must be a finite number >= 0, got " + minDelta);
            }
            return new BestWeights(this);
        }
    }
}
