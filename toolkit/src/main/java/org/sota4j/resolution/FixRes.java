package org.sota4j.resolution;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * FixRes (Touvron et al. 2019, arXiv 1906.06423): random-resized-crop training makes objects
 * look larger than the test-time center crop does, so train at a lower resolution than you test
 * at, and optionally fine-tune the classifier and the batch-norm layers at the test resolution.
 *
 * <p>The sizes: torchvision's ImageNet recipe ("How to train state-of-the-art models using
 * TorchVision's latest primitives") trains with crop 176 and evaluates with resize 232 and crop
 * 224; {@link #forImageSize(int)} keeps those ratios for another dataset (e.g. 32 x 32 images:
 * train 25, resize 33, crop 32). The fine-tuning step: {@link #prepareFineTuning(Block)} freezes
 * every parameter except the batch-norm affine parameters and the last {@link Linear} (the
 * classifier), and {@link #recomputeBatchNormStatistics} refreshes the running statistics at the
 * new resolution by forwarding batches in training mode without any weight update.
 */
public final class FixRes {

    /** Train crop, eval resize and eval crop sizes of one recipe. */
    public record Resolutions(int trainCropSize, int valResizeSize, int valCropSize) {

        /** Validates that every size is &gt;= 1. */
        public Resolutions {
            check("trainCropSize", trainCropSize);
            check("valResizeSize", valResizeSize);
            check("valCropSize", valCropSize);
        }

        private static void check(String name, int size) {
            if (size < 1) {
                throw new IllegalArgumentException(name + " must be >= 1, got " + size);
            }
        }
    }

    /** torchvision's ImageNet v2 recipe: train crop 176, eval resize 232, eval crop 224. */
    public static final Resolutions IMAGENET_TORCHVISION = new Resolutions(176, 232, 224);

    /** torchvision's original ImageNet recipe: train crop 224, eval resize 256, eval crop 224. */
    public static final Resolutions IMAGENET_ORIGINAL = new Resolutions(224, 256, 224);

    private FixRes() {}

    /**
     * Scales a reference recipe to a new eval crop size, keeping its train/test and resize/crop
     * ratios: each size becomes {@code round(size * valCropSize / reference.valCropSize)}
     * (half up), at least 1.
     */
    public static Resolutions scale(Resolutions reference, int valCropSize) {
        if (valCropSize < 1) {
            throw new IllegalArgumentException("valCropSize must be >= 1, got " + valCropSize);
        }
        double f = (double) valCropSize / reference.valCropSize();
        return new Resolutions(
                Math.max(1, (int) Math.round(reference.trainCropSize() * f)),
                Math.max(1, (int) Math.round(reference.valResizeSize() * f)),
                valCropSize);
    }

    /**
     * torchvision's ImageNet v2 sizes (176 / 232 / 224) scaled to images of side
     * {@code imageSize}, used as the eval crop.
     */
    public static Resolutions forImageSize(int imageSize) {
        return scale(IMAGENET_TORCHVISION, imageSize);
    }

    /** Every {@link BatchNorm} block inside {@code block} (itself included), depth first. */
    public static List<BatchNorm> batchNorms(Block block) {
        List<BatchNorm> out = new ArrayList<>();
        visit(block, b -> {
            if (b instanceof BatchNorm bn) {
                out.add(bn);
            }
        });
        return out;
    }

    /** The last {@link Linear} block in depth-first order (the classifier), or null if none. */
    public static Linear lastLinear(Block block) {
        Linear[] last = new Linear[1];
        visit(block, b -> {
            if (b instanceof Linear linear) {
                last[0] = linear;
            }
        });
        return last[0];
    }

    /**
     * The parameters FixRes fine-tunes: gamma and beta of every batch norm, and the weight and
     * bias of the last linear layer. Running statistics are not trainable and are left out.
     */
    public static List<Parameter> fineTuneParameters(Block block) {
        List<Parameter> out = new ArrayList<>();
        for (BatchNorm bn : batchNorms(block)) {
            for (Pair<String, Parameter> p : bn.getDirectParameters()) {
                Parameter.Type type = p.getValue().getType();
                if (type == Parameter.Type.GAMMA || type == Parameter.Type.BETA) {
                    out.add(p.getValue());
                }
            }
        }
        Linear linear = lastLinear(block);
        if (linear != null) {
            for (Pair<String, Parameter> p : linear.getDirectParameters()) {
                out.add(p.getValue());
            }
        }
        return out;
    }

    /**
     * Freezes every parameter of {@code block} except {@link #fineTuneParameters(Block)}, which
     * are unfrozen; train the block afterwards at the test resolution as usual (a few epochs,
     * small learning rate). Undo with {@code block.freezeParameters(false)}.
     *
     * @return the trainable parameters
     * @throws IllegalArgumentException if the block has neither batch norm nor linear layers
     */
    public static List<Parameter> prepareFineTuning(Block block) {
        List<Parameter> trainable = fineTuneParameters(block);
        if (trainable.isEmpty()) {
            throw new IllegalArgumentException(
                    "block must contain a BatchNorm or a Linear layer to fine-tune, got "
                            + block.getClass().getSimpleName() + " with none");
        }
        block.freezeParameters(true);
        for (Parameter p : trainable) {
            p.freeze(false);
        }
        return trainable;
    }

    /** {@link #prepareFineTuning(Block)} on the model's block. */
    public static List<Parameter> prepareFineTuning(Model model) {
        return prepareFineTuning(model.getBlock());
    }

    /**
     * Re-estimates the batch-norm running statistics at the current input resolution: forwards
     * each batch in training mode (so every batch norm folds the batch's mean and variance into
     * its running statistics with its momentum, DJL's default 0.9 keeping 90 % of the old value)
     * without computing gradients or touching any weight. With {@code reset} the running means
     * start from 0 and variances from 1, so after k batches the old resolution's statistics weigh
     * momentum^k (pass enough batches: 50 at momentum 0.9 leave 0.5 %). Dropout and other
     * training-mode layers act during these passes as they did in training.
     *
     * @param block an initialized block
     * @param parameterStore the store to read parameters from (e.g. {@code new
     *     ParameterStore(manager, false)})
     * @param batches normalized float32 input batches at the test resolution
     * @param reset whether to reset the running statistics first
     * @return the number of batches forwarded
     */
    public static int recomputeBatchNormStatistics(
            Block block, ParameterStore parameterStore, Iterable<NDArray> batches, boolean reset) {
        List<BatchNorm> norms = batchNorms(block);
        if (norms.isEmpty()) {
            throw new IllegalArgumentException(
                    "block must contain a BatchNorm layer, got "
                            + block.getClass().getSimpleName() + " with none");
        }
        if (reset) {
            for (BatchNorm bn : norms) {
                for (Pair<String, Parameter> p : bn.getDirectParameters()) {
                    Parameter.Type type = p.getValue().getType();
                    if (type == Parameter.Type.RUNNING_MEAN) {
                        fill(p.getValue().getArray(), 0f);
                    } else if (type == Parameter.Type.RUNNING_VAR) {
                        fill(p.getValue().getArray(), 1f);
                    }
                }
            }
        }
        int count = 0;
        for (NDArray batch : batches) {
            NDManager original = batch.getManager();
            try (NDManager scope = original.newSubManager()) {
                batch.tempAttach(scope);
                NDList out = block.forward(parameterStore, new NDList(batch), true);
                out.close();
            }
            count++;
        }
        return count;
    }

    private static void fill(NDArray array, float value) {
        if (array.getDataType() != DataType.FLOAT32) {
            throw new IllegalArgumentException(
                    "batch-norm statistics must be float32, got " + array.getDataType());
        }
        float[] values = new float[Math.toIntExact(array.size())];
        Arrays.fill(values, value);
        array.set(values);
    }

    private static void visit(Block block, java.util.function.Consumer<Block> action) {
        action.accept(block);
        for (Pair<String, Block> child : block.getChildren()) {
            visit(child.getValue(), action);
        }
    }
}
