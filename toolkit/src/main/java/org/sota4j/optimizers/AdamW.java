package org.sota4j.optimizers;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;

/**
 * Adam with decoupled weight decay (Loshchilov &amp; Hutter 2019, "Decoupled Weight Decay Regularization",
 * arXiv 1711.05101) with exactly {@code torch.optim.AdamW} semantics; the usual optimizer for vision transformers
 * and ConvNeXt (timm / torchvision recipes: lr 1e-3 x batch/1024, decay 0.05, norm and bias decay 0).
 *
 * <p>Per parameter, at its step t: {@code w *= 1 - lr * wd}; {@code m = b1 m + (1 - b1) g};
 * {@code v = b2 v + (1 - b2) g^2}; {@code w -= lr / (1 - b1^t) * m / (sqrt(v) / sqrt(1 - b2^t) + eps)}.
 * Defaults betas (0.9, 0.999) and eps 1e-8 as torch.
 */
public final class AdamW extends StatefulOptimizer {

    private final float beta1;
    private final float beta2;
    private final float epsilon;

    private AdamW(Builder builder) {
        super(builder);
        this.beta1 = builder.beta1;
        this.beta2 = builder.beta2;
        this.epsilon = builder.epsilon;
    }

    /** Returns a new builder. */
    public static Builder builder() {
        return new Builder();
    }

    /** {@inheritDoc} */
    @Override
    protected int numBuffers() {
        return 2;
    }

    /** {@inheritDoc} */
    @Override
    protected void apply(State state, NDArray weight, NDArray grad, float lr, float weightDecay, NDManager scope) {
        if (state.buffers[0] == null) {
            state.buffers[0] = zerosLike(weight);
            state.buffers[1] = zerosLike(weight);
        }
        NDArray m = state.buffers[0];
        NDArray v = state.buffers[1];
        if (weightDecay != 0) {
            weight.muli(1 - lr * weightDecay);
        }
        m.muli(beta1).addi(attach(grad.mul(1 - beta1), scope));
        v.muli(beta2).addi(attach(grad.square(), scope).muli(1 - beta2));
        int t = state.step;
        double biasCorrection1 = 1 - Math.pow(beta1, t);
        double biasCorrection2 = 1 - Math.pow(beta2, t);
        NDArray denominator = attach(v.sqrt(), scope).divi((float) Math.sqrt(biasCorrection2)).addi(epsilon);
        weight.subi(attach(m.div(denominator), scope).muli((float) (lr / biasCorrection1)));
    }

    /** Builder for {@link AdamW}: defaults betas (0.9, 0.999), eps 1e-8, no weight decay. */
    public static final class Builder extends StatefulOptimizer.Builder<Builder> {
        private float beta1 = 0.9f;
        private float beta2 = 0.999f;
        private float epsilon = 1e-8f;

        private Builder() {}

        /** {@inheritDoc} */
        @Override
        protected Builder self() {
            return this;
        }

        /** Sets the first-moment decay, in [0, 1) (default 0.9). */
        public Builder optBeta1(float beta1) {
            this.beta1 = beta1;
            return this;
        }

        /** Sets the second-moment decay, in [0, 1) (default 0.999). */
        public Builder optBeta2(float beta2) {
            this.beta2 = beta2;
            return this;
        }

        /** Sets the denominator term for numerical stability, &gt; 0 (default 1e-8). */
        public Builder optEpsilon(float epsilon) {
            this.epsilon = epsilon;
            return this;
        }

        /** Validates and builds. */
        public AdamW build() {
            validate();
            if (!(beta1 >= 0 && beta1 < 1)) {
                throw new IllegalArgumentException("beta1 must be in [0, 1), got " + beta1);
            }
            if (!(beta2 >= 0 && beta2 < 1)) {
                throw new IllegalArgumentException("beta2 must be in [0, 1), got " + beta2);
            }
            if (!(epsilon > 0) || Float.isInfinite(epsilon)) {
                throw new IllegalArgumentException("epsilon must be finite and > 0, got " + epsilon);
            }
            return new AdamW(this);
        }
    }
}
