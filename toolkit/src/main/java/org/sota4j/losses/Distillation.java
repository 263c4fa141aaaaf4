package org.sota4j.losses;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.training.loss.Loss;

/**
 * Pairs a frozen teacher with a student for knowledge distillation (Hinton, Vinyals &amp; Dean 2015, arXiv
 * 1503.02531): runs the teacher in inference mode and scores the student's logits with a {@link DistillationLoss}.
 * Use it inside a training step: {@code loss = distillation.computeLoss(images, studentLogits, targets)} within the
 * student's {@code GradientCollector}.
 *
 * <p>The teacher never learns: {@link Builder#build()} freezes its parameters ({@code freezeParameters(true)}, so
 * they carry no gradient; call {@code teacher.freezeParameters(false)} to train it again later), its forward pass
 * uses {@code training = false} (dropout off, batch-norm running statistics used and not updated), and its logits
 * are detached with {@code stopGradient()}. Only the student's trainer may update the student.
 *
 * <p>Class counts: {@code build()} requires {@link Builder#setInputShape(Shape)} (for example {@code (1, 3, 32,
 * 32)}) and compares the last dimension of both networks' outputs for that input, inferred with
 * {@code Block.getOutputShapes} (no forward pass, works for an uninitialized student) or, where a block cannot infer
 * shapes, by an inference-mode forward pass on zeros (that block must be initialized). It fails with both counts in
 * the message when they differ; {@link #computeLoss} also checks the logits' shapes on every call.
 */
public final class Distillation {

    private final Block teacher;
    private final Block student;
    private final DistillationLoss loss;
    private final long numClasses;

    private Distillation(Block teacher, Block student, DistillationLoss loss, long numClasses) {
        this.teacher = teacher;
        this.student = student;
        this.loss = loss;
        this.numClasses = numClasses;
    }

    /**
     * Creates a builder.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Runs the teacher in inference mode, without gradients, for example to precompute targets.
     *
     * @param images the input batch, on the teacher's device
     * @return the teacher's (N, K) logits, detached, in {@code images}' manager
     */
    public NDArray teacherLogits(NDArray images) {
        NDManager parent = images.getManager();
        try (NDManager scope = parent.newSubManager()) {
            images.tempAttach(scope);
            ParameterStore parameters = new ParameterStore(scope, false);
            NDArray logits = teacher.forward(parameters, new NDList(images), false).singletonOrThrow().stopGradient();
            logits.attach(parent);
            return logits;
        }
    }

    /**
     * Computes the distillation loss of the student's logits against the teacher's on the same images.
     *
     * @param images the input batch the student saw
     * @param studentLogits the student's (N, K) logits, recorded by the student's gradient collector
     * @param targets the hard-loss targets (class indices or probabilities for the default hard loss)
     * @return the scalar loss, in {@code studentLogits}' manager
     */
    public NDArray computeLoss(NDArray images, NDArray studentLogits, NDArray targets) {
        NDArray teacherLogits = teacherLogits(images);
        try {
            return loss.compute(studentLogits, teacherLogits, targets);
        } finally {
            teacherLogits.close();
        }
    }

    /**
     * Returns the loss, to use as a DJL {@link Loss} with labels {@code (targets, teacherLogits)}.
     *
     * @return the distillation loss
     */
    public DistillationLoss getLoss() {
        return loss;
    }

    /**
     * Returns the frozen teacher.
     *
     * @return the teacher block
     */
    public Block getTeacher() {
        return teacher;
    }

    /**
     * Returns the student.
     *
     * @return the student block
     */
    public Block getStudent() {
        return student;
    }

    /**
     * Returns the number of classes K both networks output.
     *
     * @return K
     */
    public long getNumClasses() {
        return numClasses;
    }

    /** Builder for {@link Distillation}. */
    public static final class Builder {

        private Block teacher;
        private Block student;
        private Shape inputShape;
        private final DistillationLoss.Builder loss = DistillationLoss.builder();

        Builder() {}

        /**
         * Sets the trained teacher network (it must be initialized).
         *
         * @param teacher the teacher block
         * @return this builder
         */
        public Builder setTeacher(Block teacher) {
            this.teacher = teacher;
            return this;
        }

        /**
         * Sets the trained teacher from a model (its block must be initialized).
         *
         * @param teacher the teacher model
         * @return this builder
         */
        public Builder setTeacher(Model teacher) {
            this.teacher = teacher == null ? null : teacher.getBlock();
            return this;
        }

