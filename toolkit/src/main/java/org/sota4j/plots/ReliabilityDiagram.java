package org.sota4j.plots;

import org.sota4j.metrics.Calibration;

import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.util.List;
import java.util.Locale;

/**
 * Reliability diagrams as in Guo et al. 2017 ("On Calibration of Modern Neural Networks", arXiv 1706.04599):
 * accuracy per equal-width confidence bin drawn as bars against the diagonal of perfect calibration, with each
 * bin's mean confidence marked, and the confidence histogram above it. Use them with a {@link Calibration} to see
 * where a model is over-confident (bars below the diagonal) or under-confident (bars above it).
 */
public final class ReliabilityDiagram {

    private static final Color BARS = new Color(66, 110, 200);
    private static final Color CONFIDENCE = new Color(210, 40, 40);
    private static final Color DIAGONAL = new Color(90, 90, 90);

    private ReliabilityDiagram() {}

    /**
     * Returns the reliability diagram: series "accuracy" (bars, a step area over the bin edges; 0 for empty bins),
     * "mean confidence" (one marker per non-empty bin, at its center) and "perfect calibration" (the diagonal).
     * The title gets the ECE appended.
     */
    public static XYChart chart(String title, Calibration calibration) {
        List<Calibration.Bin> bins = calibration.bins();
        int m = bins.size();
        double[] edges = new double[m + 1];
        double[] acc = new double[m + 1];
        for (int b = 0; b < m; b++) {
            edges[b] = bins.get(b).lower();
            acc[b] = bins.get(b).isEmpty() ? 0 : bins.get(b).accuracy();
        }
        edges[m] = bins.get(m - 1).upper();
        acc[m] = acc[m - 1];
        double[] centers = bins.stream().filter(b -> !b.isEmpty()).mapToDouble(b -> (b.lower() + b.upper()) / 2)
                .toArray();
        double[] conf = bins.stream().filter(b -> !b.isEmpty()).mapToDouble(Calibration.Bin::confidence).toArray();
        XYChart chart = new XYChartBuilder().width(480).height(440)
                .title(String.format(Locale.ROOT, "%s (ECE %.2f%%)", title,
                        100 * calibration.expectedCalibrationError()))
                .xAxisTitle("confidence").yAxisTitle("accuracy").build();
        axes(chart);
        XYSeries bars = chart.addSeries("accuracy", edges, acc);
        bars.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.StepArea);
        bars.setFillColor(new Color(BARS.getRed(), BARS.getGreen(), BARS.getBlue(), 170));
        bars.setLineColor(BARS);
        bars.setMarker(SeriesMarkers.NONE);
        XYSeries diagonal = chart.addSeries("perfect calibration", new double[] {0, 1}, new double[] {0, 1});
        diagonal.setLineColor(DIAGONAL);
        diagonal.setLineStyle(new BasicStroke(1.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f,
                new float[] {6f, 4f}, 0f));
        diagonal.setMarker(SeriesMarkers.NONE);
        if (centers.length > 0) {
            XYSeries points = chart.addSeries("mean confidence", centers, conf);
            points.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
            points.setMarker(SeriesMarkers.DIAMOND);
            points.setMarkerColor(CONFIDENCE);
        }
        return chart;
    }

    /**
     * Returns the confidence histogram: series "share of examples" (bars over the bin edges, the y axis up to the
     * next tenth above the tallest bar) and two vertical lines at the overall "accuracy" and "mean confidence".
     */
    public static XYChart confidenceHistogram(String title, Calibration calibration) {
        List<Calibration.Bin> bins = calibration.bins();
        int m = bins.size();
        double[] edges = new double[m + 1];
        double[] share = new double[m + 1];
        for (int b = 0; b < m; b++) {
            edges[b] = bins.get(b).lower();
            share[b] = (double) bins.get(b).count() / calibration.size();
        }
        edges[m] = bins.get(m - 1).upper();
        share[m] = share[m - 1];
        XYChart chart = new XYChartBuilder().width(480).height(260).title(title)
                .xAxisTitle("confidence").yAxisTitle("share of examples").build();
        axes(chart);
        double highest = java.util.Arrays.stream(share).max().orElse(1);
        double top = Math.min(1.0, Math.max(0.1, Math.ceil(highest * 10 - 1e-9) / 10));
        chart.getStyler().setYAxisMax(top);
        XYSeries bars = chart.addSeries("share of examples", edges, share);
        bars.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.StepArea);
        bars.setFillColor(new Color(BARS.getRed(), BARS.getGreen(), BARS.getBlue(), 170));
        bars.setLineColor(BARS);
        bars.setMarker(SeriesMarkers.NONE);
        XYSeries accuracy = chart.addSeries("accuracy", new double[] {calibration.accuracy(), calibration.accuracy()},
                new double[] {0, top});
        accuracy.setLineColor(Color.BLACK);
        accuracy.setMarker(SeriesMarkers.NONE);
        XYSeries confidence = chart.addSeries("mean confidence",
                new double[] {calibration.meanConfidence(), calibration.meanConfidence()}, new double[] {0, top});
        confidence.setLineColor(CONFIDENCE);
        confidence.setLineStyle(new BasicStroke(1.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f,
                new float[] {6f, 4f}, 0f));
        confidence.setMarker(SeriesMarkers.NONE);
        return chart;
    }

    /** Returns the confidence histogram above the reliability diagram, as Guo et al.'s figures show them. */
    public static BufferedImage image(String title, Calibration calibration) {
        BufferedImage top = Plots.toImage(confidenceHistogram(title + ": confidence", calibration));
        BufferedImage bottom = Plots.toImage(chart(title, calibration));
        BufferedImage out = new BufferedImage(Math.max(top.getWidth(), bottom.getWidth()),
                top.getHeight() + bottom.getHeight(), BufferedImage.TYPE_INT_RGB);
        var g = out.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, out.getWidth(), out.getHeight());
        g.drawImage(top, 0, 0, null);
        g.drawImage(bottom, 0, top.getHeight(), null);
        g.dispose();
        return out;
    }

    private static void axes(XYChart chart) {
        chart.getStyler().setXAxisMin(0.0).setXAxisMax(1.0).setYAxisMin(0.0).setYAxisMax(1.0);
        chart.getStyler().setLegendPosition(org.knowm.xchart.style.Styler.LegendPosition.InsideNW);
        chart.getStyler().setChartBackgroundColor(Color.WHITE);
        chart.getStyler().setPlotGridLinesVisible(true);
    }
}
