package org.sota4j.augmentation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Every op with fixed magnitudes against torchvision 0.14's {@code _apply_op} on uint8 tensors. */
class AugmentOpTest {

    private static final Set<AugmentOp> BLENDS =
            Set.of(AugmentOp.BRIGHTNESS, AugmentOp.COLOR, AugmentOp.CONTRAST, AugmentOp.SHARPNESS);

    /** Mixed batches: every case of one image (and fill) in one applyEach call, ops grouped internally. */
    @Test
    void mixedBatchesMatchTorchvision() {
        JsonObject root = Fixtures.load("ops.json");
        Map<String, List<JsonObject>> groups = new LinkedHashMap<>();
        for (JsonElement e : root.getAsJsonArray("cases")) {
            JsonObject c = e.getAsJsonObject();
            groups.computeIfAbsent(c.get("image").getAsString() + "|" + c.get("fill"), k -> new ArrayList<>()).add(c);
        }
        int checked = 0;
        int offByOne = 0;
        int pixels = 0;
        try (NDManager m = NDManager.newBaseManager()) {
            for (List<JsonObject> cases : groups.values()) {
                checked += runBatch(m, root, cases);
            }
            for (List<JsonObject> cases : groups.values()) {
                // the same cases again, one op per call (the single-op fast paths)
                Map<String, List<JsonObject>> byOp = new LinkedHashMap<>();
                for (JsonObject c : cases) {
                    byOp.computeIfAbsent(c.get("op").getAsString(), k -> new ArrayList<>()).add(c);
                }
                for (List<JsonObject> same : byOp.values()) {
                    runBatch(m, root, same);
                }
            }
        }
        assertTrue(checked > 150, "expected all fixture cases to run, ran " + checked);
    }

    private static int runBatch(NDManager m, JsonObject root, List<JsonObject> cases) {
        String name = cases.get(0).get("image").getAsString();
        JsonElement fillJson = cases.get(0).get("fill");
        float[] fill = Fixtures.isNull(fillJson) ? null : Fixtures.floats(fillJson.getAsJsonArray());
        NDArray one = Fixtures.image(m, root, name);
        NDList copies = new NDList();
        AugmentOp[] ops = new AugmentOp[cases.size()];
        double[] mags = new double[cases.size()];
        for (int i = 0; i < ops.length; i++) {
            copies.add(one);
            ops[i] = AugmentOp.fromTorchvisionName(cases.get(i).get("op").getAsString());
            mags[i] = cases.get(i).get("magnitude").getAsDouble();
        }
        NDArray batch = NDArrays.concat(copies, 0);
        NDArray out = AugmentOp.applyEach(batch, ops, mags, fill);
        int per = (int) one.size();
        float[] got = out.toFloatArray();
        for (int i = 0; i < ops.length; i++) {
            float[] expected = Fixtures.floats(cases.get(i).getAsJsonArray("expected"));
            float[] actual = java.util.Arrays.copyOfRange(got, i * per, (i + 1) * per);
            float diff = Fixtures.maxDiff(expected, actual);
            String what = name + " " + ops[i] + " " + mags[i] + " fill " + java.util.Arrays.toString(fill);
            if (BLENDS.contains(ops[i])) {
                assertTrue(diff <= 1f, what + ": max difference " + diff);
                int off = 0;
                for (int k = 0; k < per; k++) {
                    off += expected[k] != actual[k] ? 1 : 0;
                }
                assertTrue(off <= per / 50 + 1, what + ": " + off + " pixels off by one");
            } else {
                assertEquals(0f, diff, what + ": max difference " + diff);
            }
            for (float v : actual) {
                assertEquals(Math.rint(v), v, 0f, what + ": non-integer output " + v);
            }
        }
        return ops.length;
    }

    @Test
    void magnitudesOutsideTheDefinitionAreRejected() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray x = m.zeros(new ai.djl.ndarray.types.Shape(1, 3, 4, 4));
            BadInputTest.assertMessage(() -> ColorOps.posterize(x, new int[] {9}), "bits", "9");
            BadInputTest.assertMessage(() -> ColorOps.brightness(x, new double[] {-0.5}), "factors", "-0.5");
            BadInputTest.assertMessage(() -> ColorOps.solarize(x, new double[] {300}), "threshold", "300");
            BadInputTest.assertMessage(() -> AugmentOp.ROTATE.apply(x, new double[] {1, 2}, null), "magnitudes", "2");
            BadInputTest.assertMessage(() -> AugmentOp.applyEach(x, new AugmentOp[] {AugmentOp.ROTATE},
                    new double[] {1}, new float[] {1, 2}), "fill", "2");
            BadInputTest.assertMessage(() -> AugmentOp.fromTorchvisionName("Blur"), "Blur", "ShearX");
        }
    }
}
