package org.sota4j.plots;

import org.junit.jupiter.api.Test;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.sota4j.training.History;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LineChartsTest {

    private static History history(String name, double[] val, double[] ema) {
        History h = new History(name);
        for (int i = 0; i < val.length; i++) {
            h.add(new History.Row(i + 1, 10L * (i + 1), 0.1, 1.0, 0.5, 0.9, val[i], 100, i + 1,
                    ema == null ? Map.of() : Map.of("ema_val_acc", ema[i])));
        }
        return h;
    }

    @Test
    void metricSeriesTakesTheNamedColumnsAgainstTheEpoch() {
        Map<String, History> runs = new LinkedHashMap<>();
        runs.put("a", history("a", new double[] {0.5, 0.6, 0.7}, new double[] {0.4, 0.65, 0.72}));
        runs.put("b", history("b", new double[] {0.3, 0.4}, new double[] {Double.NaN, Double.NaN}));
        runs.put("c", history("c", new double[] {0.2}, null));
        List<LineCharts.Series> s = LineCharts.metricSeries(runs, "val_acc", "ema_val_acc");
        // b has no EMA column values and c no EMA column: left out
        assertEquals(List.of("a: val_acc", "a: ema_val_acc", "b: val_acc", "c: val_acc"),
                s.stream().map(LineCharts.Series::name).toList());
        assertArrayEquals(new double[] {1, 2, 3}, s.get(0).x());
        assertArrayEquals(new double[] {0.5, 0.6, 0.7}, s.get(0).y());
        assertArrayEquals(new double[] {0.4, 0.65, 0.72}, s.get(1).y());
        assertArrayEquals(new double[] {0.3, 0.4}, s.get(2).y());
        assertArrayEquals(new double[] {1, 2}, s.get(2).x());
    }

    @Test
    void chartHoldsTheSeriesData() {
        XYChart c = LineCharts.lines("t", "x", "y", List.of(
                new LineCharts.Series("one", new double[] {24, 28, 32}, new double[] {0.8, 0.9, 0.85}),
                LineCharts.Series.sampled("lr", new float[] {0.1f, 0.05f, 0f}, 0, 0.5)));
        XYSeries one = c.getSeriesMap().get("one");
        assertArrayEquals(new double[] {24, 28, 32}, one.getXData());
        assertArrayEquals(new double[] {0.8, 0.9, 0.85}, one.getYData());
        XYSeries lr = c.getSeriesMap().get("lr");
        assertArrayEquals(new double[] {0, 0.5, 1.0}, lr.getXData());
        assertArrayEquals(new double[] {0.1, 0.05, 0}, lr.getYData(), 1e-7);
        assertArrayEquals(new double[] {1, 2, 3}, LineCharts.Series.of("e", new double[] {5, 6, 7}).x());
        assertTrue(Plots.toImage(c).getWidth() > 0);
    }

    @Test
    void badInputNamesTheParameter() {
        var e = assertThrows(IllegalArgumentException.class,
                () -> new LineCharts.Series("s", new double[] {1, 2}, new double[] {1}));
        assertTrue(e.getMessage().contains("x and y"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> LineCharts.metricSeries(Map.of(), "accuracy"));
        assertTrue(e.getMessage().contains("'accuracy'"), e.getMessage());
        Map<String, History> noEma = Map.of("c", history("c", new double[] {0.2}, null));
        e = assertThrows(IllegalArgumentException.class, () -> LineCharts.metricSeries(noEma, "ema_val_acc"));
        assertEquals("metric must be one of the runs' columns [step, lr, train_loss, train_acc, val_loss, val_acc, "
                + "images_per_s, wall_s], got 'ema_val_acc'", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> LineCharts.lines("t", "x", "y", List.of()));
    }
}
