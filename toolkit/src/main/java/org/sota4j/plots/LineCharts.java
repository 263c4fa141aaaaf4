package org.sota4j.plots;

import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.sota4j.training.History;

import java.util.List;
import java.util.Map;

/**
 * Line charts of arbitrary (x, y) series and of several history columns of several runs in one chart, for plots that
 * {@link Plots#curves} does not cover: a learning-rate schedule per epoch budget, accuracy against test resolution
 * (FixRes, Touvron et al. 2019, arXiv 1906.06423), or raw against EMA validation accuracy of the same run.
 */
public final class LineCharts {

    private LineCharts() {}

    /**
     * One named line.
     *
     * @param name the legend entry
     * @param x the x values
     * @param y the y values, as many as x
     */
    public record Series(String name, double[] x, double[] y) {

        /** Validates that the series has a name and as many x as y values, at least one. */
        public Series {
            if (name == null || name.isEmpty()) {
                throw new IllegalArgumentException("name must not be empty, got '" + name + "'");
            }
            if (x == null || y == null || x.length != y.length || x.length == 0) {
                throw new IllegalArgumentException("x and y must have the same length >= 1, got "
                        + (x == null ? "null" : x.length) + " and " + (y == null ? "null" : y.length));
            }
            x = x.clone();
            y = y.clone();
        }

        /** A series with x = 1, 2, ..., y.length (epochs, updates). */
        public static Series of(String name, double[] y) {
            double[] x = new double[y.length];
            for (int i = 0; i < x.length; i++) {
                x[i] = i + 1;
            }
            return new Series(name, x, y);
        }

        /** A series from float values (a sampled schedule) at x = {@code x0 + i * dx}. */
        public static Series sampled(String name, float[] y, double x0, double dx) {
            double[] xs = new double[y.length];
            double[] ys = new double[y.length];
            for (int i = 0; i < y.length; i++) {
                xs[i] = x0 + i * dx;
                ys[i] = y[i];
            }
            return new Series(name, xs, ys);
        }
    }

    /**
     * Returns a line chart of the series, in order.
     *
     * @param title the chart's title
     * @param xTitle the x axis title
     * @param yTitle the y axis title
     * @param series the lines, at least one
     */
    public static XYChart lines(String title, String xTitle, String yTitle, List<Series> series) {
        if (series == null || series.isEmpty()) {
            throw new IllegalArgumentException("series must not be empty, got " + series);
        }
        XYChart chart = new XYChartBuilder().width(900).height(450).title(title).xAxisTitle(xTitle).yAxisTitle(yTitle)
                .build();
        chart.getStyler().setMarkerSize(5);
        for (Series s : series) {
            chart.addSeries(s.name(), s.x(), s.y());
        }
        return chart;
    }

    /**
     * Returns the series of several history columns of several runs, named "run: metric" (e.g. "8 epochs: val_acc"
     * and "8 epochs: ema_val_acc"), against the epoch; columns that a run lacks or that are all NaN in it are left out.
     *
     * @param runs the histories, by run name
     * @param metrics columns other than "epoch", each of at least one run ({@link History#columns()})
     */
    public static List<Series> metricSeries(Map<String, History> runs, String... metrics) {
        if (metrics.length == 0) {
            throw new IllegalArgumentException("metrics must name at least one column of " + columnsOf(runs)
                    + ", got none");
        }
        for (String m : metrics) {
            checkMetric(runs, m);
        }
        List<Series> out = new java.util.ArrayList<>();
        runs.forEach((name, history) -> {
            var table = history.toTable();
            double[] x = table.intColumn("epoch").asDoubleArray();
            for (String m : metrics) {
                if (!table.columnNames().contains(m)) {
                    continue;
                }
                double[] y = table.doubleColumn(m).asDoubleArray();
                if (x.length > 0 && java.util.Arrays.stream(y).anyMatch(v -> !Double.isNaN(v))) {
                    out.add(new Series(name + ": " + m, x, y));
                }
            }
        });
        return out;
    }

    /** Refuses a metric that is "epoch" or no column of any of the runs. */
    static void checkMetric(Map<String, History> runs, String metric) {
        List<String> columns = columnsOf(runs);
        if (!columns.contains(metric)) {
            throw new IllegalArgumentException("metric must be one of the runs' columns " + columns + ", got '"
                    + metric + "'");
        }
    }

    /** Returns the columns of the runs' histories other than "epoch", in order of first appearance. */
    private static List<String> columnsOf(Map<String, History> runs) {
        java.util.Set<String> columns = new java.util.LinkedHashSet<>(History.BASE_COLUMNS);
        runs.values().forEach(h -> columns.addAll(h.columns()));
        columns.remove("epoch");
        return List.copyOf(columns);
    }

    /** Returns {@link #lines} of {@link #metricSeries}: several columns of several runs against the epoch. */
    public static XYChart metrics(String title, String yTitle, Map<String, History> runs, String... metrics) {
        return lines(title, "epoch", yTitle, metricSeries(runs, metrics));
    }
}
