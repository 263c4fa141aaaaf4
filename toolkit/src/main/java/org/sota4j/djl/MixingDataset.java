package org.sota4j.djl;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.dataset.Batch;
import ai.djl.training.dataset.Dataset;
import ai.djl.translate.Batchifier;
import org.sota4j.losses.Targets;
import org.sota4j.mixing.BatchMixer;

import java.util.Objects;
import java.util.Random;

/**
 * A {@link Dataset} that mixes every batch of another dataset with a {@link BatchMixer} ({@code Mixup},
 * {@code CutMix}, {@code RandomChoiceMixer}) and gives soft labels: DJL batchifies data and labels separately, so
 * mixing, which needs both, happens here, on the stacked batch, and each {@link Batch} is rebuilt with the mixed
 * images and the N x K mixed class probabilities. Train with a loss that takes probabilities
 * ({@code SoftTargetCrossEntropy}, {@code LabelSmoothingCrossEntropy}) and {@link SoftLabelAccuracy}.
 *
 * <p>The inner batches hold normalized {@code float32} images (e.g. from a {@link BatchTransformBatchifier}) and
 * class indices (or N x K probabilities, mixed as they are). Draws come from one {@link Random} in batch order.
 */
public final class MixingDataset extends MappedDataset {

    private final BatchMixer mixer;
    private final int numClasses;
    private final Random random;

    private MixingDataset(Builder builder) {
        super(builder.dataset);
        this.mixer = builder.mixer;
        this.numClasses = builder.numClasses;
        this.random = builder.random != null ? builder.random : new Random(builder.seed);
    }

    /** Returns a new builder. */
    public static Builder builder() {
        return new Builder();
    }

    /** Returns the batch with its images and labels mixed (same manager, size, progress and indices). */
    @Override
    Batch map(Batch batch) {
        NDArray images = batch.getData().head();
        NDArray labels = batch.getLabels().head();
        NDArray targets = targets(labels);
        NDList mixed;
        synchronized (random) {
            mixed = mixer.mix(images, targets, random);
        }
        NDList data = new NDList(mixed.get(0));
        for (int i = 1; i < batch.getData().size(); i++) {
            data.add(batch.getData().get(i));
        }
        NDList newLabels = new NDList(mixed.get(1));
        for (int i = 1; i < batch.getLabels().size(); i++) {
            newLabels.add(batch.getLabels().get(i));
        }
        return new Batch(batch.getManager(), data, newLabels, batch.getSize(), Batchifier.STACK, Batchifier.STACK,
                batch.getProgress(), batch.getProgressTotal(), batch.getIndices());
    }

    private NDArray targets(NDArray labels) {
        if (Targets.isIndex(labels, numClasses)) {
            return Targets.oneHot(labels, numClasses);
        }
        Shape shape = labels.getShape();
        if (shape.dimension() == 2 && shape.get(1) == numClasses) {
            return labels.toType(DataType.FLOAT32, false);
        }
        throw new IllegalArgumentException("labels must be class indices (N) or probabilities (N x " + numClasses
                + "), got shape " + shape);
    }

    /** Builder for {@link MixingDataset}. */
    public static final class Builder {
        private Dataset dataset;
        private BatchMixer mixer;
        private int numClasses;
        private long seed = 42;
        private Random random;

        private Builder() {}

        /** Sets the dataset whose batches are mixed (required). */
        public Builder setDataset(Dataset dataset) {
            this.dataset = dataset;
            return this;
        }

        /** Sets the mixer (required), e.g. {@code RandomChoiceMixer.torchvision(0.2, 1.0)}. */
        public Builder setMixer(BatchMixer mixer) {
            this.mixer = mixer;
            return this;
        }

        /** Sets the number of classes K of the one-hot targets (required). */
        public Builder setNumClasses(int numClasses) {
            this.numClasses = numClasses;
            return this;
        }

        /** Sets the seed of the mixer's draws (default 42). */
        public Builder optSeed(long seed) {
            this.seed = seed;
            return this;
        }

        /** Sets the random source itself, e.g. the one of a {@link BatchTransformBatchifier}. */
        public Builder optRandom(Random random) {
            this.random = Objects.requireNonNull(random, "random must not be null");
            return this;
        }

        /** Validates and builds. */
        public MixingDataset build() {
            if (dataset == null) {
                throw new IllegalArgumentException("dataset must be set (setDataset), got null");
            }
            if (mixer == null) {
                throw new IllegalArgumentException("mixer must be set (setMixer), got null");
            }
            if (numClasses < 2) {
                throw new IllegalArgumentException("numClasses must be >= 2, got " + numClasses);
            }
            return new MixingDataset(this);
        }
    }
}
