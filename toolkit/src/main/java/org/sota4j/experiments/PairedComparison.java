package org.sota4j.experiments;

import org.sota4j.plots.Plots;

import org.apache.commons.math3.distribution.TDistribution;
import org.knowm.xchart.CategoryChart;

import tech.tablesaw.api.BooleanColumn;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Paired per-seed comparison of ablation variants against a base: for every seed the variant's accuracy minus the
 * base's on the same seed, in percentage points, their mean and a 95% confidence interval from Student's t,
 * {@code mean +- t(0.975, n - 1) * sd / sqrt(n)} ({@code sd} the sample standard deviation of the n deltas, divisor
 * n - 1). The rule for "beyond noise": the 95% interval excludes 0. Pairing on the seed removes the part of the
 * seed-to-seed spread that both runs of a seed share (initialization, data order).
 *
 * <pre>{@code
 * PairedComparison p = PairedComparison.of(result.runs(), "base", "test_acc");
 * display(p.table());
 * p.sentences().forEach(System.out::println); // label smoothing: +0.69 points against base, 95% interval ...
 * }</pre>
 */
public final class PairedComparison {

    /**
     * One variant's paired deltas against the base, in percentage points.
     *
     * @param variant the variant's name
     * @param base the base's name
     * @param pairs the number of seeds paired
     * @param leftOut seeds left out because the variant's or the base's run did not finish (diverged)
     * @param mean the mean delta (NaN with fewer than 2 pairs)
     * @param sd the sample standard deviation of the deltas
     * @param low the lower end of the 95% interval
     * @param high the upper end of the 95% interval
     */
    public record Delta(String variant, String base, int pairs, int leftOut, double mean, double sd, double low,
            double high) {

        /** Returns whether the 95% interval excludes 0 (false without an interval). */
        public boolean beyondNoise() {
            return low > 0 || high < 0;
        }

        /**
         * Returns the reading in one sentence, e.g. "label smoothing: +0.69 points against base, 95% interval
         * [+0.12, +1.26] over 3 seeds, beyond noise".
         */
        public String sentence() {
            String left = leftOut == 0 ? "" : " (" + leftOut + " seed" + (leftOut == 1 ? "" : "s")
                    + " left out: a run did not finish)";
            if (pairs < 2) {
                return variant + ": no interval, " + pairs + " finished pair" + (pairs == 1 ? "" : "s")
                        + " against " + base + left;
            }
            return String.format(Locale.ROOT, "%s: %+.2f points against %s, 95%% interval [%+.2f, %+.2f] over %d "
                    + "seeds%s, %s", variant, mean, base, low, high, pairs, left,
                    beyondNoise() ? "beyond noise" : "within noise");
        }
    }

    private final String metric;
    private final List<Delta> deltas;
    private final boolean chained;

    private PairedComparison(String metric, List<Delta> deltas) {
        this(metric, deltas, false);
    }

    private PairedComparison(String metric, List<Delta> deltas, boolean chained) {
        this.chained = chained;
        this.metric = metric;
        this.deltas = List.copyOf(deltas);
    }

    /**
     * Returns the two-sided 95% quantile of Student's t with {@code df} degrees of freedom, {@code t(0.975, df)}:
     * 12.706 for 1, 4.303 for 2, 2.776 for 4, tending to 1.960.
     *
     * @throws IllegalArgumentException if {@code df} is below 1
     */
    public static double tQuantile975(int df) {
        if (df < 1) {
            throw new IllegalArgumentException("df must be >= 1, got " + df);
        }
        return new TDistribution(null, df).inverseCumulativeProbability(0.975);
    }

    /**
     * Returns the mean of the deltas and their 95% interval.
     *
     * @param variant the variant's name
     * @param base the base's name
     * @param deltas the per-seed deltas (variant minus base on the same seed), at least 2, all finite
     * @throws IllegalArgumentException with fewer than 2 deltas or one that is not finite
     */
    public static Delta of(String variant, String base, double... deltas) {
        if (deltas.length < 2) {
            throw new IllegalArgumentException("deltas of '" + variant + "' must be at least 2 (one per seed: an "
                    + "interval needs 2 or more seeds), got " + deltas.length);
        }
        double sum = 0;
        for (int i = 0; i < deltas.length; i++) {
            if (!Double.isFinite(deltas[i])) {
                throw new IllegalArgumentException("deltas[" + i + "] of '" + variant + "' must be finite, got "
                        + deltas[i]);
            }
            sum += deltas[i];
        }
        int n = deltas.length;
        double mean = sum / n;
        double squares = 0;
        for (double d : deltas) {
            squares += (d - mean) * (d - mean);
        }
        double sd = Math.sqrt(squares / (n - 1));
        double half = tQuantile975(n - 1) * sd / Math.sqrt(n);
        return new Delta(variant, base, n, 0, mean, sd, mean - half, mean + half);
    }

