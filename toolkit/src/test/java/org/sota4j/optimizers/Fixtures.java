package org.sota4j.optimizers;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;

/** Reads the JSON fixtures written by {@code src/test/python/optimizers_fixtures.py}. */
final class Fixtures {

    private Fixtures() {}

    static JsonObject load(String name) throws IOException {
        String path = "/fixtures/optimizers/" + name;
        try (InputStream in = Fixtures.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new IOException("missing fixture " + path);
            }
            try (Reader reader = new InputStreamReader(in, StandardCharsets.UTF_8)) {
                return JsonParser.parseReader(reader).getAsJsonObject();
            }
        }
    }

    static float[] floats(com.google.gson.JsonElement element) {
        var array = element.getAsJsonArray();
        float[] result = new float[array.size()];
        for (int i = 0; i < result.length; i++) {
            result[i] = array.get(i).getAsFloat();
        }
        return result;
    }
}
