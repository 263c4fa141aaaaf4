package org.sota4j.plots;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.internal.chartpart.Chart;
import org.sota4j.training.EmaHook;
import org.knowm.xchart.style.Styler;
import org.sota4j.training.History;

import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/** Training curves, ablation bars and image grids for the notebooks (XChart, rendered to PNG-ready images). */
public final class Plots {

    private Plots() {}

    /** Renders any XChart chart to an image (shown inline by the notebook kernel). */
    public static BufferedImage toImage(Chart<?, ?> chart) {
        return BitmapEncoder.getBufferedImage(chart);
    }

    /**
     * Returns a chart of one metric per epoch for several runs, e.g. {@code "val_acc"} of an ablation.
     *
     * @param title the chart's title
     * @param metric a column other than "epoch" of at least one run ({@link History#columns()}); runs without it
     *     are left out
     * @param runs the histories, by series name
     */
    public static XYChart curves(String title, String metric, Map<String, History> runs) {
        LineCharts.checkMetric(runs, metric);
        XYChart chart = new XYChartBuilder().width(900).height(450).title(title).xAxisTitle("epoch").yAxisTitle(metric)
                .build();
        chart.getStyler().setMarkerSize(5);
        runs.forEach((name, history) -> {
            double[] x = history.rows().stream().mapToDouble(History.Row::epoch).toArray();
            if (!history.columns().contains(metric)) {
                return;
            }
            double[] y = history.toTable().doubleColumn(metric).asDoubleArray();
            if (x.length > 0 && Arrays.stream(y).anyMatch(v -> !Double.isNaN(v))) {
                chart.addSeries(name, x, y);
            }
        });
        return chart;
    }

    /**
     * Returns two charts side by side: train and validation loss, and train and validation accuracy. When the first
     * epoch's loss is over twice the largest later one (an untrained network's validation loss can be 10 or more), the
     * loss axis is clipped above the later epochs and its title gives the clipped value, so that the rest stays
     * readable.
     */
    public static BufferedImage lossAndAccuracy(History history) {
        double first = Double.NaN;
        double later = 0;
        for (History.Row r : history.rows()) {
            double m = Math.max(r.trainLoss(), Double.isNaN(r.valLoss()) ? 0 : r.valLoss());
            if (Double.isNaN(first)) {
                first = m;
            } else {
                later = Math.max(later, m);
            }
        }
        boolean clip = history.rows().size() > 1 && first > 2 * later;
        String lossTitle = history.name() + ": loss" + (clip ? String.format(java.util.Locale.ROOT,
                " (axis clipped; epoch 1 reached %.2f)", first) : "");
        XYChart loss = new XYChartBuilder().width(500).height(350).title(lossTitle).xAxisTitle("epoch").build();
        if (clip) {
            loss.getStyler().setYAxisMax(1.2 * later).setYAxisMin(0.0);
        }
        loss.getStyler().setLegendPosition(Styler.LegendPosition.InsideNE);
        XYChart acc = new XYChartBuilder().width(500).height(350).title(history.name() + ": accuracy")
                .xAxisTitle("epoch").build();
        acc.getStyler().setLegendPosition(Styler.LegendPosition.InsideSE);
        double[] x = history.rows().stream().mapToDouble(History.Row::epoch).toArray();
        var table = history.toTable();
        loss.addSeries("train", x, table.doubleColumn("train_loss").asDoubleArray());
        acc.addSeries("train", x, table.doubleColumn("train_acc").asDoubleArray());
        if (!Double.isNaN(history.last().valAcc())) {
            loss.addSeries("validation", x, table.doubleColumn("val_loss").asDoubleArray());
            acc.addSeries("validation", x, table.doubleColumn("val_acc").asDoubleArray());
        }
        if (history.metricNames().contains(EmaHook.COLUMN)) {
            acc.addSeries("validation (EMA)", x, table.doubleColumn(EmaHook.COLUMN).asDoubleArray());
        }
        return sideBySide(toImage(loss), toImage(acc));
    }

