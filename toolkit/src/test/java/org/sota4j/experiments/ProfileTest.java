package org.sota4j.experiments;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;

class ProfileTest {

    @Test
    void smokeRunsNeverWriteWhereTheCommittedResultsAre() {
        assertEquals(Path.of("results/05-label-smoothing.csv"), Profile.CPU.resultsFile("05-label-smoothing"));
        assertEquals(Path.of("results/05-label-smoothing-gpu.csv"), Profile.GPU.resultsFile("05-label-smoothing"));
        assertEquals(Path.of("results/smoke/05-label-smoothing.csv"), Profile.SMOKE.resultsFile("05-label-smoothing"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Profile.CPU.resultsFile("a/b"));
        assertTrue(e.getMessage().contains("'a/b'"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Profile.CPU.resultsFile(" "));
    }

    @Test
    void pickReturnsTheProfilesValue() {
        assertEquals(1, Profile.SMOKE.pick(1, 2, 3));
        assertEquals(2, Profile.CPU.pick(1, 2, 3));
        assertEquals("gpu", Profile.GPU.pick("smoke", "cpu", "gpu"));
    }
}
