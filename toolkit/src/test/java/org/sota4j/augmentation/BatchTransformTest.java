package org.sota4j.augmentation;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import org.junit.jupiter.api.Test;

import java.util.Random;

class BatchTransformTest {

    @Test
    void andThenAppliesInOrder() {
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray x = manager.create(new float[] {1, 2, 3, 4}).reshape(1, 1, 2, 2);
            BatchTransform plusOne = (images, random) -> images.add(1);
            BatchTransform timesTwo = (images, random) -> images.mul(2);
            NDArray y = plusOne.andThen(timesTwo).apply(x, new Random(0));
            assertArrayEquals(new float[] {4, 6, 8, 10}, y.toFloatArray());
            assertArrayEquals(x.toFloatArray(), BatchTransform.identity().apply(x, new Random(0)).toFloatArray());
        }
    }
}
