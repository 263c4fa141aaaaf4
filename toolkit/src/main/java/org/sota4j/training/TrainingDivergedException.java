package org.sota4j.training;

import java.nio.file.Path;

/**
 * Thrown when the loss becomes NaN or infinite. The message names the epoch and step and the last
 * good checkpoint, which the loop never overwrites with a diverged state.
 */
public class TrainingDivergedException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final transient Path lastGoodCheckpoint;

    /** Creates the exception. */
    public TrainingDivergedException(int epoch, long step, float loss, Path lastGoodCheckpoint) {
        super("loss became " + loss + " at epoch " + epoch + ", step " + step + "; last good checkpoint: "
                + (lastGoodCheckpoint == null ? "none (no checkpoint folder set or none written yet)" : lastGoodCheckpoint));
        this.lastGoodCheckpoint = lastGoodCheckpoint;
    }

    /** Returns the last good checkpoint, or {@code null} when there is none. */
    public Path getLastGoodCheckpoint() {
        return lastGoodCheckpoint;
    }
}
