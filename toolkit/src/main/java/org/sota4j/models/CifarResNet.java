package org.sota4j.models;

import ai.djl.nn.Activation;
import ai.djl.nn.SequentialBlock;

/**
 * The CIFAR-10 ResNets of He et al. 2016 (arXiv 1512.03385, section 4.2): a 3x3 stem with 16
 * channels, three stages of {@code n} basic blocks with 16/32/64 channels (strides 1/2/2), global
 * average pooling and a linear classifier; depth = 6n + 2. The default shortcut is the paper's
 * option A (zero padding, no parameters): ResNet-20 has 269,722 parameters (0.27M), ResNet-56
 * 853,018 (0.85M); option B (1x1 projections) adds 2,752. Use it for 28x28 and 32x32 images.
 */
public final class CifarResNet {

    private CifarResNet() {}

    /** Returns a builder (default ResNet-20, 10 classes, 3 channels, option A shortcuts). */
    public static Builder builder() {
        return new Builder();
    }

    /** Builder for the CIFAR ResNets. */
    public static final class Builder extends ResidualModelBuilder<Builder> {
        private int depth = 20;
        private int width = 16;
        private Shortcut shortcut = Shortcut.ZERO_PAD;

        Builder() {
            super(10);
        }

        @Override
        protected Builder self() {
            return this;
        }

        /** Sets the depth 6n + 2 (20, 32, 44, 56, 110, ...; default 20). */
        public Builder optDepth(int depth) {
            this.depth = depth;
            return this;
        }

        /** Sets the channels of the first stage (default 16; the stages have w, 2w, 4w). */
        public Builder optWidth(int width) {
            this.width = width;
            return this;
        }

        /** Sets how shortcuts change shape: option A {@code ZERO_PAD} (default) or B. */
        public Builder optShortcut(Shortcut shortcut) {
            this.shortcut = shortcut;
            return this;
        }

        /** Builds the model. */
        public ImageClassifier build() {
            validate();
            if (depth < 8 || (depth - 2) % 6 != 0) {
                throw new IllegalArgumentException(
                        "depth must be 6n + 2 with n >= 1 (20, 32, 44, 56, 110), got " + depth);
            }
            ResidualBlock.checkPositive("width", width);
            if (shortcut == null) {
                throw new IllegalArgumentException("shortcut must not be null");
            }
            int n = (depth - 2) / 6;
            ImageClassifier model =
                    new ImageClassifier("ResNet-" + depth, inputChannels, numClasses);
            model.add(
                    new SequentialBlock()
                            .add(ResidualBlock.conv(width, 3, 1))
                            .add(norm.create())
                            .add(Activation.reluBlock()));
            float[] p = dropPathProbabilities(3 * n);
            int in = width;
            int k = 0;
            for (int s = 0; s < 3; s++) {
                int out = width << s;
                SequentialBlock stage = new SequentialBlock();
                for (int b = 0; b < n; b++) {
                    int stride = s > 0 && b == 0 ? 2 : 1;
                    stage.add(new BasicBlock(in, out, stride, norm, shortcut, p[k++]));
                    in = out;
                }
                model.add(stage);
            }
            finish(model, in);
            return model;
        }
    }
}
