package org.sota4j.mixing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import java.util.Random;

class BetaSamplerTest {

    private static final int DRAWS = 200_000;

    @ParameterizedTest
    @CsvSource({"0.2, 0.2", "1.0, 1.0", "2.0, 5.0", "0.5, 3.0", "8.0, 1.5"})
    void meanAndVarianceMatchTheBetaDistribution(double a, double b) {
        BetaSampler beta = BetaSampler.of(a, b);
        Random random = new Random(42);
        double sum = 0;
        double sumSq = 0;
        for (int i = 0; i < DRAWS; i++) {
            double x = beta.sample(random);
            assertTrue(x >= 0 && x <= 1, "draw outside [0, 1]: " + x);
            sum += x;
            sumSq += x * x;
        }
        double mean = sum / DRAWS;
        double variance = sumSq / DRAWS - mean * mean;
        double expectedMean = a / (a + b);
        double expectedVar = a * b / ((a + b) * (a + b) * (a + b + 1));
        assertEquals(expectedMean, beta.mean(), 1e-15);
        assertEquals(expectedVar, beta.variance(), 1e-15);
        // 5 standard errors of the mean; the variance estimate within 3 %
        double se = Math.sqrt(expectedVar / DRAWS);
        assertEquals(expectedMean, mean, 5 * se, "mean of Beta(" + a + ", " + b + ")");
        assertEquals(expectedVar, variance, 0.03 * expectedVar, "variance of Beta(" + a + ", " + b + ")");
    }

    @Test
    void betaOneOneIsUniform() {
        BetaSampler beta = BetaSampler.of(1, 1);
        Random random = new Random(7);
        int[] bins = new int[10];
        int n = 100_000;
        for (int i = 0; i < n; i++) {
            bins[Math.min(9, (int) (beta.sample(random) * 10))]++;
        }
        double chi2 = 0;
        for (int count : bins) {
            chi2 += Math.pow(count - n / 10.0, 2) / (n / 10.0);
        }
        // chi-square with 9 degrees of freedom: P(chi2 > 27.9) = 0.001
        assertTrue(chi2 < 27.9, "chi2 = " + chi2);
    }

    @ParameterizedTest
    @CsvSource({"0.3", "1.0", "4.5"})
    void gammaHasMeanAndVarianceEqualToShape(double shape) {
        Random random = new Random(3);
        double sum = 0;
        double sumSq = 0;
        for (int i = 0; i < DRAWS; i++) {
            double x = BetaSampler.sampleGamma(shape, random);
            sum += x;
            sumSq += x * x;
        }
        double mean = sum / DRAWS;
        double variance = sumSq / DRAWS - mean * mean;
        assertEquals(shape, mean, 5 * Math.sqrt(shape / DRAWS));
        assertEquals(shape, variance, 0.05 * shape);
    }

    @Test
    void sameSeedSameDraws() {
        BetaSampler beta = BetaSampler.symmetric(0.2);
        Random r1 = new Random(5);
        Random r2 = new Random(5);
        for (int i = 0; i < 100; i++) {
            assertEquals(beta.sample(r1), beta.sample(r2));
        }
    }

    @Test
    void rejectsNonPositiveShapes() {
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> BetaSampler.of(-1, 1));
        assertTrue(e.getMessage().contains("a must be") && e.getMessage().contains("-1.0"));
        assertThrows(IllegalArgumentException.class, () -> BetaSampler.symmetric(0));
        assertThrows(IllegalArgumentException.class, () -> BetaSampler.of(1, Double.NaN));
    }
}
