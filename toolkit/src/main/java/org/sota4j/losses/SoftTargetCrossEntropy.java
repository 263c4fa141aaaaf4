package org.sota4j.losses;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.training.loss.Loss;

/**
 * Cross-entropy against soft targets, {@code mean over the batch of -sum_k target_k * log_softmax(logits)_k}, the
 * loss timm's {@code SoftTargetCrossEntropy} uses for mixup (Zhang et al. 2018, arXiv 1710.09412) and CutMix
 * (Yun et al. 2019, arXiv 1905.04899) targets. Use it whenever labels are mixed or smoothed probabilities; index
 * labels are accepted too (one-hot encoded), which makes it plain softmax cross-entropy.
 *
 * <p>Labels: one array, class indices (N) / (N, 1) or probabilities (N, K); predictions: one (N, K) logits array.
 */
public class SoftTargetCrossEntropy extends Loss {

    /** Creates the loss named {@code "SoftTargetCrossEntropy"}. */
    public SoftTargetCrossEntropy() {
        this("SoftTargetCrossEntropy");
    }

    /**
     * Creates the loss.
     *
     * @param name the name shown in training logs
     */
    public SoftTargetCrossEntropy(String name) {
        super(name);
    }

    @Override
    public NDArray evaluate(NDList labels, NDList predictions) {
        return compute(labels.head(), predictions.head(), 0f);
    }

    /**
     * Mean soft-target cross-entropy of {@code logits} against {@code targets} after label smoothing {@code eps}.
     * Temporaries live in a sub-manager; the scalar result belongs to {@code logits}' manager.
     */
    static NDArray compute(NDArray targets, NDArray logits, float eps) {
        NDManager parent = logits.getManager();
        try (NDManager scope = parent.newSubManager()) {
            targets.tempAttach(scope);
            logits.tempAttach(scope);
            NDArray probabilities = Targets.toProbabilities(targets, logits);
            if (eps > 0) {
                probabilities = Targets.smooth(probabilities, eps);
            }
            NDArray loss = probabilities.mul(logits.logSoftmax(1)).sum(new int[] {1}).mean().neg();
            loss.attach(parent);
            return loss;
        }
    }
}
