package org.sota4j.training;

import java.util.Map;

/**
 * Code run at named events of the {@link TrainingLoop} (as fastai's callbacks): what a hook changes
 * it restores itself, also when training stops early or fails. All methods do nothing by default.
 */
public interface TrainingHook {

    /** Called once before the first epoch, and before a resumed run restores the hooks' checkpointed state. */
    default void onTrainBegin(TrainingLoop.Context context) {}

    /** Called after the gradients of an optimizer step are complete, before the step (clipping). */
    default void afterBackward(TrainingLoop.Context context) {}

    /** Called after every optimizer step (EMA of weights). */
    default void afterStep(TrainingLoop.Context context) {}

    /**
     * Called at the end of each epoch, after validation and before {@link #afterEpoch}: returns what this hook
     * measured in the epoch, each value a column of the {@link History} named by its key, in the map's order
     * (e.g. {@link EmaHook}'s {@code ema_val_acc}). A name may not be one of {@link History#BASE_COLUMNS} or another
     * hook's. Default: none.
     */
    default Map<String, Double> epochMetrics(TrainingLoop.Context context) {
        return Map.of();
    }

    /**
     * Called at the end of each epoch, after validation, with the epoch's row of the history.
     *
     * @return {@code true} to stop training after this epoch (early stopping)
     */
    default boolean afterEpoch(TrainingLoop.Context context, History.Row row) {
        return false;
    }

    /** Called once when training ends, normally or not. */
    default void onTrainEnd(TrainingLoop.Context context) {}
}
