package org.sota4j.djl;

import ai.djl.training.Trainer;
import ai.djl.training.TrainingResult;
import ai.djl.training.listener.EarlyStoppingListener;
import ai.djl.training.listener.TrainingListenerAdapter;
import org.sota4j.weights.BestWeights;

/**
 * A DJL training listener for early stopping with the best weights put back (Prechelt 1998): what DJL's
 * {@link EarlyStoppingListener} does, plus the restore, on {@link BestWeights} (the rule and the weights that
 * {@code TrainingLoop}'s {@code EarlyStopping} hook uses too). It stops {@code EasyTrain.fit} the way DJL's does, by
 * throwing {@link EarlyStoppingListener.EarlyStoppedException}, after putting the best epoch's weights back; a run
 * that ends without stopping gets them back at {@code onTrainingEnd} (when the trainer closes), or at once with
 * {@link #restoreBest()}.
 *
 * <p>The metric is read from {@code trainer.getTrainingResult()} at {@code onEpoch}: the validation value of an
 * evaluator (default {@code "Accuracy"}, larger is better) or the validation loss. DJL's evaluator listener computes
 * those values at its own {@code onEpoch}, so add this listener after DJL's default listeners, as DJL's own.
 */
public final class EarlyStoppingRestoreListener extends TrainingListenerAdapter {

    private final BestWeights.Builder settings;
    private final String evaluator;
    private final boolean restoreBest;
    private BestWeights best;

    private EarlyStoppingRestoreListener(Builder builder) {
        this.settings = BestWeights.builder().optPatience(builder.patience).optMinDelta(builder.minDelta)
                .optMaximize(builder.evaluator != null).optKeepWeights(builder.restoreBest);
        this.evaluator = builder.evaluator;
        this.restoreBest = builder.restoreBest;
    }

    /** Returns a new builder. */
    public static Builder builder() {
        return new Builder();
    }

    /** {@inheritDoc} */
    @Override
    public void onTrainingBegin(Trainer trainer) {
        if (best != null) {
            best.close();
        }
        best = settings.setBlock(trainer.getModel().getBlock()).build();
    }

    /** {@inheritDoc} Records the epoch's metric; stops training (restoring the best weights) when patience runs out. */
    @Override
    public void onEpoch(Trainer trainer) {
        TrainingResult result = trainer.getTrainingResult();
        Float value = evaluator == null ? result.getValidateLoss() : result.getValidateEvaluation(evaluator);
        if (value == null) {
            throw new IllegalStateException("early stopping needs the validation "
                    + (evaluator == null ? "loss" : "value of evaluator '" + evaluator + "'")
                    + ": give EasyTrain.fit a validation dataset, the trainer that evaluator, and add this listener"
                    + " after DJL's default listeners; got none (evaluations: " + result.getEvaluations() + ")");
        }
        int epoch = result.getEpoch();
        if (best.update(epoch, value)) {
            if (restoreBest) {
                best.restore();
            }
            throw new EarlyStoppingListener.EarlyStoppedException(epoch, String.format(
                    "validation %s did not improve for %d epochs; best %s at epoch %d%s",
                    evaluator == null ? "loss" : evaluator, best.getStale(), best.getBest(), best.getBestEpoch(),
                    restoreBest ? ", its weights restored" : ""));
        }
    }

    /** {@inheritDoc} Puts the best weights back (when asked) and frees their copy. */
    @Override
    public void onTrainingEnd(Trainer trainer) {
        if (best != null) {
            if (restoreBest && best.getBestEpoch() > 0) {
                best.restore();
            }
            best.close();
        }
    }

    /** Puts the best epoch's weights back into the model now. */
    public void restoreBest() {
        if (best == null || best.getBestEpoch() == 0) {
            throw new IllegalStateException("no epoch recorded yet: train first");
        }
        best.restore();
    }

    /** Returns the best metric so far (NaN before the first epoch). */
    public double getBest() {
        return best == null ? Double.NaN : best.getBest();
    }

    /** Returns the epoch of the best metric (0 before the first). */
    public int getBestEpoch() {
        return best == null ? 0 : best.getBestEpoch();
    }

    /** Builder for {@link EarlyStoppingRestoreListener}: patience 5, minDelta 0, on the "Accuracy" evaluator. */
    public static final class Builder {
        private int patience = 5;
        private double minDelta;
        private boolean restoreBest = true;
        private String evaluator = "Accuracy";

        private Builder() {}

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

        /** Sets whether the best epoch's weights are put back (default true). */
        public Builder optRestoreBest(boolean restoreBest) {
            this.restoreBest = restoreBest;
            return this;
        }

        /** Watches the validation value of the evaluator with this name, larger is better (default "Accuracy"). */
        public Builder optEvaluator(String name) {
            if (name == null || name.isBlank()) {
                throw new IllegalArgumentException("evaluator must name an evaluator, got '" + name + "'");
            }
            this.evaluator = name;
            return this;
        }

        /** Watches the validation loss instead, smaller is better (DJL's EarlyStoppingListener's metric). */
        public Builder optValidationLoss() {
            this.evaluator = null;
            return this;
        }

        /** Validates and builds. */
        public EarlyStoppingRestoreListener build() {
            if (patience < 1) {
                throw new IllegalArgumentException("patience must be >= 1, got " + patience);
            }
            if (!(minDelta >= 0) || Double.isInfinite(minDelta)) {
                throw new IllegalArgumentException("minDelta must be a finite number >= 0, got " + minDelta);
            }
            return new EarlyStoppingRestoreListener(this);
        }
    }
}
