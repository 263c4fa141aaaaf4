package org.sota4j.training;

import java.nio.file.Path;

/**
 * Thrown when the training loss of a batch, or the validation loss of an epoch, becomes NaN or infinite. The
 * message names the epoch and step and the last good checkpoint, which the loop never overwrites with a diverged
 * state.
 */
public class TrainingDivergedException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final int epoch;
    private final long step;
    private final transient Path lastGoodCheckpoint;

    /** Creates the exception for the training loss of {@code step}. */
    public TrainingDivergedException(int epoch, long step, float loss, Path lastGoodCheckpoint) {
        this("loss", epoch, step, loss, lastGoodCheckpoint);
    }

    /**
     * Creates the exception.
     *
     * @param quantity what became non-finite ("loss", "validation loss")
     * @param epoch the epoch, from 1
     * @param step the optimizer step (the one being computed, or the last one before a validation)
     * @param value the non-finite value
     * @param lastGoodCheckpoint the last good checkpoint, or {@code null}
     */
    public TrainingDivergedException(String quantity, int epoch, long step, double value, Path lastGoodCheckpoint) {
        super(quantity + " became " + (float) value + " at epoch " + epoch + ", step " + step
                + "; last good checkpoint: " + (lastGoodCheckpoint == null
                        ? "none (no checkpoint folder set or none written yet)" : lastGoodCheckpoint));
        this.epoch = epoch;
        this.step = step;
        this.lastGoodCheckpoint = lastGoodCheckpoint;
    }

    /** Returns the epoch, from 1, in which the run diverged. */
    public int getEpoch() {
        return epoch;
    }

    /** Returns the optimizer step at which the run diverged. */
    public long getStep() {
        return step;
    }

    /** Returns the last good checkpoint, or {@code null} when there is none. */
    public Path getLastGoodCheckpoint() {
        return lastGoodCheckpoint;
    }
}
