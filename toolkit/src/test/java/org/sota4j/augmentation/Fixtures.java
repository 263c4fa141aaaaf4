package org.sota4j.augmentation;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;

/** Loads the torchvision fixtures written by src/test/python/augmentation_fixtures.py. */
final class Fixtures {

    private Fixtures() {}

    static JsonObject load(String name) {
        try (Reader r = new InputStreamReader(
                Fixtures.class.getResourceAsStream("/fixtures/augmentation/" + name), StandardCharsets.UTF_8)) {
            return JsonParser.parseReader(r).getAsJsonObject();
        } catch (Exception e) {
            throw new IllegalStateException("cannot read fixture " + name, e);
        }
    }

    static float[] floats(JsonArray a) {
        float[] out = new float[a.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = a.get(i).getAsFloat();
        }
        return out;
    }

    static long[] shape(JsonArray a) {
        long[] out = new long[a.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = a.get(i).getAsLong();
        }
        return out;
    }

    /** Fixture image {@code name} as a 1 x C x H x W float32 array. */
    static NDArray image(NDManager m, JsonObject root, String name) {
        JsonObject img = root.getAsJsonObject("images").getAsJsonObject(name);
        long[] s = shape(img.getAsJsonArray("shape"));
        return m.create(floats(img.getAsJsonArray("pixels")), new Shape(1, s[0], s[1], s[2]));
    }

    /** Largest absolute difference. */
    static float maxDiff(float[] a, float[] b) {
        if (a.length != b.length) {
            throw new AssertionError("length " + a.length + " != " + b.length);
        }
        float m = 0;
        for (int i = 0; i < a.length; i++) {
            m = Math.max(m, Math.abs(a[i] - b[i]));
        }
        return m;
    }

    static boolean isNull(JsonElement e) {
        return e == null || e.isJsonNull();
    }
}
