package org.sota4j.models;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Parameter;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.Initializer;
import ai.djl.util.PairList;

/**
 * The bottleneck residual block of He et al. 2016 (arXiv 1512.03385) in torchvision's "v1.5" form:
 * conv1x1-BN-ReLU, conv3x3(stride)-BN-ReLU, conv1x1 (x4 channels)-BN, plus the shortcut (a strided
 * 1x1 projection with BN when the shape changes), then ReLU. Used by ResNet-50/101/152.
 */
public class Bottleneck extends ResidualBlock {

    /** Output channels are this many times the inner width, as in the paper. */
    public static final int EXPANSION = 4;

    private final Conv2d conv1;
    private final BatchNorm bn1;
    private final Conv2d conv2;
    private final BatchNorm bn2;
    private final Conv2d conv3;
    private final BatchNorm bn3;
    private final Conv2d projConv;
    private final BatchNorm projNorm;

    /**
     * @param inChannels input channels
     * @param width inner width; the block outputs {@code 4 * width} channels
     * @param stride stride of the 3x3 convolution (1 or 2)
     * @param norm the normalization layers
     * @param dropPathProbability stochastic depth probability of this block, in [0, 1)
     */
    public Bottleneck(int inChannels, int width, int stride, Norm norm, float dropPathProbability) {
        super(dropPathProbability);
        checkPositive("inChannels", inChannels);
        checkPositive("width", width);
        checkPositive("stride", stride);
        int out = width * EXPANSION;
        conv1 = addChildBlock("conv1", conv(width, 1, 1));
        bn1 = addChildBlock("bn1", norm.create());
        conv2 = addChildBlock("conv2", conv(width, 3, stride));
        bn2 = addChildBlock("bn2", norm.create());
        conv3 = addChildBlock("conv3", conv(out, 1, 1));
        bn3 = addChildBlock("bn3", norm.create());
        if (stride != 1 || inChannels != out) {
            projConv = addChildBlock("projConv", conv(out, 1, stride));
            projNorm = addChildBlock("projNorm", norm.create());
        } else {
            projConv = null;
            projNorm = null;
        }
    }

    /** Returns the normalization at the end of the residual branch. */
    public BatchNorm getLastNorm() {
        return bn3;
    }

    @Override
    public void zeroInitResidualBranch() {
        bn3.setInitializer(Initializer.ZEROS, Parameter.Type.GAMMA);
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        NDArray out = Activation.relu(run(bn1, ps, run(conv1, ps, x, training, params), training, params));
        out = Activation.relu(run(bn2, ps, run(conv2, ps, out, training, params), training, params));
        out = run(bn3, ps, run(conv3, ps, out, training, params), training, params);
        out = dropPath(out, training);
        NDArray shortcut =
                projConv == null
                        ? x
                        : run(projNorm, ps, run(projConv, ps, x, training, params), training, params);
        return new NDList(Activation.relu(out.add(shortcut)));
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        Shape s = init(conv1, manager, dataType, inputShapes[0]);
        init(bn1, manager, dataType, s);
        s = init(conv2, manager, dataType, s);
        init(bn2, manager, dataType, s);
        s = init(conv3, manager, dataType, s);
        init(bn3, manager, dataType, s);
        if (projConv != null) {
            init(projNorm, manager, dataType, init(projConv, manager, dataType, inputShapes[0]));
        }
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return conv3.getOutputShapes(conv2.getOutputShapes(conv1.getOutputShapes(inputShapes)));
    }
}
