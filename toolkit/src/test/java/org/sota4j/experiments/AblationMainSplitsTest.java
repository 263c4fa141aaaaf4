package org.sota4j.experiments;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import tech.tablesaw.api.Table;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** {@code ./sota ablate} trains on the training subset, validates on the carve and tests once on the test split. */
class AblationMainSplitsTest {

    @Test
    void ablateTrainsOnTheSubsetAndWritesTestAccuracyAndPairedDeltas() throws Exception {
        Ablation.Result r = AblationMain.run(new String[] {"--profile", "smoke", "--name", "splits-test", "--base",
            "--model small_cnn --epochs 1 -b 50 --lr 0.05", "--variant", "ls=--label-smoothing 0.1", "--seeds", "1,2",
            "--train-per-class", "20", "--validation-per-class", "10"});
        Table runs = r.runs();
        assertEquals(List.of(200, 200, 200, 200), runs.intColumn("train_images").asList());
        for (double acc : runs.doubleColumn("test_acc").asDoubleArray()) {
            assertTrue(acc >= 0 && acc <= 1, "test_acc " + acc);
            assertEquals(0, (acc * 500) % 1, 1e-9, "a multiple of 1/500: the smoke test split's 500 images");
        }
        for (double acc : runs.doubleColumn("val_acc").asDoubleArray()) {
            assertEquals(0, (acc * 100) % 1, 1e-9, "a multiple of 1/100: 10 validation images of each class");
        }
        Path out = Path.of("build", "ablations", "splits-test");
        Table paired = Table.read().csv(out.resolve("paired.csv").toFile());
        assertEquals(List.of("ls"), paired.stringColumn("variant").asList());
        assertEquals(r.paired().delta("ls").mean(), paired.doubleColumn("delta_test_acc_pp").getDouble(0), 1e-9);
        assertTrue(Files.isRegularFile(out.resolve("runs.csv")));
    }
}
