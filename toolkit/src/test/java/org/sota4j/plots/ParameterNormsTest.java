package org.sota4j.plots;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.util.Pair;

import org.junit.jupiter.api.Test;

import org.sota4j.optimizers.WeightDecayGroups;

import tech.tablesaw.api.Table;

import java.util.List;

class ParameterNormsTest {

    @Test
    void normsKindsAndDecaysPerParameter() {
        try (NDManager manager = NDManager.newBaseManager()) {
            SequentialBlock block = new SequentialBlock()
                    .add(Conv2d.builder().setKernelShape(new Shape(1, 1)).setFilters(2).build())
                    .add(BatchNorm.builder().build());
            block.initialize(manager, DataType.FLOAT32, new Shape(1, 2, 3, 3));
            for (Pair<String, Parameter> pair : block.getParameters()) {
                switch (pair.getKey()) {
                    case "01Conv2d_weight" -> pair.getValue().getArray().set(new float[] {3, 0, 0, 4}); // norm 5
                    case "01Conv2d_bias" -> pair.getValue().getArray().set(new float[] {1, 1});
                    case "02BatchNorm_gamma" -> pair.getValue().getArray().set(new float[] {0.6f, 0.8f}); // norm 1
                    default -> { }
                }
            }
            WeightDecayGroups groups = WeightDecayGroups.builder().setBlock(block).optWeightDecay(1e-4f)
                    .optNormWeightDecay(0f).build();
            Table t = ParameterNorms.of(block, groups);
            assertEquals(ParameterNorms.COLUMNS, t.columnNames());
            // running mean / variance do not require gradients and are left out
            assertEquals(List.of("01Conv2d_weight", "01Conv2d_bias", "02BatchNorm_gamma", "02BatchNorm_beta"),
                    t.stringColumn("parameter").asList());
            assertEquals(List.of("weight", "bias", "norm_gamma", "norm_beta"), t.stringColumn("kind").asList());
            assertEquals(5.0, t.doubleColumn("l2_norm").getDouble(0), 1e-6);
            assertEquals(2.5, t.doubleColumn("rms").getDouble(0), 1e-6);
            assertEquals(Math.sqrt(2), t.doubleColumn("l2_norm").getDouble(1), 1e-6);
            assertEquals(1.0, t.doubleColumn("l2_norm").getDouble(2), 1e-6);
            assertEquals(Math.sqrt(0.5), t.doubleColumn("rms").getDouble(2), 1e-6);
            assertEquals(4, t.longColumn("elements").getLong(0));
            assertEquals(1e-4, t.doubleColumn("decay").getDouble(0), 1e-9);
            assertEquals(0.0, t.doubleColumn("decay").getDouble(2), 0);
            assertTrue(Double.isNaN(ParameterNorms.of(block, null).doubleColumn("decay").getDouble(0)));
        }
        assertEquals("block must not be null",
                assertThrows(IllegalArgumentException.class, () -> ParameterNorms.of(null, null)).getMessage());
    }
}
