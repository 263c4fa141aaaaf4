package org.sota4j.losses;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** Reads fixtures/losses/torch_losses.json (toolkit/src/test/python/make_schedules_losses_fixtures.py). */
final class Fixtures {

    static final JsonObject LOSSES = load();

    private Fixtures() {}

    private static JsonObject load() {
        try (Reader reader = new InputStreamReader(
                Fixtures.class.getResourceAsStream("/fixtures/losses/torch_losses.json"), StandardCharsets.UTF_8)) {
            return JsonParser.parseReader(reader).getAsJsonObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static float[][] matrix(String key) {
        JsonArray rows = LOSSES.getAsJsonArray(key);
        float[][] out = new float[rows.size()][];
        for (int i = 0; i < out.length; i++) {
            JsonArray row = rows.get(i).getAsJsonArray();
            out[i] = new float[row.size()];
            for (int j = 0; j < out[i].length; j++) {
                out[i][j] = row.get(j).getAsFloat();
            }
        }
        return out;
    }

    static NDArray array(NDManager manager, String key) {
        return manager.create(matrix(key));
    }

    static long[] indices() {
        JsonArray array = LOSSES.getAsJsonArray("index");
        long[] out = new long[array.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = array.get(i).getAsLong();
        }
        return out;
    }

    static void assertRelative(double expected, double actual, double tolerance, String what) {
        double error = Math.abs(expected - actual) / Math.max(Math.abs(expected), 1e-30);
        if (!(error <= tolerance)) {
            throw new AssertionError(what + ": expected " + expected + " but was " + actual + " (relative error "
                    + error + " > " + tolerance + ")");
        }
    }
}
