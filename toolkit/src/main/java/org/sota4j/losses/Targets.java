package org.sota4j.losses;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

/**
 * Static helpers that turn classification labels into target distributions: one-hot encoding of class indices
 * and label smoothing (Szegedy et al. 2016, arXiv 1512.00567) of probability targets. Use them to feed index
 * labels to batch mixers (mixup, CutMix) or to build smoothed targets by hand.
 */
public final class Targets {

    private Targets() {}

    /**
     * Returns whether {@code labels} hold class indices, shape (N) or (N, 1), rather than probabilities (N, K).
     *
     * @param labels the labels
     * @param numClasses the number of classes K
     * @return true for index labels
     */
    public static boolean isIndex(NDArray labels, long numClasses) {
        Shape shape = labels.getShape();
        return shape.dimension() == 1 || (shape.dimension() == 2 && shape.get(1) == 1 && numClasses != 1);
    }

    /**
     * One-hot encodes class indices.
     *
     * @param labels class indices of shape (N) or (N, 1), any integer or floating type holding whole numbers
     * @param numClasses the number of classes K, {@code > 0}
     * @return float32 (N, K) one-hot rows, in {@code labels}' manager
     */
    public static NDArray oneHot(NDArray labels, int numClasses) {
        if (numClasses <= 0) {
            throw new IllegalArgumentException("numClasses must be > 0, got " + numClasses);
        }
        Shape shape = labels.getShape();
        if (!(shape.dimension() == 1 || (shape.dimension() == 2 && shape.get(1) == 1))) {
            throw new IllegalArgumentException("labels must be class indices of shape (N) or (N, 1), got " + shape);
        }
        NDManager parent = labels.getManager();
        try (NDManager scope = parent.newSubManager()) {
            labels.tempAttach(scope);
            NDArray oneHot = labels.toType(DataType.INT64, false).reshape(-1).oneHot(numClasses, DataType.FLOAT32);
            oneHot.attach(parent);
            return oneHot;
        }
    }

    /**
     * Applies label smoothing to probability targets, torch's rule {@code target * (1 - eps) + eps / K}.
     *
     * @param targets (N, K) probabilities
     * @param eps the smoothing, in {@code [0, 1)}
     * @return the smoothed targets (a new array in {@code targets}' manager)
     */
    public static NDArray smooth(NDArray targets, float eps) {
        checkEps(eps);
        if (targets.getShape().dimension() != 2) {
            throw new IllegalArgumentException("targets must have shape (N, K), got " + targets.getShape());
        }
        long numClasses = targets.getShape().get(1);
        return targets.mul(1 - eps).add(eps / numClasses);
    }

    /**
     * Returns the labels as (N, K) probabilities of the predictions' type: index labels are one-hot encoded,
     * probability labels are checked against the predictions' shape.
     *
     * @param labels class indices (N) / (N, 1) or probabilities (N, K)
     * @param predictions the (N, K) logits the labels belong to
     * @return (N, K) probabilities
     */
    public static NDArray toProbabilities(NDArray labels, NDArray predictions) {
        Shape logits = predictions.getShape();
        if (logits.dimension() != 2) {
            throw new IllegalArgumentException("predictions must be logits of shape (N, K), got " + logits);
        }
        long numClasses = logits.get(1);
        if (labels.getShape().get(0) != logits.get(0)) {
            throw new IllegalArgumentException("labels must have the batch size of predictions (" + logits.get(0)
                    + "), got shape " + labels.getShape());
        }
        NDArray probabilities;
        if (isIndex(labels, numClasses)) {
            probabilities = oneHot(labels, Math.toIntExact(numClasses));
        } else if (labels.getShape().equals(logits)) {
            probabilities = labels;
        } else {
            throw new IllegalArgumentException("labels must be class indices (N) or probabilities of shape " + logits
                    + ", got shape " + labels.getShape());
        }
        return probabilities.getDataType() == predictions.getDataType()
                ? probabilities
                : probabilities.toType(predictions.getDataType(), false);
    }

    static void checkEps(float eps) {
        if (!(eps >= 0 && eps < 1)) {
            throw new IllegalArgumentException("eps must be in [0, 1), got " + eps);
        }
    }
}
