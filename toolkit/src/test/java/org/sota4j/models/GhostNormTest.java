package org.sota4j.models;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.training.ParameterStore;

import org.junit.jupiter.api.Test;

/** Ghost batch norm (Hoffer et al. 2017) normalizes each virtual batch on its own. */
class GhostNormTest {

    /** (x - mean) / sqrt(var + 1e-5) per channel over N, H, W with the biased variance. */
    private static NDArray normalize(NDArray x) {
        NDArray t = x.transpose(1, 0, 2, 3).reshape(x.getShape().get(1), -1);
        NDArray mean = t.mean(new int[] {1}, true);
        NDArray var = t.sub(mean).pow(2).mean(new int[] {1}, true);
        NDArray y = t.sub(mean).div(var.add(1e-5f).sqrt());
        Shape s = x.getShape();
        return y.reshape(s.get(1), s.get(0), s.get(2), s.get(3)).transpose(1, 0, 2, 3);
    }

    @Test
    void eachVirtualBatchIsNormalizedSeparately() {
        try (NDManager m = NDManager.newBaseManager()) {
            GhostNorm ghost = new GhostNorm(4);
            Shape shape = new Shape(10, 3, 2, 2); // virtual batches of 4, 4 and 2
            ghost.initialize(m, DataType.FLOAT32, shape);
            NDArray x = m.randomNormal(shape).mul(3).add(m.arange(10f).reshape(10, 1, 1, 1));
            ParameterStore ps = new ParameterStore(m, false);
            NDArray y = ghost.forward(ps, new NDList(x), true).singletonOrThrow();
            assertEquals(shape, y.getShape());
            NDArray expected =
                    NDArrays.concat(new NDList(normalize(x.get("0:4")), normalize(x.get("4:8")),
                            normalize(x.get("8:10"))));
            assertTrue(expected.allClose(y, 1e-4, 1e-4, false));
            assertFalse(normalize(x).allClose(y, 1e-2, 1e-2, false), "must differ from full-batch BN");

            // running mean: one torch update (momentum 0.1) per virtual batch
            NDArray running = m.zeros(new Shape(3));
            for (String slice : new String[] {"0:4", "4:8", "8:10"}) {
                NDArray mean = x.get(slice).transpose(1, 0, 2, 3).reshape(3, -1).mean(new int[] {1});
                running = running.mul(0.9f).add(mean.mul(0.1f));
            }
            NDArray actual = null;
            for (Parameter p : ghost.getDirectParameters().values()) {
                if (p.getType() == Parameter.Type.RUNNING_MEAN) {
                    actual = p.getArray();
                }
            }
            assertTrue(running.allClose(actual, 1e-4, 1e-5, false), running + " vs " + actual);

            // a batch no larger than the virtual batch is plain BN
            NDArray small = x.get("0:3");
            NDArray ys = ghost.forward(ps, new NDList(small), true).singletonOrThrow();
            assertTrue(normalize(small).allClose(ys, 1e-4, 1e-4, false));
        }
    }

    private static int countNorms(Block block, Class<?> type) {
        int n = type.isInstance(block) ? 1 : 0;
        for (Block child : block.getChildren().values()) {
            n += countNorms(child, type);
        }
        return n;
    }

    @Test
    void modelsUseTheSelectedNorm() {
        try (NDManager m = NDManager.newBaseManager()) {
            ImageClassifier ghost = CifarResNet.builder().optNorm(Norm.ghostBatchNorm(8)).optInputChannels(1).build();
            assertEquals(19, countNorms(ghost, BatchNorm.class));
            assertEquals(19, countNorms(ghost, GhostNorm.class));
            ImageClassifier plain = CifarResNet.builder().optInputChannels(1).build();
            assertEquals(19, countNorms(plain, BatchNorm.class));
            assertEquals(0, countNorms(plain, GhostNorm.class));
            assertEquals(7, countNorms(WideResNet.builder().optDepth(10).optWidth(1)
                    .optNorm(Norm.ghostBatchNorm(4)).build(), GhostNorm.class));

            Shape in = new Shape(20, 1, 28, 28);
            ghost.initialize(m, DataType.FLOAT32, in);
            NDArray y = ghost.forward(new ParameterStore(m, false), new NDList(m.randomNormal(in)), true)
                    .singletonOrThrow();
            assertEquals(new Shape(20, 10), y.getShape());
            assertEquals(8, Norm.ghostBatchNorm(8).getVirtualBatchSize());
            assertFalse(Norm.batchNorm().isGhost());
        }
    }
}
