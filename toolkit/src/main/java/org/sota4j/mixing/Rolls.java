package org.sota4j.mixing;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;

/** Package helpers shared by the mixers. */
final class Rolls {

    private Rolls() {}

    /**
     * The batch rolled by one along axis 0 (torch {@code x.roll(1, 0)}): row i of the result is
     * row i - 1 of {@code x}, row 0 is the last row.
     */
    static NDArray rollByOne(NDArray x) {
        if (x.getShape().get(0) <= 1) {
            return x;
        }
        return NDArrays.concat(new NDList(x.get("-1:"), x.get(":-1")), 0);
    }

    /** {@code lambda * targets + (1 - lambda) * roll(targets)}. */
    static NDArray mixTargets(NDArray targets, double lambda) {
        return targets.mul((float) lambda).add(rollByOne(targets).mul((float) (1.0 - lambda)));
    }

    static void checkBatch(NDArray images, NDArray targets) {
        if (images.getShape().dimension() != 4) {
            throw new IllegalArgumentException(
                    "images must be N x C x H x W, got shape " + images.getShape());
        }
        if (targets.getShape().dimension() != 2
                || targets.getShape().get(0) != images.getShape().get(0)) {
            throw new IllegalArgumentException(
                    "targets must be N x K with N = " + images.getShape().get(0)
                            + " (one row of class probabilities per image), got shape "
                            + targets.getShape());
        }
    }

    static void checkProbability(String name, double p) {
        if (!(p >= 0 && p <= 1)) {
            throw new IllegalArgumentException(name + " must be in [0, 1], got " + p);
        }
    }

    static void checkAlpha(double alpha) {
        if (!(alpha >= 0) || Double.isInfinite(alpha)) {
            throw new IllegalArgumentException("alpha must be a finite number >= 0, got " + alpha);
        }
    }
}
