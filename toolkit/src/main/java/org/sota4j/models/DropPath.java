package org.sota4j.models;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

import java.util.Arrays;
import java.util.Random;

/**
 * Stochastic depth (Huang et al. 2016, "Deep Networks with Stochastic Depth", arXiv 1603.09382),
 * in the per-sample "drop path" form of timm's {@code drop_path}: in training each example's
 * residual branch is zeroed with probability {@code p} and otherwise scaled by {@code 1 / (1 - p)},
 * so that the expectation is unchanged; in inference it is the identity.
 *
 * <p>Use it on the residual branch just before the shortcut addition. The residual blocks of this
 * package call {@link #dropPath} themselves; this block is the standalone form. Model builders
 * assign block {@code i} of {@code L} the probability {@code pMax * i / (L - 1)} (timm's {@code
 * linspace(0, drop_path_rate, L)}), see {@link #linearProbabilities(int, float)}.
 */
public class DropPath extends AbstractBlock {

    private final float dropProbability;
    private final Random random;

    DropPath(Builder builder) {
        this.dropProbability = builder.dropProbability;
        this.random = builder.random;
    }

    /**
     * Applies drop path with the engine's random generator (seeded by {@code
     * Engine.getInstance().setRandomSeed}).
     *
     * @param x a batch, N first; the mask has shape N x 1 x ... x 1
     * @param dropProb the probability to drop a sample's path, in [0, 1)
     * @param training false gives the identity
     * @return {@code x} itself when inactive, otherwise a new array on {@code x}'s manager
     */
    public static NDArray dropPath(NDArray x, float dropProb, boolean training) {
        checkProbability(dropProb);
        if (!training || dropProb == 0f) {
            return x;
        }
        float keep = 1f - dropProb;
        // floor(U[keep, 1 + keep)) is 1 with probability keep and 0 otherwise
        NDArray mask =
                x.getManager()
                        .randomUniform(keep, 1f + keep, maskShape(x), x.getDataType(), x.getDevice())
                        .floor()
                        .divi(keep);
        return x.mul(mask);
    }

    /**
     * Applies drop path with per-sample draws from a Java {@link Random}, all applied in one
     * multiplication.
     *
     * @param x a batch, N first; the mask has shape N x 1 x ... x 1
     * @param dropProb the probability to drop a sample's path, in [0, 1)
     * @param training false gives the identity
     * @param random the source of the N Bernoulli draws
     * @return {@code x} itself when inactive, otherwise a new array on {@code x}'s manager
     */
    public static NDArray dropPath(NDArray x, float dropProb, boolean training, Random random) {
        checkProbability(dropProb);
        if (random == null) {
            throw new IllegalArgumentException("random must not be null");
        }
        if (!training || dropProb == 0f) {
            return x;
        }
        float keep = 1f - dropProb;
        float scale = 1f / keep;
        Shape shape = maskShape(x);
        float[] mask = new float[Math.toIntExact(shape.get(0))];
        for (int i = 0; i < mask.length; i++) {
            mask[i] = random.nextFloat() < keep ? scale : 0f;
        }
        NDArray maskArray = x.getManager().create(mask, shape).toDevice(x.getDevice(), false);
        if (x.getDataType() != DataType.FLOAT32) {
            maskArray = maskArray.toType(x.getDataType(), false);
        }
        return x.mul(maskArray);
    }

    /**
     * The drop probabilities of {@code numBlocks} residual blocks growing linearly with depth from
     * 0 (first block) to {@code pMax} (last block), as timm's {@code torch.linspace(0, pMax, L)}.
     *
     * @param numBlocks the number of residual blocks, at least 1 (a single block gets 0, as
     *     linspace does)
     * @param pMax the probability of the deepest block, in [0, 1)
     * @return one probability per block, in depth order
     */
    public static float[] linearProbabilities(int numBlocks, float pMax) {
        if (numBlocks < 1) {
            throw new IllegalArgumentException("numBlocks must be >= 1, got " + numBlocks);
        }
        checkProbability(pMax);
        float[] p = new float[numBlocks];
        if (numBlocks > 1) {
            for (int i = 0; i < numBlocks; i++) {
                p[i] = (float) ((double) pMax * i / (numBlocks - 1));
            }
        }
        return p;
    }

    static void checkProbability(float p) {
        if (!(p >= 0f && p < 1f)) {
            throw new IllegalArgumentException(
                    "drop path probability must be in [0, 1), got " + p);
        }
    }

    private static Shape maskShape(NDArray x) {
        long[] dims = new long[x.getShape().dimension()];
        Arrays.fill(dims, 1);
        dims[0] = x.getShape().get(0);
        return new Shape(dims);
    }

    /** Returns the probability to drop a sample's path in training. */
    public float getDropProbability() {
        return dropProbability;
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore parameterStore,
            NDList inputs,
            boolean training,
            PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        NDArray y =
                random == null
                        ? dropPath(x, dropProbability, training)
                        : dropPath(x, dropProbability, training, random);
        return new NDList(y);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return inputShapes;
    }

    /** Returns a builder; {@link Builder#setDropProbability(float)} is required. */
    public static Builder builder() {
        return new Builder();
    }

    /** Builder for {@link DropPath}. */
    public static final class Builder {
        private float dropProbability = Float.NaN;
        private Random random;

        Builder() {}

        /** Sets the probability to drop a sample's path in training, in [0, 1). */
        public Builder setDropProbability(float dropProbability) {
            this.dropProbability = dropProbability;
            return this;
        }

        /**
         * Draws the masks from this Java {@link Random} instead of the engine's generator (the
         * default); a block holding a Random should not be used from several threads at once.
         */
        public Builder optRandom(Random random) {
            this.random = random;
            return this;
        }

        /** Builds the block, validating the probability. */
        public DropPath build() {
            if (Float.isNaN(dropProbability)) {
                throw new IllegalArgumentException(
                        "dropProbability must be set with setDropProbability(p), p in [0, 1)");
            }
            checkProbability(dropProbability);
            return new DropPath(this);
        }
    }
}
