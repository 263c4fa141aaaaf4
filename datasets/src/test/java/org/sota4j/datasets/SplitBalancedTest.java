package org.sota4j.datasets;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

class SplitBalancedTest {

    /** 16 one-pixel images whose pixel is their own index, 5, 7 and 4 of classes a, b, c (interleaved). */
    private static final int[] LABELS = {0, 1, 2, 1, 0, 1, 2, 1, 0, 1, 2, 1, 0, 1, 2, 0};

    private static ImageTensorDataset numbered() {
        byte[] pixels = new byte[LABELS.length];
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = (byte) i;
        }
        return ImageTensorDataset.fromPixels("numbered", pixels, new Shape(LABELS.length, 1, 1, 1), LABELS,
                List.of("a", "b", "c"));
    }

    /** The indices of the parent's images in a part, read from the pixels (not from the split's index arrays). */
    private static int[] pixelIndices(ImageTensorDataset part) {
        byte[] pixels = part.getImages().toByteArray();
        int[] out = new int[pixels.length];
        for (int i = 0; i < pixels.length; i++) {
            out[i] = pixels[i] & 0xFF;
        }
        return out;
    }

    @Test
    void partsAreDisjointCoverTheDataAndHoldOutPerClassOfEachClass() {
        try (ImageTensorDataset data = numbered(); ImageTensorDataset.Split split = data.splitBalanced(3, 7)) {
            int[] held = pixelIndices(split.heldOut());
            int[] rest = pixelIndices(split.remaining());
            assertArrayEquals(split.heldOutIndices(), held);
            assertArrayEquals(split.remainingIndices(), rest);
            Set<Integer> seen = new HashSet<>();
            for (int i : held) {
                assertEquals(LABELS[i], split.heldOut().getLabels()[Arrays.binarySearch(held, i)], "label follows");
                seen.add(i);
            }
            for (int i : rest) {
                assertFalse(seen.contains(i), "image " + i + " is in both parts");
                seen.add(i);
            }
            assertEquals(LABELS.length, seen.size(), "every image is in one part");
            assertArrayEquals(new int[] {3, 3, 3}, split.heldOut().classCounts());
            assertArrayEquals(new int[] {2, 4, 1}, split.remaining().classCounts());
            for (int k = 0; k < rest.length; k++) {
                assertEquals(LABELS[rest[k]], split.remaining().getLabels()[k], "label of remaining image " + k);
            }
        }
    }

    @Test
    void theSameSeedGivesTheSameSplitAndAnotherSeedAnother() {
        try (ImageTensorDataset data = numbered(); ImageTensorDataset.Split a = data.splitBalanced(2, 11);
                ImageTensorDataset.Split b = data.splitBalanced(2, 11)) {
            assertArrayEquals(a.heldOutIndices(), b.heldOutIndices());
            assertArrayEquals(pixelIndices(a.heldOut()), pixelIndices(b.heldOut()));
            Set<String> draws = new HashSet<>();
            for (long seed = 0; seed < 10; seed++) {
                try (ImageTensorDataset.Split s = data.splitBalanced(2, seed)) {
                    draws.add(Arrays.toString(s.heldOutIndices()));
                }
            }
            assertEquals(true, draws.size() > 1, "ten seeds drew one split: " + draws);
        }
    }

    @Test
    void aSizeThatLeavesAClassEmptyIsRefused() {
        try (ImageTensorDataset data = numbered()) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> data.splitBalanced(4, 0));
            assertEquals("perClass must be < 4 (the images of class 'c', of which at least one must remain), got 4",
                    e.getMessage());
            e = assertThrows(IllegalArgumentException.class, () -> data.splitBalanced(0, 0));
            assertEquals("perClass must be >= 1, got 0", e.getMessage());
        }
    }
}
