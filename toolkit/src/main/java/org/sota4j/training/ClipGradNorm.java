package org.sota4j.training;

import org.sota4j.optimizers.GradientClipping;

/**
 * Clips the gradients to a maximum global L2 norm before every optimizer step (torchvision's
 * {@code --clip-grad-norm}; Pascanu et al. 2013, arXiv 1211.5063), and remembers the last norm seen.
 */
public final class ClipGradNorm implements TrainingHook {

    private final float maxNorm;
    private float lastNorm = Float.NaN;

    /**
     * Creates the hook.
     *
     * @param maxNorm the largest global norm allowed, &gt; 0
     */
    public ClipGradNorm(float maxNorm) {
        if (!(maxNorm > 0)) {
            throw new IllegalArgumentException("maxNorm must be > 0, got " + maxNorm);
        }
        this.maxNorm = maxNorm;
    }

    @Override
    public void afterBackward(TrainingLoop.Context context) {
        lastNorm = GradientClipping.clipByGlobalNorm(context.getBlock().getParameters(), maxNorm);
    }

    /** Returns the global gradient norm before clipping at the last step. */
    public float getLastNorm() {
        return lastNorm;
    }
}
