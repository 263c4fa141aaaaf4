package org.sota4j.training;

import org.sota4j.weights.BestWeights;

/**
 * Stops training when the validation accuracy has not improved by more than {@code minDelta} for
 * {@code patience} epochs, and puts the weights of the best epoch back into the model (Prechelt 1998,
 * "Early stopping - but when?"): the {@link TrainingLoop} side of {@link BestWeights}, which holds the rule
 * and the weights. In a plain DJL {@code EasyTrain} run, {@code org.sota4j.djl.EarlyStoppingRestoreListener} is the
 * same thing as a listener.
 */
public final class EarlyStopping implements TrainingHook {

    private final BestWeights.Builder settings;
    private final boolean restoreBest;
    private BestWeights best;

    private EarlyStopping(Builder b) {
        settings = BestWeights.builder().optPatience(b.patience).optMinDelta(b.minDelta).optMaximize(true)
                .optKeepWeights(b.restoreBest);
        restoreBest = b.restoreBest;
    }

    /** Returns a builder. */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    public void onTrainBegin(TrainingLoop.Context context) {
        if (best == null) {
            best = settings.setBlock(context.getBlock()).build();
        }
    }

    @Override
    public boolean afterEpoch(TrainingLoop.Context context, History.Row row) {
        double metric = row.valAcc();
        if (Double.isNaN(metric)) {
            throw new IllegalStateException("early stopping needs validation data (optValidationData), got none");
        }
        return best.update(row.epoch(), metric);
    }

    @Override
    public void onTrainEnd(TrainingLoop.Context context) {
        if (restoreBest && best.getBestEpoch() > 0) {
            best.restore();
        }
        best.close();
    }

    /** Returns the best validation accuracy seen (negative infinity before the first epoch). */
    public double getBest() {
        return best == null || best.getBestEpoch() == 0 ? Double.NEGATIVE_INFINITY : best.getBest();
    }

    /** Returns the epoch of the best validation accuracy (0 before the first). */
    public int getBestEpoch() {
        return best == null ? 0 : best.getBestEpoch();
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
            if (!(minDelta >= 0) || Double.isInfinite(minDelta)) {
                throw new IllegalArgumentException("minDelta must be a finite number >= 0, got " + minDelta);
            }
            return new EarlyStopping(this);
        }
    }
}
