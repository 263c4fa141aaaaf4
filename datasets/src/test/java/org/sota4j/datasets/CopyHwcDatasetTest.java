package org.sota4j.datasets;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.training.dataset.ArrayDataset;
import ai.djl.training.dataset.Dataset.Usage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.stream.IntStream;

/** A plain DJL dataset of H x W x C images becomes the same resident N x C x H x W dataset; bad records are named. */
class CopyHwcDatasetTest {

    private static ImageTensorDataset original;
    private static NDManager manager;

    @BeforeAll
    static void load() {
        try (ImageTensorDataset test = Datasets.fashionMnistEmbedded(Usage.TEST)) {
            original = test.subset(IntStream.range(0, 300).toArray(), "first 300");
        }
        manager = NDManager.newBaseManager();
    }

    @AfterAll
    static void close() {
        original.close();
        manager.close();
    }

    /** DJL's layout: images N x H x W x C, labels N. */
    private static ArrayDataset hwc(DataType type, float scale) {
        NDArray images = original.getImages().transpose(0, 2, 3, 1).toType(type, false);
        images.attach(manager);
        if (scale != 1) {
            images = images.toType(DataType.FLOAT32, false).mul(scale);
        }
        return new ArrayDataset.Builder().setData(images).optLabels(manager.create(original.getLabels()))
                .setSampling(32, false).build();
    }

    @Test
    void copiesEveryImageAndLabel() throws Exception {
        for (DataType type : new DataType[] {DataType.UINT8, DataType.FLOAT32, DataType.INT32}) {
            try (ImageTensorDataset copy = Datasets.copyHwcDataset("copy", hwc(type, 1), null)) {
                assertEquals(original.getImages().getShape(), copy.getImages().getShape(), type.toString());
                assertArrayEquals(original.getImages().toByteArray(), copy.getImages().toByteArray(), type.toString());
                assertArrayEquals(original.getLabels(), copy.getLabels(), type.toString());
                assertEquals(List.of("0", "1", "2", "3", "4", "5", "6", "7", "8", "9"), copy.getClasses());
            }
        }
        try (ImageTensorDataset named = Datasets.copyHwcDataset("named", hwc(DataType.UINT8, 1),
                Datasets.FASHION_MNIST_CLASSES)) {
            assertEquals(Datasets.FASHION_MNIST_CLASSES, named.getClasses());
            assertEquals("named", named.getName());
        }
    }

    @Test
    void recordsThatAreNotHwcImagesOfIntegersAreRefused() {
        ArrayDataset chw = new ArrayDataset.Builder().setData(original.getImages())
                .optLabels(manager.create(original.getLabels())).setSampling(32, false).build();
        var e = assertThrows(IllegalArgumentException.class, () -> Datasets.copyHwcDataset("chw", chw, null));
        assertEquals("records of chw must be H x W x C images with C 1 or 3 (as DJL's FashionMnist and Cifar10 "
                + "give them, without transforms), got shape (1, 28, 28) in record 0 (C x H x W? give it as "
                + "H x W x C)", e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> Datasets.copyHwcDataset("scaled", hwc(DataType.UINT8, 1 / 255f), null));
        assertEquals("record 0 of scaled must hold integer pixel values in 0..255, got float32 values from 0.0 to "
                + "1.0", e.getMessage().replaceAll("to 1\\.0[0-9]*", "to 1.0"));
        e = assertThrows(IllegalArgumentException.class,
                () -> Datasets.copyHwcDataset("few classes", hwc(DataType.UINT8, 1), List.of("a", "b")));
        int first = IntStream.range(0, 300).filter(i -> original.getLabels()[i] >= 2).findFirst().getAsInt();
        assertEquals("record " + first + " of few classes must have one integer label in 0..1, got "
                + (double) original.getLabels()[first], e.getMessage());
    }
}
