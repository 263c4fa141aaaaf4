package org.sota4j.training;

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
