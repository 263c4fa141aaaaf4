package org.sota4j.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

import java.util.List;

class AblationMainTest {

    @Test
    void variantFlagsReplaceTheBaseFlags() {
        Recipe base = Recipe.fromTorchvisionArgs("--model", "resnet20", "--epochs", "5", "--label-smoothing", "0.1", "--model-ema");
        Recipe v = AblationMain.withFlags(base, List.of("--label-smoothing", "0.2", "--mixup-alpha", "0.2"));
        assertEquals(0.2, v.getLabelSmoothing(), 0);
        assertEquals(0.2, v.getMixupAlpha(), 0);
        assertEquals(5, v.getEpochs());
        assertEquals("resnet20", v.getModel());
        assertEquals(true, v.isModelEma());
    }

    @Test
    void trainPerClassMustBeAPositiveWholeNumber() {
        for (String bad : new String[] {"0", "-3", "ten", "1.5"}) {
            var e = assertThrows(IllegalArgumentException.class,
                    () -> AblationMain.run(new String[] {"--train-per-class", bad, "--profile", "smoke"}));
            assertEquals("--train-per-class must be a whole number of images per class >= 1, got '" + bad + "'", e.getMessage());
        }
        assertEquals(100, AblationMain.imagesPerClass("100", "--train-per-class"));
    }
}
