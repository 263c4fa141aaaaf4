package org.sota4j.models;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
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
 * The post-activation basic residual block of He et al. 2016 (arXiv 1512.03385): conv3x3-BN-ReLU-
 * conv3x3-BN, added to the shortcut, then ReLU. Used by ResNet-18/34 and the CIFAR ResNets; the
 * stride sits on the first convolution, as in torchvision.
 */
public class BasicBlock extends ResidualBlock {

    private final int inChannels;
    private final int outChannels;
    private final int stride;
    private final Shortcut shortcutType;
    private final Conv2d conv1;
    private final BatchNorm bn1;
    private final Conv2d conv2;
    private final BatchNorm bn2;
    private final Conv2d projConv;
    private final BatchNorm projNorm;

    /**
     * @param inChannels input channels
     * @param outChannels output channels
     * @param stride stride of the first convolution (1 or 2)
     * @param norm the normalization layers
     * @param shortcut how to match the shortcut when the shape changes
     * @param dropPathProbability stochastic depth probability of this block, in [0, 1)
     */
    public BasicBlock(
            int inChannels,
            int outChannels,
            int stride,
            Norm norm,
            Shortcut shortcut,
            float dropPathProbability) {
        super(dropPathProbability);
        checkPositive("inChannels", inChannels);
        checkPositive("outChannels", outChannels);
        checkPositive("stride", stride);
        this.inChannels = inChannels;
        this.outChannels = outChannels;
        this.stride = stride;
        conv1 = addChildBlock("conv1", conv(outChannels, 3, stride));
        bn1 = addChildBlock("bn1", norm.create());
        conv2 = addChildBlock("conv2", conv(outChannels, 3, 1));
        bn2 = addChildBlock("bn2", norm.create());
        boolean reshape = stride != 1 || inChannels != outChannels;
        if (reshape && shortcut == Shortcut.ZERO_PAD && outChannels < inChannels) {
            throw new IllegalArgumentException(
                    "ZERO_PAD shortcut needs outChannels >= inChannels, got "
                            + inChannels
                            + " -> "
                            + outChannels);
        }
        this.shortcutType = reshape ? shortcut : null;
        if (shortcutType == Shortcut.PROJECTION) {
            projConv = addChildBlock("projConv", conv(outChannels, 1, stride));
            projNorm = addChildBlock("projNorm", norm.create());
        } else {
            projConv = null;
            projNorm = null;
        }
    }

    /** Returns the normalization at the end of the residual branch. */
    public BatchNorm getLastNorm() {
        return bn2;
    }

    /** Returns the shortcut kind, or null for the identity. */
    public Shortcut getShortcut() {
        return shortcutType;
    }

    @Override
    public void zeroInitResidualBranch() {
        bn2.setInitializer(Initializer.ZEROS, Parameter.Type.GAMMA);
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        NDArray out = Activation.relu(run(bn1, ps, run(conv1, ps, x, training, params), training, params));
        out = run(bn2, ps, run(conv2, ps, out, training, params), training, params);
        out = dropPath(out, training);
        return new NDList(Activation.relu(out.add(shortcut(ps, x, training, params))));
    }

    private NDArray shortcut(
            ParameterStore ps, NDArray x, boolean training, PairList<String, Object> params) {
        if (shortcutType == null) {
            return x;
        }
        if (shortcutType == Shortcut.PROJECTION) {
            return run(projNorm, ps, run(projConv, ps, x, training, params), training, params);
        }
        NDArray sub = stride == 1 ? x : x.get(":, :, ::" + stride + ", ::" + stride);
        if (outChannels == inChannels) {
            return sub;
        }
        Shape s = sub.getShape();
        NDArray zeros =
                x.getManager()
                        .zeros(
                                new Shape(s.get(0), outChannels - inChannels, s.get(2), s.get(3)),
                                x.getDataType(),
                                x.getDevice());
        return NDArrays.concat(new NDList(sub, zeros), 1);
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        Shape s = init(conv1, manager, dataType, inputShapes[0]);
        init(bn1, manager, dataType, s);
        s = init(conv2, manager, dataType, s);
        init(bn2, manager, dataType, s);
        if (projConv != null) {
            init(projNorm, manager, dataType, init(projConv, manager, dataType, inputShapes[0]));
        }
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return conv2.getOutputShapes(conv1.getOutputShapes(inputShapes));
    }
}
