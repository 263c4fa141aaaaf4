package org.sota4j.models;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.util.function.Supplier;

/** Parameter counts against torchvision / paper values, output shapes, option validation. */
class ModelsTest {

    /** Counts from toolkit/src/test/python/models_param_counts.py (torch 1.13, torchvision 0.14). */
    private static JsonObject reference;

    @BeforeAll
    static void load() throws Exception {
        try (Reader r =
                new InputStreamReader(
                        ModelsTest.class.getResourceAsStream("/fixtures/models/param_counts.json"),
                        StandardCharsets.UTF_8)) {
            reference = JsonParser.parseReader(r).getAsJsonObject();
        }
    }

    private static long ref(String key) {
        return reference.get(key).getAsLong();
    }

    private static long count(ImageClassifier model, int channels) {
        try (NDManager m = NDManager.newBaseManager()) {
            model.initialize(m, DataType.FLOAT32, new Shape(2, channels, 32, 32));
            return model.countTrainableParameters();
        }
    }

    private static long conv(long in, long out, long k) {
        return in * out * k * k;
    }

    private static long bn(long c) {
        return 2 * c;
    }

    /** The CIFAR ResNet count by formula: stem, 3 stages of n basic blocks, projections for B. */
    static long cifarResNetFormula(int depth, int classes, int inChannels, boolean projection) {
        int n = (depth - 2) / 6;
        long total = conv(inChannels, 16, 3) + bn(16);
        long in = 16;
        for (long c : new long[] {16, 32, 64}) {
            for (int b = 0; b < n; b++) {
                total += conv(in, c, 3) + bn(c) + conv(c, c, 3) + bn(c);
                if (projection && in != c) {
                    total += conv(in, c, 1) + bn(c);
                }
                in = c;
            }
        }
        return total + 64L * classes + classes;
    }

    @Test
    void cifarResNetMatchesPaperAndFormula() {
        long r20 = count(Models.resnet20(10), 3);
        long r56 = count(Models.resnet56(10), 3);
        assertEquals(cifarResNetFormula(20, 10, 3, false), r20);
        assertEquals(cifarResNetFormula(56, 10, 3, false), r56);
        assertEquals(269_722, r20);
        assertEquals(853_018, r56);
        assertEquals(ref("cifar_resnet20_A_10"), r20);
        assertEquals(ref("cifar_resnet56_A_10"), r56);
        assertEquals(0.27e6, r20, 0.005e6); // the paper's table 6
        assertEquals(0.85e6, r56, 0.005e6);
        long r110 = count(CifarResNet.builder().optDepth(110).build(), 3);
        assertEquals(ref("cifar_resnet110_A_10"), r110);
        assertEquals(cifarResNetFormula(110, 10, 3, false), r110);

        long r20b = count(CifarResNet.builder().optShortcut(Shortcut.PROJECTION).build(), 3);
        assertEquals(cifarResNetFormula(20, 10, 3, true), r20b);
        assertEquals(ref("cifar_resnet20_B_10"), r20b);
        long r56b = count(CifarResNet.builder().optDepth(56).optShortcut(Shortcut.PROJECTION).build(), 3);
        assertEquals(ref("cifar_resnet56_B_10"), r56b);

        long gray = count(CifarResNet.builder().optInputChannels(1).build(), 1);
        assertEquals(ref("cifar_resnet20_A_10_gray"), gray);
        assertEquals(cifarResNetFormula(20, 10, 1, false), gray);
        assertEquals(cifarResNetFormula(20, 100, 3, false), count(Models.resnet20(100), 3));
    }

    @Test
    void torchvisionResNetCounts() {
        assertEquals(11_689_512, count(Models.resnet18(1000), 3));
        assertEquals(25_557_032, count(Models.resnet50(1000), 3));
        assertEquals(ref("torchvision_resnet18_10"), count(Models.resnet18(10), 3));
        assertEquals(ref("resnet18_small_stem_10"), count(Models.resnet18(10, true), 3));
    }

    @Test
    void preActAndWideResNetCounts() {
        assertEquals(ref("preact_resnet18_10"), count(Models.preActResNet18(10), 3));
        assertEquals(ref("preact_resnet18_100"), count(Models.preActResNet18(100), 3));
        assertEquals(ref("wrn_28_10_10"), count(Models.wideResNet(28, 10), 3));
        assertEquals(ref("wrn_16_4_10"), count(Models.wideResNet(16, 4), 3));
        assertEquals(ref("wrn_40_2_100"), count(Models.wideResNet(40, 2, 100), 3));
        // dropout adds no parameters
        assertEquals(ref("wrn_16_4_10"),
                count(WideResNet.builder().optDepth(16).optWidth(4).optBlockDropout(0.3f).build(), 3));
    }

