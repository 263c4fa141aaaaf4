package org.sota4j.experiments;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.LongColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

import java.util.List;

class PairedComparisonTest {

    /** Two-sided 95% critical values of Student's t from a printed table (NIST/SEMATECH e-Handbook, 1.3.6.7.2). */
    @Test
    void tQuantilesMatchThePrintedTable() {
        double[][] table = {{1, 12.706}, {2, 4.303}, {3, 3.182}, {4, 2.776}, {5, 2.571}, {9, 2.262}, {19, 2.093},
            {29, 2.045}, {100, 1.984}};
        for (double[] row : table) {
            assertEquals(row[1], PairedComparison.tQuantile975((int) row[0]), 5e-4, "df " + (int) row[0]);
        }
        assertEquals(1.95996, PairedComparison.tQuantile975(1_000_000), 1e-4);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> PairedComparison.tQuantile975(0));
        assertEquals("df must be >= 1, got 0", e.getMessage());
    }

    /** Deltas 1, 2, 3: mean 2, sd 1, half-width t(0.975, 2) / sqrt(3) = 4.3027 / 1.7321 = 2.4841. */
    @Test
    void meanSdAndIntervalByHand() {
        PairedComparison.Delta d = PairedComparison.of("v", "base", 1, 2, 3);
        assertEquals(2, d.mean(), 1e-12);
        assertEquals(1, d.sd(), 1e-12);
        assertEquals(2 - 2.4841, d.low(), 1e-4);
        assertEquals(2 + 2.4841, d.high(), 1e-4);
        assertEquals(3, d.pairs());
        assertFalse(d.beyondNoise(), "the interval holds 0");
        assertEquals("v: +2.00 points against base, 95% interval [-0.48, +4.48] over 3 seeds, within noise",
                d.sentence());
    }

    /** Deltas 1.2, 0.8, 1.0: mean 1, sd 0.2, half-width 4.3027 * 0.2 / sqrt(3) = 0.4968: [+0.50, +1.50]. */
    @Test
    void consistentDeltasAreBeyondNoise() {
        PairedComparison.Delta d = PairedComparison.of("ls", "base", 1.2, 0.8, 1.0);
        assertEquals(1, d.mean(), 1e-12);
        assertEquals(0.2, d.sd(), 1e-12);
        assertEquals(1 - 0.4968, d.low(), 1e-4);
        assertEquals(1 + 0.4968, d.high(), 1e-4);
        assertTrue(d.beyondNoise());
        assertEquals("ls: +1.00 points against base, 95% interval [+0.50, +1.50] over 3 seeds, beyond noise",
                d.sentence());
        PairedComparison.Delta negative = PairedComparison.of("ta", "base", -1.2, -0.8, -1.0);
        assertTrue(negative.beyondNoise(), "an interval below 0 excludes it too");
    }

    /**
     * Deltas 2, -1, 1.5: mean 0.8333, sd sqrt(2.5833) = 1.6073, half-width 4.3027 * 1.6073 / sqrt(3) = 3.9928, so
     * the interval [-3.16, +4.83] holds 0; and two seeds that agree in sign (1, 3) are still within noise at n = 2.
     */
    @Test
    void noisyDeltasAreWithinNoise() {
        PairedComparison.Delta d = PairedComparison.of("erasing", "base", 2, -1, 1.5);
        assertEquals(0.8333, d.mean(), 1e-4);
        assertEquals(1.6073, d.sd(), 1e-4);
        assertEquals(0.8333 - 3.9928, d.low(), 1e-3);
        assertEquals(0.8333 + 3.9928, d.high(), 1e-3);
        assertFalse(d.beyondNoise());
        assertTrue(d.sentence().endsWith("within noise"), d.sentence());
        PairedComparison.Delta two = PairedComparison.of("two", "base", 1, 3);
        assertEquals(2 - 12.706, two.low(), 1e-3);
        assertFalse(two.beyondNoise());
    }

    @Test
    void fewerThanTwoDeltasOrANonFiniteOneIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> PairedComparison.of("v", "base", 0.5));
        assertEquals("deltas of 'v' must be at least 2 (one per seed: an interval needs 2 or more seeds), got 1",
                e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> PairedComparison.of("v", "base", 0.5, Double.NaN));
        assertEquals("deltas[1] of 'v' must be finite, got NaN", e.getMessage());
    }

    private static Table runs(String[] variants, long[] seeds, double[] acc, String[] status) {
        return Table.create("runs", StringColumn.create("variant", variants), LongColumn.create("seed", seeds),
                DoubleColumn.create("test_acc", acc), StringColumn.create("status", status));
    }

    /**
     * Pairs by seed, not by row order: ls - base on seeds 1, 2, 3 is 1.2, 0.8, 1.0 points (its rows in the order 3,
     * 1, 2); mixup's second seed diverged and is left out, its two pairs +1 and +2 points: mean 1.5,
     * half-width t(0.975, 1) * 0.7071 / sqrt(2) = 12.706 / 2 = 6.353.
     */
    @Test
    void pairsEachVariantWithTheBaseOnTheSameSeed() {
        Table t = runs(new String[] {"base", "base", "base", "ls", "ls", "ls", "mixup", "mixup", "mixup"},
                new long[] {1, 2, 3, 3, 1, 2, 1, 2, 3},
                new double[] {0.80, 0.85, 0.90, 0.91, 0.812, 0.858, 0.81, Double.NaN, 0.92},
                new String[] {"ok", "ok", "ok", "ok", "ok", "ok", "ok", "diverged: loss became NaN at epoch 1, step 3",
                    "ok"});
        PairedComparison p = PairedComparison.of(t, "base", "test_acc");
        PairedComparison.Delta ls = p.delta("ls");
        assertEquals(1, ls.mean(), 1e-9);
        assertEquals(0.2, ls.sd(), 1e-9);
        assertEquals(1 - 0.4968, ls.low(), 1e-4);
        PairedComparison.Delta mixup = p.delta("mixup");
        assertEquals(2, mixup.pairs());
        assertEquals(1, mixup.leftOut());
        assertEquals(1.5, mixup.mean(), 1e-9);
        assertEquals(1.5 - 6.353, mixup.low(), 1e-3);
        Table table = p.table();
        assertEquals(List.of("ls", "mixup"), table.stringColumn("variant").asList());
        assertEquals(1 + 0.4968, table.doubleColumn("ci95_high_pp").getDouble(0), 1e-4);
        // already in points: shown as 1.00, not as the percentage 100.00%
        for (String column : List.of("delta_test_acc_pp", "sd_pp", "ci95_low_pp", "ci95_high_pp")) {
            assertEquals(org.sota4j.plots.Tables.Kind.POINTS, org.sota4j.plots.Tables.Kind.of(column, false), column);
        }
        assertEquals(List.of(true, false), table.booleanColumn("beyond_noise").asList());
        assertEquals(List.of("ls: +1.00 points against base, 95% interval [+0.50, +1.50] over 3 seeds, beyond noise",
                "mixup: +1.50 points against base, 95% interval [-4.85, +7.85] over 2 seeds (1 seed left out: a "
                        + "run did not finish), within noise"), p.sentences());
    }

    /**
     * A chain pairs each step with the step before it: b - a is +1, +2, +3 points (mean 2, sd 1, half-width
     * t(0.975, 2) * 1 / sqrt(3) = 4.3027 / 1.7321 = 2.4841); c - b is -0.5 on seed 1, seed 2's c diverged, -1.5 on
     * seed 3 (mean -1 over 2 pairs, 1 left out).
     */
    @Test
    void aChainPairsEachStepWithTheOneBefore() {
        Table t = runs(new String[] {"a", "a", "a", "b", "b", "b", "c", "c", "c"},
                new long[] {1, 2, 3, 1, 2, 3, 1, 2, 3},
                new double[] {0.80, 0.81, 0.82, 0.81, 0.83, 0.85, 0.805, Double.NaN, 0.835},
                new String[] {"ok", "ok", "ok", "ok", "ok", "ok", "ok", "diverged: x", "ok"});
        PairedComparison p = PairedComparison.chain(t, "test_acc");
        assertEquals(List.of("b", "c"), p.deltas().stream().map(PairedComparison.Delta::variant).toList());
        assertEquals(List.of("a", "b"), p.deltas().stream().map(PairedComparison.Delta::base).toList());
        PairedComparison.Delta b = p.delta("b");
        assertEquals(2, b.mean(), 1e-9);
        assertEquals(1, b.sd(), 1e-9);
        assertEquals(2 - 2.4841, b.low(), 1e-4);
        PairedComparison.Delta c = p.delta("c");
        assertEquals(-1, c.mean(), 1e-9);
        assertEquals(2, c.pairs());
        assertEquals(1, c.leftOut());
        assertEquals("paired deltas of test_acc (points) against the step before", p.table().name());
        assertEquals("points against the step before", p.chart("chain").getYAxisTitle());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> PairedComparison.chain(t.where(t.stringColumn("variant").isEqualTo("a")), "test_acc"));
        assertEquals("a chain needs at least 2 variants, got [a]", e.getMessage());
    }

    /** The chart shows each mean delta with its interval's half-width as the error bar, base in the axis title. */
    @Test
    void chartShowsMeansAndIntervals() {
        Table t = runs(new String[] {"base", "base", "base", "ls", "ls", "ls"}, new long[] {1, 2, 3, 1, 2, 3},
                new double[] {0.80, 0.85, 0.90, 0.812, 0.858, 0.91},
                new String[] {"ok", "ok", "ok", "ok", "ok", "ok"});
        var chart = PairedComparison.of(t, "base", "test_acc").chart("ls");
        var series = chart.getSeriesMap().values().iterator().next();
        assertEquals(1.0, series.getYData().iterator().next().doubleValue(), 1e-9);
        assertEquals(0.4968, series.getExtraValues().iterator().next().doubleValue(), 1e-4);
        assertEquals("points against base", chart.getYAxisTitle());
        assertEquals("mean of 3 paired seeds; error bars: 95% interval", chart.getXAxisTitle());
    }

    /** Both axis titles fit the chart: notebook 03's longer y-axis title (513 px) ran off it in the HTML export. */
    @Test
    void chartAxisTitlesFitTheChart() {
        Table t = runs(new String[] {"pad-crop + flip", "pad-crop + flip", "pad-crop + flip", "+ TrivialAugmentWide",
                        "+ TrivialAugmentWide", "+ TrivialAugmentWide"}, new long[] {1, 2, 3, 1, 2, 3},
                new double[] {0.8505, 0.8455, 0.8485, 0.8675, 0.8620, 0.8635},
                new String[] {"ok", "ok", "ok", "ok", "ok", "ok"});
        var chart = PairedComparison.of(t, "pad-crop + flip", "test_acc")
                .chart("Paired change in test accuracy against pad-crop + flip");
        // measured as XChart lays text out (TextLayout, anti-aliased, fractional metrics)
        var context = new java.awt.font.FontRenderContext(null, true, true);
        double yTitle = new java.awt.font.TextLayout(chart.getYAxisTitle(), chart.getStyler().getAxisTitleFont(),
                context).getBounds().getWidth();
        double xTitle = new java.awt.font.TextLayout(chart.getXAxisTitle(), chart.getStyler().getAxisTitleFont(),
                context).getBounds().getWidth();
        assertTrue(yTitle < chart.getHeight() - 120,
                "y-axis title is " + yTitle + " px for a " + chart.getHeight() + " px chart");
        assertTrue(xTitle < chart.getWidth() - 120,
                "x-axis title is " + xTitle + " px for a " + chart.getWidth() + " px chart");
    }

    /** testSummary: means over the finished seeds, in the ablation's order, the sd of test accuracy. */
    @Test
    void testSummaryAveragesFinishedRunsInAblationOrder() {
        Table t = runs(new String[] {"zeta", "zeta", "alpha", "alpha"}, new long[] {1, 2, 1, 2},
                new double[] {0.80, 0.90, 0.70, Double.NaN}, new String[] {"ok", "ok", "ok", "diverged: x"});
        t.addColumns(DoubleColumn.create("clean_train_acc", 1.0, 0.9, 0.5, Double.NaN),
                DoubleColumn.create("val_acc", 0.6, 0.7, 0.4, Double.NaN),
                DoubleColumn.create("wall_s", 10, 20, 30, Double.NaN),
                DoubleColumn.create("ema_val_acc", Double.NaN, Double.NaN, Double.NaN, Double.NaN));
        Table s = new Ablation.Result(t, Ablation.summarize(t), java.util.Map.of()).testSummary();
        assertEquals(List.of("zeta", "alpha"), s.stringColumn("variant").asList());
        assertEquals(List.of(2, 1), s.intColumn("seeds").asList());
        assertEquals(0.95, s.doubleColumn("clean_train_acc").getDouble(0), 1e-12);
        assertEquals(0.65, s.doubleColumn("val_acc").getDouble(0), 1e-12);
        assertEquals(0.85, s.doubleColumn("test_acc").getDouble(0), 1e-12);
        assertEquals(Math.sqrt(0.005), s.doubleColumn("test_acc_sd").getDouble(0), 1e-12);
        assertEquals(15, s.doubleColumn("wall_s").getDouble(0), 1e-12);
        assertEquals(0.70, s.doubleColumn("test_acc").getDouble(1), 1e-12);
        assertTrue(Double.isNaN(s.doubleColumn("test_acc_sd").getDouble(1)));
    }

    @Test
    void anUnpairedSeedOrTooFewSeedsAreRefused() {
        Table unpaired = runs(new String[] {"base", "base", "ls", "ls"}, new long[] {1, 2, 1, 3},
                new double[] {0.8, 0.8, 0.8, 0.8}, new String[] {"ok", "ok", "ok", "ok"});
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> PairedComparison.of(unpaired, "base", "test_acc"));
        assertEquals("variant 'ls' must run the seeds of 'base' [1, 2] to be paired, got [1, 3] (unpaired: [3, 2])",
                e.getMessage());
        Table one = runs(new String[] {"base", "ls"}, new long[] {1, 1}, new double[] {0.8, 0.8},
                new String[] {"ok", "ok"});
        e = assertThrows(IllegalArgumentException.class, () -> PairedComparison.of(one, "base", "test_acc"));
        assertEquals("a paired comparison needs at least 2 seeds per variant, got 1 [1] for 'base'", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> PairedComparison.of(one, "nope", "test_acc"));
        assertEquals("base must be one of the variants [base, ls], got 'nope'", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> PairedComparison.of(one, "base", "val_acc"));
        assertEquals("runs must have a column 'val_acc', got [variant, seed, test_acc, status]", e.getMessage());
    }
}
