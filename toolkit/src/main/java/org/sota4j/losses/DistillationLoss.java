package org.sota4j.losses;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.training.loss.Loss;

/**
 * Knowledge-distillation loss (Hinton, Vinyals &amp; Dean 2015, "Distilling the Knowledge in a Neural Network",
 * arXiv 1503.02531): {@code alpha * T^2 * KL(softmax(teacher / T) || softmax(student / T)) + (1 - alpha) *
 * hardLoss(student, targets)}, the KL term being torch's {@code F.kl_div(log_softmax(s / T), softmax(t / T),
 * reduction='batchmean')}. Use it to train a small student from a trained teacher's logits; see
 * {@link Distillation} to run the teacher alongside.
 *
 * <p>As a DJL {@link Loss}: labels {@code (targets, teacherLogits)} (for example with teacher logits precomputed
 * into the dataset's labels), predictions {@code (studentLogits)}. Targets are whatever the hard loss takes (the
 * default {@link SoftTargetCrossEntropy} takes class indices or probabilities). Teacher logits never receive
 * gradients. The defaults {@code T = 4}, {@code alpha = 0.9} are a common setting of public PyTorch
 * re-implementations of Hinton et al. (torchvision and timm ship no distillation recipe).
 */
public class DistillationLoss extends Loss {

    private final float temperature;
    private final float alpha;
    private final Loss hardLoss;

    private DistillationLoss(Builder builder) {
        super(builder.name);
        this.temperature = builder.temperature;
        this.alpha = builder.alpha;
        this.hardLoss = builder.hardLoss;
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
     * Evaluates the loss.
     *
     * @param labels {@code (targets, teacherLogits)}
     * @param predictions {@code (studentLogits)}
     * @return the scalar loss
     */
    @Override
    public NDArray evaluate(NDList labels, NDList predictions) {
        if (labels.size() != 2) {
            throw new IllegalArgumentException(
                    "labels must hold (targets, teacherLogits), got " + labels.size() + " arrays");
        }
        return compute(predictions.head(), labels.get(1), labels.get(0));
    }

    /**
     * Computes the distillation loss. Temporaries live in a sub-manager; the scalar result belongs to
     * {@code studentLogits}' manager and carries gradients to the student only.
     *
     * @param studentLogits (N, K) student logits
     * @param teacherLogits (N, K) teacher logits (gradients are stopped)
     * @param targets the hard-loss targets (may be null when {@code alpha == 1})
     * @return the scalar loss
     */
    public NDArray compute(NDArray studentLogits, NDArray teacherLogits, NDArray targets) {
        if (studentLogits.getShape().dimension() != 2 || !studentLogits.getShape().equals(teacherLogits.getShape())) {
            throw new IllegalArgumentException("studentLogits and teacherLogits must have the same (N, K) shape, got "
                    + studentLogits.getShape() + " and " + teacherLogits.getShape());
        }
        if (targets == null && alpha < 1) {
            throw new IllegalArgumentException("targets must not be null when alpha < 1, got alpha " + alpha);
        }
        NDManager parent = studentLogits.getManager();
        try (NDManager scope = parent.newSubManager()) {
            studentLogits.tempAttach(scope);
            teacherLogits.tempAttach(scope);
            if (targets != null && targets != studentLogits && targets != teacherLogits) {
                targets.tempAttach(scope);
            }
            NDArray loss = null;
            if (alpha > 0) {
                NDArray studentLog = studentLogits.div(temperature).logSoftmax(1);
                NDArray teacherLog = teacherLogits.stopGradient().div(temperature).logSoftmax(1);
                NDArray kl = teacherLog.exp().mul(teacherLog.sub(studentLog)).sum()
                        .div(studentLogits.getShape().get(0));
                loss = kl.mul(alpha * temperature * temperature);
            }
            if (alpha < 1) {
                NDArray hard = hardLoss.evaluate(new NDList(targets), new NDList(studentLogits)).mul(1 - alpha);
                loss = loss == null ? hard : loss.add(hard);
            }
            loss.attach(parent);
            return loss;
        }
    }

    /**
     * Returns the temperature T.
     *
     * @return T
     */
    public float getTemperature() {
        return temperature;
    }

    /**
     * Returns the weight alpha of the distillation term.
     *
     * @return alpha
     */
    public float getAlpha() {
        return alpha;
    }

    /**
     * Returns the hard-target loss.
     *
     * @return the hard loss
     */
    public Loss getHardLoss() {
        return hardLoss;
    }

    /** Builder for {@link DistillationLoss}. */
    public static final class Builder {

        private String name = "DistillationLoss";
        private float temperature = 4f;
        private float alpha = 0.9f;
        private Loss hardLoss;

        Builder() {}

        /**
         * Sets the softmax temperature T (default 4).
         *
         * @param temperature T, {@code > 0}
         * @return this builder
         */
        public Builder optTemperature(float temperature) {
            this.temperature = temperature;
            return this;
        }

        /**
         * Sets the weight of the distillation term (default 0.9); the hard loss gets {@code 1 - alpha}.
         *
         * @param alpha the weight, in {@code [0, 1]}
         * @return this builder
         */
        public Builder optAlpha(float alpha) {
            this.alpha = alpha;
            return this;
        }

        /**
         * Sets the loss on the true targets (default {@link SoftTargetCrossEntropy}, which takes indices or
         * probabilities; use {@link LabelSmoothingCrossEntropy} for smoothed targets).
         *
         * @param hardLoss the hard-target loss
         * @return this builder
         */
        public Builder optHardLoss(Loss hardLoss) {
            this.hardLoss = hardLoss;
            return this;
        }

        /**
         * Sets the name shown in training logs (default {@code "DistillationLoss"}).
         *
         * @param name the name
         * @return this builder
         */
        public Builder optName(String name) {
            this.name = name;
            return this;
        }

        /**
         * Validates the settings and builds the loss.
         *
         * @return the loss
         */
        public DistillationLoss build() {
            if (!(temperature > 0) || Float.isInfinite(temperature)) {
                throw new IllegalArgumentException("temperature must be a finite value > 0, got " + temperature);
            }
            if (!(alpha >= 0 && alpha <= 1)) {
                throw new IllegalArgumentException("alpha must be in [0, 1], got " + alpha);
            }
            if (name == null) {
                throw new IllegalArgumentException("name must not be null");
            }
            if (hardLoss == null) {
                hardLoss = new SoftTargetCrossEntropy();
            }
            return new DistillationLoss(this);
        }
    }
}
