package org.sota4j.examples;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;

class TrainWithRecipeTest {

    @Test
    void mainTrainsAndPrintsTheHistoryAndTheTorchvisionCommand() {
        PrintStream original = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setOut(new PrintStream(captured, true));
        try {
            TrainWithRecipe.main(new String[] {"2"});
        } finally {
            System.setOut(original);
        }
        String out = captured.toString();
        assertTrue(out.contains("epoch 2/2"), out);
        assertTrue(out.contains("val_acc"), out);
        assertTrue(out.contains("--label-smoothing 0.1") && out.contains("--auto-augment ta_wide"), out);
    }
}
