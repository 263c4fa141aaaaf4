package org.sota4j.models;

/**
 * Options of the residual model builders on top of {@link ModelBuilder}: stochastic depth (Huang
 * et al. 2016, arXiv 1603.09382) with probabilities growing linearly with depth up to {@code pMax}
 * (timm's rule, {@link DropPath#linearProbabilities}), and zero-initialized residual branches
 * (Goyal et al. 2017, arXiv 1706.02677; torchvision's {@code zero_init_residual}).
 *
 * @param <T> the concrete builder
 */
public abstract class ResidualModelBuilder<T extends ResidualModelBuilder<T>>
        extends ModelBuilder<T> {

    protected float stochasticDepth;
    protected boolean zeroInitResidual;

    protected ResidualModelBuilder(int defaultNumClasses) {
        super(defaultNumClasses);
    }

    /**
     * Sets the drop-path probability of the deepest residual block (default 0, off); block {@code
     * i} of {@code L} gets {@code pMax * i / (L - 1)}.
     */
    public T optStochasticDepth(float pMax) {
        this.stochasticDepth = pMax;
        return self();
    }

    /** Starts every residual block as its shortcut by zero-initializing its last layer. */
    public T optZeroInitResidual(boolean zeroInitResidual) {
        this.zeroInitResidual = zeroInitResidual;
        return self();
    }

    @Override
    protected void validate() {
        super.validate();
        if (!(stochasticDepth >= 0f && stochasticDepth < 1f)) {
            throw new IllegalArgumentException(
                    "stochasticDepth must be in [0, 1), got " + stochasticDepth);
        }
    }

    /** Returns the drop-path probabilities for {@code numBlocks} residual blocks. */
    protected float[] dropPathProbabilities(int numBlocks) {
        return DropPath.linearProbabilities(numBlocks, stochasticDepth);
    }

    @Override
    protected void finish(ImageClassifier model, int features) {
        super.finish(model, features);
        if (zeroInitResidual) {
            for (ResidualBlock block : model.getResidualBlocks()) {
                block.zeroInitResidualBranch();
            }
        }
    }
}
