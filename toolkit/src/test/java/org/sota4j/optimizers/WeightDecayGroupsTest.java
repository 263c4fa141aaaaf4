package org.sota4j.optimizers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.training.tracker.Tracker;
import ai.djl.util.Pair;
import org.junit.jupiter.api.Test;

import java.util.Map;

class WeightDecayGroupsTest {

    private static SequentialBlock convBn(NDManager manager) {
        SequentialBlock block = new SequentialBlock()
                .add(Conv2d.builder().setKernelShape(new Shape(3, 3)).setFilters(4).build())
                .add(BatchNorm.builder().build());
        block.initialize(manager, DataType.FLOAT32, new Shape(2, 3, 6, 6));
        for (Pair<String, Parameter> pair : block.getParameters()) { // non-zero everywhere
            NDArray array = pair.getValue().getArray();
            array.set(manager.randomUniform(0.5f, 1.5f, array.getShape()).toFloatArray());
        }
        return block;
    }

    /**
     * With zero gradients and plain SGD, each parameter moves by exactly -lr * wd * w: conv weight and bias
     * shrink with the plain decay, BatchNorm gamma/beta stay untouched with norm decay 0.
     */
    @Test
    void normDecayZeroLeavesBatchNormUntouchedWhileConvShrinks() {
        float lr = 0.1f;
        float wd = 0.01f;
        try (NDManager manager = NDManager.newBaseManager()) {
            SequentialBlock block = convBn(manager);
            WeightDecayGroups groups = WeightDecayGroups.builder()
                    .setBlock(block).optWeightDecay(wd).optNormWeightDecay(0f).build();
            Map<String, Float> byName = groups.decaysByName();
            assertEquals(wd, byName.get("01Conv2d_weight"));
            assertEquals(wd, byName.get("01Conv2d_bias"));
            assertEquals(0f, byName.get("02BatchNorm_gamma"));
            assertEquals(0f, byName.get("02BatchNorm_beta"));
            try (Sgd sgd = Sgd.builder().setLearningRateTracker(Tracker.fixed(lr)).optWeightDecayGroups(groups)
                    .build()) {
                for (Pair<String, Parameter> pair : block.getParameters()) {
                    Parameter parameter = pair.getValue();
                    if (!parameter.requiresGradient()) {
                        continue;
                    }
                    float[] before = parameter.getArray().toFloatArray();
                    sgd.update(parameter.getId(), parameter.getArray(), parameter.getArray().zerosLike());
                    float[] after = parameter.getArray().toFloatArray();
                    float decay = pair.getKey().startsWith("02BatchNorm") ? 0f : wd;
                    float[] expected = new float[before.length];
                    for (int i = 0; i < before.length; i++) {
                        expected[i] = before[i] - lr * (decay * before[i]); // torch: w - lr * (wd * w)
                        // float32 rounding of the native kernel (vectorized or fused) may differ by an ulp or two
                        assertEquals(expected[i], after[i], 2 * Math.ulp(expected[i]), pair.getKey() + "[" + i + "]");
                    }
                    if (decay == 0f) {
                        assertArrayEquals(before, after, 0f, pair.getKey());
                    }
                }
            }
        }
    }

    /** As torchvision: the bias key wins over the norm class, so BatchNorm's beta (torch "bias") gets bias decay. */
    @Test
    void biasDecayTakesPrecedenceOverNormDecay() {
        try (NDManager manager = NDManager.newBaseManager()) {
            SequentialBlock block = convBn(manager);
            WeightDecayGroups groups = WeightDecayGroups.builder().setBlock(block).optWeightDecay(0.05f)
                    .optNormWeightDecay(0f).optBiasWeightDecay(0.02f).build();
            Map<String, Float> byName = groups.decaysByName();
            assertEquals(0.05f, byName.get("01Conv2d_weight"));
            assertEquals(0.02f, byName.get("01Conv2d_bias"));
            assertEquals(0f, byName.get("02BatchNorm_gamma"));
            assertEquals(0.02f, byName.get("02BatchNorm_beta"));
            Parameter gamma = block.getParameters().get("02BatchNorm_gamma");
            assertEquals(WeightDecayGroups.Group.NORM, groups.groupOf(gamma));
            assertEquals(0f, groups.decayOf(gamma.getId()));

            // unset groups fall back to the plain decay, as torchvision's None defaults
            WeightDecayGroups plain = WeightDecayGroups.builder().setBlock(block).optWeightDecay(0.05f).build();
            assertTrue(plain.decaysByName().values().stream().allMatch(d -> d == 0.05f));
            assertEquals(WeightDecayGroups.Group.OTHER, plain.groupOf(gamma));
        }
    }

    @Test
    void unknownIdsAndNegativeDecaysAreRejected() {
        try (NDManager manager = NDManager.newBaseManager()) {
            SequentialBlock block = convBn(manager);
            WeightDecayGroups groups = WeightDecayGroups.builder().setBlock(block).build();
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> groups.decayOf("nope"));
            assertTrue(e.getMessage().contains("nope"), e.getMessage());
            e = assertThrows(IllegalArgumentException.class,
                    () -> WeightDecayGroups.builder().setBlock(block).optNormWeightDecay(-1f).build());
            assertTrue(e.getMessage().contains("normWeightDecay") && e.getMessage().contains("-1.0"));
        }
    }
}
