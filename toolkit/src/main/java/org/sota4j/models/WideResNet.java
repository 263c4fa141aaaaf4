package org.sota4j.models;

import ai.djl.nn.Activation;
import ai.djl.nn.SequentialBlock;

/**
 * Wide residual networks WRN-d-k (Zagoruyko and Komodakis 2016, arXiv 1605.07146): a 3x3 stem with
 * 16 channels, three stages of (d - 4) / 6 pre-activation blocks with 16k/32k/64k channels
 * (strides 1/2/2) and optional dropout between the two convolutions of each block, a final
 * BN-ReLU, global average pooling and a linear classifier. WRN-28-10 (36.5M parameters) and
 * WRN-16-8 are the paper's CIFAR models; WRN-28-2 is the usual semi-supervised backbone.
 */
public final class WideResNet {

    private WideResNet() {}

    /** Returns a builder (default WRN-28-10, no dropout, 10 classes, 3 channels). */
    public static Builder builder() {
        return new Builder();
    }

    /** Builder for wide ResNets. */
    public static final class Builder extends ResidualModelBuilder<Builder> {
        private int depth = 28;
        private int widen = 10;
        private float blockDropout;

        Builder() {
            super(10);
        }

        @Override
        protected Builder self() {
            return this;
        }

        /** Sets the depth d = 6n + 4 (16, 22, 28, 40; default 28). */
        public Builder optDepth(int depth) {
            this.depth = depth;
            return this;
        }

        /** Sets the widening factor k (default 10). */
        public Builder optWidth(int widenFactor) {
            this.widen = widenFactor;
            return this;
        }

        /** Sets the dropout rate inside each block, between the convolutions (paper: 0.3). */
        public Builder optBlockDropout(float blockDropout) {
            this.blockDropout = blockDropout;
            return this;
        }

        /** Builds the model. */
        public ImageClassifier build() {
            validate();
            if (depth < 10 || (depth - 4) % 6 != 0) {
                throw new IllegalArgumentException(
                        "depth must be 6n + 4 with n >= 1 (16, 22, 28, 40), got " + depth);
            }
            ResidualBlock.checkPositive("widenFactor", widen);
            if (!(blockDropout >= 0f && blockDropout < 1f)) {
                throw new IllegalArgumentException(
                        "blockDropout must be in [0, 1), got " + blockDropout);
            }
            int n = (depth - 4) / 6;
            ImageClassifier model =
                    new ImageClassifier("WRN-" + depth + "-" + widen, inputChannels, numClasses);
            model.add(ResidualBlock.conv(16, 3, 1));
            float[] p = dropPathProbabilities(3 * n);
            int in = 16;
            int k = 0;
            for (int s = 0; s < 3; s++) {
                int out = (16 << s) * widen;
                SequentialBlock stage = new SequentialBlock();
                for (int b = 0; b < n; b++) {
                    int stride = s > 0 && b == 0 ? 2 : 1;
                    stage.add(new PreActBlock(in, out, stride, norm, blockDropout, p[k++]));
                    in = out;
                }
                model.add(stage);
            }
            model.add(new SequentialBlock().add(norm.create()).add(Activation.reluBlock()));
            finish(model, in);
            return model;
        }
    }
}