    /**
     * Compares every variant of an ablation's runs table with the base, seed by seed, on {@code metric} (an accuracy
     * in [0, 1], reported in percentage points). A seed whose run of the variant or of the base did not finish
     * (status other than "ok", or a metric that is not finite) is left out of that variant's pairs and counted.
     *
     * @param runs one row per run, with the columns variant, seed, {@code metric} and optionally status
     * @param base the variant the others are compared with
     * @param metric the column compared, e.g. "test_acc"
     * @throws IllegalArgumentException if a column is missing, the base is not a variant, a variant ran a seed twice,
     *     a variant's seeds are not the base's (every delta needs its pair), or fewer than 2 seeds ran
     */
    public static PairedComparison of(Table runs, String base, String metric) {
        for (String column : List.of("variant", "seed", metric)) {
            if (!runs.columnNames().contains(column)) {
                throw new IllegalArgumentException("runs must have a column '" + column + "', got "
                        + runs.columnNames());
            }
        }
        boolean hasStatus = runs.columnNames().contains("status");
        Map<String, TreeMap<Long, Double>> byVariant = new LinkedHashMap<>();
        for (int i = 0; i < runs.rowCount(); i++) {
            String variant = runs.stringColumn("variant").get(i);
            long seed = ((Number) runs.column("seed").get(i)).longValue();
            Object cell = runs.column(metric).get(i);
            double value = cell == null ? Double.NaN : ((Number) cell).doubleValue();
            boolean ok = !hasStatus || "ok".equals(runs.stringColumn("status").get(i));
            Double previous = byVariant.computeIfAbsent(variant, k -> new TreeMap<>())
                    .put(seed, ok && Double.isFinite(value) ? value : Double.NaN);
            if (previous != null) {
                throw new IllegalArgumentException("variant '" + variant + "' must run each seed once to be paired, "
                        + "got seed " + seed + " twice");
            }
        }
        TreeMap<Long, Double> reference = byVariant.get(base);
        if (reference == null) {
            throw new IllegalArgumentException("base must be one of the variants " + byVariant.keySet() + ", got '"
                    + base + "'");
        }
        if (reference.size() < 2) {
            throw new IllegalArgumentException("a paired comparison needs at least 2 seeds per variant, got "
                    + reference.size() + " " + reference.keySet() + " for '" + base + "'");
        }
        List<Delta> out = new ArrayList<>();
        for (Map.Entry<String, TreeMap<Long, Double>> e : byVariant.entrySet()) {
            if (e.getKey().equals(base)) {
                continue;
            }
            TreeMap<Long, Double> values = e.getValue();
            if (!values.keySet().equals(reference.keySet())) {
                List<Long> unpaired = new ArrayList<>();
                values.keySet().stream().filter(s -> !reference.containsKey(s)).forEach(unpaired::add);
                reference.keySet().stream().filter(s -> !values.containsKey(s)).forEach(unpaired::add);
                throw new IllegalArgumentException("variant '" + e.getKey() + "' must run the seeds of '" + base
                        + "' " + reference.keySet() + " to be paired, got " + values.keySet() + " (unpaired: "
                        + unpaired + ")");
            }
            List<Double> d = new ArrayList<>();
            for (Map.Entry<Long, Double> s : values.entrySet()) {
                double delta = 100 * (s.getValue() - reference.get(s.getKey()));
                if (!Double.isNaN(delta)) {
                    d.add(delta);
                }
            }
            int leftOut = values.size() - d.size();
            if (d.size() < 2) {
                double mean = d.isEmpty() ? Double.NaN : d.get(0);
                out.add(new Delta(e.getKey(), base, d.size(), leftOut, mean, Double.NaN, Double.NaN, Double.NaN));
            } else {
                Delta delta = of(e.getKey(), base, d.stream().mapToDouble(Double::doubleValue).toArray());
                out.add(new Delta(e.getKey(), base, delta.pairs(), leftOut, delta.mean(), delta.sd(), delta.low(),
                        delta.high()));
            }
        }
        return new PairedComparison(metric, out);
    }

