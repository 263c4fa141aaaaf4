package org.sota4j.augmentation;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

import java.util.Random;

/**
 * Throughput report (not a timed assertion): images/s of TrivialAugmentWide + RandomErasing on batches of 128.
 * Run once with {@code -Dsota4j.bench=true}.
 */
@EnabledIfSystemProperty(named = "sota4j.bench", matches = "true")
class AugmentationThroughputTest {

    @Test
    void report() {
        BatchTransform pipeline = TrivialAugmentWide.builder().build()
                .andThen(RandomErasing.builder().optRandomValue().build());
        for (long[] s : new long[][] {{128, 3, 32, 32}, {128, 1, 28, 28}}) {
            try (NDManager m = NDManager.newBaseManager()) {
                NDArray x = m.randomInteger(0, 256, new Shape(s), DataType.INT32).toType(DataType.FLOAT32, false);
                Random r = new Random(0);
                for (int i = 0; i < 30; i++) {
                    run(m, pipeline, x, r);
                }
                int iterations = 200;
                long t0 = System.nanoTime();
                for (int i = 0; i < iterations; i++) {
                    run(m, pipeline, x, r);
                }
                double seconds = (System.nanoTime() - t0) / 1e9;
                System.out.printf("THROUGHPUT %s: %.0f images/s (%.2f ms per batch of 128)%n", new Shape(s),
                        iterations * 128 / seconds, seconds * 1000 / iterations);
            }
        }
    }

    private static void run(NDManager m, BatchTransform t, NDArray x, Random r) {
        try (NDManager sub = m.newSubManager()) {
            x.tempAttach(sub);
            NDArray y = t.apply(x, r);
            y.toFloatArray();
        }
    }
}
