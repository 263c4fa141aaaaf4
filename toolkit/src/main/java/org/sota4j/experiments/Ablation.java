package org.sota4j.experiments;

import ai.djl.Model;
import ai.djl.training.tracker.Tracker;

import org.sota4j.augmentation.BatchTransform;
import org.sota4j.datasets.ImageTensorDataset;
import org.sota4j.plots.Plots;
import org.sota4j.plots.Tables;
import org.sota4j.recipe.Recipe;
import org.sota4j.recipe.RecipeRunner;
import org.sota4j.training.Checkpoint;
import org.sota4j.training.EmaHook;
import org.sota4j.training.History;
import org.sota4j.training.TrainingDivergedException;
import org.sota4j.training.TrainingHook;
import org.sota4j.training.TrainingLoop;

import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.XYChart;

import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.LongColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.CodeSource;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntFunction;
import java.util.function.UnaryOperator;
import java.util.stream.IntStream;

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
    private final Path weightsDir;
    private final int workers;

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
        weightsDir = b.weightsDir;
        workers = b.workers;
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
        return loopOf(recipe, model, change, train, validation, mean, std, progress);
    }

    private static TrainingLoop.Builder loopOf(Recipe recipe, Model model, LoopChange change,
            ImageTensorDataset train, ImageTensorDataset validation, float[] mean, float[] std, PrintStream progress) {
        model.setBlock(RecipeRunner.model(recipe, train.numClasses(), (int) train.imageShape().get(0)));
        TrainingLoop.Builder loop = RecipeRunner.loop(recipe, model, train, validation, mean, std)
                .optProgress(progress);
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

    /**
     * What one run produced: its history (null when it diverged), the epochs trained, the final evaluation (NaN where
     * there was none) and its status, "ok" or where it diverged.
     */
    record Outcome(History history, int epochs, double cleanTrainAcc, double valAcc, double testAcc, double emaTestAcc,
            String status) {}

    /**
     * Trains one run and evaluates its final weights once (see {@link FinalEvaluation}); a divergence is an outcome,
     * not an exception. The in-process path and {@link AblationWorker} both train through here. With {@code weights}
     * (else null) the final weights are saved there, and the EMA weights, when the recipe averages them, beside it
     * ({@link #emaWeightsFile}).
     */
    static Outcome train(Recipe recipe, LoopChange change, ImageTensorDataset train, ImageTensorDataset validation,
            ImageTensorDataset test, ImageTensorDataset clean, float[] mean, float[] std, PrintStream progress,
            Path weights) {
        FinalEvaluation evaluation = new FinalEvaluation(test, clean, weights);
        try (Model model = Model.newInstance(recipe.getModel())) {
            TrainingLoop loop = loopOf(recipe, model, change, train, validation, mean, std, progress)
                    .addHook(evaluation).build();
            evaluation.loop = loop;
            History h = loop.fit();
            return new Outcome(h, h.last().epoch(), evaluation.cleanTrainAcc, evaluation.valAcc, evaluation.testAcc,
                    evaluation.emaTestAcc, "ok");
        } catch (TrainingDivergedException diverged) {
            String message = diverged.getMessage();
            return new Outcome(null, diverged.getEpoch(), Double.NaN, Double.NaN, Double.NaN, Double.NaN,
                    "diverged: " + message.substring(0, message.indexOf(';')));
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
        private final Path weights;
        private TrainingLoop loop;
        private int finishedEpoch;
        private double valAcc = Double.NaN;
        private double testAcc = Double.NaN;
        private double emaTestAcc = Double.NaN;
        private double cleanTrainAcc = Double.NaN;

        FinalEvaluation(ImageTensorDataset test, ImageTensorDataset clean, Path weights) {
            this.test = test;
            this.clean = clean;
            this.weights = weights;
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
            }
            if (weights != null) {
                TrainingLoop.saveParameters(context.getBlock(), weights);
            }
            for (TrainingHook hook : loop.hooks()) {
                if (hook instanceof EmaHook ema && ema.getEma() != null && (test != null || weights != null)) {
                    try (org.sota4j.weights.ModelEma.Swap swap = ema.getEma().useEmaWeights()) {
                        if (test != null) {
                            emaTestAcc = accuracy(context, test);
                        }
                        if (weights != null) {
                            TrainingLoop.saveParameters(context.getBlock(), emaWeightsFile(weights));
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

    /** One (variant, seed) of the ablation, in the order the runs table lists them. */
    private record Job(String variant, long seed, Recipe recipe) {}

    /** Where the job's final weights go, or null when they are not kept. */
    private Path weightsOf(Job job) {
        return weightsDir == null ? null : weightsFile(weightsDir, job.variant(), job.seed());
    }

    /**
     * Returns the file {@link Builder#optWeightsDir} keeps the final weights of a run in:
     * {@code dir/<variant>-seed-<seed>.params}, the variant's name in lower case with every run of other characters
     * than letters and digits replaced by one dash ("+ FixRes mitigations" becomes {@code fixres-mitigations}).
     * Load it with {@link RecipeRunner#loadModel}.
     */
    public static Path weightsFile(Path dir, String variant, long seed) {
        return dir.resolve(fileName(variant) + "-seed-" + seed + ".params");
    }

    /** Returns the file beside {@code weights} that keeps the run's EMA weights, when its recipe averages them. */
    public static Path emaWeightsFile(Path weights) {
        String name = weights.getFileName().toString();
        String stem = name.endsWith(".params") ? name.substring(0, name.length() - ".params".length()) : name;
        return weights.resolveSibling(stem + "-ema.params");
    }

    static String fileName(String variant) {
        String s = variant.toLowerCase(Locale.ROOT).replaceAll("[^\\p{L}\\p{N}]+", "-");
        return s.replaceAll("^-+|-+$", "");
    }

    private Result run(Map<String, Recipe> recipes, ImageTensorDataset clean) {
        List<Job> jobs = new ArrayList<>();
        for (Map.Entry<String, Recipe> e : recipes.entrySet()) {
            for (long seed : seeds) {
                jobs.add(new Job(e.getKey(), seed, e.getValue().toBuilder().optSeed(seed).build()));
            }
        }
        Outcome[] outcomes = new Outcome[jobs.size()];
        if (workers == 1) {
            for (int i = 0; i < jobs.size(); i++) {
                Job job = jobs.get(i);
                if (progress != null) {
                    progress.println("== " + job.variant() + " (seed " + job.seed() + ")");
                }
                outcomes[i] = train(job.recipe(), loopChangeOf(job.variant()), train, validation, test, clean, mean,
                        std, progress, weightsOf(job));
                landed(job, outcomes[i], jobs, outcomes);
            }
        } else {
            runInWorkers(jobs, outcomes, clean);
        }
        Map<String, List<History>> histories = new LinkedHashMap<>();
        for (int i = 0; i < jobs.size(); i++) {
            if (outcomes[i].history() != null) {
                histories.computeIfAbsent(jobs.get(i).variant(), k -> new ArrayList<>()).add(outcomes[i].history());
            }
        }
        Table runs = runsTable(jobs, outcomes);
        return new Result(runs, summarize(runs), histories);
    }

    /**
     * Reports a finished run and rewrites the runs files with every run finished so far, in ablation order (the
     * worker path calls it holding this ablation's lock).
     */
    private void landed(Job job, Outcome outcome, List<Job> jobs, Outcome[] outcomes) {
        if (progress != null) {
            String what = !outcome.status().equals("ok") ? outcome.status() : String.format(Locale.ROOT,
                    "val %.2f%%, test %.2f%%, %s", 100 * outcome.valAcc(), 100 * outcome.testAcc(),
                    RunInfo.duration(outcome.history().last().wallSeconds()));
            progress.println("== " + job.variant() + " (seed " + job.seed() + ") " + what);
        }
        if (output != null || runsFile != null) {
            Table runs = runsTable(jobs, outcomes);
            if (output != null) {
                writeAtomically(runs, output.resolve("runs.csv"));
            }
            if (runsFile != null) {
                writeAtomically(runs, runsFile);
            }
        }
    }

    /** The runs table of the jobs whose outcome is in, in job order (see {@link #run()} for the columns). */
    private Table runsTable(List<Job> jobs, Outcome[] outcomes) {
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
        for (int i = 0; i < jobs.size(); i++) {
            Outcome o = outcomes[i];
            if (o == null) {
                continue;
            }
            History h = o.history();
            variant.append(jobs.get(i).variant());
            seedColumn.append(jobs.get(i).seed());
            epochs.append(o.epochs());
            trainImages.append(train.getLabels().length);
            cleanTrainAcc.append(o.cleanTrainAcc());
            valAcc.append(o.valAcc());
            testAcc.append(o.testAcc());
            wall.append(h == null ? Double.NaN : h.last().wallSeconds());
            bestValAcc.append(h == null ? Double.NaN : h.bestValAcc());
            emaValAcc.append(h == null ? Double.NaN : h.last().metric(EmaHook.COLUMN));
            emaTestAcc.append(o.emaTestAcc());
            trainLoss.append(h == null ? Double.NaN : h.last().trainLoss());
            status.append(o.status());
        }
        return Tables.format(Table.create("ablation runs", variant, seedColumn, epochs, trainImages,
                cleanTrainAcc, valAcc, testAcc, wall, bestValAcc, emaValAcc, emaTestAcc, trainLoss, status));
    }

    /**
     * Trains the jobs in child JVMs ({@link AblationWorker}), {@link Builder#optWorkers workers} at a time, each with
     * an equal share of the cores as its intra-op threads; the splits reach the children as files in a temporary
     * folder, which is deleted afterwards.
     */
    private void runInWorkers(List<Job> jobs, Outcome[] outcomes, ImageTensorDataset clean) {
        int threads = Math.max(1, Runtime.getRuntime().availableProcessors() / workers);
        Path dir;
        try {
            dir = Files.createTempDirectory("sota4j-ablation");
            AblationWorker.writeData(dir, train, validation, test, clean, mean, std);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the splits for the worker processes", e);
        }
        if (progress != null) {
            progress.println("== " + jobs.size() + " runs, " + workers + " at a time, each in a worker process with "
                    + threads + (threads == 1 ? " thread" : " threads"));
        }
        ExecutorService pool = Executors.newFixedThreadPool(workers);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int index : longestFirst(jobs.stream().map(Job::recipe).toList())) {
                futures.add(pool.submit(() -> {
                    Outcome o = runWorker(jobs.get(index), dir, index, threads, weightsOf(jobs.get(index)));
                    synchronized (this) {
                        outcomes[index] = o;
                        landed(jobs.get(index), o, jobs, outcomes);
                    }
                    return null;
                }));
            }
            for (Future<?> f : futures) {
                f.get();
            }
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            throw cause instanceof RuntimeException re ? re : new IllegalStateException(cause.getMessage(), cause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while the worker processes trained", e);
        } finally {
            pool.shutdownNow();
            try {
                Checkpoint.deleteRecursively(dir);
            } catch (IOException e) {
                // a temporary folder left behind is not worth failing the ablation for
            }
        }
    }

    /**
     * Returns the order in which the workers start the runs: most epochs first, ties in ablation order. With the
     * longest runs started first the last to start is a short one, so the workers finish close together instead of
     * one of them training a long run alone at the end (longest-processing-time-first scheduling).
     */
    static int[] longestFirst(List<Recipe> runs) {
        return IntStream.range(0, runs.size()).boxed()
                .sorted(Comparator.comparingInt((Integer i) -> -runs.get(i).getEpochs()))
                .mapToInt(Integer::intValue).toArray();
    }

    /** Starts one child JVM for {@code job} and waits for it; a child that fails is an error quoting its output. */
    private static Outcome runWorker(Job job, Path dir, int index, int threads, Path weights)
            throws IOException, InterruptedException {
        Path outcome = dir.resolve("run-" + index + ".outcome");
        Path log = dir.resolve("run-" + index + ".log");
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        for (String a : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            boolean debugger = a.startsWith("-agentlib") || a.startsWith("-javaagent") || a.startsWith("-Xrunjdwp")
                    || a.startsWith("-Xdebug");
            if (!debugger && !a.startsWith("-Dai.djl.pytorch.num_threads=")) {
                command.add(a);
            }
        }
        command.add("-Dai.djl.pytorch.num_threads=" + threads);
        if (weights != null) {
            command.add("-D" + AblationWorker.WEIGHTS_PROPERTY + "=" + weights.toAbsolutePath());
        }
        command.add("-cp");
        command.add(workerClasspath());
        command.add(AblationWorker.class.getName());
        command.add(dir.toString());
        command.add(outcome.toString());
        command.addAll(job.recipe().toArgs());
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().put("OMP_NUM_THREADS", Integer.toString(threads));
        builder.environment().put("MKL_NUM_THREADS", Integer.toString(threads));
        Process process = builder.start();
        try {
            int exit = process.waitFor();
            if (exit != 0 || !Files.exists(outcome)) {
                List<String> lines = Files.readAllLines(log);
                String tail = String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
                throw new IllegalStateException("the worker process of variant '" + job.variant() + "' (seed "
                        + job.seed() + ") exited with " + exit + ", its output ending:\n" + tail);
            }
        } finally {
            process.destroyForcibly();
        }
        return AblationWorker.readOutcome(outcome);
    }

    /**
     * The class path of a worker: the kernel's ({@code RJK_CLASSPATH}), the jars beside the one this class was loaded
     * from (the layout of {@code build/kernel/lib} and of Maven's copy-dependencies), then this JVM's class path.
     */
    static String workerClasspath() {
        List<String> parts = new ArrayList<>();
        String kernel = System.getenv("RJK_CLASSPATH");
        if (kernel != null && !kernel.isBlank()) {
            parts.add(kernel);
        }
        try {
            CodeSource source = Ablation.class.getProtectionDomain().getCodeSource();
            if (source != null) {
                Path own = Path.of(source.getLocation().toURI());
                parts.add(Files.isRegularFile(own) ? own.getParent().resolve("*").toString() : own.toString());
            }
        } catch (URISyntaxException | SecurityException | IllegalArgumentException e) {
            // this JVM's class path is all there is
        }
        parts.add(System.getProperty("java.class.path", ""));
        return String.join(File.pathSeparator, parts);
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

        /**
         * Returns one row per variant, in the ablation's order, over its finished runs: {@code variant, seeds},
         * the means of {@code clean_train_acc, val_acc, test_acc}, the standard deviation of {@code test_acc} over
         * seeds ({@code test_acc_sd}) and the mean {@code wall_s}: what a notebook shows beside the paired deltas.
         */
        public Table testSummary() {
            Table ok = runs.where(runs.stringColumn("status").isEqualTo("ok"));
            StringColumn variant = StringColumn.create("variant");
            IntColumn n = IntColumn.create("seeds");
            DoubleColumn clean = DoubleColumn.create("clean_train_acc");
            DoubleColumn val = DoubleColumn.create("val_acc");
            DoubleColumn testMean = DoubleColumn.create("test_acc");
            DoubleColumn testSd = DoubleColumn.create("test_acc_sd");
            DoubleColumn wall = DoubleColumn.create("wall_s");
            for (String name : summary.stringColumn("variant")) {
                Table rows = ok.where(ok.stringColumn("variant").isEqualTo(name));
                boolean any = rows.rowCount() > 0;
                variant.append(name);
                n.append(rows.rowCount());
                clean.append(any ? rows.doubleColumn("clean_train_acc").mean() : Double.NaN);
                val.append(any ? rows.doubleColumn("val_acc").mean() : Double.NaN);
                testMean.append(any ? rows.doubleColumn("test_acc").mean() : Double.NaN);
                testSd.append(rows.rowCount() > 1 ? rows.doubleColumn("test_acc").standardDeviation() : Double.NaN);
                wall.append(any ? rows.doubleColumn("wall_s").mean() : Double.NaN);
            }
            return Tables.format(Table.create("mean over seeds", variant, n, clean, val, testMean, testSd, wall));
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
        private Path weightsDir;
        private int workers = 1;

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

        /**
         * Sets a folder that keeps the weights every run ends with (BatchNorm statistics included), one file a run
         * ({@link Ablation#weightsFile}), and the EMA weights beside them when the recipe averages them
         * ({@link Ablation#emaWeightsFile}), for what is done with trained models after the ablation (evaluation at
         * other sizes, fine-tuning); load one with {@link RecipeRunner#loadModel}. Default none: the models are closed.
         */
        public Builder optWeightsDir(Path weightsDir) {
            this.weightsDir = weightsDir;
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

        /**
         * Adds a variant that trains the base recipe (or, cumulative, the previous variant's) with its own training
         * augmentation in place of the recipe's: a {@link BatchTransform} on the 0..255 scale, or {@code null} for
         * none. Every other setting, random erasing after normalization included, is kept. Use it for what no recipe
         * flag expresses, such as no augmentation against crop-and-flip (Krizhevsky et al. 2012; He et al. 2016,
         * arXiv 1512.03385).
         */
        public Builder addAugmentationVariant(String name, BatchTransform augmentation) {
            return addVariant(name, r -> r, (recipe, model, loop) -> loop.optAugmentation(augmentation));
        }

        /**
         * Adds a variant that trains the recipe exactly as {@link RecipeRunner} would (model, data side, optimizer,
         * weight-decay groups, seed) but with a learning-rate tracker of its own, made from the run's optimizer steps
         * per epoch: schedules train.py's flags cannot express, such as the 1cycle policy (Smith &amp; Topin 2018,
         * arXiv 1708.07120) or SGDR's warm restarts (Loshchilov &amp; Hutter 2017, arXiv 1608.03983). A schedule that
         * is a recipe flag is a plain {@link #addVariant(String, UnaryOperator)}.
         *
         * <pre>{@code
         * .addScheduleVariant("one-cycle", stepsPerEpoch -> OneCycle.builder().setMaxValue(0.2f)
         *         .setTotalSteps(stepsPerEpoch * epochs).build())
         * }</pre>
         *
         * @throws IllegalArgumentException if {@code schedule} is null
         */
        public Builder addScheduleVariant(String name, IntFunction<Tracker> schedule) {
            if (schedule == null) {
                throw new IllegalArgumentException("schedule of variant '" + name + "' must not be null");
            }
            return addVariant(name, r -> r, (recipe, model, loop) -> {
                Tracker lr = schedule.apply(loop.build().stepsPerEpoch());
                if (lr == null) {
                    throw new IllegalArgumentException("schedule of variant '" + name
                            + "' must return a tracker, got null");
                }
                return loop.optLearningRate(lr).optOptimizer(RecipeRunner.optimizer(recipe, model, lr));
            });
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

        /**
         * Sets how many runs train at the same time, each in a JVM of its own with an equal share of the cores as its
         * intra-op threads (default 1: every run in this JVM, one after the other, with all the cores). Small
         * convolutions do not split well across threads: on a 2-core CPU two single-threaded ResNet-20 runs side by
         * side train 1.23x as many images a second as one run with both threads (README, Performance). A run's
         * result depends on its thread count (float sums in another order, which training amplifies into another
         * model of the same distribution), so compare runs made with the same setting; at the same thread count a
         * worker trains the in-process run bit for bit. Every variant must change the recipe only: a
         * {@link LoopChange} cannot be sent to another process. The runs with the most epochs start first, so the
         * workers finish together; the tables list the runs in ablation order. Progress is one line per finished run.
         */
        public Builder optWorkers(int workers) {
            this.workers = workers;
            return this;
        }

        /** Builds the ablation. */
        public Ablation build() {
            if (base == null) {
                throw new IllegalArgumentException("base must be set (setBase), got null");
            }
            if (train == null || validation == null) {
                throw new IllegalArgumentException("data must be set (setData), got train " + train
                        + ", validation " + validation);
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
            if (workers < 1) {
                throw new IllegalArgumentException("workers must be >= 1, got " + workers);
            }
            for (Variant v : variants) {
                if (workers > 1 && v.loop() != null) {
                    throw new IllegalArgumentException("variant '" + v.name() + "' changes the training loop, which "
                            + "cannot be sent to a worker process: use optWorkers(1) or a recipe setting, got workers "
                            + workers);
                }
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
            if (weightsDir != null) {
                Map<String, String> files = new LinkedHashMap<>();
                for (String name : names) {
                    String file = fileName(name);
                    if (file.isEmpty() || files.containsKey(file)) {
                        throw new IllegalArgumentException("variant names must give distinct file names for the "
                                + "weights (letters and digits, lower case), got '" + name + "'"
                                + (file.isEmpty() ? ", which has none"
                                : " and '" + files.get(file) + "', both " + file));
                    }
                    files.put(file, name);
                }
            }
            return new Ablation(this);
        }
    }
}
