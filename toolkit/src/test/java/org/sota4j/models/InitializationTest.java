package org.sota4j.models;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.training.ParameterStore;

import org.junit.jupiter.api.Test;

import java.util.List;

/** Zero-init residual (Goyal et al. 2017), He fan-out init and torch's default Linear init. */
class InitializationTest {

    private static Parameter param(Block block, Parameter.Type type) {
        for (Parameter p : block.getDirectParameters().values()) {
            if (p.getType() == type) {
                return p;
            }
        }
        throw new AssertionError("no " + type + " in " + block);
    }

    /** DJL prefixes child names with their position, e.g. "02bn1". */
    private static Block child(Block block, String name) {
        for (var pair : block.getChildren()) {
            if (pair.getKey().endsWith(name)) {
                return pair.getValue();
            }
        }
        throw new AssertionError("no child " + name);
    }

    private static void assertAll(NDArray a, float value) {
        for (float v : a.toFloatArray()) {
            assertEquals(value, v, 0f);
        }
    }

    @Test
    void zeroInitResidualZeroesTheLastNormGamma() {
        try (NDManager m = NDManager.newBaseManager()) {
            ImageClassifier model = CifarResNet.builder().optZeroInitResidual(true).build();
            model.initialize(m, DataType.FLOAT32, new Shape(2, 3, 32, 32));
            List<ResidualBlock> blocks = model.getResidualBlocks();
            assertEquals(9, blocks.size());
            for (ResidualBlock b : blocks) {
                BasicBlock basic = (BasicBlock) b;
                assertAll(param(basic.getLastNorm(), Parameter.Type.GAMMA).getArray(), 0f);
                assertAll(param(basic.getLastNorm(), Parameter.Type.BETA).getArray(), 0f);
                // the other norm is untouched
                BatchNorm first = (BatchNorm) child(basic, "bn1");
                assertAll(param(first, Parameter.Type.GAMMA).getArray(), 1f);
            }

            ImageClassifier plain = CifarResNet.builder().build();
            plain.initialize(m, DataType.FLOAT32, new Shape(2, 3, 32, 32));
            BasicBlock b0 = (BasicBlock) plain.getResidualBlocks().get(0);
            assertAll(param(b0.getLastNorm(), Parameter.Type.GAMMA).getArray(), 1f);

            ImageClassifier r50 = ResNet.builder().optWidth(8).optZeroInitResidual(true).build();
            r50.initialize(m, DataType.FLOAT32, new Shape(2, 3, 64, 64));
            assertEquals(16, r50.getResidualBlocks().size());
            for (ResidualBlock b : r50.getResidualBlocks()) {
                assertAll(param(((Bottleneck) b).getLastNorm(), Parameter.Type.GAMMA).getArray(), 0f);
            }

            ImageClassifier wrn = WideResNet.builder().optDepth(10).optWidth(1).optZeroInitResidual(true).build();
            wrn.initialize(m, DataType.FLOAT32, new Shape(2, 3, 32, 32));
            for (ResidualBlock b : wrn.getResidualBlocks()) {
                assertAll(param(((PreActBlock) b).getLastConv(), Parameter.Type.WEIGHT).getArray(), 0f);
            }
        }
    }

    @Test
    void zeroInitBlocksStartAsTheirShortcut() {
        try (NDManager m = NDManager.newBaseManager()) {
            ParameterStore ps = new ParameterStore(m, false);
            NDArray x = m.randomNormal(new Shape(4, 16, 8, 8));

            BasicBlock same = new BasicBlock(16, 16, 1, Norm.batchNorm(), Shortcut.ZERO_PAD, 0f);
            same.zeroInitResidualBranch();
            same.initialize(m, DataType.FLOAT32, x.getShape());
            for (boolean training : new boolean[] {true, false}) {
                NDArray y = same.forward(ps, new NDList(x), training).singletonOrThrow();
                assertTrue(Activation.relu(x).allClose(y, 1e-5, 1e-6, false));
            }

            // option A: subsample with stride 2 and append zero channels
            BasicBlock down = new BasicBlock(16, 32, 2, Norm.batchNorm(), Shortcut.ZERO_PAD, 0f);
            down.zeroInitResidualBranch();
            down.initialize(m, DataType.FLOAT32, x.getShape());
            NDArray y = down.forward(ps, new NDList(x), true).singletonOrThrow();
            assertEquals(new Shape(4, 32, 4, 4), y.getShape());
            float[] xs = x.toFloatArray();
            float[] ys = y.toFloatArray();
            for (int n = 0; n < 4; n++) {
                for (int c = 0; c < 32; c++) {
                    for (int i = 0; i < 4; i++) {
                        for (int j = 0; j < 4; j++) {
                            float expected =
                                    c < 16 ? Math.max(0f, xs[((n * 16 + c) * 8 + 2 * i) * 8 + 2 * j]) : 0f;
                            assertEquals(expected, ys[((n * 32 + c) * 4 + i) * 4 + j], 1e-5f);
                        }
                    }
                }
            }

            PreActBlock pre = new PreActBlock(16, 16, 1, Norm.batchNorm(), 0f, 0f);
            pre.zeroInitResidualBranch();
            pre.initialize(m, DataType.FLOAT32, x.getShape());
            assertTrue(x.allClose(pre.forward(ps, new NDList(x), true).singletonOrThrow(), 1e-5, 1e-6, false));
        }
    }

    @Test
    void convolutionsAreHeNormalFanOutAndClassifierIsTorchDefault() {
        try (NDManager m = NDManager.newBaseManager()) {
            ImageClassifier model = Models.resnet20(10);
            model.initialize(m, DataType.FLOAT32, new Shape(2, 3, 32, 32));
            // every conv of the last stage: 64 x 64 x 3 x 3, fan_out = 64 * 9
            double expectedStd = Math.sqrt(2.0 / (64 * 9));
            int checked = 0;
            for (var pair : model.getParameters()) {
                Parameter p = pair.getValue();
                if (p.getType() == Parameter.Type.WEIGHT && p.getArray().getShape().equals(new Shape(64, 64, 3, 3))) {
                    NDArray w = p.getArray();
                    double std = Math.sqrt(w.pow(2).mean().getFloat());
                    assertEquals(expectedStd, std, 0.03 * expectedStd, pair.getKey());
                    assertEquals(0.0, w.mean().getFloat(), 0.05 * expectedStd, pair.getKey());
                    checked++;
                }
            }
            assertEquals(5, checked);

            Linear fc = (Linear) model.getChildren().get(model.getChildren().size() - 1).getValue();
            float bound = (float) (1 / Math.sqrt(64));
            // U(-1/sqrt(64), 1/sqrt(64)) for weight (640 values) and bias (10 values)
            NDArray w = param(fc, Parameter.Type.WEIGHT).getArray();
            float maxW = w.abs().max().getFloat();
            assertTrue(maxW <= bound && maxW > 0.95f * bound, "max |w| = " + maxW);
            assertEquals(bound * bound / 3, w.pow(2).mean().getFloat(), 0.15 * bound * bound / 3);
            NDArray b = param(fc, Parameter.Type.BIAS).getArray();
            float maxB = b.abs().max().getFloat();
            assertTrue(maxB <= bound && maxB > 0f, "max |b| = " + maxB);
        }
    }
}
