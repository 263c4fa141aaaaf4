package org.sota4j.augmentation;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import org.junit.jupiter.api.Test;

/** The op tables equal torchvision 0.14's {@code _augmentation_space} dumps. */
class OpSpaceTest {

    @Test
    void tablesMatchTorchvision() {
        JsonObject root = Fixtures.load("spaces.json");
        for (String size : new String[] {"32", "28", "224"}) {
            int s = Integer.parseInt(size);
            compare(OpSpace.autoAugment(), root.getAsJsonObject("autoaugment").getAsJsonArray(size), 10, s, s);
            compare(OpSpace.randAugment(), root.getAsJsonObject("randaugment").getAsJsonArray(size), 31, s, s);
        }
        compare(OpSpace.randAugment(), root.getAsJsonObject("randaugment").getAsJsonArray("24x40"), 31, 24, 40);
        compare(OpSpace.trivialAugmentWide(), root.getAsJsonArray("trivialaugmentwide"), 31, 32, 32);
        compare(OpSpace.trivialAugmentWide(), root.getAsJsonArray("trivialaugmentwide"), 31, 224, 224);
    }

    private static void compare(OpSpace space, JsonArray expected, int bins, int h, int w) {
        assertEquals(expected.size(), space.rows().size(), space.name() + " row count");
        for (int r = 0; r < expected.size(); r++) {
            JsonObject e = expected.get(r).getAsJsonObject();
            OpRange row = space.rows().get(r);
            String what = space.name() + " " + h + "x" + w + " row " + r;
            assertEquals(e.get("op").getAsString(), row.op().torchvisionName(), what);
            assertEquals(e.get("signed").getAsBoolean(), row.signed(), what + " signed");
            JsonArray mags = e.getAsJsonArray("magnitudes");
            assertEquals(mags.size() > 0, row.hasBins(), what + " has bins");
            for (int b = 0; b < mags.size(); b++) {
                double want = mags.get(b).getAsDouble();
                double got = row.magnitude(b, bins, h, w);
                assertEquals(want, got, 1e-6 * Math.max(1, Math.abs(want)), what + " bin " + b);
                // the parameters the ops actually use are exactly torchvision's
                assertEquals((int) want, (int) got, what + " int(magnitude) bin " + b);
                assertEquals(Math.ceil(want), Math.ceil(got), what + " threshold bin " + b);
            }
        }
    }
}
