package org.sota4j.models;

import ai.djl.nn.Activation;
import ai.djl.nn.SequentialBlock;

import java.util.Arrays;

/**
 * Pre-activation ResNet (He et al. 2016b, "Identity Mappings in Deep Residual Networks", arXiv
 * 1603.05027) for small images: a 3x3 stride-1 stem without pooling, four stages of {@link
 * PreActBlock}s with 64/128/256/512 channels, a final BN-ReLU, global average pooling and a linear
 * classifier. PreAct ResNet-18 (blocks 2/2/2/2, 11.17M parameters for 10 classes) is the usual
 * CIFAR baseline of mixup and CutMix papers.
 */
public final class PreActResNet {

    private PreActResNet() {}

    /** Returns a builder (default PreAct ResNet-18, 10 classes, 3 channels). */
    public static Builder builder() {
        return new Builder();
    }

    /** Builder for pre-activation ResNets. */
    public static final class Builder extends ResidualModelBuilder<Builder> {
        private int depth = 18;
        private int width = 64;

        Builder() {
            super(10);
        }

        @Override
        protected Builder self() {
            return this;
        }

        /** Sets the depth: 18 (blocks 2/2/2/2, default) or 34 (3/4/6/3). */
        public Builder optDepth(int depth) {
            this.depth = depth;
            return this;
        }

        /** Sets the channels of the first stage (default 64; the stages have w, 2w, 4w, 8w). */
        public Builder optWidth(int width) {
            this.width = width;
            return this;
        }

        /** Builds the model. */
        public ImageClassifier build() {
            validate();
            int[] blocks;
            if (depth == 18) {
                blocks = new int[] {2, 2, 2, 2};
            } else if (depth == 34) {
                blocks = new int[] {3, 4, 6, 3};
            } else {
                throw new IllegalArgumentException("depth must be 18 or 34, got " + depth);
            }
            ResidualBlock.checkPositive("width", width);
            ImageClassifier model =
                    new ImageClassifier("PreAct ResNet-" + depth, inputChannels, numClasses);
            model.add(ResidualBlock.conv(width, 3, 1));
            float[] p = dropPathProbabilities(Arrays.stream(blocks).sum());
            int in = width;
            int k = 0;
            for (int s = 0; s < blocks.length; s++) {
                int out = width << s;
                SequentialBlock stage = new SequentialBlock();
                for (int b = 0; b < blocks[s]; b++) {
                    stage.add(new PreActBlock(in, out, s > 0 && b == 0 ? 2 : 1, norm, 0f, p[k++]));
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
