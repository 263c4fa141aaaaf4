package org.sota4j.experiments;

import ai.djl.training.tracker.Tracker;

import org.sota4j.datasets.ImageTensorDataset;
import org.sota4j.recipe.Recipe;
import org.sota4j.recipe.RecipeRunner;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;
import java.util.function.UnaryOperator;

/**
 * An {@link Ablation} over learning-rate schedules, including ones that train.py's flags cannot express
 * (the 1cycle policy of Smith &amp; Topin 2018, arXiv 1708.07120; SGDR warm restarts of Loshchilov &amp; Hutter
 * 2017, arXiv 1608.03983): every variant trains the base {@link Recipe} exactly as {@link RecipeRunner} would
 * (model, data side, optimizer, weight-decay groups, seeds), except that the learning-rate tracker comes from
 * the variant. Use it to compare schedules at one budget; the result has the tables and plots of an ablation.
 *
 * <pre>{@code
 * Ablation.Result r = ScheduleAblation.builder().setBase(recipe).setData(train, test, mean, std)
 *         .addRecipeVariant("cosine", b -> b.toBuilder().optLrScheduler(Recipe.LrScheduler.COSINEANNEALINGLR).build())
 *         .addVariant("one-cycle", spe -> OneCycle.builder().setMaxValue(0.2f).setTotalSteps(spe * epochs).build())
 *         .build().run();
 * }</pre>
 */
public final class ScheduleAblation {

    /** A named schedule: a tracker indexed by optimizer step, made for the run's optimizer steps per epoch. */
    public record Variant(String name, IntFunction<Tracker> schedule) {}

    private final Ablation ablation;
    private final List<Variant> variants;

    private ScheduleAblation(Ablation ablation, List<Variant> variants) {
        this.ablation = ablation;
        this.variants = List.copyOf(variants);
    }

    /** Returns a builder. */
    public static Builder builder() {
        return new Builder();
    }

    /** Returns the variants, in the order they run. */
    public List<Variant> variants() {
        return variants;
    }

    /** Runs every schedule with every seed (the base recipe otherwise unchanged) and returns the results. */
    public Ablation.Result run() {
        return ablation.run();
    }

    /** The loop change of a schedule variant: its tracker, and the recipe's optimizer rebuilt around it. */
    private static Ablation.LoopChange withSchedule(Variant v) {
        return (recipe, model, loop) -> {
            Tracker lr = v.schedule().apply(loop.build().stepsPerEpoch());
            if (lr == null) {
                throw new IllegalArgumentException("schedule of variant '" + v.name() + "' must return a tracker, got null");
            }
            return loop.optLearningRate(lr).optOptimizer(RecipeRunner.optimizer(recipe, model, lr));
        };
    }

    /** Builds a {@link ScheduleAblation}. */
    public static final class Builder {
        private final Ablation.Builder ablation = Ablation.builder().optIncludeBase(false);
        private final List<Variant> variants = new ArrayList<>();
        private Recipe base;

        private Builder() {}

        /** Sets the recipe every variant trains (its own schedule flags are used only by recipe variants). */
        public Builder setBase(Recipe base) {
            this.base = base;
            ablation.setBase(base);
            return this;
        }

        /** Sets the training and validation data and their normalization (mean, std of [0, 1] pixels). */
        public Builder setData(ImageTensorDataset train, ImageTensorDataset validation, float[] mean, float[] std) {
            ablation.setData(train, validation, mean, std);
            return this;
        }

        /** Adds a schedule made from the run's optimizer steps per epoch (e.g. a {@code OneCycle} of epochs x steps). */
        public Builder addVariant(String name, IntFunction<Tracker> schedule) {
            Variant v = new Variant(name, schedule);
            variants.add(v);
            ablation.addVariant(name, r -> r, withSchedule(v));
            return this;
        }

        /**
         * Adds the schedule train.py's flags describe after {@code scheduleFlags} changes the base recipe
         * ({@link RecipeRunner#schedule}); only the schedule is taken from the changed recipe.
         */
        public Builder addRecipeVariant(String name, UnaryOperator<Recipe> scheduleFlags) {
            return addVariant(name, stepsPerEpoch -> RecipeRunner.schedule(scheduleFlags.apply(base), stepsPerEpoch));
        }

        /** Sets the seeds; each variant runs once per seed (default one seed, 42). */
        public Builder optSeeds(long... seeds) {
            ablation.optSeeds(seeds);
            return this;
        }

        /** Sets where progress goes ({@code null} for silence). */
        public Builder optProgress(PrintStream progress) {
            ablation.optProgress(progress);
            return this;
        }

        /** Builds the ablation; the base, data, at least one variant and one seed are required, names unique. */
        public ScheduleAblation build() {
            if (base != null && base.isRepeatedAugmentation()) {
                throw new IllegalArgumentException("base must not use the repeated-augmentation sampler, got raSampler=true");
            }
            for (Variant v : variants) {
                if (v.schedule() == null) {
                    throw new IllegalArgumentException("schedule of variant '" + v.name() + "' must not be null");
                }
            }
            return new ScheduleAblation(ablation.build(), variants);
        }
    }
}
