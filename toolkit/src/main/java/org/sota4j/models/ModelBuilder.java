package org.sota4j.models;

import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.Dropout;
import ai.djl.nn.pooling.Pool;
import ai.djl.training.initializer.UniformInitializer;
import ai.djl.training.initializer.XavierInitializer;

/**
 * Options shared by the model builders of this package: number of classes, input channels, the
 * normalization layer ({@link Norm}) and dropout before the classifier (Srivastava et al. 2014).
 * Convolutions get He-normal initialization in fan-out mode and the classifier PyTorch's default
 * U(-1/sqrt(fan_in), 1/sqrt(fan_in)), as torchvision's ResNets.
 *
 * @param <T> the concrete builder
 */
public abstract class ModelBuilder<T extends ModelBuilder<T>> {

    protected int numClasses;
    protected int inputChannels = 3;
    protected Norm norm = Norm.batchNorm();
    protected float dropout;

    protected ModelBuilder(int defaultNumClasses) {
        this.numClasses = defaultNumClasses;
    }

    protected abstract T self();

    /** Sets the number of output logits (default 10 for the CIFAR models, 1000 for ResNet). */
    public T optNumClasses(int numClasses) {
        this.numClasses = numClasses;
        return self();
    }

    /** Sets the input channels: 1 for grey images (MNIST), 3 for colour (default). */
    public T optInputChannels(int inputChannels) {
        this.inputChannels = inputChannels;
        return self();
    }

    /** Chooses batch norm (default) or ghost batch norm for every normalization layer. */
    public T optNorm(Norm norm) {
        this.norm = norm;
        return self();
    }

    /** Sets the dropout rate applied to the pooled features before the classifier (default 0). */
    public T optDropout(float dropout) {
        this.dropout = dropout;
        return self();
    }

    /** Validates the shared options; subclasses call it first in {@code build()}. */
    protected void validate() {
        if (numClasses < 1) {
            throw new IllegalArgumentException("numClasses must be >= 1, got " + numClasses);
        }
        if (inputChannels < 1) {
            throw new IllegalArgumentException(
                    "inputChannels must be >= 1, got " + inputChannels);
        }
        if (norm == null) {
            throw new IllegalArgumentException("norm must not be null");
        }
        if (!(dropout >= 0f && dropout < 1f)) {
            throw new IllegalArgumentException("dropout must be in [0, 1), got " + dropout);
        }
    }

    /**
     * Appends global average pooling, the optional dropout and the linear classifier, and sets the
     * initializers of the whole model.
     *
     * @param model the model so far
     * @param features channels entering the pooling
     */
    protected void finish(ImageClassifier model, int features) {
        model.add(Pool.globalAvgPool2dBlock());
        if (dropout > 0f) {
            model.add(Dropout.builder().optRate(dropout).build());
        }
        Linear fc = Linear.builder().setUnits(numClasses).build();
        model.add(fc);
        model.setInitializer(
                new XavierInitializer(
                        XavierInitializer.RandomType.GAUSSIAN, XavierInitializer.FactorType.OUT, 2f),
                Parameter.Type.WEIGHT);
        UniformInitializer linearInit = new UniformInitializer((float) (1.0 / Math.sqrt(features)));
        fc.setInitializer(linearInit, Parameter.Type.WEIGHT);
        fc.setInitializer(linearInit, Parameter.Type.BIAS);
    }

    /** Returns a new stage container. */
    protected static SequentialBlock stage(Block... blocks) {
        return new SequentialBlock().addAll(blocks);
    }

    /**
     * Builds the model.
     *
     * @throws IllegalArgumentException naming the option when a setting is out of range
     */
    public abstract ImageClassifier build();
}
