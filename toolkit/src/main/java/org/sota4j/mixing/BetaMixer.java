package org.sota4j.mixing;

import java.util.Random;

/**
 * What {@link Mixup} and {@link CutMix} share: a mixing strength lambda ~ Beta(alpha, alpha) drawn once per batch,
 * a probability of mixing a batch at all, drawn first (train.py's {@code p}, 1.0 by default), and no mixing when
 * alpha is 0 (train.py's {@code --mixup-alpha 0} / {@code --cutmix-alpha 0}).
 */
public abstract class BetaMixer implements BatchMixer {

    private final double alpha;
    private final double probability;
    private final BetaSampler beta;

    BetaMixer(Builder<?> builder) {
        this.alpha = builder.alpha;
        this.probability = builder.probability;
        this.beta = alpha > 0 ? BetaSampler.symmetric(alpha) : null;
    }

    /** The Beta(alpha, alpha) parameter. */
    public double getAlpha() {
        return alpha;
    }

    /** The probability of mixing a batch at all. */
    public double getProbability() {
        return probability;
    }

    /** Whether this batch is mixed: not when alpha is 0, else the probability coin (drawn only when p &lt; 1). */
    final boolean mixes(Random random) {
        return beta != null && (probability >= 1.0 || random.nextDouble() < probability);
    }

    /** Draws lambda from Beta(alpha, alpha); call only when {@link #mixes} said yes. */
    final double sampleLambda(Random random) {
        return beta.sample(random);
    }

    /** The settings of both builders: alpha (default 1.0, as torchvision v2) and the probability (default 1.0). */
    public abstract static class Builder<B extends Builder<B>> {
        private double alpha = 1.0;
        private double probability = 1.0;

        Builder() {}

        abstract B self();

        /** Sets alpha of Beta(alpha, alpha), &gt;= 0 (0 disables mixing); default 1.0. */
        public B optAlpha(double alpha) {
            this.alpha = alpha;
            return self();
        }

        /** Sets the probability of mixing a batch, in [0, 1]; default 1.0 as in train.py. */
        public B optProbability(double probability) {
            this.probability = probability;
            return self();
        }

        /** Throws, naming the setting and its value, unless alpha &gt;= 0 and the probability is in [0, 1]. */
        void validate() {
            Rolls.checkAlpha(alpha);
            Rolls.checkProbability("probability", probability);
        }
    }
}
