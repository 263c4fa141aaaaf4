package org.sota4j.models;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Block;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * Common part of the residual blocks of this package (He et al. 2016, arXiv 1512.03385):
 * {@code out = shortcut(x) + dropPath(branch(x))}, with the drop-path (stochastic depth, Huang et
 * al. 2016, arXiv 1603.09382) probability of this block and the zero-initialization of the last
 * layer of the branch (Goyal et al. 2017, arXiv 1706.02677) that model builders apply.
 */
public abstract class ResidualBlock extends AbstractBlock {

    private final float dropPathProbability;

    /**
     * @param dropPathProbability the probability to drop the branch of an example in training, in
     *     [0, 1)
     */
    protected ResidualBlock(float dropPathProbability) {
        DropPath.checkProbability(dropPathProbability);
        this.dropPathProbability = dropPathProbability;
    }

    /** Returns the probability to drop the residual branch of an example in training. */
    public float getDropPathProbability() {
        return dropPathProbability;
    }

    /**
     * Sets the initializer of the last layer of the residual branch so that the branch outputs 0
     * at initialization and the block starts as its shortcut: the gamma of the last normalization
     * for post-activation blocks, the weight of the last convolution for pre-activation blocks
     * (whose last normalization is followed by a ReLU, where a zero gamma would never recover).
     * Call it after any model-wide weight initializer.
     */
    public abstract void zeroInitResidualBranch();

    /** Applies this block's drop path to the output of the branch. */
    protected NDArray dropPath(NDArray branch, boolean training) {
        return DropPath.dropPath(branch, dropPathProbability, training);
    }

    /** Runs one child block on one array. */
    protected static NDArray run(
            Block block,
            ParameterStore ps,
            NDArray x,
            boolean training,
            PairList<String, Object> params) {
        return block.forward(ps, new NDList(x), training, params).singletonOrThrow();
    }

    /** Initializes {@code block} for {@code input} and returns its output shape. */
    protected static Shape init(
            Block block, NDManager manager, DataType dataType, Shape input) {
        block.initialize(manager, dataType, input);
        return block.getOutputShapes(new Shape[] {input})[0];
    }

    /** A bias-free 2-D convolution with "same" padding for odd kernels. */
    static Conv2d conv(int filters, int kernel, int stride) {
        return Conv2d.builder()
                .setFilters(filters)
                .setKernelShape(new Shape(kernel, kernel))
                .optStride(new Shape(stride, stride))
                .optPadding(new Shape(kernel / 2, kernel / 2))
                .optBias(false)
                .build();
    }

    static void checkPositive(String name, int value) {
        if (value < 1) {
            throw new IllegalArgumentException(name + " must be >= 1, got " + value);
        }
    }
}
