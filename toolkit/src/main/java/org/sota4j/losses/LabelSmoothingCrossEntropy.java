package org.sota4j.losses;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.training.loss.Loss;

/**
 * Softmax cross-entropy with label smoothing (Szegedy et al. 2016, "Rethinking the Inception Architecture",
 * arXiv 1512.00567), equal to PyTorch's {@code F.cross_entropy(logits, target, label_smoothing=eps)} for index
 * targets and for probability targets alike: the target becomes {@code target * (1 - eps) + eps / K}. Use it to
 * regularize over-confident classifiers; torchvision's recipes use {@code --label-smoothing 0.1}, the paper's value
 * and this class's default.
 *
 * <p>Labels: one array, class indices (N) / (N, 1) of any numeric type or probabilities (N, K); predictions: one
 * (N, K) logits array. The result is the batch mean.
 */
public class LabelSmoothingCrossEntropy extends Loss {

    private final float eps;

    /** Creates the loss with {@code eps = 0.1}. */
    public LabelSmoothingCrossEntropy() {
        this(0.1f);
    }

    /**
     * Creates the loss named {@code "LabelSmoothingCrossEntropy"}.
     *
     * @param eps the smoothing, in {@code [0, 1)}
     */
    public LabelSmoothingCrossEntropy(float eps) {
        this("LabelSmoothingCrossEntropy", eps);
    }

    /**
     * Creates the loss.
     *
     * @param name the name shown in training logs
     * @param eps the smoothing, in {@code [0, 1)}
     */
    public LabelSmoothingCrossEntropy(String name, float eps) {
        super(name);
        Targets.checkEps(eps);
        this.eps = eps;
    }

    /**
     * Returns the smoothing.
     *
     * @return eps
     */
    public float getEps() {
        return eps;
    }

    @Override
    public NDArray evaluate(NDList labels, NDList predictions) {
        return SoftTargetCrossEntropy.compute(labels.head(), predictions.head(), eps);
    }
}
