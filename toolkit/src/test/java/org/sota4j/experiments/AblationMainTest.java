package org.sota4j.experiments;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

import org.sota4j.recipe.Recipe;
import org.sota4j.recipe.RecipeRunner;

import java.util.List;

class AblationMainTest {

    @Test
    void variantFlagsReplaceTheBaseFlags() {
        Recipe base = Recipe.fromTorchvisionArgs("--model", "resnet20", "--epochs", "5", "--label-smoothing", "0.1",
                "--model-ema");
        Recipe v = AblationMain.withFlags(base, List.of("--label-smoothing", "0.2", "--mixup-alpha", "0.2"));
        assertEquals(0.2, v.getLabelSmoothing(), 0);
        assertEquals(0.2, v.getMixupAlpha(), 0);
        assertEquals(5, v.getEpochs());
        assertEquals("resnet20", v.getModel());
        assertEquals(true, v.isModelEma());
    }

    @Test
    void extrasCanBeGivenAndAreKept() {
        Recipe base = Recipe.fromTorchvisionArgs("--model", "resnet20", "--lr-per-iteration", "true",
                "--dropout", "0.1");
        assertEquals(true, base.isLrPerIteration());
        Recipe v = AblationMain.withFlags(base, List.of("--label-smoothing", "0.1", "--dropout", "0.2"));
        assertEquals(true, v.isLrPerIteration());
        assertEquals(0.2, v.getDropout(), 0);
        assertEquals(0.1, v.getLabelSmoothing(), 0);
    }

    @Test
    void workersMustBeAPositiveWholeNumber() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> AblationMain.run(new String[] {"--workers", "0"}));
        assertEquals("--workers must be a whole number of processes >= 1, got '0'", e.getMessage());
    }

    @Test
    void trainPerClassMustBeAPositiveWholeNumber() {
        for (String bad : new String[] {"0", "-3", "ten", "1.5"}) {
            var e = assertThrows(IllegalArgumentException.class,
                    () -> AblationMain.run(new String[] {"--train-per-class", bad, "--profile", "smoke"}));
            assertEquals("--train-per-class must be a whole number of images per class >= 1, got '" + bad + "'",
                    e.getMessage());
        }
        assertEquals(100, AblationMain.imagesPerClass("100", "--train-per-class"));
    }

    @Test
    void seedsMustBeWholeNumbersAndNameTheirFlag() {
        for (String bad : new String[] {"abc", "1,,2", "", "1.5"}) {
            var e = assertThrows(IllegalArgumentException.class,
                    () -> AblationMain.run(new String[] {"--seeds", bad, "--profile", "smoke"}));
            assertEquals("--seeds must be comma-separated whole numbers (e.g. 1,2,3), got '" + bad + "'",
                    e.getMessage());
        }
        assertArrayEquals(new long[] {1, 2, 3}, AblationMain.seeds("1, 2,3", "--seeds"));
    }

    /** A variant naming an unknown model is refused before the base trains. */
    @Test
    void unknownModelInAVariantFailsBeforeTraining() {
        var e = assertThrows(IllegalArgumentException.class, () -> AblationMain.run(new String[] {"--profile",
            "smoke", "--name", "unknown-model-test", "--base", "--model small_cnn --epochs 1",
            "--variant", "bad=--model resnet999"}));
        assertEquals("variant 'bad': model must be one of " + String.join(", ", RecipeRunner.MODELS)
                + " (the models RecipeRunner builds), got 'resnet999'", e.getMessage());
    }
}
