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

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
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
 * <p>Every run trains on the training split and validates on the validation split after every epoch: any choice
 * (best epoch, early stopping) is made there. With a test split ({@link Builder#optTest}, or
 * {@link Builder#setData(ExperimentData)} with a validation split), each trained model is evaluated on it once, when
 * its training ends, for the reported {@code test_acc}; {@link Result#paired()} compares those with the base, seed by
 * seed ({@link PairedComparison}).
 *
 * <p>Every variant's recipe and training loop is built, and so checked, before the first run trains. A run that
 * diverges ({@link TrainingDivergedException}) is recorded as diverged, naming the epoch and step, and the others
 * go on; with {@link Builder#optOutput} or {@link Builder#optRunsFile} each finished run's row is written as it lands.
 *
 * <pre>{@code
 * try (ExperimentData data = ExperimentData.forProfileWithValidation(profile)) {
 *     Ablation.Result r = Ablation.builder().setBase(recipe).setData(data)
 *             .addVariant("label smoothing 0.1", b -> b.toBuilder().optLabelSmoothing(0.1).build())
 *             .optSeeds(1, 2, 3).optRunsFile(Path.of("results/05-label-smoothing.csv")).build().run();
 *     display(r.summary());
 *     display(r.paired().table());
 * }
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
    private final ImageTensorDataset test;
    private final int cleanTrainImages;
    private final float[] mean;
    private final float[] std;
    private final long[] seeds;
    private final PrintStream progress;
    private final Path output;
    private final Path runsFile;

    private Ablation(Builder b) {
        base = b.base;
        baseName = b.baseName;
        variants = List.copyOf(b.variants);
        cumulative = b.cumulative;
        includeBase = b.includeBase;
        train = b.train;
        validation = b.validation;
        test = b.test;
        cleanTrainImages = b.cleanTrainImages;
        mean = b.mean;
        std = b.std;
        seeds = b.seeds;
        progress = b.progress;
        output = b.output;
        runsFile = b.runsFile;
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
            Recipe r;
            try {
                r = v.change().apply(cumulative ? previous : base);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("variant '" + v.name() + "': " + e.getMessage(), e);
            }
            out.put(v.name(), r);
            previous = r;
        }
        return out;
    }

    /** Builds the model and the training loop of every run without training, so a bad one fails before any runs. */
    private void check(Map<String, Recipe> recipes) {
        for (Map.Entry<String, Recipe> e : recipes.entrySet()) {
            for (long seed : seeds) {
                Recipe r = e.getValue().toBuilder().optSeed(seed).build();
                try (Model model = Model.newInstance(r.getModel())) {
                    loopOf(r, model, loopChangeOf(e.getKey())).build();
                } catch (IllegalArgumentException ex) {
                    throw new IllegalArgumentException("variant '" + e.getKey() + "' (seed " + seed + "): "
                            + ex.getMessage(), ex);
                }
            }
        }
    }

    private TrainingLoop.Builder loopOf(Recipe recipe, Model model, LoopChange change) {
        model.setBlock(RecipeRunner.model(recipe, train.numClasses(), (int) train.imageShape().get(0)));
        TrainingLoop.Builder loop = RecipeRunner.loop(recipe, model, train, validation, mean, std).optProgress(progress);
        return change == null ? loop : change.apply(recipe, model, loop);
    }

    private LoopChange loopChangeOf(String name) {
        for (Variant v : variants) {
            if (v.name().equals(name)) {
                return v.loop();
            }
        }
        return null;
    }

    private History runOne(Recipe recipe, LoopChange change, FinalEvaluation evaluation) {
        try (Model model = Model.newInstance(recipe.getModel())) {
            TrainingLoop loop = loopOf(recipe, model, change).addHook(evaluation).build();
            evaluation.loop = loop;
            return loop.fit();
        }
    }

    /**
     * Returns the fixed sample of training images that {@code clean_train_acc} is measured on: all of them when there
     * are at most {@code cleanTrainImages}, else a class-balanced subset (seed 0) of min(cleanTrainImages / classes,
     * the smallest class) images of each class; {@code null} when the measurement is off.
     */
    private ImageTensorDataset cleanTrainSample() {
        if (cleanTrainImages == 0) {
            return null;
        }
        if (train.getLabels().length <= cleanTrainImages) {
            return train;
        }
        int fewest = java.util.Arrays.stream(train.classCounts()).min().orElse(0);
        return train.balancedSubset(Math.min(cleanTrainImages / train.numClasses(), fewest), 0);
    }

    /**
     * Evaluates the weights a run ends with (those of its best epoch when early stopping put them back: it runs after
     * every other hook) once, on the validation split, the test split and the clean training sample; nothing when
     * training ended inside an epoch (it diverged).
     */
    private static final class FinalEvaluation implements TrainingHook {
        private final ImageTensorDataset test;
        private final ImageTensorDataset clean;
        private TrainingLoop loop;
        private int finishedEpoch;
        private double valAcc = Double.NaN;
        private double testAcc = Double.NaN;
        private double emaTestAcc = Double.NaN;
        private double cleanTrainAcc = Double.NaN;

        FinalEvaluation(ImageTensorDataset test, ImageTensorDataset clean) {
            this.test = test;
            this.clean = clean;
        }

        @Override
        public boolean afterEpoch(TrainingLoop.Context context, History.Row row) {
            finishedEpoch = context.getEpoch();
            return false;
        }

        @Override
        public void onTrainEnd(TrainingLoop.Context context) {
            if (finishedEpoch == 0 || finishedEpoch != context.getEpoch()) {
                return;
            }
            valAcc = context.validate()[1];
            cleanTrainAcc = clean == null ? Double.NaN : accuracy(context, clean);
            if (test != null) {
                testAcc = accuracy(context, test);
                for (TrainingHook hook : loop.hooks()) {
                    if (hook instanceof EmaHook ema && ema.getEma() != null) {
                        try (org.sota4j.weights.ModelEma.Swap swap = ema.getEma().useEmaWeights()) {
                            emaTestAcc = accuracy(context, test);
                        }
                    }
                }
            }
        }

        private double accuracy(TrainingLoop.Context context, ImageTensorDataset data) {
            ai.djl.Device device = context.getTrainer().getManager().getDevice();
            if (data.getImages().getDevice().equals(device)) {
                return loop.evaluate(context.getTrainer(), data)[1];
            }
            try (ImageTensorDataset moved = data.toDevice(device)) {
                return loop.evaluate(context.getTrainer(), moved)[1];
            }
        }
    }

    /**
     * Checks every run, then runs every recipe with every seed and returns the results; a diverged run is a row
     * whose status names where it diverged, with no accuracy, and has no history.
     *
     * <p>The runs table has one row per run: {@code variant, seed, epochs} (trained), {@code train_images} (the
     * training split's size), {@code clean_train_acc} (accuracy, in inference mode and without augmentation, on the
     * training images, or a fixed class-balanced sample of them when there are more than
     * {@link Builder#optCleanTrainImages}, 2,000 by default), {@code val_acc} (validation accuracy of the weights the
     * run ends with: the last epoch's, or the best epoch's when early stopping put them back), {@code test_acc} (the
     * same weights on the test split, NaN without one), {@code wall_s} (training time, the per-epoch validation
     * included, the final evaluation not), then {@code best_val_acc} (over the epochs), {@code ema_val_acc} (last
     * epoch, EMA weights), {@code ema_test_acc} (EMA weights on the test split), {@code train_loss} (last epoch) and
     * {@code status} ("ok" or where it diverged).
     *
     * @throws IllegalArgumentException naming the variant, before anything trains, when a run cannot be built
     * @throws UncheckedIOException when the runs table cannot be written to the output folder or runs file
     */
    public Result run() {
        Map<String, Recipe> recipes = recipes();
        check(recipes);
        ImageTensorDataset clean = cleanTrainSample();
        try {
            return run(recipes, clean);
        } finally {
            if (clean != null && clean != train) {
                clean.close();
            }
        }
    }

    private Result run(Map<String, Recipe> recipes, ImageTensorDataset clean) {
        Map<String, List<History>> histories = new LinkedHashMap<>();
        StringColumn variant = StringColumn.create("variant");
        LongColumn seedColumn = LongColumn.create("seed");
        IntColumn epochs = IntColumn.create("epochs");
        IntColumn trainImages = IntColumn.create("train_images");
        DoubleColumn cleanTrainAcc = DoubleColumn.create("clean_train_acc");
        DoubleColumn valAcc = DoubleColumn.create("val_acc");
        DoubleColumn testAcc = DoubleColumn.create("test_acc");
        DoubleColumn bestValAcc = DoubleColumn.create("best_val_acc");
        DoubleColumn emaValAcc = DoubleColumn.create("ema_val_acc");
        DoubleColumn emaTestAcc = DoubleColumn.create("ema_test_acc");
        DoubleColumn trainLoss = DoubleColumn.create("train_loss");
        DoubleColumn wall = DoubleColumn.create("wall_s");
        StringColumn status = StringColumn.create("status");
        Table runs = Tables.format(Table.create("ablation runs", variant, seedColumn, epochs, trainImages,
                cleanTrainAcc, valAcc, testAcc, wall, bestValAcc, emaValAcc, emaTestAcc, trainLoss, status));
        for (Map.Entry<String, Recipe> e : recipes.entrySet()) {
            for (long seed : seeds) {
                Recipe r = e.getValue().toBuilder().optSeed(seed).build();
                if (progress != null) {
                    progress.println("== " + e.getKey() + " (seed " + seed + ")");
                }
                variant.append(e.getKey());
                seedColumn.append(seed);
                trainImages.append(train.getLabels().length);
                FinalEvaluation evaluation = new FinalEvaluation(test, clean);
                try {
                    History h = runOne(r, loopChangeOf(e.getKey()), evaluation);
                    histories.computeIfAbsent(e.getKey(), k -> new ArrayList<>()).add(h);
                    History.Row last = h.last();
                    epochs.append(last.epoch());
                    cleanTrainAcc.append(evaluation.cleanTrainAcc);
                    valAcc.append(evaluation.valAcc);
                    testAcc.append(evaluation.testAcc);
                    bestValAcc.append(h.bestValAcc());
                    emaValAcc.append(last.metric(EmaHook.COLUMN));
                    emaTestAcc.append(evaluation.emaTestAcc);
                    trainLoss.append(last.trainLoss());
                    wall.append(last.wallSeconds());
                    status.append("ok");
                } catch (TrainingDivergedException diverged) {
                    String message = diverged.getMessage();
                    String what = "diverged: " + message.substring(0, message.indexOf(';'));
                    if (progress != null) {
                        progress.println("== " + e.getKey() + " (seed " + seed + ") " + what);
                    }
                    epochs.append(diverged.getEpoch());
                    for (DoubleColumn c : List.of(cleanTrainAcc, valAcc, testAcc, bestValAcc, emaValAcc, emaTestAcc,
                            trainLoss, wall)) {
                        c.append(Double.NaN);
                    }
                    status.append(what);
                }
                if (output != null) {
                    writeAtomically(runs, output.resolve("runs.csv"));
                }
                if (runsFile != null) {
                    writeAtomically(runs, runsFile);
                }
            }
        }
        return new Result(runs, summarize(runs), histories);
    }

    /** Writes {@code table} as CSV to a temporary file that then replaces {@code file}, so no reader sees half. */
    static void writeAtomically(Table table, Path file) {
        try {
            Path dir = file.toAbsolutePath().getParent();
            Files.createDirectories(dir);
            Path tmp = Files.createTempFile(dir, file.getFileName().toString(), ".tmp");
            try {
                table.write().csv(tmp.toFile());
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } finally {
                Files.deleteIfExists(tmp);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file.toAbsolutePath(), e);
        }
    }

    /**
     * One row per variant: mean and standard deviation over the seeds that finished, how many diverged (from the
     * runs' status column, when there is one), and the change against the first row.
     */
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
        IntColumn diverged = IntColumn.create("diverged");
        boolean hasStatus = runs.columnNames().contains("status");
        double first = Double.NaN;
        for (String name : ordered) {
            Table rows = runs.where(runs.stringColumn("variant").isEqualTo(name));
            int bad = 0;
            if (hasStatus) {
                Table finished = rows.where(rows.stringColumn("status").isEqualTo("ok"));
                bad = rows.rowCount() - finished.rowCount();
                rows = finished;
            }
            double m = rows.rowCount() == 0 ? Double.NaN : rows.doubleColumn("val_acc").mean();
            if (variant.isEmpty()) {
                first = m;
            }
            variant.append(name);
            n.append(rows.rowCount() + bad);
            mean.append(m);
            sd.append(rows.rowCount() > 1 ? rows.doubleColumn("val_acc").standardDeviation() : Double.NaN);
            delta.append(m - first);
            DoubleColumn e = rows.doubleColumn("ema_val_acc");
            ema.append(e.countMissing() == e.size() ? Double.NaN : e.mean());
            wall.append(rows.rowCount() == 0 ? Double.NaN : rows.doubleColumn("wall_s").mean());
            diverged.append(bad);
        }
        return Tables.format(Table.create("ablation summary", variant, n, mean, sd, delta, ema, wall, diverged));
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
         * bars; the y axis starts just below the lowest bar, and its title says so. A variant whose every run diverged
         * has no bar.
         */
        public CategoryChart bars(String title) {
            Table shown = summary.where(summary.doubleColumn("val_acc_mean").isNotMissing());
            List<String> names = shown.stringColumn("variant").asList();
            double[] sd = shown.doubleColumn("val_acc_std").asDoubleArray();
            boolean any = java.util.Arrays.stream(sd).anyMatch(v -> !Double.isNaN(v));
            int seeds = shown.intColumn("seeds").asList().stream().mapToInt(Integer::intValue).max().orElse(1);
            double lo = java.util.Arrays.stream(shown.doubleColumn("val_acc_mean").asDoubleArray()).min().orElse(0);
            double axisMin = Math.max(0, Math.floor(lo * 20 - 1) / 20);
            String yTitle = "validation accuracy, mean over " + (seeds == 1 ? "1 seed" : seeds + " seeds")
                    + (any ? " (error bars +-1 sd)" : "") + (axisMin > 0 ? String.format(java.util.Locale.ROOT,
                    "; axis from %.2f", axisMin) : "");
            CategoryChart chart = Plots.bars(title, yTitle, names,
                    shown.doubleColumn("val_acc_mean").asDoubleArray(),
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

        /**
         * Compares every variant with the first row's variant (the base, unless it was left out) on {@code test_acc},
         * seed by seed: see {@link PairedComparison}.
         *
         * @throws IllegalStateException when no run was evaluated on a test split ({@link Builder#optTest})
         * @throws IllegalArgumentException with fewer than 2 seeds
         */
        public PairedComparison paired() {
            DoubleColumn test = runs.doubleColumn("test_acc");
            if (test.countMissing() == test.size()) {
                throw new IllegalStateException("paired() compares test_acc, and no run has one: give the ablation a "
                        + "test split (optTest, or setData(ExperimentData) with a validation split), or compare "
                        + "another column with paired(base, metric)");
            }
            return paired(runs.stringColumn("variant").get(0), "test_acc");
        }

        /** Compares every variant with {@code base} on the runs' column {@code metric}, seed by seed. */
        public PairedComparison paired(String base, String metric) {
            return PairedComparison.of(runs, base, metric);
        }

        /**
         * Writes the runs table (one row per run, the columns of {@link Ablation#run()}) as CSV to {@code file},
         * creating its folder, through a temporary file so that no reader sees half of it.
         *
         * @throws UncheckedIOException when it cannot be written
         */
        public void writeRuns(Path file) {
            writeAtomically(runs, file);
        }

        /**
         * Writes the runs and summary as CSV and the bar chart and validation curves as PNG into {@code dir} (no
         * charts when every run diverged).
         */
        public void write(java.nio.file.Path dir, String title) throws java.io.IOException {
            java.nio.file.Files.createDirectories(dir);
            writeAtomically(runs, dir.resolve("runs.csv"));
            writeAtomically(summary, dir.resolve("summary.csv"));
            if (histories.isEmpty()) {
                return;
            }
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
        private ImageTensorDataset test;
        private int cleanTrainImages = 2000;
        private float[] mean;
        private float[] std;
        private long[] seeds = {42};
        private PrintStream progress = System.out;
        private Path output;
        private Path runsFile;

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

        /**
         * Sets the training, validation and test splits and the normalization of {@code data}, which must have a
         * validation split ({@link ExperimentData#forProfileWithValidation}).
         */
        public Builder setData(ExperimentData data) {
            if (data.validation() == null) {
                throw new IllegalArgumentException("data must have a validation split (ExperimentData."
                        + "forProfileWithValidation), got none: " + data.description());
            }
            setData(data.train(), data.validation(), data.mean(), data.std());
            return optTest(data.test());
        }

        /**
         * Sets the test split, on which every trained model is evaluated once when its training ends (default none:
         * {@code test_acc} is NaN). It must not be the validation split, on which choices are made.
         */
        public Builder optTest(ImageTensorDataset test) {
            this.test = test;
            return this;
        }

        /**
         * Sets the most training images {@code clean_train_acc} is measured on (default 2,000): all of them when there
         * are that many or fewer, else a class-balanced subset drawn with seed 0, the same for every run; 0 turns the
         * measurement off.
         */
        public Builder optCleanTrainImages(int cleanTrainImages) {
            this.cleanTrainImages = cleanTrainImages;
            return this;
        }

        /**
         * Sets a CSV file that the runs table is rewritten to after every run, as {@link #optOutput} does with its
         * {@code runs.csv} (default none).
         */
        public Builder optRunsFile(Path runsFile) {
            this.runsFile = runsFile;
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

        /**
         * Sets a folder where {@code runs.csv} is rewritten after every run, diverged ones included, so that the rows
         * so far survive a crash or an interrupted run (default none).
         */
        public Builder optOutput(Path output) {
            this.output = output;
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
            if (test != null && test == validation) {
                throw new IllegalArgumentException("test must not be the validation split (choices are made on "
                        + "validation, the test split is for the reported number), got the same dataset for both");
            }
            if (test != null && test.numClasses() != train.numClasses()) {
                throw new IllegalArgumentException("test must have the training data's " + train.numClasses()
                        + " classes, got " + test.numClasses());
            }
            if (cleanTrainImages != 0 && cleanTrainImages < train.numClasses()) {
                throw new IllegalArgumentException("cleanTrainImages must be 0 (off) or >= the " + train.numClasses()
                        + " classes (at least one image of each), got " + cleanTrainImages);
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
