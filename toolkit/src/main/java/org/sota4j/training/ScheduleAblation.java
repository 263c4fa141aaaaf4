package org.sota4j.training;

import ai.djl.Model;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import org.sota4j.datasets.ImageTensorDataset;
import org.sota4j.optimizers.AdamW;
import org.sota4j.optimizers.Sgd;
import org.sota4j.optimizers.WeightDecayGroups;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.LongColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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

    private final Recipe base;
    private final List<Variant> variants;
    private final ImageTensorDataset train;
    private final ImageTensorDataset validation;
    private final float[] mean;
    private final float[] std;
    private final long[] seeds;
    private final PrintStream progress;

    private ScheduleAblation(Builder b) {
        base = b.base;
        variants = List.copyOf(b.variants);
        train = b.train;
        validation = b.validation;
        mean = b.mean;
        std = b.std;
        seeds = b.seeds;
        progress = b.progress;
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
        Map<String, List<History>> histories = new LinkedHashMap<>();
        StringColumn variant = StringColumn.create("variant");
        LongColumn seedColumn = LongColumn.create("seed");
        IntColumn epochs = IntColumn.create("epochs");
        DoubleColumn valAcc = DoubleColumn.create("val_acc");
        DoubleColumn bestValAcc = DoubleColumn.create("best_val_acc");
        DoubleColumn emaValAcc = DoubleColumn.create("ema_val_acc");
        DoubleColumn trainLoss = DoubleColumn.create("train_loss");
        DoubleColumn wall = DoubleColumn.create("wall_s");
        for (Variant v : variants) {
            for (long seed : seeds) {
                if (progress != null) {
                    progress.println("== " + v.name() + " (seed " + seed + ")");
                }
                History h = runOne(base.toBuilder().optSeed(seed).build(), v);
                histories.computeIfAbsent(v.name(), k -> new ArrayList<>()).add(h);
                History.Row last = h.last();
                variant.append(v.name());
                seedColumn.append(seed);
                epochs.append(last.epoch());
                valAcc.append(last.valAcc());
                bestValAcc.append(h.bestValAcc());
                emaValAcc.append(last.emaValAcc());
                trainLoss.append(last.trainLoss());
                wall.append(last.wallSeconds());
            }
        }
        Table runs = Table.create("schedule ablation runs", variant, seedColumn, epochs, valAcc, bestValAcc, emaValAcc,
                trainLoss, wall);
        return new Ablation.Result(runs, Ablation.summarize(runs), histories);
    }

    private History runOne(Recipe recipe, Variant v) {
        try (Model model = Model.newInstance(recipe.getModel())) {
            model.setBlock(RecipeRunner.model(recipe, train.numClasses(), (int) train.imageShape().get(0)));
            TrainingLoop.Builder b = RecipeRunner.loop(recipe, model, train, validation, mean, std).optProgress(progress);
            int stepsPerEpoch = b.build().stepsPerEpoch();
            Tracker lr = v.schedule().apply(stepsPerEpoch);
            if (lr == null) {
                throw new IllegalArgumentException("schedule of variant '" + v.name() + "' must return a tracker, got null");
            }
            return b.optLearningRate(lr).optOptimizer(optimizer(recipe, model, lr)).build().fit();
        }
    }

    /** The recipe's optimizer and weight-decay groups (as {@link RecipeRunner#loop}) with another learning rate. */
    static Optimizer optimizer(Recipe recipe, Model model, Tracker lr) {
        WeightDecayGroups groups = WeightDecayGroups.builder().setBlock(model.getBlock())
                .optWeightDecay((float) recipe.getWeightDecay())
                .optNormWeightDecay(recipe.getNormWeightDecay() == null ? null : recipe.getNormWeightDecay().floatValue())
                .optBiasWeightDecay(recipe.getBiasWeightDecay() == null ? null : recipe.getBiasWeightDecay().floatValue())
                .build();
        return switch (recipe.getOptimizer()) {
            case SGD -> Sgd.builder().setLearningRateTracker(lr).optMomentum((float) recipe.getMomentum())
                    .optWeightDecayGroups(groups).build();
            case SGD_NESTEROV -> Sgd.builder().setLearningRateTracker(lr).optMomentum((float) recipe.getMomentum())
                    .optNesterov(true).optWeightDecayGroups(groups).build();
            case ADAMW -> AdamW.builder().setLearningRateTracker(lr).optWeightDecayGroups(groups).build();
            case RMSPROP -> throw new IllegalArgumentException("optimizer must be sgd, sgd_nesterov or adamw, got rmsprop");
        };
    }

    /** Builds a {@link ScheduleAblation}. */
    public static final class Builder {
        private Recipe base;
        private final List<Variant> variants = new ArrayList<>();
        private ImageTensorDataset train;
        private ImageTensorDataset validation;
        private float[] mean;
        private float[] std;
        private long[] seeds = {42};
        private PrintStream progress = System.out;

        /** Sets the recipe every variant trains (its own schedule flags are used only by recipe variants). */
        public Builder setBase(Recipe base) {
            this.base = base;
            return this;
        }

        /** Sets the training and validation data and their normalization (mean, std of [0, 1] pixels). */
        public Builder setData(ImageTensorDataset train, ImageTensorDataset validation, float[] mean, float[] std) {
            this.train = train;
            this.validation = validation;
            this.mean = mean.clone();
            this.std = std.clone();
            return this;
        }

        /** Adds a schedule made from the run's optimizer steps per epoch (e.g. a {@code OneCycle} of epochs x steps). */
        public Builder addVariant(String name, IntFunction<Tracker> schedule) {
            variants.add(new Variant(name, schedule));
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
            this.seeds = seeds.clone();
            return this;
        }

        /** Sets where progress goes ({@code null} for silence). */
        public Builder optProgress(PrintStream progress) {
            this.progress = progress;
            return this;
        }

        /** Builds the ablation; the base, data, at least one variant and one seed are required, names unique. */
        public ScheduleAblation build() {
            if (base == null) {
                throw new IllegalArgumentException("base must be set (setBase), got null");
            }
            if (base.isRaSampler()) {
                throw new IllegalArgumentException("base must not use the repeated-augmentation sampler, got raSampler=true");
            }
            if (train == null || validation == null) {
                throw new IllegalArgumentException("data must be set (setData), got train " + train + ", validation " + validation);
            }
            if (variants.isEmpty()) {
                throw new IllegalArgumentException("variants must not be empty, got none (addVariant)");
            }
            if (seeds.length == 0) {
                throw new IllegalArgumentException("seeds must not be empty, got []");
            }
            List<String> names = new ArrayList<>();
            for (Variant v : variants) {
                if (v.schedule() == null) {
                    throw new IllegalArgumentException("schedule of variant '" + v.name() + "' must not be null");
                }
                if (names.contains(v.name())) {
                    throw new IllegalArgumentException("variant names must be unique, got '" + v.name() + "' twice");
                }
                names.add(v.name());
            }
            return new ScheduleAblation(this);
        }
    }
}
