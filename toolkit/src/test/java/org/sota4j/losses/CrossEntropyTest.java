package org.sota4j.losses;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.sota4j.losses.Fixtures.assertRelative;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import org.junit.jupiter.api.Test;

class CrossEntropyTest {

    @Test
    void labelSmoothingMatchesTorchForIndexAndProbabilityTargets() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray logits = Fixtures.array(m, "logits");
            NDArray probs = Fixtures.array(m, "probs");
            long[] index = Fixtures.indices();
            NDArray[] indexLabels = {
                m.create(index), m.create(index).toType(DataType.INT32, false),
                m.create(index).toType(DataType.FLOAT32, false), m.create(index).reshape(-1, 1)
            };
            int cases = 0;
            for (JsonElement element : Fixtures.LOSSES.getAsJsonArray("labelSmoothing")) {
                JsonObject c = element.getAsJsonObject();
                float eps = c.get("eps").getAsFloat();
                LabelSmoothingCrossEntropy loss = new LabelSmoothingCrossEntropy(eps);
                for (NDArray labels : indexLabels) {
                    float value = loss.evaluate(new NDList(labels), new NDList(logits)).getFloat();
                    assertRelative(c.get("index").getAsDouble(), value, 1e-6,
                            "eps " + eps + " index labels " + labels.getDataType() + " " + labels.getShape());
                }
                float value = loss.evaluate(new NDList(probs), new NDList(logits)).getFloat();
                assertRelative(c.get("probs").getAsDouble(), value, 1e-6, "eps " + eps + " probability labels");
                cases++;
            }
            assertEquals(4, cases);
        }
    }

    @Test
    void softTargetCrossEntropyIsMeanOfMinusSumTargetTimesLogSoftmax() {
        try (NDManager m = NDManager.newBaseManager()) {
            float[][] logits = Fixtures.matrix("logits");
            float[][] probs = Fixtures.matrix("probs");
            double expected = 0;
            for (int i = 0; i < logits.length; i++) {
                double max = Double.NEGATIVE_INFINITY;
                for (float v : logits[i]) {
                    max = Math.max(max, v);
                }
                double sumExp = 0;
                for (float v : logits[i]) {
                    sumExp += Math.exp(v - max);
                }
                double logZ = max + Math.log(sumExp);
                for (int k = 0; k < logits[i].length; k++) {
                    expected -= probs[i][k] * (logits[i][k] - logZ);
                }
            }
            expected /= logits.length;
            SoftTargetCrossEntropy loss = new SoftTargetCrossEntropy();
            NDArray value = loss.evaluate(new NDList(m.create(probs)), new NDList(m.create(logits)));
            assertEquals(new Shape(), value.getShape());
            assertRelative(expected, value.getFloat(), 1e-6, "soft-target cross-entropy");
            // torch's F.cross_entropy with probability targets (eps 0) is the same quantity
            double torch = Fixtures.LOSSES.getAsJsonArray("labelSmoothing").get(0).getAsJsonObject().get("probs")
                    .getAsDouble();
            assertRelative(torch, expected, 1e-6, "formula vs torch");
            // index labels are one-hot targets: same value as DJL's sparse softmax cross-entropy
            NDArray index = m.create(Fixtures.indices());
            float djl = new ai.djl.training.loss.SoftmaxCrossEntropyLoss()
                    .evaluate(new NDList(index), new NDList(m.create(logits))).getFloat();
            assertRelative(djl, loss.evaluate(new NDList(index), new NDList(m.create(logits))).getFloat(), 1e-6,
                    "index labels vs DJL SoftmaxCrossEntropyLoss");
        }
    }

    @Test
    void lossesLeaveNoTemporariesInTheCallersManager() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray logits = Fixtures.array(m, "logits");
            NDArray index = m.create(Fixtures.indices());
            try (NDManager batch = m.newSubManager()) {
                logits.tempAttach(batch);
                index.tempAttach(batch);
                int before = batch.getManagedArrays().size();
                NDArray loss = new LabelSmoothingCrossEntropy(0.1f).evaluate(new NDList(index), new NDList(logits));
                assertEquals(before + 1, batch.getManagedArrays().size(), "only the loss is added");
                assertTrue(batch.getManagedArrays().contains(loss));
            }
            assertFalse(logits.isReleased());
        }
    }

    @Test
    void targetsOneHotAndSmooth() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray oneHot = Targets.oneHot(m.create(new float[] {2, 0}), 3);
            assertEquals(DataType.FLOAT32, oneHot.getDataType());
            assertArrayEquals(new float[] {0, 0, 1, 1, 0, 0}, oneHot.toFloatArray());
            NDArray smooth = Targets.smooth(oneHot, 0.3f);
            assertArrayEquals(new float[] {0.1f, 0.1f, 0.8f, 0.8f, 0.1f, 0.1f}, smooth.toFloatArray(), 1e-6f);
            assertTrue(Targets.isIndex(m.create(new long[] {1, 2}), 3));
            assertTrue(Targets.isIndex(m.create(new long[] {1, 2}).reshape(2, 1), 3));
            assertFalse(Targets.isIndex(oneHot, 3));
        }
    }

    @Test
    void badInputsAreRejectedWithNameAndValue() {
        assertMessage(assertThrows(IllegalArgumentException.class, () -> new LabelSmoothingCrossEntropy(1f)),
                "eps", "1.0", "[0, 1)");
        assertMessage(assertThrows(IllegalArgumentException.class, () -> new LabelSmoothingCrossEntropy(-0.1f)),
                "eps", "-0.1");
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray logits = m.zeros(new Shape(2, 3));
            assertMessage(assertThrows(IllegalArgumentException.class, () -> new SoftTargetCrossEntropy()
                    .evaluate(new NDList(m.zeros(new Shape(2, 4))), new NDList(logits))), "labels", "(2, 4)");
            assertMessage(assertThrows(IllegalArgumentException.class, () -> new SoftTargetCrossEntropy()
                    .evaluate(new NDList(m.zeros(new Shape(5))), new NDList(logits))), "batch size", "(5)");
            assertMessage(assertThrows(IllegalArgumentException.class, () -> Targets.oneHot(logits, 0)),
                    "numClasses", "0");
            assertMessage(assertThrows(IllegalArgumentException.class, () -> Targets.smooth(logits, 2f)),
                    "eps", "2.0");
        }
    }

    static void assertMessage(IllegalArgumentException e, String... fragments) {
        for (String fragment : fragments) {
            assertTrue(e.getMessage().contains(fragment), () -> "'" + e.getMessage() + "' lacks '" + fragment + "'");
        }
    }
}
