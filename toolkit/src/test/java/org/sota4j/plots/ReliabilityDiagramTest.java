package org.sota4j.plots;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;

import org.junit.jupiter.api.Test;

import org.sota4j.metrics.Calibration;

import java.util.List;

class ReliabilityDiagramTest {

    private static final float[][] P = {
        {0.875f, 0.0625f, 0.0625f}, {0.0625f, 0.875f, 0.0625f}, {0.75f, 0.125f, 0.125f},
        {0.25f, 0.5f, 0.25f}, {0.625f, 0.25f, 0.125f}, {0.375f, 0.3125f, 0.3125f},
    };
    private static final int[] Y = {0, 2, 0, 0, 1, 0};

    @Test
    void barsAreTheBinAccuraciesAndMarkersTheMeanConfidences() {
        Calibration c = Calibration.of(P, Y, 4);
        var chart = ReliabilityDiagram.chart("test", c);
        var bars = chart.getSeriesMap().get("accuracy");
        assertArrayEquals(new double[] {0, 0.25, 0.5, 0.75, 1.0}, bars.getXData(), 1e-12);
        // empty first bin drawn at 0, the last value repeated to close the step
        assertArrayEquals(new double[] {0, 0.5, 0.5, 0.5, 0.5}, bars.getYData(), 1e-12);
        var markers = chart.getSeriesMap().get("mean confidence");
        assertArrayEquals(new double[] {0.375, 0.625, 0.875}, markers.getXData(), 1e-12);
        assertArrayEquals(new double[] {0.4375, 0.6875, 0.875}, markers.getYData(), 1e-12);
        assertTrue(chart.getTitle().contains("ECE 20.83%"), chart.getTitle());
        var histogram = ReliabilityDiagram.confidenceHistogram("h", c);
        assertArrayEquals(new double[] {0, 2.0 / 6, 2.0 / 6, 2.0 / 6, 2.0 / 6},
                histogram.getSeriesMap().get("share of examples").getYData(), 1e-12);
        assertEquals(0.5, histogram.getSeriesMap().get("accuracy").getXData()[0], 1e-12);
        // tallest bar 1/3: the y axis ends at the next tenth
        assertEquals(0.4, histogram.getStyler().getYAxisMax(), 1e-12);
        var image = ReliabilityDiagram.image("t", c);
        assertTrue(image.getHeight() > image.getWidth());
    }

    @Test
    void softLabelCaptionsNameTheLargestSharesFirst() {
        List<String> names = List.of("cat", "dog", "bird");
        assertEquals("0.70 dog + 0.30 cat", SoftLabels.caption(new float[] {0.3f, 0.7f, 0f}, names, 3));
        assertEquals("1.00 bird", SoftLabels.caption(new float[] {0f, 0f, 1f}, names, 2));
        assertEquals("0.50 cat + 0.50 dog", SoftLabels.caption(new float[] {0.5f, 0.5f, 0f}, names, 2));
        assertEquals("0.93 cat", SoftLabels.caption(new float[] {0.9333f, 0.0333f, 0.0333f}, names, 1));
        try (NDManager m = NDManager.newBaseManager()) {
            var targets = m.create(new float[] {0.25f, 0.75f, 0f, 0f, 0f, 1f}, new ai.djl.ndarray.types.Shape(2, 3));
            assertEquals(List.of("0.75 dog + 0.25 cat", "1.00 bird"), SoftLabels.captions(targets, names, 2));
        }
        assertThrows(IllegalArgumentException.class, () -> SoftLabels.caption(new float[] {1f}, names, 1));
        assertThrows(IllegalArgumentException.class, () -> SoftLabels.caption(new float[] {1f, 0f, 0f}, names, 0));
    }
}
