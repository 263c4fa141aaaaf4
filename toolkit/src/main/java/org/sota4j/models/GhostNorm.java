package org.sota4j.models;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.nn.norm.GhostBatchNorm;

/**
 * Ghost batch normalization (Hoffer, Hubara and Soudry 2017, "Train longer, generalize better",
 * arXiv 1705.08741): in training the batch is cut into virtual batches of {@code
 * virtualBatchSize} examples (the last one may be smaller) and each is normalized with its own
 * statistics; the running statistics are updated once per virtual batch. Use it to keep the
 * regularizing noise of small-batch BN when training with large batches.
 *
 * <p>This is DJL's {@link GhostBatchNorm} with its split and re-assembly replaced: in DJL 0.36 the
 * parent stacks the virtual batches into a 5-D array (N/v x v x C x H x W) instead of
 * concatenating them, and refuses batch sizes that are not a multiple of the slice count.
 * Build it through {@link Norm#ghostBatchNorm(int)}.
 */
public class GhostNorm extends GhostBatchNorm {

    private final int virtualBatchSize;

    /**
     * Creates the block with DJL/PyTorch defaults (epsilon 1e-5, running-average momentum 0.9 in
     * DJL's convention, i.e. torch's 0.1).
     *
     * @param virtualBatchSize examples per virtual batch, at least 1
     */
    public GhostNorm(int virtualBatchSize) {
        super(checked(virtualBatchSize));
        this.virtualBatchSize = virtualBatchSize;
    }

    private static GhostBatchNorm.Builder checked(int virtualBatchSize) {
        if (virtualBatchSize < 1) {
            throw new IllegalArgumentException(
                    "virtualBatchSize must be >= 1, got " + virtualBatchSize);
        }
        return GhostBatchNorm.builder().optVirtualBatchSize(virtualBatchSize);
    }

    /** Returns the number of examples per virtual batch. */
    public int getVirtualBatchSize() {
        return virtualBatchSize;
    }

    @Override
    protected NDList[] split(NDList list) {
        NDArray x = list.singletonOrThrow();
        long n = x.getShape().get(0);
        if (n <= virtualBatchSize) {
            return new NDList[] {list};
        }
        int parts = Math.toIntExact((n + virtualBatchSize - 1) / virtualBatchSize);
        long[] cuts = new long[parts - 1];
        for (int i = 0; i < cuts.length; i++) {
            cuts[i] = (long) (i + 1) * virtualBatchSize;
        }
        NDList pieces = x.split(cuts, 0);
        NDList[] out = new NDList[parts];
        for (int i = 0; i < parts; i++) {
            out[i] = new NDList(pieces.get(i));
        }
        return out;
    }

    @Override
    protected NDList batchify(NDList[] subBatches) {
        if (subBatches.length == 1) {
            return subBatches[0];
        }
        NDList pieces = new NDList(subBatches.length);
        for (NDList b : subBatches) {
            pieces.add(b.singletonOrThrow());
        }
        return new NDList(NDArrays.concat(pieces, 0));
    }
}