    @Test
    void smallCnnCountByFormula() {
        // 3 stages of conv3x3 (no bias) + BN: 1->32->64->128, then Linear(128, 10)
        long expected = conv(1, 32, 3) + bn(32) + conv(32, 64, 3) + bn(64) + conv(64, 128, 3) + bn(128)
                + 128 * 10 + 10;
        assertEquals(expected, count(Models.smallCnn(10, 1), 1));
    }

    private static void checkShapes(Supplier<ImageClassifier> rgb, Supplier<ImageClassifier> gray, int classes) {
        try (NDManager m = NDManager.newBaseManager()) {
            for (int channels : new int[] {3, 1}) {
                ImageClassifier model = channels == 3 ? rgb.get() : gray.get();
                int size = channels == 3 ? 32 : 28;
                Shape in = new Shape(3, channels, size, size);
                model.initialize(m, DataType.FLOAT32, in);
                assertEquals(new Shape(3, classes), model.getOutputShapes(new Shape[] {in})[0], model.getName());
                ParameterStore ps = new ParameterStore(m, false);
                for (boolean training : new boolean[] {true, false}) {
                    NDArray y = model.forward(ps, new NDList(m.randomNormal(in)), training).singletonOrThrow();
                    assertEquals(new Shape(3, classes), y.getShape(), model.getName() + " " + in);
                    assertTrue(Float.isFinite(y.sum().getFloat()), model.getName());
                }
            }
        }
    }

    @Test
    void outputShapesFor28x28x1And32x32x3() {
        checkShapes(() -> Models.resnet20(10),
                () -> CifarResNet.builder().optInputChannels(1).optShortcut(Shortcut.ZERO_PAD).build(), 10);
        checkShapes(() -> CifarResNet.builder().optShortcut(Shortcut.PROJECTION).optNumClasses(7).build(),
                () -> CifarResNet.builder().optShortcut(Shortcut.PROJECTION).optNumClasses(7).optInputChannels(1)
                        .build(), 7);
        checkShapes(() -> PreActResNet.builder().optWidth(16).build(),
                () -> PreActResNet.builder().optWidth(16).optInputChannels(1).build(), 10);
        checkShapes(() -> WideResNet.builder().optDepth(16).optWidth(2).optBlockDropout(0.3f).optDropout(0.2f).build(),
                () -> WideResNet.builder().optDepth(16).optWidth(2).optInputChannels(1).build(), 10);
        checkShapes(() -> ResNet.builder().optDepth(18).optWidth(16).optSmallInputStem(true).optNumClasses(10).build(),
                () -> ResNet.builder().optDepth(18).optWidth(16).optSmallInputStem(true).optNumClasses(10)
                        .optInputChannels(1).build(), 10);
        checkShapes(() -> ResNet.builder().optDepth(50).optWidth(8).optNumClasses(100).build(),
                () -> ResNet.builder().optDepth(50).optWidth(8).optNumClasses(100).optInputChannels(1)
                        .optSmallInputStem(true).optStochasticDepth(0.1f).build(), 100);
        checkShapes(() -> Models.smallCnn(10), () -> Models.smallCnn(10, 1), 10);
    }

    @Test
    void wrongInputChannelsAreRejected() {
        try (NDManager m = NDManager.newBaseManager()) {
            ImageClassifier model = Models.resnet20(10);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> model.initialize(m, DataType.FLOAT32, new Shape(2, 1, 28, 28)));
            assertTrue(e.getMessage().contains("3"), e.getMessage());
            model.initialize(m, DataType.FLOAT32, new Shape(2, 3, 32, 32));
            assertThrows(IllegalArgumentException.class, () -> model.forward(
                    new ParameterStore(m, false), new NDList(m.ones(new Shape(2, 1, 32, 32))), false));
        }
    }

    @Test
    void badOptionsAreRejectedWithTheirName() {
        assertMessage("depth", () -> CifarResNet.builder().optDepth(21).build());
        assertMessage("depth", () -> WideResNet.builder().optDepth(27).build());
        assertMessage("depth", () -> ResNet.builder().optDepth(20).build());
        assertMessage("depth", () -> PreActResNet.builder().optDepth(50).build());
        assertMessage("numClasses", () -> CifarResNet.builder().optNumClasses(0).build());
        assertMessage("inputChannels", () -> SmallCnn.builder().optInputChannels(0).build());
        assertMessage("dropout", () -> ResNet.builder().optDropout(1f).build());
        assertMessage("stochasticDepth", () -> ResNet.builder().optStochasticDepth(-0.1f).build());
        assertMessage("blockDropout", () -> WideResNet.builder().optBlockDropout(1.5f).build());
        assertMessage("virtualBatchSize", () -> Norm.ghostBatchNorm(0));
        assertMessage("norm", () -> SmallCnn.builder().optNorm(null).build());
        assertMessage("width", () -> SmallCnn.builder().optWidth(0).build());
    }

    private static void assertMessage(String name, org.junit.jupiter.api.function.Executable call) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
        assertTrue(e.getMessage().contains(name), e.getMessage());
    }
}
