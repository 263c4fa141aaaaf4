package org.sota4j.models;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.SequentialBlock;

import java.util.Arrays;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.pooling.Pool;

/**
 * ImageNet-style ResNets (He et al. 2016, arXiv 1512.03385) as in torchvision: a 7x7 stride-2 stem
 * with 3x3 max-pooling, four stages with 64/128/256/512 base channels, basic blocks for depth
 * 18/34 and bottlenecks (stride on the 3x3, "v1.5") for 50/101/152; ResNet-18 has 11,689,512 and
 * ResNet-50 25,557,032 parameters with 1000 classes. The small-input stem (3x3 stride-1 conv, no
 * max-pool) makes ResNet-18 the common 32x32 CIFAR variant.
 */
public final class ResNet {

    private ResNet() {}

    /** Returns a builder (default ResNet-50, 1000 classes, 3 channels, ImageNet stem). */
    public static Builder builder() {
        return new Builder();
    }

    /** Builder for ImageNet-style ResNets. */
    public static final class Builder extends ResidualModelBuilder<Builder> {
        private int depth = 50;
        private int width = 64;
        private boolean smallInputStem;

        Builder() {
            super(1000);
        }

        @Override
        protected Builder self() {
            return this;
        }

        /** Sets the depth: 18, 34 (basic blocks), 50 (default), 101, 152 (bottlenecks). */
        public Builder optDepth(int depth) {
            this.depth = depth;
            return this;
        }

        /** Sets the base channels of the first stage (default 64). */
        public Builder optWidth(int width) {
            this.width = width;
            return this;
        }

        /**
         * Uses a 3x3 stride-1 stem without max-pooling (for 28x28 or 32x32 inputs) instead of the
         * 7x7 stride-2 stem with max-pooling (default false).
         */
        public Builder optSmallInputStem(boolean smallInputStem) {
            this.smallInputStem = smallInputStem;
            return this;
        }

        /** Builds the model. */
        public ImageClassifier build() {
            validate();
            int[] blocks;
            boolean bottleneck = depth >= 50;
            switch (depth) {
                case 18:
                    blocks = new int[] {2, 2, 2, 2};
                    break;
                case 34:
                case 50:
                    blocks = new int[] {3, 4, 6, 3};
                    break;
                case 101:
                    blocks = new int[] {3, 4, 23, 3};
                    break;
                case 152:
                    blocks = new int[] {3, 8, 36, 3};
                    break;
                default:
                    throw new IllegalArgumentException(
                            "depth must be one of 18, 34, 50, 101, 152, got " + depth);
            }
            ResidualBlock.checkPositive("width", width);
            ImageClassifier model =
                    new ImageClassifier("ResNet-" + depth, inputChannels, numClasses);
            SequentialBlock stem = new SequentialBlock();
            if (smallInputStem) {
                stem.add(ResidualBlock.conv(width, 3, 1));
            } else {
                stem.add(
                        Conv2d.builder()
                                .setFilters(width)
                                .setKernelShape(new Shape(7, 7))
                                .optStride(new Shape(2, 2))
                                .optPadding(new Shape(3, 3))
                                .optBias(false)
                                .build());
            }
            stem.add(norm.create()).add(Activation.reluBlock());
            if (!smallInputStem) {
                stem.add(Pool.maxPool2dBlock(new Shape(3, 3), new Shape(2, 2), new Shape(1, 1)));
            }
            model.add(stem);
            float[] p = dropPathProbabilities(Arrays.stream(blocks).sum());
            int in = width;
            int k = 0;
            for (int s = 0; s < 4; s++) {
                int w = width << s;
                SequentialBlock stage = new SequentialBlock();
                for (int b = 0; b < blocks[s]; b++) {
                    int stride = s > 0 && b == 0 ? 2 : 1;
                    if (bottleneck) {
                        stage.add(new Bottleneck(in, w, stride, norm, p[k++]));
                        in = w * Bottleneck.EXPANSION;
                    } else {
                        stage.add(new BasicBlock(in, w, stride, norm, Shortcut.PROJECTION, p[k++]));
                        in = w;
                    }
                }
                model.add(stage);
            }
            finish(model, in);
            return model;
        }
    }
}
