package org.sota4j.mixing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

import org.junit.jupiter.api.Test;

import java.util.Random;

class RandomChoiceMixerTest {

    private static int[] counts(RandomChoiceMixer mixer, int draws) {
        int[] counts = new int[mixer.getMixers().size() + 1];
        Random random = new Random(4);
        for (int i = 0; i < draws; i++) {
            counts[mixer.choose(random) + 1]++;
        }
        return counts; // counts[0] = unmixed
    }

    @Test
    void uniformChoiceLikeTorchvisionRandomChoice() {
        RandomChoiceMixer mixer = (RandomChoiceMixer) RandomChoiceMixer.torchvision(0.2, 1.0);
        assertTrue(mixer.getMixers().get(0) instanceof Mixup);
        assertTrue(mixer.getMixers().get(1) instanceof CutMix);
        int[] c = counts(mixer, 20_000);
        assertEquals(0, c[0]);
        assertEquals(10_000, c[1], 300);
        assertEquals(10_000, c[2], 300);
    }

    @Test
    void switchProbAndApplyProbability() {
        RandomChoiceMixer mixer = RandomChoiceMixer.builder().add(Mixup.of(0.8)).add(CutMix.of(1.0))
                .optSwitchProb(0.3).optProbability(0.6).build();
        int n = 50_000;
        int[] c = counts(mixer, n);
        assertEquals(0.4 * n, c[0], 600);
        assertEquals(0.6 * 0.7 * n, c[1], 600);
        assertEquals(0.6 * 0.3 * n, c[2], 600);
    }

    @Test
    void identityWhenNoAlphaIsSetAndWhenProbabilityIsZero() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray images = m.ones(new Shape(2, 1, 2, 2));
            NDArray targets = m.eye(2);
            NDList out = RandomChoiceMixer.torchvision(0, 0).mix(images, targets, new Random(0));
            assertSame(images, out.get(0));
            NDList none = RandomChoiceMixer.builder().add(Mixup.of(1)).optProbability(0).build()
                    .mix(images, targets, new Random(0));
            assertSame(targets, none.get(1));
            RandomChoiceMixer onlyMixup = (RandomChoiceMixer) RandomChoiceMixer.torchvision(0.2, 0);
            assertEquals(1, onlyMixup.getMixers().size());
        }
    }

    @Test
    void rejectsBadInput() {
        assertThrows(IllegalArgumentException.class, () -> RandomChoiceMixer.builder().build());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> RandomChoiceMixer.builder().add(Mixup.of(1)).optSwitchProb(0.5).build());
        assertEquals("switchProb needs exactly 2 mixers, got 1", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> RandomChoiceMixer.torchvision(-1, 0));
    }
}
