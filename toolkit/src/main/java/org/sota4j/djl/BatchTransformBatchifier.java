package org.sota4j.djl;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;
import ai.djl.translate.Batchifier;
import org.sota4j.augmentation.BatchTransform;

import java.util.Objects;
import java.util.Random;

/**
 * A DJL {@link Batchifier} that stacks the images of a batch and applies the toolkit's batched augmentation to the
 * whole batch at once: an augmentation chain on the 0..255 scale ({@code TrivialAugmentWide}, crops, flips), the
 * per-channel normalization, then a post-normalization chain ({@code RandomErasing}), as {@code TrainingLoop} does.
 * Set it as a dataset's data batchifier ({@code optDataBatchifier}, or {@link BatchifiedDataset} for a dataset
 * already built).
 *
 * <p>Records are {@code C x H x W} images (or {@code H x W x C} with {@link Builder#optChannelsLast(boolean)}, the
 * layout of DJL's image datasets without {@code ToTensor}) on the 0..255 scale, {@code uint8} or {@code float32};
 * batches are normalized {@code float32} N x C x H x W. Random draws come from one {@link Random} in batch order,
 * so a seed replays a run when the dataset is read without a prefetching executor.
 */
public final class BatchTransformBatchifier implements Batchifier {

    private static final long serialVersionUID = 1L;

    private final transient BatchTransform augmentation;
    private final transient BatchTransform postNormalization;
    private final float[] mean255;
    private final float[] std255;
    private final boolean channelsLast;
    private final transient Random random;

    private BatchTransformBatchifier(Builder builder) {
        this.augmentation = builder.augmentation;
        this.postNormalization = builder.postNormalization;
        this.mean255 = scaled(builder.mean);
        this.std255 = scaled(builder.std);
        this.channelsLast = builder.channelsLast;
        this.random = builder.random != null ? builder.random : new Random(builder.seed);
    }

    /** Returns a new builder. */
    public static Builder builder() {
        return new Builder();
    }

    /** {@inheritDoc} */
    @Override
    public NDList batchify(NDList[] inputs) {
        NDList stacked = Batchifier.STACK.batchify(inputs);
        NDArray x = stacked.head();
        if (x.getShape().dimension() != 4) {
            throw new IllegalArgumentException("records must hold one image of 3 dimensions ("
                    + (channelsLast ? "H x W x C" : "C x H x W") + "), got a batch of shape " + x.getShape());
        }
        if (channelsLast) {
            x = x.transpose(0, 3, 1, 2);
        }
        x = x.toType(DataType.FLOAT32, false);
        int channels = (int) x.getShape().get(1);
        if (mean255.length != 1 && mean255.length != channels) {
            throw new IllegalArgumentException("normalization must have 1 or " + channels
                    + " values per channel, got " + mean255.length);
        }
        synchronized (random) {
            if (augmentation != null) {
                x = augmentation.apply(x, random);
            }
            NDArray mean = x.getManager().create(perChannel(mean255, channels)).reshape(1, channels, 1, 1);
            NDArray std = x.getManager().create(perChannel(std255, channels)).reshape(1, channels, 1, 1);
            x = x.sub(mean).div(std);
            if (postNormalization != null) {
                x = postNormalization.apply(x, random);
            }
        }
        NDList out = new NDList(x);
        for (int i = 1; i < stacked.size(); i++) {
            out.add(stacked.get(i));
        }
        return out;
    }

    /** {@inheritDoc} */
    @Override
    public NDList[] unbatchify(NDList inputs) {
        return Batchifier.STACK.unbatchify(inputs);
    }

    /** {@inheritDoc} Splits the transformed batch without transforming it again. */
    @Override
    public NDList[] split(NDList list, int numOfSlices, boolean evenSplit) {
        return Batchifier.STACK.split(list, numOfSlices, evenSplit);
    }

    private static float[] scaled(float[] values) {
        float[] out = new float[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = values[i] * 255f;
        }
        return out;
    }

    private static float[] perChannel(float[] values, int channels) {
        float[] out = new float[channels];
        for (int c = 0; c < channels; c++) {
            out[c] = values[values.length == 1 ? 0 : c];
        }
        return out;
    }

    /** Builder for {@link BatchTransformBatchifier}: every option is optional (default: normalize with 0.5, 0.5). */
    public static final class Builder {
        private BatchTransform augmentation;
        private BatchTransform postNormalization;
        private float[] mean = {0.5f};
        private float[] std = {0.5f};
        private boolean channelsLast;
        private long seed = 42;
        private Random random;

        private Builder() {}

        /** Sets the augmentation, applied on the 0..255 scale before normalization (e.g. TrivialAugmentWide). */
        public Builder optAugmentation(BatchTransform augmentation) {
            this.augmentation = augmentation;
            return this;
        }

        /** Sets a transform applied after normalization (random erasing). */
        public Builder optPostNormalization(BatchTransform postNormalization) {
            this.postNormalization = postNormalization;
            return this;
        }

        /** Sets the per-channel mean and standard deviation of the [0, 1]-scaled pixels (default 0.5, 0.5). */
        public Builder optNormalization(float[] mean, float[] std) {
            this.mean = Objects.requireNonNull(mean, "mean must not be null").clone();
            this.std = Objects.requireNonNull(std, "std must not be null").clone();
            return this;
        }

        /** Sets whether records are H x W x C (DJL's image datasets without ToTensor) instead of C x H x W. */
        public Builder optChannelsLast(boolean channelsLast) {
            this.channelsLast = channelsLast;
            return this;
        }

        /** Sets the seed of the random draws (default 42). */
        public Builder optSeed(long seed) {
            this.seed = seed;
            return this;
        }

        /**
         * Sets the random source itself, e.g. one shared with a {@link MixingDataset} so that the draws of a batch
         * come in {@code TrainingLoop}'s order (augmentation, erasing, mixing).
         */
        public Builder optRandom(Random random) {
            this.random = Objects.requireNonNull(random, "random must not be null");
            return this;
        }

        /** Validates and builds. */
        public BatchTransformBatchifier build() {
            if (mean.length == 0 || mean.length != std.length) {
                throw new IllegalArgumentException("normalization must have as many mean as std values (1 or one per"
                        + " channel), got " + mean.length + " and " + std.length);
            }
            for (float s : std) {
                if (!(s > 0) || Float.isInfinite(s)) {
                    throw new IllegalArgumentException("normalization std must be finite and > 0, got " + s);
                }
            }
            for (float m : mean) {
                if (!Float.isFinite(m)) {
                    throw new IllegalArgumentException("normalization mean must be finite, got " + m);
                }
            }
            return new BatchTransformBatchifier(this);
        }
    }
}
