package org.sota4j.mixing;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;

import java.util.Random;

/**
 * mixup (Zhang et al. 2018, arXiv 1710.09412) at batch level: with lambda ~ Beta(alpha, alpha),
 * images become {@code lambda * x + (1 - lambda) * roll(x)} and targets likewise, where
 * {@code roll} shifts the batch by one as torchvision's {@code batch.roll(1, 0)} does.
 *
 * <p>Semantics follow torchvision's {@code transforms.v2.MixUp} and the classification
 * reference's {@code RandomMixup}: one lambda per batch, the batch paired with its roll, and an
 * application probability {@code p} (train.py uses 1.0, the default here). Use it as a
 * regularizer for long schedules (the torchvision recipe uses alpha 0.2). {@code alpha == 0}
 * disables mixing (the mixer returns its input), as train.py does for {@code --mixup-alpha 0}.
 * Targets may already be label-smoothed: mixing is linear in the targets, so rows still sum to 1.
 */
public final class Mixup extends BetaMixer {

    private Mixup(Builder builder) {
        super(builder);
    }

    /** Returns a builder (alpha 1.0 as torchvision v2 {@code MixUp}, probability 1.0). */
    public static Builder builder() {
        return new Builder();
    }

    /** A mixup with the given alpha, always applied. */
    public static Mixup of(double alpha) {
        return builder().optAlpha(alpha).build();
    }

    /**
     * Draws this batch's lambda from Beta(alpha, alpha); 1.0 (no mixing) when alpha is 0 or when
     * the application coin (probability {@code p}) says to skip the batch.
     */
    public double drawLambda(Random random) {
        return mixes(random) ? sampleLambda(random) : 1.0;
    }

    @Override
    public NDList mix(NDArray images, NDArray targets, Random random) {
        Rolls.checkBatch(images, targets);
        double lambda = drawLambda(random);
        if (lambda == 1.0) {
            return new NDList(images, targets);
        }
        return apply(images, targets, lambda);
    }

    /**
     * Mixes with a given lambda: {@code lambda * x + (1 - lambda) * roll(x)} for images and
     * targets alike.
     *
     * @param images float32 N x C x H x W
     * @param targets float32 N x K class probabilities
     * @param lambda the weight of the original batch, in [0, 1]
     * @return the mixed images and targets, attached to {@code images.getManager()}
     */
    public static NDList apply(NDArray images, NDArray targets, double lambda) {
        Rolls.checkBatch(images, targets);
        Rolls.checkProbability("lambda", lambda);
        NDManager parent = images.getManager();
        try (NDManager scope = parent.newSubManager()) {
            images.tempAttach(scope);
            targets.tempAttach(scope);
            NDArray mixed =
                    images.mul((float) lambda)
                            .add(Rolls.rollByOne(images).mul((float) (1.0 - lambda)));
            NDArray mixedTargets = Rolls.mixTargets(targets, lambda);
            mixed.attach(parent);
            mixedTargets.attach(parent);
            return new NDList(mixed, mixedTargets);
        }
    }

    @Override
    public String toString() {
        return "Mixup(alpha=" + getAlpha() + ", p=" + getProbability() + ")";
    }

    /** Builder of {@link Mixup}. */
    public static final class Builder extends BetaMixer.Builder<Builder> {

        private Builder() {}

        @Override
        Builder self() {
            return this;
        }

        /** Validates and builds. */
        public Mixup build() {
            validate();
            return new Mixup(this);
        }
    }
}
