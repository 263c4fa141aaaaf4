package org.sota4j.models;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

import java.util.ArrayList;
import java.util.List;

/**
 * The block every model builder of this package returns: a {@link SequentialBlock} (stem, stages,
 * head) from N x C x H x W float images to N x numClasses logits, which also checks the input
 * channel count and lists its residual blocks (for stochastic depth and zero-init inspection).
 */
public class ImageClassifier extends SequentialBlock {

    private final String name;
    private final int inputChannels;
    private final int numClasses;

    /**
     * @param name a readable model name such as "ResNet-20"
     * @param inputChannels the expected input channels
     * @param numClasses the number of logits
     */
    public ImageClassifier(String name, int inputChannels, int numClasses) {
        this.name = name;
        this.inputChannels = inputChannels;
        this.numClasses = numClasses;
    }

    /** Returns the model name, e.g. "ResNet-20". */
    public String getName() {
        return name;
    }

    /** Returns the number of input channels the model expects. */
    public int getInputChannels() {
        return inputChannels;
    }

    /** Returns the number of output logits. */
    public int getNumClasses() {
        return numClasses;
    }

    /** Returns the residual blocks in depth order. */
    public List<ResidualBlock> getResidualBlocks() {
        List<ResidualBlock> out = new ArrayList<>();
        collect(this, out);
        return out;
    }

    /** Returns the stochastic-depth probability of each residual block, in depth order. */
    public float[] getDropPathProbabilities() {
        List<ResidualBlock> blocks = getResidualBlocks();
        float[] p = new float[blocks.size()];
        for (int i = 0; i < p.length; i++) {
            p[i] = blocks.get(i).getDropPathProbability();
        }
        return p;
    }

    /** Returns the number of trainable parameter values (BN running statistics excluded). */
    public long countTrainableParameters() {
        long total = 0;
        for (var p : getParameters().values()) {
            if (p.requiresGradient()) {
                if (!p.isInitialized()) {
                    throw new IllegalStateException(
                            "parameter " + p.getName() + " is not initialized; call initialize first");
                }
                total += p.getArray().size();
            }
        }
        return total;
    }

    private static void collect(Block block, List<ResidualBlock> out) {
        for (Block child : block.getChildren().values()) {
            if (child instanceof ResidualBlock) {
                out.add((ResidualBlock) child);
            } else {
                collect(child, out);
            }
        }
    }

    private void checkInput(Shape shape) {
        if (shape.dimension() != 4 || shape.get(1) != inputChannels) {
            throw new IllegalArgumentException(
                    "input of "
                            + name
                            + " must be N x "
                            + inputChannels
                            + " x H x W, got "
                            + shape);
        }
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.head();
        checkInput(x.getShape());
        return super.forwardInternal(ps, inputs, training, params);
    }

    @Override
    public void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        checkInput(inputShapes[0]);
        super.initializeChildBlocks(manager, dataType, inputShapes);
    }

    @Override
    public String toString() {
        return name + " (" + numClasses + " classes, " + inputChannels + " input channels)";
    }
}
