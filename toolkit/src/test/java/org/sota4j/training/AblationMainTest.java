package org.sota4j.training;

import static org.junit.jupiter.api.Assertions.assertEquals;

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
}
