package org.sota4j.schedules;

/**
 * How a schedule moves from one value to another over a phase: the primitive the sota4j schedules are made of, as
 * fastai builds its schedules from annealing functions ({@code SchedCos}, {@code SchedLin}) put end to end. A
 * phase at fraction {@code pct} of its length ({@code 0} at its start, {@code 1} at its end) has the value
 * {@code interpolate(from, to, pct)}. {@link OneCycle} chains two or three phases, {@link WarmupCosine} a
 * cosine after its warmup and {@link CosineWarmRestarts} one cosine per cycle.
 *
 * <p>Both are torch's, operation for operation ({@code torch.optim.lr_scheduler.OneCycleLR._annealing_cos} and
 * {@code _annealing_linear}), so that {@code pct = 1} gives {@code to} exactly for {@link #COS}.
 */
public enum Anneal {

    /**
     * Half a cosine from {@code from} to {@code to}: {@code to + (from - to) / 2 * (cos(pi * pct) + 1)} (Loshchilov
     * &amp; Hutter 2017, SGDR, arXiv 1608.03983; torch {@code anneal_strategy='cos'}).
     */
    COS {
        @Override
        public double interpolate(double from, double to, double pct) {
            return to + (from - to) / 2 * (Math.cos(Math.PI * pct) + 1);
        }
    },

    /** A straight line from {@code from} to {@code to}: {@code (to - from) * pct + from} (torch {@code 'linear'}). */
    LINEAR {
        @Override
        public double interpolate(double from, double to, double pct) {
            return (to - from) * pct + from;
        }
    };

    /**
     * Returns the value at fraction {@code pct} of a phase from {@code from} to {@code to}.
     *
     * @param from the value at the phase's start ({@code pct = 0})
     * @param to the value at the phase's end ({@code pct = 1})
     * @param pct how far into the phase, usually in {@code [0, 1]}
     * @return the value
     */
    public abstract double interpolate(double from, double to, double pct);
}
