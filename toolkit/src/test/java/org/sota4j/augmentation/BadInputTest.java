package org.sota4j.augmentation;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

import java.util.List;
import java.util.Random;

/** Bad input is rejected with an IllegalArgumentException naming what was expected and what was given. */
class BadInputTest {

    static void assertMessage(Executable call, String... fragments) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
        for (String f : fragments) {
            assertTrue(e.getMessage().contains(f), "message '" + e.getMessage() + "' should mention '" + f + "'");
        }
    }

    @Test
    void layoutDtypeAndChannelsAreChecked() {
        List<BatchTransform> all = List.of(TrivialAugmentWide.builder().build(), RandAugment.builder().build(),
                AutoAugment.policy("imagenet"), RandomErasing.builder().build(), new RandomHorizontalFlip(),
                RandomResizedCrop.builder().setSize(4).build(), RandomCrop.builder().setSize(4).build(),
                new Resize(4), new CenterCrop(2), Normalize.imagenet());
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray rank3 = m.zeros(new Shape(3, 8, 8));
            NDArray ints = m.zeros(new Shape(2, 3, 8, 8), DataType.INT32);
            NDArray twoChannels = m.zeros(new Shape(2, 2, 8, 8));
            NDArray nhwc = m.zeros(new Shape(2, 8, 8, 3));
            for (BatchTransform t : all) {
                assertMessage(() -> t.apply(rank3, new Random(0)), "rank 4", "got rank 3");
                assertMessage(() -> t.apply(ints, new Random(0)), "float32", "int32");
                assertMessage(() -> t.apply(twoChannels, new Random(0)), "1 or 3 channels", "got 2");
                assertMessage(() -> t.apply(nhwc, new Random(0)), "1 or 3 channels", "got 8");
            }
        }
    }

    @Test
    void parametersAreChecked() {
        assertMessage(() -> RandAugment.builder().optMagnitude(31).build(), "magnitude", "[0, 30]", "31");
        assertMessage(() -> RandAugment.builder().optMagnitude(-1).build(), "magnitude", "-1");
        assertMessage(() -> AutoAugment.policy("cifar100"), "imagenet", "cifar10", "svhn", "cifar100");
        assertMessage(() -> OpSpace.trivialAugmentWide().rows().get(1).magnitude(31, 31, 32, 32), "bin", "31");
        assertMessage(() -> RandomErasing.builder().optProbability(1.5).build(), "p", "1.5");
        assertMessage(() -> RandomResizedCrop.builder().setSize(8).optScale(0.5, 0.1).build(), "scale", "0.5");
        assertMessage(() -> new RandomHorizontalFlip(-0.1), "p", "-0.1");
        assertMessage(() -> TrivialAugmentWide.builder().optFill(300f).build(), "fill", "300");
        assertMessage(() -> Normalize.of(new float[] {0.5f}, new float[] {0f}), "std", "0.0");
    }

    @Test
    void cropsLargerThanTheImageAreRejected() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray x = m.zeros(new Shape(2, 3, 8, 10));
            assertMessage(() -> new CenterCrop(9, 4).apply(x, new Random(0)), "9 x 4", "8 x 10");
            assertMessage(() -> RandomCrop.builder().setSize(9).build().apply(x, new Random(0)), "9 x 9", "8 x 10");
            assertMessage(() -> RandomResizedCrop.builder().setSize(4).build().apply(x,
                    new CropBox[] {new CropBox(0, 0, 9, 4), new CropBox(0, 0, 2, 2)}), "height 9", "8 x 10");
            assertMessage(() -> Normalize.imagenet().apply(m.zeros(new Shape(1, 1, 4, 4)), new Random(0)),
                    "3 channels", "got 1");
        }
    }
}
