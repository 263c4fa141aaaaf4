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
import ai.djl.nn.norm.Dropout;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.Initializer;
import ai.djl.util.PairList;

/**
 * The pre-activation basic block (He et al. 2016b, "Identity Mappings in Deep Residual Networks",
 * arXiv 1603.05027): BN-ReLU-conv3x3-BN-ReLU-(dropout)-conv3x3 added to the shortcut, with no
 * activation after the addition. When the shape changes, the shortcut is a strided 1x1
 * convolution of the pre-activated input. With dropout it is the wide-dropout block of
 * Zagoruyko and Komodakis 2016 (arXiv 1605.07146).
 */
public class PreActBlock extends ResidualBlock {

    private final BatchNorm bn1;
    private final Conv2d conv1;
    private final BatchNorm bn2;
    private final Conv2d conv2;
    private final Conv2d projConv;
    private final float dropout;

    /**
     * @param inChannels input channels
     * @param outChannels output channels
     * @param stride stride of the first convolution (1 or 2)
     * @param norm the normalization layers
     * @param dropout dropout rate between the two convolutions, in [0, 1) (0: none)
     * @param dropPathProbability stochastic depth probability of this block, in [0, 1)
     */
    public PreActBlock(
            int inChannels,
            int outChannels,
            int stride,
            Norm norm,
            float dropout,
            float dropPathProbability) {
        super(dropPathProbability);
        checkPositive("inChannels", inChannels);
        checkPositive("outChannels", outChannels);
        checkPositive("stride", stride);
        if (!(dropout >= 0f && dropout < 1f)) {
            throw new IllegalArgumentException("dropout must be in [0, 1), got " + dropout);
        }
        this.dropout = dropout;
        bn1 = addChildBlock("bn1", norm.create());
        conv1 = addChildBlock("conv1", conv(outChannels, 3, stride));
        bn2 = addChildBlock("bn2", norm.create());
        conv2 = addChildBlock("conv2", conv(outChannels, 3, 1));
        projConv =
                stride != 1 || inChannels != outChannels
                        ? addChildBlock("projConv", conv(outChannels, 1, stride))
                        : null;
    }

    /** Returns the last convolution of the residual branch. */
    public Conv2d getLastConv() {
        return conv2;
    }

    /** Returns the dropout rate between the two convolutions. */
    public float getDropout() {
        return dropout;
    }

    @Override
    public void zeroInitResidualBranch() {
        conv2.setInitializer(Initializer.ZEROS, Parameter.Type.WEIGHT);
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        NDArray pre = Activation.relu(run(bn1, ps, x, training, params));
        NDArray shortcut = projConv == null ? x : run(projConv, ps, pre, training, params);
        NDArray out = run(conv1, ps, pre, training, params);
        out = Activation.relu(run(bn2, ps, out, training, params));
        if (dropout > 0f && training) {
            out = Dropout.dropout(out, dropout, true).singletonOrThrow();
        }
        out = dropPath(run(conv2, ps, out, training, params), training);
        return new NDList(out.add(shortcut));
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        init(bn1, manager, dataType, inputShapes[0]);
        Shape s = init(conv1, manager, dataType, inputShapes[0]);
        init(bn2, manager, dataType, s);
        init(conv2, manager, dataType, s);
        if (projConv != null) {
            init(projConv, manager, dataType, inputShapes[0]);
        }
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return conv2.getOutputShapes(conv1.getOutputShapes(inputShapes));
    }
}
