package org.sota4j.weights;

import ai.djl.MalformedModelException;
import ai.djl.Model;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.util.Pair;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Transfer learning helpers (Yosinski et al. 2014, "How transferable are features in deep neural networks?",
 * arXiv 1411.1792): load pretrained DJL weights, freeze or unfreeze parts, replace the classifier head of a
 * {@link SequentialBlock} for a new number of classes, and give the backbone a lower learning rate through
 * learning-rate multipliers for {@link org.sota4j.optimizers.Sgd} / {@link org.sota4j.optimizers.AdamW}
 * ({@code optLearningRateMultipliers}). Use it to fine-tune an ImageNet-pretrained model on a small data set.
 *
 * <p>Freezing stops gradient updates only: in training mode BatchNorm still updates its running statistics (as in
 * torch). {@link #unfreeze} leaves running statistics non-trainable, unlike DJL's {@code freezeParameters(false)}.
 */
public final class Transfer {

    private Transfer() {}

    /** Writes {@code block}'s parameters (DJL {@code Block.saveParameters} format) to {@code file}. */
    public static void saveParameters(Block block, Path file) throws IOException {
        try (OutputStream os = Files.newOutputStream(file);
                DataOutputStream out = new DataOutputStream(new BufferedOutputStream(os))) {
            block.saveParameters(out);
        }
    }

    /**
     * Loads parameters written by {@code Block.saveParameters} (or {@link #saveParameters}) into {@code block}, which
     * must have the same architecture; arrays are created in {@code manager} (normally {@code model.getNDManager()}).
     */
    public static void loadParameters(Block block, Path file, NDManager manager)
            throws IOException, MalformedModelException {
        try (InputStream is = Files.newInputStream(file);
                DataInputStream in = new DataInputStream(new BufferedInputStream(is))) {
            block.loadParameters(manager, in);
        }
    }

    /**
     * Loads weights saved by {@code Model.save(dir, name)} into {@code model}, whose block must already be set to the
     * same architecture (DJL's {@code Model.load}; the file is {@code dir/name-NNNN.params}).
     */
    public static void loadModel(Model model, Path dir, String name) throws IOException, MalformedModelException {
        if (model.getBlock() == null) {
            throw new IllegalArgumentException("model must have its block set before loading, got no block");
        }
        model.load(dir, name);
    }

    /** Freezes every parameter of {@code block} (no gradient, not updated by the optimizer). */
    public static void freeze(Block block) {
        block.freezeParameters(true);
    }

    /** Unfreezes the trainable parameters of {@code block}; running mean/variance stay non-trainable. */
    public static void unfreeze(Block block) {
        block.freezeParameters(false, Transfer::isTrainable);
    }

    /** Freezes every child of {@code model} except the last (the classifier head); unfreezes the head. */
    public static void freezeBackbone(SequentialBlock model) {
        List<Block> children = children(model);
        for (int i = 0; i < children.size() - 1; i++) {
            freeze(children.get(i));
        }
        unfreeze(children.get(children.size() - 1));
    }

    /**
     * Replaces the last child of {@code model} (the classifier) by a new {@link Linear} with {@code numClasses}
     * outputs, initialized in {@code manager} for the backbone's output shape (the model must be initialized or
     * loaded). Create or re-create the trainer afterwards; its optimizer sees the new head's parameters as new.
     *
     * @return the new head
     */
    public static Linear replaceHead(SequentialBlock model, int numClasses, NDManager manager) {
        if (numClasses < 1) {
            throw new IllegalArgumentException("numClasses must be >= 1, got " + numClasses);
        }
        List<Block> children = children(model);
        if (!model.isInitialized()) {
            throw new IllegalArgumentException(
                    "model must be initialized or loaded to know the head's input shape, got an uninitialized model");
        }
        // chain the backbone's output shapes (a loaded Linear does not restore its own input shapes in DJL 0.36)
        Shape[] inputShapes = model.getInputShapes();
        for (int i = 0; i < children.size() - 1; i++) {
            inputShapes = children.get(i).getOutputShapes(inputShapes);
        }
        Linear head = Linear.builder().setUnits(numClasses).build();
        head.initialize(manager, DataType.FLOAT32, inputShapes);
        model.replaceLastBlock(head);
        return head;
    }

    /** Returns a learning-rate multiplier for every parameter of {@code part}, keyed by parameter id. */
    public static Map<String, Float> learningRateMultipliers(Block part, float multiplier) {
        if (!(multiplier >= 0) || Float.isInfinite(multiplier)) {
            throw new IllegalArgumentException("multiplier must be finite and >= 0, got " + multiplier);
        }
        Map<String, Float> result = new HashMap<>();
        for (Pair<String, Parameter> pair : part.getParameters()) {
            result.put(pair.getValue().getId(), multiplier);
        }
        return result;
    }

    /**
     * Returns {@code multiplier} for every parameter of {@code model} except its last child's (the head keeps the
     * full rate): the common "backbone at 0.1 x lr" fine-tuning recipe.
     */
    public static Map<String, Float> backboneLearningRateMultipliers(SequentialBlock model, float multiplier) {
        List<Block> children = children(model);
        Map<String, Float> result = new HashMap<>();
        for (int i = 0; i < children.size() - 1; i++) {
            result.putAll(learningRateMultipliers(children.get(i), multiplier));
        }
        return result;
    }

    private static boolean isTrainable(Parameter parameter) {
        return parameter.getType() != Parameter.Type.RUNNING_MEAN && parameter.getType() != Parameter.Type.RUNNING_VAR;
    }

    private static List<Block> children(SequentialBlock model) {
        List<Block> children = model.getChildren().values();
        if (children.isEmpty()) {
            throw new IllegalArgumentException("model must have at least one block, got an empty SequentialBlock");
        }
        return children;
    }
}
