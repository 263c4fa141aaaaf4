package org.sota4j.models;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.pooling.Pool;

/**
 * A small plain CNN, the kind of student used in knowledge distillation experiments (Hinton et al.
 * 2015, arXiv 1503.02531): {@code depth} stages of conv3x3-BN-ReLU followed by 2x2 max-pooling,
 * with {@code width}, 2 {@code width}, 4 {@code width}, ... channels, then global average pooling,
 * optional dropout and a linear classifier. The default (3 stages, width 32) has about 94k
 * parameters and works on 28x28 and 32x32 inputs.
 */
public final class SmallCnn {

    private SmallCnn() {}

    /** Returns a builder (default 3 stages of width 32, 10 classes, 3 channels). */
    public static Builder builder() {
        return new Builder();
    }

    /** Builder for the small CNN. */
    public static final class Builder extends ModelBuilder<Builder> {
        private int depth = 3;
        private int width = 32;

        Builder() {
            super(10);
        }

        @Override
        protected Builder self() {
            return this;
        }

        /** Sets the number of conv-BN-ReLU-pool stages (default 3). */
        public Builder optDepth(int depth) {
            this.depth = depth;
            return this;
        }

        /** Sets the channels of the first stage (default 32, doubled at each stage). */
        public Builder optWidth(int width) {
            this.width = width;
            return this;
        }

        /** Builds the model. */
        public ImageClassifier build() {
            validate();
            ResidualBlock.checkPositive("depth", depth);
            ResidualBlock.checkPositive("width", width);
            ImageClassifier model = new ImageClassifier("SmallCnn", inputChannels, numClasses);
            int channels = width;
            for (int s = 0; s < depth; s++) {
                channels = width << s;
                model.add(ResidualBlock.conv(channels, 3, 1))
                        .add(norm.create())
                        .add(Activation.reluBlock())
                        .add(Pool.maxPool2dBlock(new Shape(2, 2), new Shape(2, 2)));
            }
            finish(model, channels);
            return model;
        }
    }
}
