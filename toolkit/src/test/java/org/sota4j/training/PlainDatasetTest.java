package org.sota4j.training;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.dataset.ArrayDataset;
import ai.djl.training.dataset.Dataset.Usage;
import ai.djl.training.dataset.RandomAccessDataset;
import ai.djl.training.tracker.Tracker;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.sota4j.augmentation.RandomCrop;
import org.sota4j.augmentation.RandomHorizontalFlip;
import org.sota4j.datasets.Datasets;
import org.sota4j.datasets.ImageTensorDataset;
import org.sota4j.weights.ModelEma;

import java.util.List;
import java.util.stream.IntStream;

/** A plain DJL dataset (H x W x C records, as DJL's FashionMnist gives them) trains as the resident one does. */
class PlainDatasetTest {

    private static ImageTensorDataset full;
    private static ImageTensorDataset train;
    private static ImageTensorDataset test;
    private static NDManager manager;

    @BeforeAll
    static void load() {
        full = Datasets.fashionMnistEmbedded(Usage.TRAIN);
        train = full.balancedSubset(50, 1);
        test = full.subset(IntStream.range(9000, 9300).toArray(), "held-out 300");
        manager = NDManager.newBaseManager();
    }

    @AfterAll
    static void close() {
        train.close();
        test.close();
        full.close();
        manager.close();
    }

    /** The same images and labels in DJL's layout: an ArrayDataset of N x H x W x C uint8 images. */
    private static ArrayDataset plain(ImageTensorDataset data) {
        NDArray hwc = data.getImages().transpose(0, 2, 3, 1);
        hwc.attach(manager);
        return new ArrayDataset.Builder().setData(hwc).optLabels(manager.create(data.getLabels()))
                .setSampling(32, true).build();
    }

    private static History run(RandomAccessDataset trainData, RandomAccessDataset validation, List<float[]> weights) {
        try (Model model = Model.newInstance("small"); EmaHook ema = new EmaHook(c -> ModelEma.builder()
                .setBlock(c.getBlock()).optDecay(0.9).optUpdateEvery(1).build())) {
            model.setBlock(TrainingLoopTest.smallCnn());
            History h = TrainingLoop.builder().setModel(model).setTrainData(trainData).optValidationData(validation)
                    .setEpochs(2).optBatchSize(50).optLearningRate(Tracker.fixed(0.02f))
                    .optAugmentation(RandomCrop.builder().setSize(28, 28).optPadding(2).build()
                            .andThen(new RandomHorizontalFlip(0.5)))
                    .addHook(ema).optSeed(3).optProgress(null).build().fit();
            weights.addAll(TrainingLoopTest.weights(model));
            return h;
        }
    }

    @Test
    void plainDatasetGivesTheResidentDatasetsRun() {
        List<float[]> residentWeights = new java.util.ArrayList<>();
        List<float[]> plainWeights = new java.util.ArrayList<>();
        History resident = run(train, test, residentWeights);
        History copied = run(plain(train), plain(test), plainWeights);
        assertEquals(resident.columns(), copied.columns());
        assertEquals(2, copied.rows().size());
        for (int e = 0; e < 2; e++) {
            History.Row a = resident.rows().get(e);
            History.Row b = copied.rows().get(e);
            assertEquals(a.step(), b.step());
            assertEquals(a.trainLoss(), b.trainLoss(), 0.0, "epoch " + (e + 1));
            assertEquals(a.trainAcc(), b.trainAcc(), 0.0, "epoch " + (e + 1));
            assertEquals(a.valLoss(), b.valLoss(), 0.0, "epoch " + (e + 1));
            assertEquals(a.valAcc(), b.valAcc(), 0.0, "epoch " + (e + 1));
            assertEquals(a.metrics(), b.metrics(), "epoch " + (e + 1));
        }
        assertTrue(copied.last().valAcc() > 0.3, "it learns: validation accuracy " + copied.last().valAcc());
        for (int i = 0; i < residentWeights.size(); i++) {
            assertArrayEquals(residentWeights.get(i), plainWeights.get(i), 0f, "parameter " + i);
        }
    }

    @Test
    void plainDatasetsAreCheckedToo() {
        try (Model model = Model.newInstance("checked")) {
            model.setBlock(TrainingLoopTest.linear());
            ArrayDataset data = plain(test);
            var e = assertThrows(IllegalArgumentException.class,
                    () -> TrainingLoop.builder().setModel(model).setTrainData(data).setEpochs(1).optBatchSize(301)
                            .build());
            assertTrue(e.getMessage().startsWith("batchSize must be <= the 300 training examples, got 301"),
                    e.getMessage());
            TrainingLoop rgb = TrainingLoop.builder().setModel(model).setTrainData(data).setEpochs(1)
                    .optNormalization(Datasets.CIFAR10_MEAN, Datasets.CIFAR10_STD).optProgress(null).build();
            e = assertThrows(IllegalArgumentException.class, rgb::fit);
            assertEquals("normalization must have 1 or 1 values per channel, got 3", e.getMessage());
        }
    }
}
