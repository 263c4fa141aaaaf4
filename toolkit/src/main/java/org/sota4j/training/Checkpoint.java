package org.sota4j.training;

import ai.djl.Model;
import ai.djl.training.optimizer.Optimizer;

import org.sota4j.optimizers.StatefulOptimizer;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.List;
import java.util.Properties;
import java.util.stream.Stream;

/**
 * Checkpoints of the {@link TrainingLoop}: the weights (BatchNorm statistics included), the state of
 * the optimizer and of every hook that is {@link Checkpointable} (EMA), the epoch, the step and the
 * history so far. A new checkpoint is written completely into a fresh folder before it replaces the
 * previous one, so a crash or a diverged run never leaves the folder without a good checkpoint. Each checkpoint
 * also records what the run was trained with (the training data's size and a fingerprint of it, the batch size,
 * the gradient accumulation, the hooks and the model's size), and resuming with other values is refused by name.
 */
public final class Checkpoint {

    private static final String CURRENT = "current";
    private static final String PREVIOUS = "previous";

    /** What a checkpoint restores besides arrays. */
    record State(int epoch, long step, long seed) {}

    /**
     * What a run was trained with, stored in its checkpoints so that resuming with other settings is refused.
     *
     * @param examples the number of training examples
     * @param fingerprint a checksum of the training labels and of some evenly spaced images
     * @param batchSize the batch size
     * @param accumulation the micro-batches per optimizer step
     * @param hooks the class names of the hooks, in order
     * @param parameters the number of scalar weights of the model
     */
    record TrainedWith(int examples, String fingerprint, int batchSize, int accumulation, List<String> hooks,
            long parameters) {

        private static final String[][] KEYS = {
            {"data.examples", "training examples"}, {"data.fingerprint", "training data (fingerprint of its labels "
                    + "and images)"}, {"batch.size", "batch size"}, {"gradient.accumulation", "gradient accumulation"},
            {"hooks", "hooks"}, {"model.parameters", "model parameters"}};

        private String[] values() {
            return new String[] {Integer.toString(examples), fingerprint, Integer.toString(batchSize),
                Integer.toString(accumulation), String.join(",", hooks), Long.toString(parameters)};
        }

        void store(Properties props) {
            String[] values = values();
            for (int i = 0; i < KEYS.length; i++) {
                props.setProperty(KEYS[i][0], values[i]);
            }
        }

        /** Refuses a checkpoint whose stored settings differ from these (keys an older checkpoint lacks pass). */
        void check(Path checkpoint, Properties props) {
            String[] values = values();
            for (int i = 0; i < KEYS.length; i++) {
                String stored = props.getProperty(KEYS[i][0]);
                if (stored != null && !stored.equals(values[i])) {
                    throw new IllegalStateException("checkpoint " + checkpoint.toAbsolutePath() + " was trained with "
                            + KEYS[i][1] + " " + shown(stored) + ", this loop has " + shown(values[i])
                            + "; resume with the same settings, or start afresh in another checkpoint folder");
                }
            }
        }

        private static String shown(String value) {
            return value.isEmpty() ? "none" : value;
        }
    }

    /**
     * Refuses to resume from the checkpoint in {@code dir} when it was trained with other data, batch size,
     * gradient accumulation, hooks or model size than {@code now}.
     */
    static void checkTrainedWith(Path dir, TrainedWith now) {
        Path p = current(dir);
        now.check(p, readProperties(p));
    }

    private Checkpoint() {}

    /** Returns whether {@code dir} holds a checkpoint. */
    public static boolean exists(Path dir) {
        return current(dir) != null;
    }

    /** Returns the folder of the last complete checkpoint in {@code dir}, or {@code null}. */
    public static Path current(Path dir) {
        for (String name : new String[] {CURRENT, PREVIOUS}) {
            Path p = dir.resolve(name);
            if (Files.isRegularFile(p.resolve("state.properties"))) {
                return p;
            }
        }
        return null;
    }

    /** Returns the epoch of the last complete checkpoint in {@code dir}, or 0 when there is none. */
    public static int epoch(Path dir) {
        Path p = current(dir);
        if (p == null) {
            return 0;
        }
        return Integer.parseInt(readProperties(p).getProperty("epoch"));
    }

    static Path save(Path dir, Model model, Optimizer optimizer, List<TrainingHook> hooks, History history,
            int epoch, long step, long seed, TrainedWith trainedWith) {
        try {
            Files.createDirectories(dir);
            Path tmp = Files.createTempDirectory(dir, "writing-");
            try (DataOutputStream out = TrainingLoop.output(tmp.resolve("params"))) {
                model.getBlock().saveParameters(out);
            }
            if (optimizer instanceof StatefulOptimizer c) {
                try (DataOutputStream out = TrainingLoop.output(tmp.resolve("optimizer"))) {
                    c.saveState(out, model.getBlock());
                }
            }
            for (int i = 0; i < hooks.size(); i++) {
                if (hooks.get(i) instanceof Checkpointable c) {
                    try (DataOutputStream out = TrainingLoop.output(tmp.resolve("hook-" + i))) {
                        c.saveState(out);
                    }
                }
            }
            history.writeCsv(tmp.resolve("history.csv"));
            Properties props = new Properties();
            props.setProperty("epoch", Integer.toString(epoch));
            props.setProperty("step", Long.toString(step));
            props.setProperty("seed", Long.toString(seed));
            trainedWith.store(props);
            try (var out = Files.newOutputStream(tmp.resolve("state.properties"))) {
                props.store(out, "sota4j checkpoint");
            }
            Path current = dir.resolve(CURRENT);
            Path previous = dir.resolve(PREVIOUS);
            deleteRecursively(previous);
            if (Files.exists(current)) {
                Files.move(current, previous, StandardCopyOption.ATOMIC_MOVE);
            }
            Files.move(tmp, current, StandardCopyOption.ATOMIC_MOVE);
            deleteRecursively(previous);
            return current;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write checkpoint into " + dir.toAbsolutePath(), e);
        }
    }

    static State load(Path dir, Model model, Optimizer optimizer, List<TrainingHook> hooks, History history) {
        Path p = current(dir); // the parameters were loaded before the trainer was made
        try {
            if (optimizer instanceof StatefulOptimizer c && Files.exists(p.resolve("optimizer"))) {
                try (DataInputStream in = TrainingLoop.input(p.resolve("optimizer"))) {
                    c.loadState(in, model.getBlock());
                }
            }
            for (int i = 0; i < hooks.size(); i++) {
                Path h = p.resolve("hook-" + i);
                if (hooks.get(i) instanceof Checkpointable c && Files.exists(h)) {
                    try (DataInputStream in = TrainingLoop.input(h)) {
                        c.loadState(in, model.getNDManager());
                    }
                }
            }
            History.readCsv(p.resolve("history.csv"), history.name()).rows().forEach(history::add);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read checkpoint " + p.toAbsolutePath(), e);
        }
        Properties props = readProperties(p);
        return new State(Integer.parseInt(props.getProperty("epoch")), Long.parseLong(props.getProperty("step")),
                Long.parseLong(props.getProperty("seed")));
    }

    private static Properties readProperties(Path p) {
        Properties props = new Properties();
        try (var in = Files.newInputStream(p.resolve("state.properties"))) {
            props.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read checkpoint " + p.toAbsolutePath(), e);
        }
        return props;
    }

    /** Deletes {@code p} and everything under it (nothing when it does not exist). */
    public static void deleteRecursively(Path p) throws IOException {
        if (!Files.exists(p)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(p)) {
            for (Path f : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(f);
            }
        }
    }
}
