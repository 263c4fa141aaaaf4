package org.sota4j.optimizers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

class GradientClippingTest {

    /** Parameters whose gradients are exactly {@code grads} (loss = sum(w * g)). */
    private static List<Parameter> withGradients(NDManager manager, float[][] grads) {
        List<Parameter> parameters = new ArrayList<>();
        List<NDArray> coefficients = new ArrayList<>();
        for (int i = 0; i < grads.length; i++) {
            NDArray array = manager.zeros(new Shape(grads[i].length));
            array.setRequiresGradient(true);
            parameters.add(Parameter.builder().setName("p" + i).setType(Parameter.Type.WEIGHT).optArray(array)
                    .build());
            coefficients.add(manager.create(grads[i]));
        }
        try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
            NDArray loss = manager.zeros(new Shape());
            for (int i = 0; i < grads.length; i++) {
                loss = loss.add(parameters.get(i).getArray().mul(coefficients.get(i)).sum());
            }
            collector.backward(loss);
        }
        return parameters;
    }

    private static float[] grad(Parameter parameter) {
        try (NDArray grad = parameter.getArray().getGradient()) {
            return grad.toFloatArray();
        }
    }

    private static double globalNorm(List<Parameter> parameters) {
        double sum = 0;
        for (Parameter parameter : parameters) {
            for (float g : grad(parameter)) {
                sum += (double) g * g;
            }
        }
        return Math.sqrt(sum);
    }

    @Test
    void globalNormClippingMatchesTorch() throws Exception {
        JsonObject fixture = Fixtures.load("clip_grad_norm.json");
        JsonArray grads = fixture.getAsJsonArray("grads");
        float[][] values = new float[grads.size()][];
        for (int i = 0; i < values.length; i++) {
            values[i] = Fixtures.floats(grads.get(i));
        }
        float maxNorm = fixture.get("maxNorm").getAsFloat();
        try (NDManager manager = NDManager.newBaseManager()) {
            List<Parameter> parameters = withGradients(manager, values);
            float total = GradientClipping.clipByGlobalNorm(parameters, maxNorm);
            assertEquals(fixture.get("totalNorm").getAsFloat(), total, 1e-5f);
            JsonArray clipped = fixture.getAsJsonArray("clipped");
            for (int i = 0; i < values.length; i++) {
                assertArrayEquals(Fixtures.floats(clipped.get(i)), grad(parameters.get(i)), 1e-6f);
            }
            assertEquals(maxNorm, globalNorm(parameters), 1e-5);
        }
    }

    @Test
    void smallGradientsAreLeftAlone() {
        float[][] values = {{0.3f, -0.4f}, {0.0f, 0.5f}};
        try (NDManager manager = NDManager.newBaseManager()) {
            List<Parameter> parameters = withGradients(manager, values);
            float total = GradientClipping.clipByGlobalNorm(parameters, 1f);
            assertEquals(Math.sqrt(0.5), total, 1e-6);
            assertArrayEquals(values[0], grad(parameters.get(0)));
            assertArrayEquals(values[1], grad(parameters.get(1)));
        }
    }

    @Test
    void clipByValueBoundsEveryElement() {
        float[][] values = {{3f, -0.2f, -7f}, {0.5f, 1.5f}};
        try (NDManager manager = NDManager.newBaseManager()) {
            List<Parameter> parameters = withGradients(manager, values);
            GradientClipping.clipByValue(parameters, 1f);
            assertArrayEquals(new float[] {1f, -0.2f, -1f}, grad(parameters.get(0)));
            assertArrayEquals(new float[] {0.5f, 1f}, grad(parameters.get(1)));
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> GradientClipping.clipByValue(parameters, 0f));
            assertTrue(e.getMessage().contains("clipValue"), e.getMessage());
            e = assertThrows(IllegalArgumentException.class,
                    () -> GradientClipping.clipByGlobalNorm(parameters, -1f));
            assertTrue(e.getMessage().contains("maxNorm"), e.getMessage());
        }
    }
}
