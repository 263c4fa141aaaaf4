package org.sota4j.sampling;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;

class PermutationsTest {

    /** The JDK's Collections.shuffle is the same Fisher-Yates walk: the same generator gives the same order. */
    @Test
    void drawsTheOrderCollectionsShuffleDraws() {
        for (int n : new int[] {0, 1, 2, 7, 100}) {
            for (long seed = 0; seed < 5; seed++) {
                List<Integer> expected = new ArrayList<>(IntStream.range(0, n).boxed().toList());
                Collections.shuffle(expected, new Random(seed));
                assertArrayEquals(expected.stream().mapToInt(Integer::intValue).toArray(),
                        Permutations.shuffled(n, new Random(seed)), "n " + n + ", seed " + seed);
            }
        }
        assertEquals("n must be >= 0, got -1",
                assertThrows(IllegalArgumentException.class, () -> Permutations.shuffled(-1, new Random()))
                        .getMessage());
    }

    /** As the loop's sampler, repeated augmentation gives loop epoch e (from 1) its epoch e - 1, from its own seed. */
    @Test
    void repeatedAugmentationIsAnEpochSampler() {
        RepeatedAugmentationSampler ra = RepeatedAugmentationSampler.builder().setDatasetSize(40).optRepetitions(3)
                .optSeed(5).optSelectionMultiple(1).build();
        EpochSampler sampler = ra;
        for (int epoch = 1; epoch <= 3; epoch++) {
            assertArrayEquals(ra.epochIndices(epoch - 1), sampler.indices(epoch, 40, new Random(epoch)));
        }
        assertEquals("size must be the sampler's dataset size 40, got 41", assertThrows(IllegalArgumentException.class,
                () -> sampler.indices(1, 41, new Random())).getMessage());
    }
}
