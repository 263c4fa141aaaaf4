package org.sota4j.optimizers;

import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Per-parameter-group weight decay ("weight decay tuning") as in the torchvision classification references'
 * {@code --weight-decay}, {@code --norm-weight-decay} and {@code --bias-weight-decay} (Wightman et al.'s and
 * torchvision's recipes use {@code 0} for norm layers; see also Goyal et al. 2017, arXiv 1706.02677, "no bias decay").
 * Use it with {@link Sgd} or {@link AdamW} to exempt BatchNorm/LayerNorm scales and shifts or biases from decay.
 *
 * <p>Groups are resolved from DJL's {@link Parameter.Type}: {@code GAMMA}/{@code BETA} are norm-layer parameters and
 * {@code BIAS}/{@code BETA} are biases ({@code BETA} is what torch names the norm layer's {@code bias}). As in
 * torchvision, the bias decay takes precedence over the norm decay, and a group whose decay is unset ({@code null},
 * the default) uses the plain weight decay. Parameter ids are per-process UIDs, so decays are looked up from the
 * block given to the builder; parameters added to that block later (a replaced head) are found on first use.
 */
public final class WeightDecayGroups {

    /** The group a parameter belongs to. */
    public enum Group {
        /** A bias ({@code BIAS}, or a norm layer's {@code BETA}) when a bias decay is set. */
        BIAS,
        /** A norm layer's {@code GAMMA}/{@code BETA} when a norm decay is set. */
        NORM,
        /** Everything else: decayed with the plain weight decay. */
        OTHER
    }

    private final Block block;
    private final float weightDecay;
    private final Float normWeightDecay;
    private final Float biasWeightDecay;
    private final Map<String, Float> decayById = new ConcurrentHashMap<>();

    private WeightDecayGroups(Builder builder) {
        this.block = builder.block;
        this.weightDecay = builder.weightDecay;
        this.normWeightDecay = builder.normWeightDecay;
        this.biasWeightDecay = builder.biasWeightDecay;
        refresh();
    }

    /** Returns a new builder. */
    public static Builder builder() {
        return new Builder();
    }

    /** Returns the group of {@code parameter} under this configuration. */
    public Group groupOf(Parameter parameter) {
        Parameter.Type type = parameter.getType();
        boolean bias = type == Parameter.Type.BIAS || type == Parameter.Type.BETA;
        boolean norm = type == Parameter.Type.GAMMA || type == Parameter.Type.BETA;
        if (bias && biasWeightDecay != null) {
            return Group.BIAS;
        }
        if (norm && normWeightDecay != null) {
            return Group.NORM;
        }
        return Group.OTHER;
    }

    /** Returns the weight decay that applies to {@code parameter}. */
    public float decayOf(Parameter parameter) {
        switch (groupOf(parameter)) {
            case BIAS:
                return biasWeightDecay;
            case NORM:
                return normWeightDecay;
            default:
                return weightDecay;
        }
    }

    /**
     * Returns the weight decay of the parameter with id {@code parameterId} (as passed to
     * {@link ai.djl.training.optimizer.Optimizer#update}).
     *
     * @throws IllegalArgumentException if the id is not a parameter of the block
     */
    public float decayOf(String parameterId) {
        Float decay = decayById.get(parameterId);
        if (decay == null) {
            refresh();
            decay = decayById.get(parameterId);
            if (decay == null) {
                throw new IllegalArgumentException(
                        "parameterId must name a parameter of the block given to WeightDecayGroups, got "
                                + parameterId);
            }
        }
        return decay;
    }

    /** Returns the decay of every parameter of the block, keyed by its path name (e.g. {@code 02BatchNorm_gamma}). */
    public Map<String, Float> decaysByName() {
        Map<String, Float> result = new LinkedHashMap<>();
        for (Pair<String, Parameter> pair : block.getParameters()) {
            result.put(pair.getKey(), decayOf(pair.getValue()));
        }
        return result;
    }

    /** Returns the plain weight decay. */
    public float getWeightDecay() {
        return weightDecay;
    }

    /** Returns the norm-layer weight decay, or {@code null} when norm layers use the plain weight decay. */
    public Float getNormWeightDecay() {
        return normWeightDecay;
    }

    /** Returns the bias weight decay, or {@code null} when biases use the plain weight decay. */
    public Float getBiasWeightDecay() {
        return biasWeightDecay;
    }

    private void refresh() {
        for (Pair<String, Parameter> pair : block.getParameters()) {
            decayById.put(pair.getValue().getId(), decayOf(pair.getValue()));
        }
    }

    /** Builder for {@link WeightDecayGroups}; defaults follow torchvision (norm and bias decay unset). */
    public static final class Builder {
        private Block block;
        private float weightDecay;
        private Float normWeightDecay;
        private Float biasWeightDecay;

        private Builder() {}

        /** Sets the model whose parameters are grouped (required). */
        public Builder setBlock(Block block) {
            this.block = block;
            return this;
        }

        /** Sets the decay of all parameters not in another group (torchvision {@code --weight-decay}, default 0). */
        public Builder optWeightDecay(float weightDecay) {
            this.weightDecay = weightDecay;
            return this;
        }

        /** Sets the decay of norm-layer parameters (torchvision {@code --norm-weight-decay}; null: plain decay). */
        public Builder optNormWeightDecay(Float normWeightDecay) {
            this.normWeightDecay = normWeightDecay;
            return this;
        }

        /** Sets the decay of biases (torchvision {@code --bias-weight-decay}; null: plain decay). */
        public Builder optBiasWeightDecay(Float biasWeightDecay) {
            this.biasWeightDecay = biasWeightDecay;
            return this;
        }

        /** Validates and builds. */
        public WeightDecayGroups build() {
            Objects.requireNonNull(block, "block must be set with setBlock");
            check("weightDecay", weightDecay);
            if (normWeightDecay != null) {
                check("normWeightDecay", normWeightDecay);
            }
            if (biasWeightDecay != null) {
                check("biasWeightDecay", biasWeightDecay);
            }
            return new WeightDecayGroups(this);
        }

        private static void check(String name, float value) {
            if (!(value >= 0) || Float.isInfinite(value)) {
                throw new IllegalArgumentException(name + " must be finite and >= 0, got " + value);
            }
        }
    }
}
