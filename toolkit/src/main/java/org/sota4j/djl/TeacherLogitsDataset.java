package org.sota4j.djl;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.training.dataset.Batch;
import ai.djl.training.dataset.Dataset;
import ai.djl.translate.Batchifier;
import org.sota4j.losses.Distillation;


/**
 * A {@link Dataset} for live knowledge distillation (Hinton, Vinyals &amp; Dean 2015, arXiv 1503.02531) in a plain
 * DJL trainer: it runs the frozen teacher of a {@link Distillation} on every batch of another dataset, as it is read,
 * and appends the teacher's logits to the labels, so that the labels are {@code (targets, teacherLogits)}, what
 * {@code DistillationLoss} takes. Put it outermost (after mixing): the teacher then sees exactly the images the
 * student sees. Use it for the validation data too, since the trainer's loss also scores validation batches.
 *
 * <pre>{@code
 * Distillation distillation = Distillation.builder().setTeacher(teacher).setStudent(student)
 *         .setInputShape(new Shape(1, 1, 28, 28)).build();
 * DefaultTrainingConfig config = new DefaultTrainingConfig(distillation.getLoss());
 * Dataset train = TeacherLogitsDataset.builder().setDataset(mixed).setDistillation(distillation).build();
 * }</pre>
 */
public final class TeacherLogitsDataset extends MappedDataset {

    private final Distillation distillation;

    private TeacherLogitsDataset(Builder builder) {
        super(builder.dataset);
        this.distillation = builder.distillation;
    }

    /** Returns a new builder. */
    public static Builder builder() {
        return new Builder();
    }

    /** Returns the batch with the teacher's logits of its images appended to its labels. */
    @Override
    Batch map(Batch batch) {
        NDArray logits = distillation.teacherLogits(batch.getData().head());
        NDList labels = new NDList(batch.getLabels().head(), logits);
        return new Batch(batch.getManager(), batch.getData(), labels, batch.getSize(), Batchifier.STACK,
                Batchifier.STACK, batch.getProgress(), batch.getProgressTotal(), batch.getIndices());
    }

    /** Builder for {@link TeacherLogitsDataset}. */
    public static final class Builder {
        private Dataset dataset;
        private Distillation distillation;

        private Builder() {}

        /** Sets the dataset whose batches the teacher sees (required). */
        public Builder setDataset(Dataset dataset) {
            this.dataset = dataset;
            return this;
        }

        /** Sets the teacher/student pair whose teacher gives the logits (required). */
        public Builder setDistillation(Distillation distillation) {
            this.distillation = distillation;
            return this;
        }

        /** Validates and builds. */
        public TeacherLogitsDataset build() {
            if (dataset == null) {
                throw new IllegalArgumentException("dataset must be set (setDataset), got null");
            }
            if (distillation == null) {
                throw new IllegalArgumentException("distillation must be set (setDistillation), got null");
            }
            return new TeacherLogitsDataset(this);
        }
    }
}
