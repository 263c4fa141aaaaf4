package org.sota4j.djl;

import ai.djl.training.Trainer;
import ai.djl.training.listener.TrainingListenerAdapter;
import org.sota4j.optimizers.GradientClipping;

/**
 * A DJL training listener that clips the gradients to a maximum global L2 norm before every optimizer step
 * (Pascanu et al. 2013, arXiv 1211.5063; torchvision's {@code --clip-grad-norm}), with
 * {@link GradientClipping#clipByGlobalNorm}, as {@code TrainingLoop}'s {@code ClipGradNorm} hook.
 *
 * <p>Timing: {@code EasyTrain.trainBatch} closes the gradient collector (the backward pass is complete) and then
 * calls {@code onTrainingBatch}; {@code EasyTrain.fit} calls {@code trainer.step()} after it returns. So the clip
 * happens between backward and step, as it must. Add it before any listener that reads the gradients. Single device,
 * as {@link GradientClipping}.
 */
public final class ClipGradNormListener extends TrainingListenerAdapter {

    private final float maxNorm;
    private float lastNorm = Float.NaN;

    /**
     * Creates the listener.
     *
     * @param maxNorm the largest global norm allowed, finite and &gt; 0
     */
    public ClipGradNormListener(float maxNorm) {
        if (!(maxNorm > 0) || Float.isInfinite(maxNorm)) {
            throw new IllegalArgumentException("maxNorm must be finite and > 0, got " + maxNorm);
        }
        this.maxNorm = maxNorm;
    }

    /** {@inheritDoc} Clips the batch's gradients, which the following {@code trainer.step()} applies. */
    @Override
    public void onTrainingBatch(Trainer trainer, BatchData batchData) {
        lastNorm = GradientClipping.clipByGlobalNorm(trainer.getModel().getBlock().getParameters(), maxNorm);
    }

    /** Returns the global gradient norm before clipping at the last batch (NaN before the first). */
    public float getLastNorm() {
        return lastNorm;
    }

    /** Returns the largest global norm allowed. */
    public float getMaxNorm() {
        return maxNorm;
    }
}
