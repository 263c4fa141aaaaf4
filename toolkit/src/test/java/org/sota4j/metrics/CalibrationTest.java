package org.sota4j.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import java.util.List;

class CalibrationTest {

    /**
     * Six predictions over 3 classes, 4 bins (0, .25], (.25, .5], (.5, .75], (.75, 1]; every value is exact in
     * float32, and two confidences (0.5 and 0.75) sit on bin edges, which belong to the lower bin.
     */
    static final float[][] P = {
        {0.875f, 0.0625f, 0.0625f}, // conf .875, predicts 0, label 0: right, bin 3
        {0.0625f, 0.875f, 0.0625f}, // conf .875, predicts 1, label 2: wrong, bin 3
        {0.75f, 0.125f, 0.125f}, //     conf .75 (edge), predicts 0, label 0: right, bin 2
        {0.25f, 0.5f, 0.25f}, //        conf .5 (edge), predicts 1, label 0: wrong, bin 1
        {0.625f, 0.25f, 0.125f}, //     conf .625, predicts 0, label 1: wrong, bin 2
        {0.375f, 0.3125f, 0.3125f}, //  conf .375, predicts 0, label 0: right, bin 1
    };
    static final int[] Y = {0, 2, 0, 0, 1, 0};

    @Test
    void eceMatchesTheHandComputedValue() {
        Calibration c = Calibration.of(P, Y, 4);
        // bin 1: {.5 wrong, .375 right}: acc .5, conf .4375, gap .0625
        // bin 2: {.75 right, .625 wrong}: acc .5, conf .6875, gap .1875
        // bin 3: {.875 right, .875 wrong}: acc .5, conf .875, gap .375
        // ECE = 2/6 * (.0625 + .1875 + .375) = 0.208333...
        assertEquals(0.625 / 3, c.expectedCalibrationError(), 1e-12);
        assertEquals(0.375, c.maxCalibrationError(), 1e-12);
        assertEquals(0.5, c.accuracy(), 1e-12);
        assertEquals(4.0 / 6, c.meanConfidence(), 1e-12);
        double nll = -(Math.log(0.875) + Math.log(0.0625) + Math.log(0.75) + Math.log(0.25) + Math.log(0.25)
                + Math.log(0.375)) / 6;
        assertEquals(nll, c.negativeLogLikelihood(), 1e-12);
        assertEquals(6, c.size());
        assertEquals(4, c.numBins());
    }

    @Test
    void binsHoldCountsAccuracyAndConfidenceWithUpperEdgesInclusive() {
        List<Calibration.Bin> bins = Calibration.of(P, Y, 4).bins();
        assertEquals(List.of(0, 2, 2, 2), bins.stream().map(Calibration.Bin::count).toList());
        assertTrue(bins.get(0).isEmpty());
        assertTrue(Double.isNaN(bins.get(0).accuracy()));
        assertEquals(0.25, bins.get(1).lower(), 0);
        assertEquals(0.5, bins.get(1).upper(), 0);
        assertEquals(0.4375, bins.get(1).confidence(), 1e-12);
        assertEquals(0.5, bins.get(1).accuracy(), 1e-12);
        assertEquals(0.6875, bins.get(2).confidence(), 1e-12);
        assertEquals(0.875 - 0.5, bins.get(3).gap(), 1e-12);
        var table = Calibration.of(P, Y, 4).toTable("bins");
        assertEquals(4, table.rowCount());
        assertEquals(2, table.intColumn("count").getInt(3));
    }

    @Test
    void edgesBelongToTheLowerBinForManyBinCounts() {
        for (int m = 1; m <= 40; m++) {
            for (int b = 0; b < m; b++) {
                double upper = (double) (b + 1) / m;
                assertEquals(b, Calibration.binOf(upper, m), "upper edge of bin " + b + " of " + m);
                assertEquals(b, Calibration.binOf(Math.nextUp((double) b / m), m), "just above lower edge of bin " + b);
            }
            assertEquals(0, Calibration.binOf(0.0, m));
        }
    }

    @Test
    void calibratedPredictionsHaveZeroEceAndOverconfidentOnesTheGap() {
        // four predictions at confidence .75 of which three are right: perfectly calibrated in any binning
        float[][] p = {{0.75f, 0.25f}, {0.75f, 0.25f}, {0.75f, 0.25f}, {0.75f, 0.25f}};
        assertEquals(0.0, Calibration.of(p, new int[] {0, 0, 0, 1}, 15).expectedCalibrationError(), 1e-12);
        // all wrong at confidence .75: ECE = .75 with one bin or with 10
        assertEquals(0.75, Calibration.of(p, new int[] {1, 1, 1, 1}, 1).expectedCalibrationError(), 1e-12);
        assertEquals(0.75, Calibration.of(p, new int[] {1, 1, 1, 1}, 10).expectedCalibrationError(), 1e-12);
    }

    @Test
    void oneBinEceIsTheGapBetweenMeanConfidenceAndAccuracy() {
        Calibration c = Calibration.of(P, Y, 1);
        assertEquals(Math.abs(4.0 / 6 - 0.5), c.expectedCalibrationError(), 1e-12);
        assertEquals(Calibration.DEFAULT_BINS, Calibration.of(P, Y).numBins());
    }

    @Test
    void badInputIsRejectedWithTheParameterNamed() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Calibration.of(P, Y, 0)).getMessage()
                .contains("numBins must be >= 1, got 0"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Calibration.of(P, new int[] {0}, 4)).getMessage()
                .contains("same length"));
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> Calibration.of(P, new int[] {0, 0, 0, 0, 3, 0}, 4))
                .getMessage().contains("labels[4] must be in [0, 3), got 3"));
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> Calibration.of(new float[][] {{0.5f, 0.6f}}, new int[] {0}, 4)).getMessage()
                .contains("sum to 1"));
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> Calibration.of(new float[][] {{Float.NaN, 1f}}, new int[] {0}, 4)).getMessage()
                .contains("probabilities[0][0] must be in [0, 1], got NaN"));
        assertThrows(IllegalArgumentException.class, () -> Calibration.of(new float[0][], new int[0], 4));
    }
}
