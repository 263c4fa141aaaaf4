package org.sota4j.models;

import ai.djl.nn.Block;
import ai.djl.nn.norm.BatchNorm;

/**
 * The normalization layer a model builder puts after each convolution: plain batch normalization
 * (Ioffe and Szegedy 2015, arXiv 1502.03167) or ghost batch normalization (Hoffer et al. 2017, arXiv
 * 1705.08741, {@link GhostNorm}). Both use PyTorch's defaults (epsilon 1e-5, momentum 0.1 in
 * torch's convention), the values torchvision's ResNets train with.
 */
public final class Norm {

    private final int virtualBatchSize;

    private Norm(int virtualBatchSize) {
        this.virtualBatchSize = virtualBatchSize;
    }

    /** Batch normalization over the whole batch (DJL {@link BatchNorm}); the default. */
    public static Norm batchNorm() {
        return new Norm(0);
    }

    /**
     * Ghost batch normalization over virtual batches of {@code virtualBatchSize} examples.
     *
     * @param virtualBatchSize examples per virtual batch, at least 1 (Hoffer et al. use 128)
     * @return the choice
     */
    public static Norm ghostBatchNorm(int virtualBatchSize) {
        if (virtualBatchSize < 1) {
            throw new IllegalArgumentException(
                    "virtualBatchSize must be >= 1, got " + virtualBatchSize);
        }
        return new Norm(virtualBatchSize);
    }

    /** Returns true for ghost batch normalization. */
    public boolean isGhost() {
        return virtualBatchSize > 0;
    }

    /** Returns the virtual batch size, or 0 for plain batch normalization. */
    public int getVirtualBatchSize() {
        return virtualBatchSize;
    }

    /** Creates a new normalization block (channel axis 1, NCHW). */
    public BatchNorm create() {
        return isGhost() ? new GhostNorm(virtualBatchSize) : BatchNorm.builder().build();
    }

    @Override
    public String toString() {
        return isGhost() ? "GhostBatchNorm(virtualBatchSize=" + virtualBatchSize + ")" : "BatchNorm";
    }
}
