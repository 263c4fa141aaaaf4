package org.sota4j.training;

import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.LongColumn;
import tech.tablesaw.api.Table;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * What a training run recorded, one {@link Row} per epoch; {@link #toTable()} gives it as a Tablesaw
 * table ({@code Tables.show(history.toTable())} shows it in a notebook; Tablesaw is an optional dependency, needed
 * only there) with NaN where a value was not measured; {@link #writeCsv} and {@link #readCsv} keep it in plain CSV.
 * Besides the columns every run has ({@link #BASE_COLUMNS}), each hook that measures something adds its own columns
 * ({@link TrainingHook#epochMetrics}, e.g. {@link EmaHook}'s {@code ema_val_acc}), as fastai's recorder does.
 */
public final class History {

    /**
     * The columns of every history, in order; the hooks' metrics come between {@code val_acc} and
     * {@code images_per_s} ({@link #columns()}).
     */
    public static final List<String> BASE_COLUMNS = List.of("epoch", "step", "lr", "train_loss", "train_acc",
            "val_loss", "val_acc", "images_per_s", "wall_s");

    private static final int METRICS_AT = BASE_COLUMNS.indexOf("images_per_s");

    private final String name;
    private final List<Row> rows = new ArrayList<>();

    /**
     * One epoch's metrics.
     *
     * @param epoch the epoch, from 1
     * @param step the optimizer steps done so far
     * @param lr the learning rate of the epoch's last step (NaN when the optimizer's rate cannot be read)
     * @param trainLoss the mean training loss
     * @param trainAcc the training accuracy against the unmixed labels
     * @param valLoss the validation loss (NaN without validation data)
     * @param valAcc the validation accuracy (NaN without validation data)
     * @param imagesPerSecond the training throughput of the epoch
     * @param wallSeconds the wall time since training started, validation included
     * @param metrics the hooks' metrics of the epoch by column name, in column order (copied)
     */
    public record Row(int epoch, long step, double lr, double trainLoss, double trainAcc, double valLoss,
            double valAcc, double imagesPerSecond, double wallSeconds, Map<String, Double> metrics) {

        /** Copies the metrics, refusing a name of {@link #BASE_COLUMNS} or a null value. */
        public Row {
            Map<String, Double> copy = new LinkedHashMap<>();
            metrics.forEach((k, v) -> {
                if (k == null || k.isBlank() || BASE_COLUMNS.contains(k)) {
                    throw new IllegalArgumentException("metric name must be non-blank and not one of " + BASE_COLUMNS
                            + ", got '" + k + "'");
                }
                if (v == null) {
                    throw new IllegalArgumentException("metric '" + k + "' must have a value, got null");
                }
                copy.put(k, v);
            });
            metrics = Collections.unmodifiableMap(copy);
        }

        /** Returns the row with no hook metrics. */
        public Row(int epoch, long step, double lr, double trainLoss, double trainAcc, double valLoss, double valAcc,
                double imagesPerSecond, double wallSeconds) {
            this(epoch, step, lr, trainLoss, trainAcc, valLoss, valAcc, imagesPerSecond, wallSeconds, Map.of());
        }

        /** Returns the hook metric {@code name} of this epoch (e.g. {@code "ema_val_acc"}), NaN when none gave it. */
        public double metric(String name) {
            return metrics.getOrDefault(name, Double.NaN);
        }
    }

    /** Creates an empty history named {@code name} (the table's name). */
    public History(String name) {
        this.name = name;
    }

    /** Appends a row. */
    public void add(Row row) {
        rows.add(row);
    }

    /** Returns the rows, in epoch order. */
    public List<Row> rows() {
        return Collections.unmodifiableList(rows);
    }

    /** Returns the last row. */
    public Row last() {
        if (rows.isEmpty()) {
            throw new IllegalStateException("history '" + name + "' is empty");
        }
        return rows.get(rows.size() - 1);
    }

    /** Returns the best validation accuracy over all epochs (NaN without validation). */
    public double bestValAcc() {
        return rows.stream().mapToDouble(Row::valAcc).filter(v -> !Double.isNaN(v)).max().orElse(Double.NaN);
    }

    /** Returns the names of the hooks' metrics, in the order they first appear. */
    public List<String> metricNames() {
        Set<String> names = new LinkedHashSet<>();
        rows.forEach(r -> names.addAll(r.metrics().keySet()));
        return List.copyOf(names);
    }

    /** Returns the column names of {@link #toTable()}: the base columns with the metrics' before images_per_s. */
    public List<String> columns() {
        List<String> out = new ArrayList<>(BASE_COLUMNS.subList(0, METRICS_AT));
        out.addAll(metricNames());
        out.addAll(BASE_COLUMNS.subList(METRICS_AT, BASE_COLUMNS.size()));
        return out;
    }

    /** Returns the history as a Tablesaw table with the columns of {@link #columns()} (needs Tablesaw). */
    public Table toTable() {
        Table t = Table.create(name,
                IntColumn.create("epoch", rows.stream().mapToInt(Row::epoch).toArray()),
                LongColumn.create("step", rows.stream().mapToLong(Row::step).toArray()),
                DoubleColumn.create("lr", rows.stream().mapToDouble(Row::lr).toArray()),
                DoubleColumn.create("train_loss", rows.stream().mapToDouble(Row::trainLoss).toArray()),
                DoubleColumn.create("train_acc", rows.stream().mapToDouble(Row::trainAcc).toArray()),
                DoubleColumn.create("val_loss", rows.stream().mapToDouble(Row::valLoss).toArray()),
                DoubleColumn.create("val_acc", rows.stream().mapToDouble(Row::valAcc).toArray()));
        for (String m : metricNames()) {
            t.addColumns(DoubleColumn.create(m, rows.stream().mapToDouble(r -> r.metric(m)).toArray()));
        }
        return t.addColumns(
                DoubleColumn.create("images_per_s", rows.stream().mapToDouble(Row::imagesPerSecond).toArray()),
                DoubleColumn.create("wall_s", rows.stream().mapToDouble(Row::wallSeconds).toArray()));
    }

    /**
     * Writes the history as CSV with the columns of {@link #columns()}: integers as they are, other numbers with
     * every digit ({@code Double.toString}, so {@link #readCsv} gives the same values back), NaN as {@code NaN}.
     */
    public void writeCsv(Path file) throws IOException {
        List<String> metrics = metricNames();
        List<String> columns = columns();
        for (String c : columns) {
            if (c.matches(".*[,\"\r\n].*")) {
                throw new IllegalArgumentException("metric name must hold no comma, quote or line break, got '"
                        + c + "'");
            }
        }
        try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            w.write(String.join(",", columns));
            w.write('\n');
            for (Row r : rows) {
                List<String> cells = new ArrayList<>(List.of(Integer.toString(r.epoch()), Long.toString(r.step()),
                        Double.toString(r.lr()), Double.toString(r.trainLoss()), Double.toString(r.trainAcc()),
                        Double.toString(r.valLoss()), Double.toString(r.valAcc())));
                metrics.forEach(m -> cells.add(Double.toString(r.metric(m))));
                cells.add(Double.toString(r.imagesPerSecond()));
                cells.add(Double.toString(r.wallSeconds()));
                w.write(String.join(",", cells));
                w.write('\n');
            }
        }
    }

    /**
     * Reads a history {@link #writeCsv} wrote (or any CSV with the base columns, an empty cell as NaN): the base
     * columns by name, every other column as a hook metric.
     *
     * @throws IOException when the file cannot be read
     * @throws IllegalArgumentException when a base column is missing or a cell is not a number
     */
    public static History readCsv(Path file, String name) throws IOException {
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        if (lines.isEmpty()) {
            throw new IllegalArgumentException("history file " + file + " is empty, expected a header " + BASE_COLUMNS);
        }
        List<String> header = Arrays.asList(lines.get(0).split(",", -1));
        for (String c : BASE_COLUMNS) {
            if (!header.contains(c)) {
                throw new IllegalArgumentException("history file " + file + " must have column " + c + ", got "
                        + header);
            }
        }
        int[] at = BASE_COLUMNS.stream().mapToInt(header::indexOf).toArray();
        History history = new History(name);
        for (int i = 1; i < lines.size(); i++) {
            if (lines.get(i).isBlank()) {
                continue;
            }
            String[] cells = lines.get(i).split(",", -1);
            if (cells.length != header.size()) {
                throw new IllegalArgumentException("line " + (i + 1) + " of " + file + " must have " + header.size()
                        + " cells, got " + cells.length);
            }
            Map<String, Double> metrics = new LinkedHashMap<>();
            double[] v = new double[cells.length];
            for (int c = 0; c < cells.length; c++) {
                try {
                    v[c] = cells[c].isEmpty() ? Double.NaN : Double.parseDouble(cells[c]);
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("column " + header.get(c) + " on line " + (i + 1) + " of "
                            + file + " must be a number, got '" + cells[c] + "'", e);
                }
                if (!BASE_COLUMNS.contains(header.get(c))) {
                    metrics.put(header.get(c), v[c]);
                }
            }
            // at[k] is the position of BASE_COLUMNS.get(k): epoch, step, lr, train_loss, train_acc, val_loss, val_acc,
            // images_per_s, wall_s
            history.add(new Row((int) v[at[0]], (long) v[at[1]], v[at[2]], v[at[3]], v[at[4]], v[at[5]], v[at[6]],
                    v[at[7]], v[at[8]], metrics));
        }
        return history;
    }

    /** Returns the name. */
    public String name() {
        return name;
    }

    /** The name, the number of epochs and the last epoch's losses and accuracies ({@code Tables.text} shows all). */
    @Override
    public String toString() {
        if (rows.isEmpty()) {
            return "History[" + name + ", no epochs]";
        }
        Row r = last();
        return String.format(Locale.ROOT, "History[%s, %d epochs; epoch %d: train_loss %.4f, train_acc %.4f, "
                + "val_loss %.4f, val_acc %.4f]", name, rows.size(), r.epoch(), r.trainLoss(), r.trainAcc(),
                r.valLoss(), r.valAcc());
    }
}
