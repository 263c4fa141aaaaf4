package org.sota4j.experiments;

import ai.djl.ndarray.types.Shape;

import org.sota4j.datasets.ImageTensorDataset;
import org.sota4j.recipe.Recipe;
import org.sota4j.training.History;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The child process of an {@link Ablation} with {@link Ablation.Builder#optWorkers workers}: trains one run, evaluates
 * it as the in-process path does, and writes the outcome to a file the parent reads back. Not for direct use.
 *
 * <p>Two single-threaded trainings side by side use two cores better than one training with two threads (small
 * convolutions do not split well across threads), and one JVM cannot train two models at once through DJL's PyTorch
 * engine: its gradient collector is a process-wide singleton. Hence processes.
 *
 * <pre>
 * java -cp ... org.sota4j.experiments.AblationWorker DATA_DIR OUTCOME_FILE RECIPE_ARGS...
 * </pre>
 * {@code DATA_DIR} holds the splits ({@link #writeData}); the recipe is {@link Recipe#toArgs()}, seed included.
 */
final class AblationWorker {

    /** The system property that names the file the worker saves the run's final weights to (none: not kept). */
    static final String WEIGHTS_PROPERTY = "sota4j.ablation.weights";

    private AblationWorker() {}

    /** Trains the run named on the command line; exits 1 with the stack trace on stderr if it fails. */
    public static void main(String[] args) throws IOException {
        if (args.length < 2) {
            System.err.println("usage: AblationWorker DATA_DIR OUTCOME_FILE RECIPE_ARGS...");
            System.exit(2);
        }
        Path dir = Path.of(args[0]);
        Path out = Path.of(args[1]);
        Recipe recipe = Recipe.fromTorchvisionArgs(Arrays.asList(args).subList(2, args.length));
        List<String> norm = Files.readAllLines(dir.resolve("normalization.txt"));
        float[] mean = floats(norm.get(0));
        float[] std = floats(norm.get(1));
        try (ImageTensorDataset train = read(dir.resolve("train.bin"));
                ImageTensorDataset validation = read(dir.resolve("validation.bin"));
                ImageTensorDataset test = readIfPresent(dir.resolve("test.bin"));
                ImageTensorDataset clean = readIfPresent(dir.resolve("clean.bin"))) {
            ImageTensorDataset cleanSample = Files.exists(dir.resolve("clean-is-train")) ? train : clean;
            // the epochs' progress goes to the worker's log (the parent quotes its tail when the worker fails)
            String weights = System.getProperty(WEIGHTS_PROPERTY);
            Ablation.Outcome outcome = Ablation.train(recipe, null, train, validation, test, cleanSample, mean, std,
                    System.out, weights == null ? null : Path.of(weights));
            writeOutcome(outcome, out);
        }
    }

    // ------------------------------------------------------------------ data

    /**
     * Writes the splits and normalization a worker trains on into {@code dir}: {@code clean} is the clean-training
     * sample, which may be {@code train} itself (written once), or null.
     */
    static void writeData(Path dir, ImageTensorDataset train, ImageTensorDataset validation, ImageTensorDataset test,
            ImageTensorDataset clean, float[] mean, float[] std) throws IOException {
        write(train, dir.resolve("train.bin"));
        write(validation, dir.resolve("validation.bin"));
        if (test != null) {
            write(test, dir.resolve("test.bin"));
        }
        if (clean == train) {
            Files.createFile(dir.resolve("clean-is-train"));
        } else if (clean != null) {
            write(clean, dir.resolve("clean.bin"));
        }
        Files.write(dir.resolve("normalization.txt"), List.of(text(mean), text(std)));
    }

    private static void write(ImageTensorDataset data, Path file) throws IOException {
        try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(file)))) {
            out.writeUTF(data.getName());
            out.writeInt(data.getClasses().size());
            for (String c : data.getClasses()) {
                out.writeUTF(c);
            }
            long[] shape = data.getImages().getShape().getShape();
            out.writeInt(shape.length);
            for (long s : shape) {
                out.writeLong(s);
            }
            for (int label : data.getLabels()) {
                out.writeInt(label);
            }
            byte[] pixels = data.getImages().toByteArray();
            out.writeInt(pixels.length);
            out.write(pixels);
        }
    }

    private static ImageTensorDataset readIfPresent(Path file) throws IOException {
        return Files.exists(file) ? read(file) : null;
    }

    private static ImageTensorDataset read(Path file) throws IOException {
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file)))) {
            String name = in.readUTF();
            List<String> classes = new ArrayList<>();
            for (int i = in.readInt(); i > 0; i--) {
                classes.add(in.readUTF());
            }
            long[] shape = new long[in.readInt()];
            for (int i = 0; i < shape.length; i++) {
                shape[i] = in.readLong();
            }
            int[] labels = new int[(int) shape[0]];
            for (int i = 0; i < labels.length; i++) {
                labels[i] = in.readInt();
            }
            byte[] pixels = new byte[in.readInt()];
            in.readFully(pixels);
            return ImageTensorDataset.fromPixels(name, pixels, new Shape(shape), labels, classes);
        }
    }

    private static String text(float[] values) {
        StringBuilder s = new StringBuilder();
        for (float v : values) {
            s.append(s.isEmpty() ? "" : " ").append(Float.toString(v));
        }
        return s.toString();
    }

    private static float[] floats(String line) {
        String[] parts = line.trim().split(" ");
        float[] out = new float[parts.length];
        for (int i = 0; i < parts.length; i++) {
            out[i] = Float.parseFloat(parts[i]);
        }
        return out;
    }

    // ------------------------------------------------------------------ outcome

    /**
     * Writes an outcome as text: a {@code status} line, one {@code key value} line per number, then a
     * {@code history} line with its name and one {@code epoch} line per history row (every field, then the hooks'
     * metrics as {@code name=value}). Doubles are written with {@link Double#toString}, so they read back bit for
     * bit. The file appears whole (written beside, then moved).
     */
    static void writeOutcome(Ablation.Outcome o, Path file) throws IOException {
        List<String> lines = new ArrayList<>();
        lines.add("status " + o.status().replace('\n', ' '));
        lines.add("epochs " + o.epochs());
        lines.add("clean_train_acc " + o.cleanTrainAcc());
        lines.add("val_acc " + o.valAcc());
        lines.add("test_acc " + o.testAcc());
        lines.add("ema_test_acc " + o.emaTestAcc());
        if (o.history() != null) {
            lines.add("history " + o.history().name());
            for (History.Row r : o.history().rows()) {
                StringBuilder s = new StringBuilder(String.format(Locale.ROOT, "epoch %d %d", r.epoch(), r.step()));
                for (double v : new double[] {r.lr(), r.trainLoss(), r.trainAcc(), r.valLoss(), r.valAcc(),
                        r.imagesPerSecond(), r.wallSeconds()}) {
                    s.append(' ').append(Double.toString(v));
                }
                r.metrics().forEach((k, v) -> s.append(' ').append(k).append('=').append(Double.toString(v)));
                lines.add(s.toString());
            }
        }
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.write(tmp, lines, StandardCharsets.UTF_8);
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /** Reads what {@link #writeOutcome} wrote. */
    static Ablation.Outcome readOutcome(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the worker's outcome " + file, e);
        }
        Map<String, String> values = new LinkedHashMap<>();
        History history = null;
        for (String line : lines) {
            int space = line.indexOf(' ');
            String key = line.substring(0, space);
            String rest = line.substring(space + 1);
            if (key.equals("history")) {
                history = new History(rest);
            } else if (key.equals("epoch")) {
                String[] f = rest.split(" ");
                Map<String, Double> metrics = new LinkedHashMap<>();
                for (int i = 9; i < f.length; i++) {
                    int eq = f[i].lastIndexOf('=');
                    metrics.put(f[i].substring(0, eq), Double.parseDouble(f[i].substring(eq + 1)));
                }
                history.add(new History.Row(Integer.parseInt(f[0]), Long.parseLong(f[1]), Double.parseDouble(f[2]),
                        Double.parseDouble(f[3]), Double.parseDouble(f[4]), Double.parseDouble(f[5]),
                        Double.parseDouble(f[6]), Double.parseDouble(f[7]), Double.parseDouble(f[8]), metrics));
            } else {
                values.put(key, rest);
            }
        }
        return new Ablation.Outcome(history, Integer.parseInt(values.get("epochs")),
                Double.parseDouble(values.get("clean_train_acc")), Double.parseDouble(values.get("val_acc")),
                Double.parseDouble(values.get("test_acc")), Double.parseDouble(values.get("ema_test_acc")),
                values.get("status"));
    }
}