    /**
     * Compares every variant of a cumulative chain with the variant before it in the runs' order, seed by seed, on
     * {@code metric}, as {@link #of} compares each with one base: the delta of each step of the torchvision blog's
     * table, where every row adds one technique to the row above. A seed left out of a step (its run, or the previous
     * step's, did not finish) is counted in that step's {@code left_out}.
     *
     * @throws IllegalArgumentException as {@link #of} for each pair of consecutive variants, or when the runs hold
     *     fewer than 2 variants
     */
    public static PairedComparison chain(Table runs, String metric) {
        if (!runs.columnNames().contains("variant")) {
            throw new IllegalArgumentException("runs must have a column 'variant', got " + runs.columnNames());
        }
        List<String> order = new ArrayList<>();
        for (String v : runs.stringColumn("variant")) {
            if (!order.contains(v)) {
                order.add(v);
            }
        }
        if (order.size() < 2) {
            throw new IllegalArgumentException("a chain needs at least 2 variants, got " + order);
        }
        List<Delta> out = new ArrayList<>();
        for (int i = 1; i < order.size(); i++) {
            Table pair = runs.where(runs.stringColumn("variant").isIn(order.get(i - 1), order.get(i)));
            out.add(of(pair, order.get(i - 1), metric).deltas().get(0));
        }
        return new PairedComparison(metric, out, true);
    }

    /** Returns one delta per variant other than the base, in the runs' order. */
    public List<Delta> deltas() {
        return deltas;
    }

    /** Returns the delta of a variant. */
    public Delta delta(String variant) {
        for (Delta d : deltas) {
            if (d.variant().equals(variant)) {
                return d;
            }
        }
        throw new IllegalArgumentException("variant must be one of " + deltas.stream().map(Delta::variant).toList()
                + ", got '" + variant + "'");
    }

    /**
     * Returns one row per variant: variant, pairs, left_out, {@code delta_<metric>_pp} (the mean delta),
     * {@code sd_pp}, {@code ci95_low_pp}, {@code ci95_high_pp} (percentage points, the {@code pp} telling
     * {@link org.sota4j.plots.Tables#format} they are no fractions) and beyond_noise.
     */
    public Table table() {
        return Table.create("paired deltas of " + metric + " (points) against " + (chained ? "the step before"
                        : deltas.isEmpty() ? "the base" : deltas.get(0).base()),
                StringColumn.create("variant", deltas.stream().map(Delta::variant)),
                IntColumn.create("pairs", deltas.stream().mapToInt(Delta::pairs).toArray()),
                IntColumn.create("left_out", deltas.stream().mapToInt(Delta::leftOut).toArray()),
                DoubleColumn.create("delta_" + metric + "_pp", deltas.stream().mapToDouble(Delta::mean).toArray()),
                DoubleColumn.create("sd_pp", deltas.stream().mapToDouble(Delta::sd).toArray()),
                DoubleColumn.create("ci95_low_pp", deltas.stream().mapToDouble(Delta::low).toArray()),
                DoubleColumn.create("ci95_high_pp", deltas.stream().mapToDouble(Delta::high).toArray()),
                BooleanColumn.create("beyond_noise", deltas.stream().map(Delta::beyondNoise).toList()));
    }

    /**
     * Returns a bar chart of the mean delta of every variant with at least 2 pairs, in points, its 95% interval as
     * the error bar (the interval is symmetric about the mean): a bar whose error bar crosses 0 is within noise. The
     * y axis names the base, the x axis the number of seeds and what the error bars are (both in one y-axis title
     * ran off the chart's 450 pixels).
     */
    public CategoryChart chart(String title) {
        List<Delta> shown = deltas.stream().filter(d -> d.pairs() >= 2).toList();
        if (shown.isEmpty()) {
            throw new IllegalStateException("no variant has 2 or more finished pairs to chart, got " + sentences());
        }
        int pairs = shown.stream().mapToInt(Delta::pairs).max().orElse(0);
        CategoryChart chart = Plots.bars(title, "points against " + (chained ? "the step before" : shown.get(0).base()),
                shown.stream().map(Delta::variant).toList(),
                shown.stream().mapToDouble(Delta::mean).toArray(),
                shown.stream().mapToDouble(d -> (d.high() - d.low()) / 2).toArray());
        chart.setXAxisTitle("mean of " + pairs + " paired seeds; error bars: 95% interval");
        chart.getStyler().setXAxisLabelRotation(0);
        chart.getStyler().setYAxisDecimalPattern("0.00"); // with one bar XChart puts ticks at unrounded ends
        return chart;
    }

    /** Returns the reading of every variant, one sentence each ({@link Delta#sentence()}). */
    public List<String> sentences() {
        return deltas.stream().map(Delta::sentence).toList();
    }

    @Override
    public String toString() {
        return String.join("\n", sentences());
    }
}
