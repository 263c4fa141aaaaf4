package org.sota4j.training;

import org.sota4j.plots.Tables;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.LongColumn;
import tech.tablesaw.api.Table;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * What a training run recorded, one {@link Row} per epoch; {@link #toTable()} gives it as a Tablesaw
 * table ({@code Tables.show(history.toTable())} shows it in a notebook) with NaN where a value was not measured.
 */
public final class History {

    /** The column names of {@link #toTable()}, in order. */
    public static final List<String> COLUMNS = List.of("epoch", "step", "lr", "train_loss", "train_acc",
            "val_loss", "val_acc", "ema_val_acc", "images_per_s", "wall_s");

    private final String name;
    private final List<Row> rows = new ArrayList<>();

    /**
     * One epoch's metrics.
     *
     * @param epoch the epoch, from 1
     * @param step the optimizer steps done so far
     * @param lr the learning rate at the end of the epoch
     * @param trainLoss the mean training loss
     * @param trainAcc the training accuracy against the unmixed labels
     * @param valLoss the validation loss (NaN without validation data)
     * @param valAcc the validation accuracy (NaN without validation data)
     * @param emaValAcc the validation accuracy with EMA weights (NaN without EMA)
     * @param imagesPerSecond the training throughput of the epoch
     * @param wallSeconds the wall time since training started, validation included
     */
    public record Row(int epoch, long step, double lr, double trainLoss, double trainAcc, double valLoss,
            double valAcc, double emaValAcc, double imagesPerSecond, double wallSeconds) {}

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

    /** Returns the history as a Tablesaw table with the columns of {@link #COLUMNS}, formatted by {@link Tables}. */
    public Table toTable() {
        return Tables.format(Table.create(name,
                IntColumn.create("epoch", rows.stream().mapToInt(Row::epoch).toArray()),
                LongColumn.create("step", rows.stream().mapToLong(Row::step).toArray()),
                DoubleColumn.create("lr", rows.stream().mapToDouble(Row::lr).toArray()),
                DoubleColumn.create("train_loss", rows.stream().mapToDouble(Row::trainLoss).toArray()),
                DoubleColumn.create("train_acc", rows.stream().mapToDouble(Row::trainAcc).toArray()),
                DoubleColumn.create("val_loss", rows.stream().mapToDouble(Row::valLoss).toArray()),
                DoubleColumn.create("val_acc", rows.stream().mapToDouble(Row::valAcc).toArray()),
                DoubleColumn.create("ema_val_acc", rows.stream().mapToDouble(Row::emaValAcc).toArray()),
                DoubleColumn.create("images_per_s", rows.stream().mapToDouble(Row::imagesPerSecond).toArray()),
                DoubleColumn.create("wall_s", rows.stream().mapToDouble(Row::wallSeconds).toArray())));
    }

    /** Returns the name. */
    public String name() {
        return name;
    }

    @Override
    public String toString() {
        return Tables.text(toTable());
    }
}
