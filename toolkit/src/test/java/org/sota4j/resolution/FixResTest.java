package org.sota4j.resolution;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Blocks;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.NormalInitializer;
import ai.djl.util.Pair;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

class FixResTest {

    @Test
    void scalesTheTorchvisionImagenetRecipe() {
        assertEquals(new FixRes.Resolutions(176, 232, 224), FixRes.forImageSize(224));
        // 176 * 32 / 224 = 25.14, 232 * 32 / 224 = 33.14
        assertEquals(new FixRes.Resolutions(25, 33, 32), FixRes.forImageSize(32));
        // 176 * 64 / 224 = 50.29, 232 * 64 / 224 = 66.29
        assertEquals(new FixRes.Resolutions(50, 66, 64), FixRes.forImageSize(64));
        // 176 * 96 / 224 = 75.43, 232 * 96 / 224 = 99.43
        assertEquals(new FixRes.Resolutions(75, 99, 96), FixRes.forImageSize(96));
        // original recipe 224 / 256 / 224 at 32: 32, 36.57 -> 37
        assertEquals(new FixRes.Resolutions(32, 37, 32), FixRes.scale(FixRes.IMAGENET_ORIGINAL, 32));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> FixRes.forImageSize(0));
        assertEquals("valCropSize must be >= 1, got 0", e.getMessage());
    }

    private static SequentialBlock smallNet() {
        return new SequentialBlock()
                .add(Conv2d.builder().setKernelShape(new Shape(3, 3)).setFilters(4).optPadding(new Shape(1, 1)).build())
                .add(BatchNorm.builder().build())
                .add(Activation.reluBlock())
                .add(Blocks.batchFlattenBlock())
                .add(Linear.builder().setUnits(8).build())
                .add(BatchNorm.builder().build())
                .add(Linear.builder().setUnits(3).build());
    }

    @Test
    void unfreezesOnlyBatchNormAffineAndTheClassifier() {
        try (NDManager m = NDManager.newBaseManager()) {
            SequentialBlock net = smallNet();
            net.setInitializer(new NormalInitializer(), Parameter.Type.WEIGHT);
            net.initialize(m, DataType.FLOAT32, new Shape(2, 3, 6, 6));
            List<Parameter> trainable = FixRes.prepareFineTuning(net);
            Set<String> names = new HashSet<>();
            for (Parameter p : trainable) {
                names.add(p.getType() + "");
            }
            assertEquals(6, trainable.size()); // 2 x (gamma, beta) + last linear (weight, bias)
            Linear classifier = FixRes.lastLinear(net);
            assertEquals(new Shape(3, 8), classifier.getDirectParameters().get("weight").getArray().getShape());
            for (Pair<String, Parameter> p : net.getParameters()) {
                Parameter param = p.getValue();
                boolean expected = trainable.contains(param);
                assertEquals(expected, param.requiresGradient(), p.getKey());
                if (p.getKey().contains("running")) {
                    assertFalse(param.requiresGradient());
                }
            }
            assertTrue(names.contains("GAMMA") && names.contains("BETA") && names.contains("WEIGHT"));
            assertThrows(IllegalArgumentException.class, () -> FixRes.prepareFineTuning(Activation.reluBlock()));
        }
    }

    @Test
    void recomputesRunningStatisticsWithoutTouchingWeights() {
        try (NDManager m = NDManager.newBaseManager()) {
            SequentialBlock net = smallNet();
            net.setInitializer(new NormalInitializer(), Parameter.Type.WEIGHT);
            net.initialize(m, DataType.FLOAT32, new Shape(16, 3, 6, 6));
            BatchNorm first = FixRes.batchNorms(net).get(0);
            assertEquals(2, FixRes.batchNorms(net).size());
            NDArray conv = net.getChildren().get(0).getValue().getDirectParameters().get("weight").getArray();
            float[] convBefore = conv.toFloatArray();
            float[] gammaBefore = first.getDirectParameters().get("gamma").getArray().toFloatArray();
            List<NDArray> batches = new ArrayList<>();
            // inputs whose per-channel conv outputs have a large mean: one fixed batch, so the
            // batch statistics are the same every time and the EMA converges to them
            NDArray batch = m.randomNormal(3f, 1f, new Shape(16, 3, 6, 6), DataType.FLOAT32);
            for (int i = 0; i < 80; i++) {
                batches.add(batch);
            }
            ParameterStore store = new ParameterStore(m, false);
            assertEquals(80, FixRes.recomputeBatchNormStatistics(net, store, batches, true));
            float[] runningMean = first.getDirectParameters().get("runningMean").getArray().toFloatArray();
            float[] runningVar = first.getDirectParameters().get("runningVar").getArray().toFloatArray();
            // expected: the conv output's per-channel mean and (unbiased) variance on the batch
            NDArray convOut = net.getChildren().get(0).getValue()
                    .forward(store, new ai.djl.ndarray.NDList(batch), false).head();
            NDArray perChannel = convOut.transpose(1, 0, 2, 3).reshape(4, -1);
            float[] mean = perChannel.mean(new int[] {1}).toFloatArray();
            long count = perChannel.getShape().get(1);
            float[] var = perChannel.sub(perChannel.mean(new int[] {1}, true)).square().sum(new int[] {1})
                    .div(count - 1).toFloatArray();
            for (int c = 0; c < 4; c++) {
                // after 80 batches at momentum 0.9 the initial value weighs 0.9^80 = 2e-4
                assertEquals(mean[c], runningMean[c], 2e-3 * Math.max(1, Math.abs(mean[c])), "mean " + c);
                assertEquals(var[c], runningVar[c], 2e-3 * Math.max(1, var[c]), "var " + c);
                assertNotEquals(0f, runningMean[c]);
            }
            assertArrayEquals(convBefore, conv.toFloatArray());
            assertArrayEquals(gammaBefore, first.getDirectParameters().get("gamma").getArray().toFloatArray());
        }
    }
}
