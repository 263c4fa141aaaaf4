package org.sota4j.training;

import ai.djl.Model;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.XYChart;
import org.sota4j.datasets.ImageTensorDataset;
import org.sota4j.plots.Plots;
import org.sota4j.plots.Tables;
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
import java.util.function.UnaryOperator;

/**
 * Runs an ablation: a base {@link Recipe} and named variants (each one flag changed, or a cumulative
 * chain where every step adds to the previous one, as the torchvision blog's table), every variant
 * with the same data, budget and seeds, and returns a Tablesaw table per run and per variant with
 * plots. The notebooks use it, so research code can rerun exactly what a notebook ran.
 *
 * <pre>{@code
 * Ablation.Result r = Ablation.builder().setBase(recipe).setData(train, test, mean, std)
 *         .addVariant("label smoothing 0.1", b -> b.toBuilder().optLabelSmoothing(0.1).build())
 *         .optSeeds(1, 2, 3).build().run();
 * display(r.summary());
 * }</pre>
 */
public final class Ablation {

    /**
     * A change to the training loop that {@link RecipeRunner#loop} builds for a recipe, for what train.py's flags
     * cannot express (a custom augmentation, a schedule that is not a recipe flag).
     */
    @FunctionalInterface
    public interface LoopChange {
        /**
         * Returns the loop to train, usually {@code loop} with some settings replaced.
         *
         * @param recipe the recipe of the run (seed included)
         * @param model the model of the run, its block set and not yet initialized
         * @param loop the loop {@link RecipeRunner#loop} built for the recipe, progress output set
         */
        TrainingLoop.Builder apply(Recipe recipe, Model model, TrainingLoop.Builder loop);
    }

    /**
     * A named variant: a change to the recipe and, optionally, to the loop that trains it.
     *
     * @param name the row's name
     * @param change the recipe of the variant, made from the base (or, cumulative, the previous variant)
     * @param loop a change to the training loop of this variant only, or {@code null} for none
     */
    public record Variant(String name, UnaryOperator<Recipe> change, LoopChange loop) {

        /** A variant that changes the recipe only. */
        public Variant(String name, UnaryOperator<Recipe> change) {
            this(name, change, null);
        }
    }

    private final Recipe base;
    private final String baseName;
    private final List<Variant> variants;
    private final boolean cumulative;
    private final boolean includeBase;
    private final ImageTensorDataset train;
    private final ImageTensorDataset validation;
    private final float[] mean;
    private final float[] std;
    private final long[] seeds;
    private final PrintStream progress;

