package org.sota4j.experiments;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import org.sota4j.datasets.ImageTensorDataset;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;

class ExperimentDataTest {

    private static Set<ByteBuffer> images(ImageTensorDataset data) {
        byte[] pixels = data.getImages().toByteArray();
        int size = (int) data.imageShape().size();
        Set<ByteBuffer> out = new HashSet<>();
        for (int i = 0; i < data.getLabels().length; i++) {
            out.add(ByteBuffer.wrap(Arrays.copyOfRange(pixels, i * size, (i + 1) * size)));
        }
        return out;
    }

    private static int[] filled(int value) {
        int[] out = new int[10];
        Arrays.fill(out, value);
        return out;
    }

    /** The profile's sizes, a validation split with no training image in it, and the test split as forProfile's. */
    @Test
    void validationIsCarvedFromTheTrainingImagesAndDisjointFromTraining() {
        try (ExperimentData d = ExperimentData.forProfileWithValidation(Profile.CPU);
                ExperimentData legacy = ExperimentData.forProfile(Profile.CPU)) {
            assertArrayEquals(filled(200), d.train().classCounts());
            assertArrayEquals(filled(100), d.validation().classCounts());
            assertArrayEquals(filled(200), d.test().classCounts());
            Set<ByteBuffer> train = images(d.train());
            Set<ByteBuffer> validation = images(d.validation());
            Set<ByteBuffer> all = images(legacy.train());
            for (ByteBuffer v : validation) {
                assertFalse(train.contains(v), "a validation image is also a training image");
            }
            assertTrue(all.containsAll(train) && all.containsAll(validation), "both come from the training split");
            assertArrayEquals(legacy.test().getImages().toByteArray(), d.test().getImages().toByteArray());
            assertEquals("Fashion-MNIST, embedded subset: 2,000 train / 1,000 validation (carved from the training "
                    + "images, class-balanced) / 2,000 test images (cpu profile)", d.description());
        }
    }

    /** The validation images do not depend on the training subset's size, and the same call gives the same data. */
    @Test
    void theValidationSplitIsFixedAcrossTrainingSizesAndCalls() {
        try (ExperimentData small = ExperimentData.forProfileWithValidation(Profile.SMOKE, 20, 30);
                ExperimentData large = ExperimentData.forProfileWithValidation(Profile.SMOKE, 900, 30);
                ExperimentData again = ExperimentData.forProfileWithValidation(Profile.SMOKE, 20, 30)) {
            assertArrayEquals(small.validation().getImages().toByteArray(),
                    large.validation().getImages().toByteArray());
            assertArrayEquals(small.train().getImages().toByteArray(), again.train().getImages().toByteArray());
            assertArrayEquals(filled(900), large.train().classCounts());
            assertArrayEquals(filled(50), small.test().classCounts());
        }
    }

    @Test
    void theSmokeAndCpuProfilesOfForProfileAreUnchanged() {
        try (ExperimentData smoke = ExperimentData.forProfile(Profile.SMOKE);
                ExperimentData cpu = ExperimentData.forProfile(Profile.CPU)) {
            assertEquals(2000, smoke.train().getLabels().length);
            assertEquals(500, smoke.test().getLabels().length);
            assertEquals(10000, cpu.train().getLabels().length);
            assertEquals(2000, cpu.test().getLabels().length);
            assertNull(cpu.validation());
        }
    }

    @Test
    void sizesBeyondTheImagesAreRefusedNamingTheParameter() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ExperimentData.forProfileWithValidation(Profile.CPU, 901, 100));
        assertEquals("trainPerClass must be <= 900 (the training images of each class left after holding out 100 per "
                + "class for validation), got 901", e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> ExperimentData.forProfileWithValidation(Profile.CPU, 10, 1000));
        assertEquals("validationPerClass: perClass must be < 1000 (the images of class 'T-shirt/top', of which at "
                + "least one must remain), got 1000", e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> ExperimentData.forProfileWithValidation(Profile.CPU, 0, 10));
        assertEquals("trainPerClass must be >= 1, got 0", e.getMessage());
    }
}
