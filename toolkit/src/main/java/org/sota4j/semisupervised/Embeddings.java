package org.sota4j.semisupervised;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import ai.djl.training.ParameterStore;

import java.util.List;

/**
 * Penultimate-layer features of a trained {@link SequentialBlock} classifier (every toolkit model): the output of all
 * children but the last (the linear head), in inference mode, batched over resident images. These are the embeddings
 * on which Iscen et al. 2019 (arXiv 1904.04717) build the kNN graph for {@link LabelPropagation}; use them for
 * kNN graphs, nearest-neighbour evaluation or feature visualisation.
 */
public final class Embeddings {

    private static final int DEFAULT_BATCH = 500;

    private Embeddings() {}

    /**
     * Returns the N x D penultimate features of {@code images} under {@code model}'s block.
     *
     * @param model a model whose block is an initialized {@link SequentialBlock} of at least two children
     * @param images uint8 (or float on the 0..255 scale) N x C x H x W, as held by an {@code ImageTensorDataset}
     * @param mean per-channel mean of [0, 1] pixels (one value, or one per channel)
     * @param std per-channel standard deviation of [0, 1] pixels
     * @param target the manager that will own the result
     * @return float32 N x D features (flattened if the backbone's output has more than two dimensions)
     */
    public static NDArray penultimate(Model model, NDArray images, float[] mean, float[] std, NDManager target) {
        return penultimate(model.getBlock(), images, mean, std, target, DEFAULT_BATCH);
    }

    /**
     * Returns the N x D penultimate features of {@code images} under {@code block}, {@code batchSize} images at a time.
     *
     * @param block an initialized {@link SequentialBlock} of at least two children
     * @param images uint8 (or float on the 0..255 scale) N x C x H x W
     * @param mean per-channel mean of [0, 1] pixels (one value, or one per channel)
     * @param std per-channel standard deviation of [0, 1] pixels
     * @param target the manager that will own the result
     * @param batchSize images per forward pass, {@code >= 1}
     * @return float32 N x D features
     */
    public static NDArray penultimate(Block block, NDArray images, float[] mean, float[] std, NDManager target,
            int batchSize) {
        if (!(block instanceof SequentialBlock)) {
            throw new IllegalArgumentException("block must be a SequentialBlock (stem, stages, head), got "
                    + (block == null ? "null" : block.getClass().getSimpleName()));
        }
        List<Block> children = block.getChildren().values();
        if (children.size() < 2) {
            throw new IllegalArgumentException("block must have at least 2 children (backbone and head), got "
                    + children.size());
        }
        if (!block.isInitialized()) {
            throw new IllegalArgumentException("block must be initialized (trained or loaded), got an uninitialized "
                    + block.getClass().getSimpleName());
        }
        if (images.getShape().dimension() != 4) {
            throw new IllegalArgumentException("images must be N x C x H x W, got shape " + images.getShape());
        }
        if (batchSize < 1) {
            throw new IllegalArgumentException("batchSize must be >= 1, got " + batchSize);
        }
        int n = (int) images.getShape().get(0);
        int channels = (int) images.getShape().get(1);
        float[] m = perChannel("mean", mean, channels);
        float[] s = perChannel("std", std, channels);
        for (float v : s) {
            if (!(v > 0)) {
                throw new IllegalArgumentException("std must be > 0, got " + v);
            }
        }
        List<Block> backbone = children.subList(0, children.size() - 1);
        try (NDManager scope = images.getManager().newSubManager()) {
            ParameterStore store = new ParameterStore(scope, false);
            NDArray mean255 = scope.create(m).mul(255f).reshape(1, channels, 1, 1);
            NDArray std255 = scope.create(s).mul(255f).reshape(1, channels, 1, 1);
            NDList parts = new NDList();
            for (int from = 0; from < n; from += batchSize) {
                int to = Math.min(n, from + batchSize);
                NDArray slice = images.get(new NDIndex(from + ":" + to));
                slice.attach(scope);
                NDArray x = slice.toType(DataType.FLOAT32, false).sub(mean255).div(std255);
                NDList out = new NDList(x);
                for (Block child : backbone) {
                    out = child.forward(store, out, false);
                }
                NDArray features = out.singletonOrThrow();
                parts.add(features.reshape(features.getShape().get(0), -1));
            }
            NDArray result = parts.size() == 1 ? parts.get(0) : NDArrays.concat(parts, 0);
            result = result.toType(DataType.FLOAT32, false);
            result.attach(target);
            return result;
        }
    }

    private static float[] perChannel(String name, float[] values, int channels) {
        if (values == null || (values.length != 1 && values.length != channels)) {
            throw new IllegalArgumentException(name + " must have 1 or " + channels + " values, got "
                    + (values == null ? "null" : values.length));
        }
        float[] out = new float[channels];
        for (int c = 0; c < channels; c++) {
            out[c] = values[values.length == 1 ? 0 : c];
        }
        return out;
    }
}
