package org.sota4j.optimizers;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;

/**
 * Stochastic gradient descent with heavy-ball or Nesterov momentum (Sutskever et al. 2013, "On the importance of
 * initialization and momentum in deep learning") with exactly {@code torch.optim.SGD} semantics, the optimizer of
 * the torchvision ResNet recipes (lr 0.1 x batch/256 (Goyal et al. 2017, arXiv 1706.02677), momentum 0.9, decay 1e-4).
 *
 * <p>Per parameter: {@code d = grad + wd * w}; with momentum {@code buf = d} on the first step and
 * {@code buf = momentum * buf + d} afterwards; {@code d = d + momentum * buf} (Nesterov) or {@code d = buf};
 * finally {@code w -= lr * d}. Weight decay is L2 (coupled), per group via {@link WeightDecayGroups}.
 */
public final class Sgd extends StatefulOptimizer {

    private final float momentum;
    private final boolean nesterov;

    private Sgd(Builder builder) {
        super(builder);
        this.momentum = builder.momentum;
        this.nesterov = builder.nesterov;
    }

    /** Returns a new builder. */
    public static Builder builder() {
        return new Builder();
    }

    /** {@inheritDoc} */
    @Override
    protected int numBuffers() {
        return 1;
    }

    /** {@inheritDoc} */
    @Override
    protected void apply(State state, NDArray weight, NDArray grad, float lr, float weightDecay, NDManager scope) {
        NDArray d = grad;
        if (weightDecay != 0) {
            d = attach(weight.mul(weightDecay), scope).addi(grad);
        }
        if (momentum != 0) {
            NDArray buf = state.buffers[0];
            if (buf == null) {
                buf = keep(d);
                state.buffers[0] = buf;
            } else {
                buf.muli(momentum).addi(d);
            }
            d = nesterov ? attach(buf.mul(momentum), scope).addi(d) : buf;
        }
        weight.subi(attach(d.mul(lr), scope));
    }

    /** Returns the momentum factor. */
    public float getMomentum() {
        return momentum;
    }

    /** Returns whether Nesterov momentum is used. */
    public boolean isNesterov() {
        return nesterov;
    }

    /** Builder for {@link Sgd}: defaults momentum 0, no Nesterov, no weight decay, as {@code torch.optim.SGD}. */
    public static final class Builder extends StatefulOptimizer.Builder<Builder> {
        private float momentum;
        private boolean nesterov;

        private Builder() {}

        /** {@inheritDoc} */
        @Override
        protected Builder self() {
            return this;
        }

        /** Sets the momentum factor, in [0, 1) (torchvision recipes: 0.9). */
        public Builder optMomentum(float momentum) {
            this.momentum = momentum;
            return this;
        }

        /** Enables Nesterov momentum (needs momentum &gt; 0). */
        public Builder optNesterov(boolean nesterov) {
            this.nesterov = nesterov;
            return this;
        }

        /** Validates and builds. */
        public Sgd build() {
            validate();
            if (!(momentum >= 0 && momentum < 1)) {
                throw new IllegalArgumentException("momentum must be in [0, 1), got " + momentum);
            }
            if (nesterov && momentum == 0) {
                throw new IllegalArgumentException("momentum must be > 0 when nesterov is true, got " + momentum);
            }
            return new Sgd(this);
        }
    }
}