    /**
     * Returns a bar chart of one value per named run (an ablation's accuracies, with error bars if given). Say in
     * {@code yTitle} what the error bars are (e.g. "+-1 sd over 3 seeds"), and where the axis starts if it does not
     * start at 0.
     */
    public static CategoryChart bars(String title, String yTitle, List<String> names, double[] values,
            double[] errors) {
        if (names.size() != values.length || (errors != null && errors.length != values.length)) {
            throw new IllegalArgumentException("names, values and errors must have the same length, got "
                    + names.size() + ", " + values.length + ", " + (errors == null ? "null" : errors.length));
        }
        CategoryChart chart = new CategoryChartBuilder().width(800).height(450).title(title).yAxisTitle(yTitle).build();
        chart.getStyler().setLegendVisible(false);
        chart.getStyler().setXAxisLabelRotation(30);
        List<Double> ys = Arrays.stream(values).boxed().toList();
        if (errors == null) {
            chart.addSeries(yTitle, names, ys);
        } else {
            chart.addSeries(yTitle, names, ys, Arrays.stream(errors).boxed().toList());
        }
        return chart;
    }

    /** Places images next to each other on a white background. */
    public static BufferedImage sideBySide(BufferedImage... images) {
        int w = Arrays.stream(images).mapToInt(BufferedImage::getWidth).sum();
        int h = Arrays.stream(images).mapToInt(BufferedImage::getHeight).max().orElse(1);
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, w, h);
        int x = 0;
        for (BufferedImage img : images) {
            g.drawImage(img, x, 0, null);
            x += img.getWidth();
        }
        g.dispose();
        return out;
    }

    /**
     * Draws images (N x C x H x W, values 0..255, C = 1 or 3) in a grid, each scaled up with its caption below.
     *
     * @param images the images
     * @param captions one caption per image (or {@code null})
     * @param colors one caption colour per image (or {@code null} for black), e.g. green for right, red for wrong
     * @param columns images per row
     * @param scale the upscaling factor (nearest neighbour, so pixels stay visible)
     */
    public static BufferedImage imageGrid(NDArray images, List<String> captions, List<Color> colors, int columns,
            int scale) {
        long[] s = images.getShape().getShape();
        if (s.length != 4 || (s[1] != 1 && s[1] != 3)) {
            throw new IllegalArgumentException("images must be N x C x H x W with C = 1 or 3, got "
                    + images.getShape());
        }
        if (columns < 1 || scale < 1) {
            throw new IllegalArgumentException("columns and scale must be >= 1, got " + columns + " and " + scale);
        }
        int n = (int) s[0];
        int c = (int) s[1];
        int h = (int) s[2];
        int w = (int) s[3];
        float[] px = images.toType(DataType.FLOAT32, false).toFloatArray();
        int captionHeight = captions == null ? 0 : 16;
        int cellW = Math.max(w * scale, 60) + 6;
        int cellH = h * scale + captionHeight + 6;
        int rows = (n + columns - 1) / columns;
        BufferedImage out = new BufferedImage(columns * cellW, rows * cellH, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, out.getWidth(), out.getHeight());
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
        int plane = h * w;
        for (int i = 0; i < n; i++) {
            int x0 = (i % columns) * cellW + 3 + (cellW - 6 - w * scale) / 2;
            int y0 = (i / columns) * cellH + 3;
            BufferedImage tile = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    int base = i * c * plane + y * w + x;
                    int r = clamp(px[base]);
                    int gr = c == 3 ? clamp(px[base + plane]) : r;
                    int b = c == 3 ? clamp(px[base + 2 * plane]) : r;
                    tile.setRGB(x, y, (r << 16) | (gr << 8) | b);
                }
            }
            g.drawImage(tile, x0, y0, w * scale, h * scale, null);
            if (captions != null) {
                g.setColor(colors == null ? Color.BLACK : colors.get(i));
                String text = captions.get(i);
                int tw = g.getFontMetrics().stringWidth(text);
                g.drawString(text, (i % columns) * cellW + Math.max(2, (cellW - tw) / 2), y0 + h * scale + 13);
            }
        }
        g.dispose();
        return out;
    }

    private static int clamp(float v) {
        return Math.max(0, Math.min(255, Math.round(v)));
    }
}
