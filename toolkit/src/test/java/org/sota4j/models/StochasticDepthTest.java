package org.sota4j.models;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.training.ParameterStore;

import org.junit.jupiter.api.Test;

/** Builders assign drop-path probabilities linear in depth (timm rule) and blocks apply them. */
class StochasticDepthTest {

    private static void assertLinear(float[] p, float pMax) {
        assertEquals(0f, p[0], 0f);
        assertEquals(pMax, p[p.length - 1], 1e-6f);
        for (int i = 0; i < p.length; i++) {
            assertEquals(pMax * i / (p.length - 1), p[i], 1e-6f, "block " + i);
        }
    }

    @Test
    void probabilitiesGrowLinearlyWithDepth() {
        float[] r20 = CifarResNet.builder().optStochasticDepth(0.2f).build().getDropPathProbabilities();
        assertEquals(9, r20.length);
        assertLinear(r20, 0.2f);
        assertArrayEquals(DropPath.linearProbabilities(9, 0.2f), r20);
        float[] r110 = CifarResNet.builder().optDepth(110).optStochasticDepth(0.5f).build().getDropPathProbabilities();
        assertEquals(54, r110.length);
        assertLinear(r110, 0.5f);
        assertLinear(ResNet.builder().optStochasticDepth(0.1f).build().getDropPathProbabilities(), 0.1f);
        assertEquals(16, ResNet.builder().build().getDropPathProbabilities().length);
        assertLinear(PreActResNet.builder().optStochasticDepth(0.3f).build().getDropPathProbabilities(), 0.3f);
        assertLinear(WideResNet.builder().optDepth(16).optWidth(1).optStochasticDepth(0.3f).build()
                .getDropPathProbabilities(), 0.3f);
        assertArrayEquals(new float[9], Models.resnet20(10).getDropPathProbabilities());
    }

    @Test
    void blockDropsWholeBranchesPerSample() {
        Engine.getInstance().setRandomSeed(5);
        try (NDManager m = NDManager.newBaseManager()) {
            BasicBlock block = new BasicBlock(4, 4, 1, Norm.batchNorm(), Shortcut.ZERO_PAD, 0.5f);
            Shape shape = new Shape(200, 4, 5, 5);
            block.initialize(m, DataType.FLOAT32, shape);
            ParameterStore ps = new ParameterStore(m, false);
            NDArray x = m.randomNormal(shape);
            NDArray shortcutOnly = Activation.relu(x);
            NDArray y = block.forward(ps, new NDList(x), true).singletonOrThrow();
            int dropped = 0;
            for (int i = 0; i < 200; i++) {
                if (shortcutOnly.get(i).allClose(y.get(i), 1e-6, 1e-7, false)) {
                    dropped++;
                }
            }
            // Binomial(200, 0.5): mean 100, sd 7.1
            assertTrue(dropped > 65 && dropped < 135, "dropped " + dropped + " of 200");
            NDArray eval1 = block.forward(ps, new NDList(x), false).singletonOrThrow();
            NDArray eval2 = block.forward(ps, new NDList(x), false).singletonOrThrow();
            assertEquals(eval1, eval2);
            int droppedEval = 0;
            for (int i = 0; i < 200; i++) {
                if (shortcutOnly.get(i).allClose(eval1.get(i), 1e-6, 1e-7, false)) {
                    droppedEval++;
                }
            }
            assertEquals(0, droppedEval);
        }
    }
}
