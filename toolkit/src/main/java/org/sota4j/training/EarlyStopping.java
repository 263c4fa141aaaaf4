package org.sota4j.training;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;

import java.util.ArrayList;
import java.util.List;

/**
 * Stops training when the validation accuracy has not improved by more than {@code minDelta} for
 * {@code patience} epochs, and puts the weights of the best epoch back into the model (Prechelt 1998,
 * "Early stopping - but when?"). DJL's {@code EarlyStoppingListener} stops {@code EasyTrain} on the
 * loss; this hook works with the {@link TrainingLoop} and restores the best weights.
 */
public final class EarlyStopping implements TrainingHook {

    private final int patience;
    private final double minDelta;
    private final boolean restoreBest;
    private double best = Double.NEGATIVE_INFINITY;
    private int bestEpoch;
    private int stale;
    private NDManager saved;
    private List<NDArray> bestWeights;

    private EarlyStopping(Builder b) {
        patience = b.patience;
        minDelta = b.minDelta;
        restoreBest = b.restoreBest;
    }

    /** Returns a builder. */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    public boolean afterEpoch(TrainingLoop.Context context, History.Row row) {
        double metric = row.valAcc();
        if (Double.isNaN(metric)) {
            throw new IllegalStateException("early stopping needs validation data (optValidationData), got none");
        }
        if (metric > best + minDelta) {
            best = metric;
            bestEpoch = row.epoch();
            stale = 0;
            if (restoreBest) {
                snapshot(context);
            }
            return false;
        }
        return ++stale >= patience;
    }

    @Override
    public void onTrainEnd(TrainingLoop.Context context) {
        if (restoreBest && bestWeights != null) {
            int i = 0;
            for (Pair<String, Parameter> p : context.getBlock().getParameters()) {
                bestWeights.get(i++).copyTo(p.getValue().getArray());
            }
        }
        if (saved != null) {
            saved.close();
            saved = null;
            bestWeights = null;
        }
    }

    private void snapshot(TrainingLoop.Context context) {
        if (saved != null) {
            saved.close();
        }
        saved = context.getTrainer().getManager().newSubManager();
        bestWeights = new ArrayList<>();
        for (Pair<String, Parameter> p : context.getBlock().getParameters()) {
            NDArray copy = p.getValue().getArray().duplicate();
            copy.attach(saved);
            bestWeights.add(copy);
        }
    }

    /** Returns the best validation accuracy seen. */
    public double getBest() {
        return best;
    }

    /** Returns the epoch of the best validation accuracy (0 before the first). */
    public int getBestEpoch() {
        return bestEpoch;
    }

    /** Builds an {@link EarlyStopping}. */
    public static final class Builder {
        private int patience = 5;
        private double minDelta;
        private boolean restoreBest = true;

        /** Sets the epochs without improvement to wait (default 5). */
        public Builder optPatience(int patience) {
            this.patience = patience;
            return this;
        }

        /** Sets the smallest increase of validation accuracy that counts as improvement (default 0). */
        public Builder optMinDelta(double minDelta) {
            this.minDelta = minDelta;
            return this;
        }

        /** Sets whether the best epoch's weights are put back when training ends (default true). */
        public Builder optRestoreBest(boolean restoreBest) {
            this.restoreBest = restoreBest;
            return this;
        }

        /** Builds the hook; patience must be &gt;= 1 and minDelta &gt;= 0. */
        public EarlyStopping build() {
            if (patience < 1) {
                throw new IllegalArgumentException("patience must be >= 1, got " + patience);
            }
            if (!(minDelta >= 0)) {
                throw new IllegalArgumentException("minDelta must be >= 0, got " + minDelta);
            }
            return new EarlyStopping(this);
        }
    }
}
