package org.sota4j.augmentation;

import ai.djl.ndarray.NDArray;

import java.util.ArrayList;
import java.util.List;

/**
 * The operations drawn for a batch: {@code ops[s][i]} with signed magnitude {@code magnitudes[s][i]} is applied
 * to image i in stage s (stages in order; {@link AugmentOp#IDENTITY} where an image skips a stage). Separating the
 * draw from the application lets tests and galleries apply, inspect or caption fixed choices.
 *
 * @param ops stage x image operations
 * @param magnitudes stage x image magnitudes (sign included)
 */
public record OpPlan(AugmentOp[][] ops, double[][] magnitudes) {

    public OpPlan {
        if (ops.length != magnitudes.length) {
            throw new IllegalArgumentException(
                    "ops and magnitudes must have the same number of stages, got " + ops.length + " and "
                            + magnitudes.length);
        }
    }

    /** Applies every stage to the batch, each stage as one grouped batched call. */
    public NDArray apply(NDArray images, float[] fill) {
        NDArray x = images;
        for (int s = 0; s < ops.length; s++) {
            NDArray next = AugmentOp.applyEach(x, ops[s], magnitudes[s], fill);
            if (x != images && next != x) {
                x.close();
            }
            x = next;
        }
        return x;
    }

    /** A caption for image i, e.g. "Rotate -12.0 + Equalize" ("Identity" when nothing applies). */
    public String describe(int i) {
        List<String> parts = new ArrayList<>();
        for (int s = 0; s < ops.length; s++) {
            AugmentOp op = ops[s][i];
            if (op == AugmentOp.IDENTITY) {
                continue;
            }
            boolean hasMagnitude = op != AugmentOp.AUTO_CONTRAST && op != AugmentOp.EQUALIZE
                    && op != AugmentOp.INVERT;
            parts.add(hasMagnitude ? String.format("%s %.2f", op.torchvisionName(), magnitudes[s][i])
                    : op.torchvisionName());
        }
        return parts.isEmpty() ? "Identity" : String.join(" + ", parts);
    }
}
