package org.sota4j.djl;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;
import ai.djl.training.evaluator.AbstractAccuracy;
import ai.djl.util.Pair;

/**
 * Top-1 accuracy that also reads soft labels: the predicted class (arg max of the predictions) is compared with the
 * label's class, the label itself for class indices and its arg max for N x K probabilities (mixed or smoothed).
 * DJL's {@code Accuracy} compares probabilities with the raw predictions instead, which means nothing; with mixed
 * labels this is the accuracy against each image's larger share.
 */
public class SoftLabelAccuracy extends AbstractAccuracy {

    /** Creates the evaluator named {@code "Accuracy"}, as DJL's. */
    public SoftLabelAccuracy() {
        this("Accuracy");
    }

    /** Creates the evaluator with a name (the key of its value in the training result). */
    public SoftLabelAccuracy(String name) {
        super(name, 1);
    }

    /** {@inheritDoc} */
    @Override
    protected Pair<Long, NDArray> accuracyHelper(NDList labels, NDList predictions) {
        NDArray label = labels.head();
        NDArray prediction = predictions.head();
        long n = prediction.getShape().get(0);
        NDArray predicted = prediction.argMax(axis);
        NDArray truth = label.getShape().dimension() == 2 && label.getShape().get(1) > 1
                ? label.argMax(axis)
                : label.reshape(n).toType(DataType.INT64, false);
        NDArray correct = truth.eq(predicted.toType(DataType.INT64, false)).countNonzero();
        return new Pair<>(n, correct);
    }
}
