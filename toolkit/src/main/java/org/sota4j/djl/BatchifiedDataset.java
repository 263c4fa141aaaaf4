package org.sota4j.djl;

import ai.djl.ndarray.NDManager;
import ai.djl.training.dataset.RandomAccessDataset;
import ai.djl.training.dataset.Record;
import ai.djl.translate.TranslateException;
import ai.djl.util.Progress;

import java.io.IOException;

/**
 * The records of another {@link RandomAccessDataset}, read with this dataset's own sampling and batchifiers: DJL
 * fixes a dataset's batchifier when it is built, so this is how a {@link BatchTransformBatchifier} meets a dataset
 * that already exists (an {@code ImageTensorDataset} from {@code Datasets}, a {@code FashionMnist}). The records
 * are the inner dataset's {@code get}, not copied (the inner dataset's own pipeline is not applied: DJL applies a
 * dataset's pipeline when it batches; add transforms to this builder instead).
 *
 * <pre>{@code
 * BatchifiedDataset train = BatchifiedDataset.builder().setDataset(images)
 *         .optDataBatchifier(BatchTransformBatchifier.builder().optAugmentation(trivialAugment).build())
 *         .setSampling(128, true).build();
 * }</pre>
 */
public final class BatchifiedDataset extends RandomAccessDataset {

    private final RandomAccessDataset dataset;

    private BatchifiedDataset(Builder builder) {
        super(builder);
        this.dataset = builder.dataset;
    }

    /** Returns a new builder. */
    public static Builder builder() {
        return new Builder();
    }

    /** {@inheritDoc} The inner dataset's record. */
    @Override
    public Record get(NDManager manager, long index) throws IOException {
        return dataset.get(manager, index);
    }

    /** {@inheritDoc} */
    @Override
    protected long availableSize() {
        return dataset.size();
    }

    /** {@inheritDoc} Prepares the inner dataset. */
    @Override
    public void prepare(Progress progress) throws IOException, TranslateException {
        dataset.prepare(progress);
    }

    /** Returns the inner dataset. */
    public RandomAccessDataset getDataset() {
        return dataset;
    }

    /** Builder: DJL's dataset options ({@code setSampling}, {@code optDataBatchifier}, ...) plus the inner dataset. */
    public static final class Builder extends BaseBuilder<Builder> {
        private RandomAccessDataset dataset;

        private Builder() {}

        /** {@inheritDoc} */
        @Override
        protected Builder self() {
            return this;
        }

        /** Sets the dataset whose records are read (required). */
        public Builder setDataset(RandomAccessDataset dataset) {
            this.dataset = dataset;
            return this;
        }

        /** Validates and builds. */
        public BatchifiedDataset build() {
            if (dataset == null) {
                throw new IllegalArgumentException("dataset must be set (setDataset), got null");
            }
            if (sampler == null) {
                throw new IllegalArgumentException("sampling must be set (setSampling), got none");
            }
            return new BatchifiedDataset(this);
        }
    }
}
