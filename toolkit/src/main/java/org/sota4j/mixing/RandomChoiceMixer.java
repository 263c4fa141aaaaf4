package org.sota4j.mixing;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * Applies one of several mixers per batch, chosen at random: torchvision's
 * {@code RandomChoice([mixup, cutmix])} as used by the classification reference's train.py
 * (uniform choice), or timm's {@code Mixup} with {@code switch_prob} (CutMix chosen with that
 * probability), plus timm's {@code prob}: the chance of mixing a batch at all.
 *
 * <p>Use {@link #torchvision(double, double)} to get exactly train.py's behaviour for
 * {@code --mixup-alpha} / {@code --cutmix-alpha} (Zhang et al. 2018, arXiv 1710.09412; Yun et
 * al. 2019, arXiv 1905.04899).
 */
public final class RandomChoiceMixer implements BatchMixer {

    private final List<BatchMixer> mixers;
    private final double[] cumulative;
    private final double probability;

    private RandomChoiceMixer(List<BatchMixer> mixers, double[] weights, double probability) {
        this.mixers = List.copyOf(mixers);
        this.probability = probability;
        double total = 0;
        for (double w : weights) {
            total += w;
        }
        cumulative = new double[weights.length];
        double running = 0;
        for (int i = 0; i < weights.length; i++) {
            running += weights[i];
            cumulative[i] = running / total;
        }
        cumulative[weights.length - 1] = 1.0;
    }

    /** Returns a builder. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * train.py's mixing: {@code RandomChoice} over a {@link Mixup} of {@code mixupAlpha} and a
     * {@link CutMix} of {@code cutmixAlpha}, each included only when its alpha is &gt; 0; the
     * identity when both are 0.
     */
    public static BatchMixer torchvision(double mixupAlpha, double cutmixAlpha) {
        Builder builder = builder();
        if (mixupAlpha > 0) {
            builder.add(Mixup.of(mixupAlpha));
        } else {
            Rolls.checkAlpha(mixupAlpha);
        }
        if (cutmixAlpha > 0) {
            builder.add(CutMix.of(cutmixAlpha));
        } else {
            Rolls.checkAlpha(cutmixAlpha);
        }
        if (builder.mixers.isEmpty()) {
            return (images, targets, random) -> new NDList(images, targets);
        }
        return builder.build();
    }

    /** The mixers to choose from, in order. */
    public List<BatchMixer> getMixers() {
        return mixers;
    }

    /** Picks the index of the mixer for one batch, or -1 when the batch is left unmixed. */
    public int choose(Random random) {
        if (probability < 1.0 && random.nextDouble() >= probability) {
            return -1;
        }
        if (mixers.size() == 1) {
            return 0;
        }
        double u = random.nextDouble();
        for (int i = 0; i < cumulative.length; i++) {
            if (u < cumulative[i]) {
                return i;
            }
        }
        return cumulative.length - 1;
    }

    @Override
    public NDList mix(NDArray images, NDArray targets, Random random) {
        int chosen = choose(random);
        if (chosen < 0) {
            return new NDList(images, targets);
        }
        return mixers.get(chosen).mix(images, targets, random);
    }

    @Override
    public String toString() {
        return "RandomChoiceMixer(" + mixers + ", p=" + probability + ")";
    }

    /** Builder of {@link RandomChoiceMixer}. */
    public static final class Builder {
        private final List<BatchMixer> mixers = new ArrayList<>();
        private final List<Double> weights = new ArrayList<>();
        private Double switchProb;
        private double probability = 1.0;

        private Builder() {}

        /** Adds a mixer with weight 1 (uniform choice, as torchvision's RandomChoice). */
        public Builder add(BatchMixer mixer) {
            return add(mixer, 1.0);
        }

        /** Adds a mixer chosen with probability proportional to {@code weight} (&gt; 0). */
        public Builder add(BatchMixer mixer, double weight) {
            if (mixer == null) {
                throw new IllegalArgumentException("mixer must not be null");
            }
            if (!(weight > 0) || Double.isInfinite(weight)) {
                throw new IllegalArgumentException(
                        "weight must be a finite number > 0, got " + weight);
            }
            mixers.add(mixer);
            weights.add(weight);
            return this;
        }

        /**
         * timm's {@code switch_prob}: with exactly two mixers (mixup first, CutMix second),
         * the probability of choosing the second; overrides the weights. timm's default is 0.5.
         */
        public Builder optSwitchProb(double switchProb) {
            Rolls.checkProbability("switchProb", switchProb);
            this.switchProb = switchProb;
            return this;
        }

        /** Probability of mixing a batch at all (timm's {@code prob}), in [0, 1]; default 1. */
        public Builder optProbability(double probability) {
            this.probability = probability;
            return this;
        }

        /** Validates and builds. */
        public RandomChoiceMixer build() {
            if (mixers.isEmpty()) {
                throw new IllegalArgumentException("mixers must not be empty, got 0 mixers");
            }
            Rolls.checkProbability("probability", probability);
            double[] w;
            if (switchProb != null) {
                if (mixers.size() != 2) {
                    throw new IllegalArgumentException(
                            "switchProb needs exactly 2 mixers, got " + mixers.size());
                }
                if (switchProb == 0.0 || switchProb == 1.0) {
                    // keep one mixer only: weights must stay > 0 for the cumulative table
                    BatchMixer only = mixers.get(switchProb == 1.0 ? 1 : 0);
                    return new RandomChoiceMixer(
                            Collections.singletonList(only), new double[] {1.0}, probability);
                }
                w = new double[] {1.0 - switchProb, switchProb};
            } else {
                w = weights.stream().mapToDouble(Double::doubleValue).toArray();
            }
            return new RandomChoiceMixer(mixers, w, probability);
        }
    }
}
