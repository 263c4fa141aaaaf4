package org.sota4j.semisupervised;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import ai.djl.training.ParameterStore;
import org.junit.jupiter.api.Test;
import org.sota4j.models.ImageClassifier;
import org.sota4j.models.Models;

import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EmbeddingsTest {

    private static final float[] MEAN = {0.3f};
    private static final float[] STD = {0.4f};

    private static NDArray randomImages(NDManager m, int n) {
        byte[] px = new byte[n * 28 * 28];
        new Random(3).nextBytes(px);
        return m.create(java.nio.ByteBuffer.wrap(px), new Shape(n, 1, 28, 28), DataType.UINT8);
    }

    @Test
    void headOfEmbeddingsReproducesTheModelsLogits() {
        try (Model model = Model.newInstance("cnn")) {
            ImageClassifier block = Models.smallCnn(3, 1);
            model.setBlock(block);
            block.initialize(model.getNDManager(), DataType.FLOAT32, new Shape(1, 1, 28, 28));
            NDManager m = model.getNDManager().newSubManager();
            NDArray images = randomImages(m, 11);
            NDArray features = Embeddings.penultimate(block, images, MEAN, STD, m, 4);
            // SmallCnn default: 3 stages of width 32, so 128 features after global pooling
            assertEquals(new Shape(11, 128), features.getShape());

            // logits of the whole model, in inference mode, on images normalized by hand
            NDArray x = images.toType(DataType.FLOAT32, false).div(255f).sub(MEAN[0]).div(STD[0]);
            ParameterStore store = new ParameterStore(m, false);
            float[] logits = block.forward(store, new NDList(x), false).singletonOrThrow().toFloatArray();
            List<Block> children = block.getChildren().values();
            Block head = children.get(children.size() - 1);
            float[] fromFeatures = head.forward(store, new NDList(features), false).singletonOrThrow().toFloatArray();
            assertArrayEquals(logits, fromFeatures, 1e-4f);

            // batch size does not matter (batch norm in inference mode)
            NDArray oneBatch = Embeddings.penultimate(model, images, MEAN, STD, m);
            assertArrayEquals(oneBatch.toFloatArray(), features.toFloatArray(), 1e-4f);
            // features after ReLU and pooling are non-negative and not all zero
            float[] f = features.toFloatArray();
            float max = 0;
            for (float v : f) {
                assertTrue(v >= 0, "feature " + v + " < 0");
                max = Math.max(max, v);
            }
            assertTrue(max > 0);
            assertEquals(m, features.getManager());
            m.close();
        }
    }

    @Test
    void rejectsBadInput() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray images = randomImages(m, 2);
            SequentialBlock uninitialized = Models.smallCnn(3, 1);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> Embeddings.penultimate(uninitialized, images, MEAN, STD, m, 4));
            assertTrue(e.getMessage().contains("initialized"), e.getMessage());
            SequentialBlock block = Models.smallCnn(3, 1);
            block.initialize(m, DataType.FLOAT32, new Shape(1, 1, 28, 28));
            e = assertThrows(IllegalArgumentException.class,
                    () -> Embeddings.penultimate(block, images, new float[] {0.1f, 0.2f}, STD, m, 4));
            assertTrue(e.getMessage().contains("mean"), e.getMessage());
            e = assertThrows(IllegalArgumentException.class,
                    () -> Embeddings.penultimate(block, images, MEAN, STD, m, 0));
            assertTrue(e.getMessage().contains("batchSize must be >= 1, got 0"), e.getMessage());
            e = assertThrows(IllegalArgumentException.class,
                    () -> Embeddings.penultimate(block, images, MEAN, new float[] {0f}, m, 4));
            assertTrue(e.getMessage().contains("std"), e.getMessage());
        }
    }
}