    private Ablation(Builder b) {
        base = b.base;
        baseName = b.baseName;
        variants = List.copyOf(b.variants);
        cumulative = b.cumulative;
        includeBase = b.includeBase;
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

    /** Returns the recipes run, in order, by name (the base first unless it was left out). */
    public Map<String, Recipe> recipes() {
        Map<String, Recipe> out = new LinkedHashMap<>();
        if (includeBase) {
            out.put(baseName, base);
        }
        Recipe previous = base;
        for (Variant v : variants) {
            Recipe r = v.change().apply(cumulative ? previous : base);
            out.put(v.name(), r);
            previous = r;
        }
        return out;
    }

    private LoopChange loopChangeOf(String name) {
        for (Variant v : variants) {
            if (v.name().equals(name)) {
                return v.loop();
            }
        }
        return null;
    }

    private History runOne(Recipe recipe, LoopChange change) {
        try (Model model = Model.newInstance(recipe.getModel())) {
            model.setBlock(RecipeRunner.model(recipe, train.numClasses(), (int) train.imageShape().get(0)));
            TrainingLoop.Builder loop = RecipeRunner.loop(recipe, model, train, validation, mean, std).optProgress(progress);
            if (change != null) {
                loop = change.apply(recipe, model, loop);
            }
            return loop.build().fit();
        }
    }

    /** Runs every recipe with every seed and returns the results. */
    public Result run() {
        Map<String, List<History>> histories = new LinkedHashMap<>();
        StringColumn variant = StringColumn.create("variant");
        LongColumn seedColumn = LongColumn.create("seed");
        IntColumn epochs = IntColumn.create("epochs");
        DoubleColumn valAcc = DoubleColumn.create("val_acc");
        DoubleColumn bestValAcc = DoubleColumn.create("best_val_acc");
        DoubleColumn emaValAcc = DoubleColumn.create("ema_val_acc");
        DoubleColumn trainLoss = DoubleColumn.create("train_loss");
        DoubleColumn wall = DoubleColumn.create("wall_s");
        for (Map.Entry<String, Recipe> e : recipes().entrySet()) {
            for (long seed : seeds) {
                Recipe r = e.getValue().toBuilder().optSeed(seed).build();
                if (progress != null) {
                    progress.println("== " + e.getKey() + " (seed " + seed + ")");
                }
                History h = runOne(r, loopChangeOf(e.getKey()));
                histories.computeIfAbsent(e.getKey(), k -> new ArrayList<>()).add(h);
                History.Row last = h.last();
                variant.append(e.getKey());
                seedColumn.append(seed);
                epochs.append(last.epoch());
                valAcc.append(last.valAcc());
                bestValAcc.append(h.bestValAcc());
                emaValAcc.append(last.emaValAcc());
                trainLoss.append(last.trainLoss());
                wall.append(last.wallSeconds());
            }
        }
        Table runs = Tables.format(Table.create("ablation runs", variant, seedColumn, epochs, valAcc, bestValAcc,
                emaValAcc, trainLoss, wall));
        return new Result(runs, summarize(runs), histories);
    }

    /** One row per variant: mean and standard deviation over seeds, and the change against the first row. */
    static Table summarize(Table runs) {
        List<String> ordered = new ArrayList<>();
        for (String n : runs.stringColumn("variant")) {
            if (!ordered.contains(n)) {
                ordered.add(n);
            }
        }
        StringColumn variant = StringColumn.create("variant");
        IntColumn n = IntColumn.create("seeds");
        DoubleColumn mean = DoubleColumn.create("val_acc_mean");
        DoubleColumn sd = DoubleColumn.create("val_acc_std");
        DoubleColumn delta = DoubleColumn.create("delta_vs_first");
        DoubleColumn ema = DoubleColumn.create("ema_val_acc_mean");
        DoubleColumn wall = DoubleColumn.create("wall_s_mean");
        double first = Double.NaN;
        for (String name : ordered) {
            Table rows = runs.where(runs.stringColumn("variant").isEqualTo(name));
            double m = rows.doubleColumn("val_acc").mean();
            if (Double.isNaN(first)) {
                first = m;
            }
            variant.append(name);
            n.append(rows.rowCount());
            mean.append(m);
            sd.append(rows.rowCount() > 1 ? rows.doubleColumn("val_acc").standardDeviation() : Double.NaN);
            delta.append(m - first);
            DoubleColumn e = rows.doubleColumn("ema_val_acc");
            ema.append(e.countMissing() == e.size() ? Double.NaN : e.mean());
            wall.append(rows.doubleColumn("wall_s").mean());
        }
        return Tables.format(Table.create("ablation summary", variant, n, mean, sd, delta, ema, wall));
    }

    /**
     * What an ablation produced.
     *
     * @param runs one row per (variant, seed)
     * @param summary one row per variant
     * @param histories every run's history, by variant
     */
    public record Result(Table runs, Table summary, Map<String, List<History>> histories) {

        /**
         * Returns a bar chart of mean validation accuracy per variant, with +-1 standard deviation over seeds as error
         * bars; the y axis starts just below the lowest bar, and its title says so.
         */
        public CategoryChart bars(String title) {
            List<String> names = summary.stringColumn("variant").asList();
            double[] sd = summary.doubleColumn("val_acc_std").asDoubleArray();
            boolean any = java.util.Arrays.stream(sd).anyMatch(v -> !Double.isNaN(v));
            int seeds = summary.intColumn("seeds").asList().stream().mapToInt(Integer::intValue).max().orElse(1);
            double lo = java.util.Arrays.stream(summary.doubleColumn("val_acc_mean").asDoubleArray()).min().orElse(0);
            double axisMin = Math.max(0, Math.floor(lo * 20 - 1) / 20);
            String yTitle = "validation accuracy, mean over " + (seeds == 1 ? "1 seed" : seeds + " seeds")
                    + (any ? " (error bars +-1 sd)" : "") + (axisMin > 0 ? String.format(java.util.Locale.ROOT,
                    "; axis from %.2f", axisMin) : "");
            CategoryChart chart = Plots.bars(title, yTitle, names,
                    summary.doubleColumn("val_acc_mean").asDoubleArray(),
                    any ? java.util.Arrays.stream(sd).map(v -> Double.isNaN(v) ? 0 : v).toArray() : null);
            chart.getStyler().setYAxisMin(axisMin);
            return chart;
        }

        /** Returns the curves of a history column (e.g. "val_acc") for the first seed of every variant. */
        public XYChart curves(String title, String metric) {
            Map<String, History> first = new LinkedHashMap<>();
            histories.forEach((k, v) -> first.put(k, v.get(0)));
            return Plots.curves(title, metric, first);
        }

        /** Returns the mean validation accuracy of a variant. */
        public double meanAccuracy(String variant) {
            for (int i = 0; i < summary.rowCount(); i++) {
                if (summary.stringColumn("variant").get(i).equals(variant)) {
                    return summary.doubleColumn("val_acc_mean").getDouble(i);
                }
            }
            throw new IllegalArgumentException("variant must be one of " + summary.stringColumn("variant").asList()
                    + ", got '" + variant + "'");
        }

        /** Writes the runs and summary as CSV and the bar chart as PNG into {@code dir}. */
        public void write(java.nio.file.Path dir, String title) throws java.io.IOException {
            java.nio.file.Files.createDirectories(dir);
            runs.write().csv(dir.resolve("runs.csv").toFile());
            summary.write().csv(dir.resolve("summary.csv").toFile());
            org.knowm.xchart.BitmapEncoder.saveBitmap(bars(title), dir.resolve("summary").toString(),
                    org.knowm.xchart.BitmapEncoder.BitmapFormat.PNG);
            org.knowm.xchart.BitmapEncoder.saveBitmap(curves(title, "val_acc"), dir.resolve("val_acc").toString(),
                    org.knowm.xchart.BitmapEncoder.BitmapFormat.PNG);
        }

        @Override
        public String toString() {
            return Tables.text(summary);
        }
    }

    /** Builds an {@link Ablation}. */
    public static final class Builder {
        private Recipe base;
        private String baseName = "base";
        private final List<Variant> variants = new ArrayList<>();
        private boolean cumulative;
        private boolean includeBase = true;
        private ImageTensorDataset train;
        private ImageTensorDataset validation;
        private float[] mean;
        private float[] std;
        private long[] seeds = {42};
        private PrintStream progress = System.out;

        /** Sets the base recipe (and the name of its row, default "base"). */
        public Builder setBase(Recipe base, String name) {
            this.base = base;
            this.baseName = name;
            return this;
        }

        /** Sets the base recipe. */
        public Builder setBase(Recipe base) {
            return setBase(base, "base");
        }

        /** Sets the training and validation data and their normalization (mean, std of [0, 1] pixels). */
        public Builder setData(ImageTensorDataset train, ImageTensorDataset validation, float[] mean, float[] std) {
            this.train = train;
            this.validation = validation;
            this.mean = mean == null ? null : mean.clone();
            this.std = std == null ? null : std.clone();
            return this;
        }

        /** Adds a variant: the recipe the change makes of the base (or, cumulative, of the previous variant). */
        public Builder addVariant(String name, UnaryOperator<Recipe> change) {
            variants.add(new Variant(name, change));
            return this;
        }

        /**
         * Adds a variant that also changes the training loop (e.g. its augmentation or learning-rate tracker);
         * the loop change applies to this variant's runs only, also in a cumulative chain.
         */
        public Builder addVariant(String name, UnaryOperator<Recipe> change, LoopChange loop) {
            variants.add(new Variant(name, change, loop));
            return this;
        }

        /** Whether the base recipe runs as a row of its own (default true); without it, only the variants run. */
        public Builder optIncludeBase(boolean includeBase) {
            this.includeBase = includeBase;
            return this;
        }

        /** Makes every variant apply to the previous one instead of the base (the blog's cumulative table). */
        public Builder optCumulative(boolean cumulative) {
            this.cumulative = cumulative;
            return this;
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

        /** Builds the ablation. */
        public Ablation build() {
            if (base == null) {
                throw new IllegalArgumentException("base must be set (setBase), got null");
            }
            if (train == null || validation == null) {
                throw new IllegalArgumentException("data must be set (setData), got train " + train + ", validation " + validation);
            }
            if (mean == null || std == null) {
                throw new IllegalArgumentException("mean and std must be set (setData), got " + mean + " and " + std);
            }
            if (seeds.length == 0) {
                throw new IllegalArgumentException("seeds must not be empty, got []");
            }
            if (!includeBase && variants.isEmpty()) {
                throw new IllegalArgumentException("variants must not be empty, got none (addVariant)");
            }
            List<String> names = new ArrayList<>(includeBase ? List.of(baseName) : List.of());
            for (Variant v : variants) {
                if (v.name() == null || v.name().isBlank()) {
                    throw new IllegalArgumentException("variant name must not be blank, got '" + v.name() + "'");
                }
                if (v.change() == null) {
                    throw new IllegalArgumentException("change of variant '" + v.name() + "' must not be null");
                }
                if (names.contains(v.name())) {
                    throw new IllegalArgumentException("variant names must be unique, got '" + v.name() + "' twice");
                }
                names.add(v.name());
            }
            return new Ablation(this);
        }
    }
}