        /**
         * Sets the student network.
         *
         * @param student the student block
         * @return this builder
         */
        public Builder setStudent(Block student) {
            this.student = student;
            return this;
        }

        /**
         * Sets the student from a model.
         *
         * @param student the student model
         * @return this builder
         */
        public Builder setStudent(Model student) {
            this.student = student == null ? null : student.getBlock();
            return this;
        }

        /**
         * Sets an input shape, batch dimension included (for example {@code (1, 3, 224, 224)}), used to compare the
         * teacher's and student's class counts.
         *
         * @param inputShape the shape of one input batch
         * @return this builder
         */
        public Builder setInputShape(Shape inputShape) {
            this.inputShape = inputShape;
            return this;
        }

        /**
         * Sets the softmax temperature T (default 4).
         *
         * @param temperature T, {@code > 0}
         * @return this builder
         */
        public Builder optTemperature(float temperature) {
            loss.optTemperature(temperature);
            return this;
        }

        /**
         * Sets the weight of the distillation term (default 0.9).
         *
         * @param alpha the weight, in {@code [0, 1]}
         * @return this builder
         */
        public Builder optAlpha(float alpha) {
            loss.optAlpha(alpha);
            return this;
        }

        /**
         * Sets the loss on the true targets (default {@link SoftTargetCrossEntropy}).
         *
         * @param hardLoss the hard-target loss
         * @return this builder
         */
        public Builder optHardLoss(Loss hardLoss) {
            loss.optHardLoss(hardLoss);
            return this;
        }

        /**
         * Validates the settings, checks that both networks output the same number of classes, freezes the
         * teacher and builds the pairing.
         *
         * @return the pairing
         */
        public Distillation build() {
            if (teacher == null) {
                throw new IllegalArgumentException("teacher must be set (a Block or a Model with a block), got null");
            }
            if (student == null) {
                throw new IllegalArgumentException("student must be set (a Block or a Model with a block), got null");
            }
            if (teacher == student) {
                throw new IllegalArgumentException("teacher and student must be different blocks, got the same block");
            }
            if (!teacher.isInitialized()) {
                throw new IllegalArgumentException("teacher must be an initialized (trained) block, got an"
                        + " uninitialized " + teacher.getClass().getSimpleName());
            }
            if (inputShape == null || inputShape.dimension() < 1) {
                throw new IllegalArgumentException(
                        "inputShape must be set to a batch shape such as (1, 3, 224, 224), got " + inputShape);
            }
            DistillationLoss distillationLoss = loss.build();
            long teacherClasses = numClasses(teacher, "teacher");
            long studentClasses = numClasses(student, "student");
            if (teacherClasses != studentClasses) {
                throw new IllegalArgumentException("teacher and student must output the same number of classes, got "
                        + teacherClasses + " (teacher) and " + studentClasses + " (student) for input shape "
                        + inputShape);
            }
            teacher.freezeParameters(true);
            return new Distillation(teacher, student, distillationLoss, teacherClasses);
        }

        private long numClasses(Block block, String role) {
            Shape output;
            try {
                output = block.getOutputShapes(new Shape[] {inputShape})[0];
            } catch (RuntimeException inferenceFailed) {
                if (!block.isInitialized()) {
                    throw new IllegalArgumentException("cannot infer the " + role + "'s output shape for input shape "
                            + inputShape + " without initializing it; initialize the " + role + " first",
                            inferenceFailed);
                }
                output = forwardShape(block);
            }
            if (output.dimension() != 2) {
                throw new IllegalArgumentException("the " + role + " must output (N, K) logits, got shape " + output
                        + " for input shape " + inputShape);
            }
            return output.get(1);
        }

        private Shape forwardShape(Block block) {
            Device device = block.getParameters().values().stream()
                    .map(Parameter::getArray)
                    .filter(a -> a != null)
                    .map(NDArray::getDevice)
                    .findFirst()
                    .orElse(null);
            try (NDManager manager = NDManager.newBaseManager(device)) {
                NDArray zeros = manager.zeros(inputShape, DataType.FLOAT32);
                ParameterStore parameters = new ParameterStore(manager, false);
                return block.forward(parameters, new NDList(zeros), false).singletonOrThrow().getShape();
            }
        }
    }
}
