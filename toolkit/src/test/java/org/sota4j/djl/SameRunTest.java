package org.sota4j.djl;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.EasyTrain;
import ai.djl.training.Trainer;
import ai.djl.training.dataset.Dataset;
import ai.djl.training.dataset.Dataset.Usage;
import ai.djl.training.dataset.RandomAccessDataset;
import ai.djl.training.tracker.Tracker;
import ai.djl.util.Pair;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.sota4j.augmentation.BatchTransform;
import org.sota4j.augmentation.RandomErasing;
import org.sota4j.augmentation.TrivialAugmentWide;
import org.sota4j.datasets.Datasets;
import org.sota4j.datasets.ImageTensorDataset;
import org.sota4j.losses.LabelSmoothingCrossEntropy;
import org.sota4j.mixing.BatchMixer;
import org.sota4j.mixing.RandomChoiceMixer;
import org.sota4j.models.SmallCnn;
import org.sota4j.optimizers.Sgd;
import org.sota4j.optimizers.WeightDecayGroups;
import org.sota4j.schedules.WarmupCosine;
import org.sota4j.training.ClipGradNorm;
import org.sota4j.training.EmaHook;
import org.sota4j.training.TrainingLoop;
import org.sota4j.weights.ModelEma;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * The same seed and settings give the same weights through {@code TrainingLoop} and through {@code EasyTrain.fit}
 * with the adapters: same examples in the same order, same draws of TrivialAugment, random erasing and mixup/CutMix
 * (one shared {@link Random}, drawn in the loop's order: augmentation, erasing, mixing, batch by batch), same label
 * smoothing, schedule, Sgd with weight-decay groups, clipping and EMA.
 *
 * <p>One epoch: {@code TrainingLoop} re-derives its random source at every epoch (for exact resume from an epoch's
 * checkpoint) and shuffles with it, while the adapters draw from one running source and DJL's sampler shuffles
 * with its own, so from the second epoch on, or with shuffling, the two draw differently and cannot agree.
 */
class SameRunTest {

    private static final long SEED = 11;
    private static final int BATCH = 50;
    private static final int STEPS = 8;
    private static ImageTensorDataset full;
    private static ImageTensorDataset train;

    @BeforeAll
    static void load() {
        full = Datasets.fashionMnistEmbedded(Usage.TRAIN);
        train = full.balancedSubset(STEPS * BATCH / 10, 2);
    }

    @AfterAll
    static void close() {
        train.close();
        full.close();
    }

    private static BatchTransform augmentation() {
        return TrivialAugmentWide.builder().build();
    }

    private static BatchTransform erasing() {
        return RandomErasing.builder().optProbability(0.5).build();
    }

    private static BatchMixer mixer() {
        return RandomChoiceMixer.torchvision(0.2, 1.0);
    }

    private static Sgd sgd(Model model) {
        Tracker lr = WarmupCosine.builder().setBaseValue(0.05f).setTotal(STEPS).optWarmup(2).build();
        WeightDecayGroups groups = WeightDecayGroups.builder().setBlock(model.getBlock()).optWeightDecay(5e-4f)
                .optNormWeightDecay(0f).build();
        return Sgd.builder().setLearningRateTracker(lr).optMomentum(0.9f).optWeightDecayGroups(groups).build();
    }

    private static ModelEma ema(Model model) {
        return ModelEma.builder().setBlock(model.getBlock()).optDecay(0.8).optUpdateEvery(1).build();
    }

    private static Model model() {
        Model model = Model.newInstance("small-cnn");
        model.setBlock(SmallCnn.builder().optInputChannels(1).optWidth(8).optDepth(2).build());
        return model;
    }

    private static Map<String, float[]> weights(Model model) {
        Map<String, float[]> out = new LinkedHashMap<>();
        for (Pair<String, Parameter> p : model.getBlock().getParameters()) {
            out.put(p.getKey(), p.getValue().getArray().toFloatArray());
        }
        return out;
    }

    private static Map<String, float[]> averages(ModelEma ema, Model model) {
        Map<String, float[]> out = new LinkedHashMap<>();
        for (Pair<String, Parameter> p : model.getBlock().getParameters()) {
            out.put(p.getKey(), ema.getAverage(p.getKey()).toFloatArray());
        }
        return out;
    }

    private static List<Map<String, float[]>> throughTrainingLoop() {
        try (Model model = model(); Sgd sgd = sgd(model)) {
            EmaHook emaHook = new EmaHook(c -> ema(model));
            TrainingLoop.builder().setModel(model).setTrainData(train).setEpochs(1).optBatchSize(BATCH)
                    .optOptimizer(sgd).optLoss(new LabelSmoothingCrossEntropy(0.1f))
                    .optAugmentation(augmentation()).optPostNormalization(erasing()).optMixer(mixer())
                    .optNormalization(Datasets.FASHION_MNIST_MEAN, Datasets.FASHION_MNIST_STD)
                    .optSampler((epoch, size, random) -> java.util.stream.IntStream.range(0, size).toArray())
                    .addHook(new ClipGradNorm(1f)).addHook(emaHook).optSeed(SEED).optProgress(null).build().fit();
            assertEquals(STEPS, sgd.getNumSteps());
            List<Map<String, float[]>> out =
                    new ArrayList<>(List.of(weights(model), averages(emaHook.getEma(), model)));
            emaHook.close();
            return out;
        }
    }

    private static List<Map<String, float[]>> throughEasyTrain() throws Exception {
        Random random = new Random(SEED * 1_000_003L + 1); // TrainingLoop's source for epoch 1
        try (Model model = model(); Sgd sgd = sgd(model); ModelEma ema = ema(model)) {
            BatchTransformBatchifier batchifier = BatchTransformBatchifier.builder().optAugmentation(augmentation())
                    .optNormalization(Datasets.FASHION_MNIST_MEAN, Datasets.FASHION_MNIST_STD)
                    .optPostNormalization(erasing()).optRandom(random).build();
            RandomAccessDataset batched = BatchifiedDataset.builder().setDataset(train).optDataBatchifier(batchifier)
                    .setSampling(BATCH, false).build();
            Dataset mixed = MixingDataset.builder().setDataset(batched).setMixer(mixer()).setNumClasses(10)
                    .optRandom(random).build();
            DefaultTrainingConfig config = new DefaultTrainingConfig(new LabelSmoothingCrossEntropy(0.1f))
                    .optOptimizer(sgd).addTrainingListeners(new ClipGradNormListener(1f), new EmaListener(ema));
            Shape input = new Shape(1, 1, 28, 28);
            Engine.getInstance().setRandomSeed((int) SEED); // as TrainingLoop: initialize before the trainer exists
            model.getBlock().initialize(model.getNDManager(), DataType.FLOAT32, input);
            try (Trainer trainer = model.newTrainer(config)) {
                trainer.initialize(input);
                Engine.getInstance().setRandomSeed((int) (SEED * 7919 + 1));
                EasyTrain.fit(trainer, 1, mixed, null);
            }
            assertEquals(STEPS, sgd.getNumSteps());
            return List.of(weights(model), averages(ema, model));
        }
    }

    @Test
    void trainingLoopAndEasyTrainWithTheAdaptersGiveTheSameWeights() throws Exception {
        List<Map<String, float[]>> loop = throughTrainingLoop();
        List<Map<String, float[]>> easy = throughEasyTrain();
        String[] what = {"weights", "EMA"};
        for (int k = 0; k < 2; k++) {
            assertEquals(loop.get(k).keySet(), easy.get(k).keySet());
            for (String name : loop.get(k).keySet()) {
                assertArrayEquals(loop.get(k).get(name), easy.get(k).get(name), 1e-6f, what[k] + " of " + name);
            }
        }
    }
}
