package org.sota4j.models;

import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;

import org.junit.jupiter.api.Test;

import java.util.function.Consumer;

/** A few SGD steps on a fixed random batch reduce the loss (the models train end to end). */
class TrainingTest {

    /** Trains on one fixed batch of 16 random 1 x 28 x 28 images; returns the loss per step. */
    private static float[] train(Block block, int steps, Consumer<Block> afterTraining) {
        Engine.getInstance().setRandomSeed(42);
        try (NDManager m = NDManager.newBaseManager();
                Model model = Model.newInstance("test")) {
            model.setBlock(block);
            DefaultTrainingConfig config =
                    new DefaultTrainingConfig(Loss.softmaxCrossEntropyLoss())
                            .optOptimizer(
                                    Optimizer.sgd()
                                            .setLearningRateTracker(Tracker.fixed(0.05f))
                                            .optMomentum(0.9f)
                                            .build());
            float[] losses = new float[steps];
            try (Trainer trainer = model.newTrainer(config)) {
                Shape in = new Shape(16, 1, 28, 28);
                trainer.initialize(in);
                NDArray x = m.randomNormal(in);
                NDArray y = m.randomInteger(0, 10, new Shape(16), DataType.INT32);
                for (int s = 0; s < steps; s++) {
                    try (GradientCollector gc = trainer.newGradientCollector()) {
                        NDArray logits = trainer.forward(new NDList(x)).singletonOrThrow();
                        NDArray loss = trainer.getLoss().evaluate(new NDList(y), new NDList(logits));
                        losses[s] = loss.getFloat();
                        gc.backward(loss);
                    }
                    trainer.step();
                }
                afterTraining.accept(block);
            }
            return losses;
        }
    }

    private static void assertLearns(float[] losses, float factor) {
        float first = losses[0];
        float last = losses[losses.length - 1];
        assertTrue(last < factor * first, "loss " + first + " -> " + last);
    }

    @Test
    void resnet20LossDecreases() {
        assertLearns(train(CifarResNet.builder().optInputChannels(1).build(), 12, b -> {}), 0.5f);
    }

    @Test
    void resnet20WithGhostNormStochasticDepthAndDropoutLearns() {
        ImageClassifier model =
                CifarResNet.builder()
                        .optInputChannels(1)
                        .optNorm(Norm.ghostBatchNorm(8))
                        .optStochasticDepth(0.1f)
                        .optDropout(0.1f)
                        .build();
        assertLearns(train(model, 12, b -> {}), 0.5f);
    }

    private static boolean anyNonZero(Block block, Parameter.Type type) {
        for (Parameter p : block.getDirectParameters().values()) {
            if (p.getType() == type && p.getArray().abs().max().getFloat() > 0f) {
                return true;
            }
        }
        return false;
    }

    /** Zero-initialized branches must receive gradients (they start as zero, not dead). */
    @Test
    void zeroInitializedBranchesStartLearning() {
        ImageClassifier resnet = CifarResNet.builder().optInputChannels(1).optZeroInitResidual(true).build();
        float[] losses =
                train(resnet, 6, b -> {
                    for (ResidualBlock r : ((ImageClassifier) b).getResidualBlocks()) {
                        assertTrue(anyNonZero(((BasicBlock) r).getLastNorm(), Parameter.Type.GAMMA));
                    }
                });
        assertLearns(losses, 1f);
        ImageClassifier wrn =
                WideResNet.builder().optDepth(10).optWidth(1).optInputChannels(1).optZeroInitResidual(true).build();
        losses =
                train(wrn, 6, b -> {
                    for (ResidualBlock r : ((ImageClassifier) b).getResidualBlocks()) {
                        assertTrue(anyNonZero(((PreActBlock) r).getLastConv(), Parameter.Type.WEIGHT));
                    }
                });
        assertLearns(losses, 1f);
    }
}
