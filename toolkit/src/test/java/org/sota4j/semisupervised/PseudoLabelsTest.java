package org.sota4j.semisupervised;

import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.Test;
import org.sota4j.datasets.ImageTensorDataset;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PseudoLabelsTest {

    @Test
    void keepsExactlyPerClassTrueLabels() {
        int[] labels = new int[300];
        for (int i = 0; i < labels.length; i++) {
            labels[i] = (i * 7) % 3;
        }
        int[] given = PseudoLabels.keepPerClass(labels, 3, 5, 1);
        int[] counts = new int[3];
        int hidden = 0;
        for (int i = 0; i < given.length; i++) {
            if (given[i] == -1) {
                hidden++;
            } else {
                assertEquals(labels[i], given[i], "a kept label must be the true one");
                counts[given[i]]++;
            }
        }
        assertArrayEquals(new int[] {5, 5, 5}, counts);
        assertEquals(285, hidden);
        assertArrayEquals(given, PseudoLabels.keepPerClass(labels, 3, 5, 1), "same seed, same choice");
        assertNotEquals(java.util.Arrays.toString(given),
                java.util.Arrays.toString(PseudoLabels.keepPerClass(labels, 3, 5, 2)), "another seed, another choice");
        assertThrows(IllegalArgumentException.class, () -> PseudoLabels.keepPerClass(labels, 3, 101, 1));
        assertThrows(IllegalArgumentException.class, () -> PseudoLabels.keepPerClass(labels, 2, 5, 1));
    }

    @Test
    void accuracyCountsOnlyUnlabelledExamples() {
        int[] truth = {0, 1, 2, 0, 1, 2};
        int[] given = {0, -1, -1, -1, 1, -1};
        int[] predicted = {2, 1, 0, 0, 0, 0}; // labelled ones are wrong on purpose: they must not count
        assertEquals(2.0 / 4, PseudoLabels.accuracyOnUnlabelled(predicted, truth, given), 1e-12);
        assertThrows(IllegalArgumentException.class,
                () -> PseudoLabels.accuracyOnUnlabelled(predicted, truth, new int[] {0, 1, 2, 0, 1, 2}));
    }

    @Test
    void selectsLabelledAndConfidentExamples() {
        int[] given = {0, -1, -1, 1, -1};
        float[] weights = {1f, 0.2f, 0.7f, 1f, 0.5f};
        assertArrayEquals(new int[] {0, 2, 3, 4}, PseudoLabels.select(given, weights, 0.5f));
        assertArrayEquals(new int[] {0, 1, 2, 3, 4}, PseudoLabels.select(given, weights, 0f));
        assertThrows(IllegalArgumentException.class, () -> PseudoLabels.select(given, weights, 1.5f));
    }

    @Test
    void datasetHoldsThePickedImagesWithTheNewLabels() {
        byte[] px = new byte[4 * 2 * 2];
        for (int i = 0; i < px.length; i++) {
            px[i] = (byte) i;
        }
        try (ImageTensorDataset source = ImageTensorDataset.fromPixels("t", px, new Shape(4, 1, 2, 2),
                new int[] {0, 1, 0, 1}, List.of("a", "b"));
                ImageTensorDataset d = PseudoLabels.dataset(source, new int[] {3, 0}, new int[] {1, 1, 0, 0}, "p")) {
            assertArrayEquals(new int[] {0, 1}, d.getLabels());
            assertEquals(new Shape(2, 1, 2, 2), d.getImages().getShape());
            assertArrayEquals(new byte[] {12, 13, 14, 15, 0, 1, 2, 3}, d.getImages().toByteArray());
            assertEquals(List.of("a", "b"), d.getClasses());
            assertThrows(IllegalArgumentException.class,
                    () -> PseudoLabels.dataset(source, new int[] {1}, new int[] {0, 2, 0, 0}, "bad"));
        }
    }
}
