package org.sota4j.djl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.EasyTrain;
import ai.djl.training.Trainer;
import ai.djl.training.dataset.Dataset;
import ai.djl.training.dataset.Dataset.Usage;
import ai.djl.training.dataset.RandomAccessDataset;
import ai.djl.training.listener.TrainingListener;
import ai.djl.training.tracker.Tracker;
import org.junit.jupiter.api.Test;
import org.sota4j.augmentation.RandomErasing;
import org.sota4j.augmentation.TrivialAugmentWide;
import org.sota4j.datasets.Datasets;
import org.sota4j.datasets.ImageTensorDataset;
import org.sota4j.losses.LabelSmoothingCrossEntropy;
import org.sota4j.mixing.RandomChoiceMixer;
import org.sota4j.models.SmallCnn;
import org.sota4j.optimizers.Sgd;
import org.sota4j.optimizers.WeightDecayGroups;
import org.sota4j.schedules.WarmupCosine;
import org.sota4j.weights.ModelEma;

import java.util.Random;
import java.util.stream.IntStream;

/** The torchvision-style recipe in a plain DJL {@code EasyTrain.fit}, every technique through the adapters. */
class PlainDjlRecipeTest {

    static final int BATCH = 50;

    /**
     * Two epochs of 1,000 Fashion-MNIST images with TrivialAugment, random erasing, mixup/CutMix, label smoothing,
     * warmup-cosine, Sgd with weight-decay groups, clipping, EMA and early stopping: no gradient is left after any
     * step, and the network learns.
     */
    @Test
    void theWholeRecipeTrainsInEasyTrainFit() throws Exception {
        try (ImageTensorDataset full = Datasets.fashionMnistEmbedded(Usage.TRAIN);
                ImageTensorDataset train = full.balancedSubset(100, 1);
                ImageTensorDataset val = full.subset(IntStream.range(9000, 9500).toArray(), "held-out 500");
                Model model = Model.newInstance("small-cnn")) {
            Engine.getInstance().setRandomSeed(3);
            model.setBlock(SmallCnn.builder().optInputChannels(1).optWidth(16).build());
            Random random = new Random(3);
            BatchTransformBatchifier augment = BatchTransformBatchifier.builder()
                    .optAugmentation(TrivialAugmentWide.builder().build())
                    .optNormalization(Datasets.FASHION_MNIST_MEAN, Datasets.FASHION_MNIST_STD)
                    .optPostNormalization(RandomErasing.builder().optProbability(0.25).build())
                    .optRandom(random).build();
            RandomAccessDataset augmented = BatchifiedDataset.builder().setDataset(train).optDataBatchifier(augment)
                    .setSampling(BATCH, true).build();
            Dataset mixed = MixingDataset.builder().setDataset(augmented).setNumClasses(10)
                    .setMixer(RandomChoiceMixer.torchvision(0.2, 1.0)).optRandom(random).build();
            GradientCheckingDataset checked = new GradientCheckingDataset(mixed, model);
            RandomAccessDataset validation = BatchifiedDataset.builder().setDataset(val)
                    .optDataBatchifier(BatchTransformBatchifier.builder()
                            .optNormalization(Datasets.FASHION_MNIST_MEAN, Datasets.FASHION_MNIST_STD).build())
                    .setSampling(250, false).build();

            int stepsPerEpoch = 1000 / BATCH;
            Tracker lr = WarmupCosine.builder().setBaseValue(0.1f).setTotal(2).optWarmup(1)
                    .optStepsPerEpoch(stepsPerEpoch).build();
            WeightDecayGroups groups = WeightDecayGroups.builder().setBlock(model.getBlock()).optWeightDecay(5e-4f)
                    .optNormWeightDecay(0f).optBiasWeightDecay(0f).build();
            ClipGradNormListener clip = new ClipGradNormListener(2f);
            EmaListener ema = new EmaListener(ModelEma.builder().setBlock(model.getBlock()).optDecay(0.9)
                    .optUpdateEvery(1).build()).optValidation(validation);
            EarlyStoppingRestoreListener stopping = EarlyStoppingRestoreListener.builder().optPatience(3).build();
            try (Sgd sgd = Sgd.builder().setLearningRateTracker(lr).optMomentum(0.9f).optNesterov(true)
                    .optWeightDecayGroups(groups).build()) {
                DefaultTrainingConfig config = new DefaultTrainingConfig(new LabelSmoothingCrossEntropy(0.1f))
                        .optOptimizer(sgd).addEvaluator(new SoftLabelAccuracy())
                        .addTrainingListeners(TrainingListener.Defaults.basic())
                        .addTrainingListeners(clip, ema, stopping);
                try (Trainer trainer = model.newTrainer(config)) {
                    trainer.initialize(new Shape(1, 1, 28, 28));
                    EasyTrain.fit(trainer, 2, checked, validation);
                    assertEquals(2 * stepsPerEpoch, sgd.getNumSteps());
                    assertEquals(2 * stepsPerEpoch, ema.getEma().numUpdates(), "one EMA update per step");
                    assertEquals(0.0, checked.largest(), 0.0, "gradient left after a step");
                    assertEquals(2 * stepsPerEpoch, checked.checks(), "looked after every step");
                    assertTrue(clip.getLastNorm() > 0, "clipping saw the gradient norm " + clip.getLastNorm());
                    Float valAcc = trainer.getTrainingResult().getValidateEvaluation("Accuracy");
                    assertTrue(valAcc > 0.4, "validation accuracy " + valAcc + " (chance 0.1)");
                    assertEquals(2, ema.getAccuracies().size());
                    assertTrue(ema.getLastAccuracy() > 0.4, "EMA validation accuracy " + ema.getLastAccuracy());
                    assertTrue(stopping.getBestEpoch() >= 1, "early stopping recorded the epochs");
                    System.out.printf("plain DJL recipe: val %.3f, EMA %s, clip norm %.2f%n", valAcc,
                            ema.getAccuracies(), clip.getLastNorm());
                }
            }
        }
    }
}
