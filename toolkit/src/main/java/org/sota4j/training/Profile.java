package org.sota4j.training;

import ai.djl.engine.Engine;

import java.util.Locale;

/**
 * The run size of the notebooks and ablations: one setting, chosen with {@code ./sota run --profile},
 * the system property {@code sota4j.profile} or the environment variable {@code SOTA4J_PROFILE}, so
 * that the same notebook runs tiny in CI, small on a laptop and full on a GPU.
 */
public enum Profile {
    /** CI on 2 CPU cores: tiny subsets, under two minutes a notebook, sanity assertions only. */
    SMOKE,
    /** A real small run on a laptop-class CPU: minutes to tens of minutes. */
    CPU,
    /** Full CIFAR-10 on one GPU, long enough to show the papers' direction of effect. */
    GPU;

    /** The system property that selects the profile. */
    public static final String PROPERTY = "sota4j.profile";
    /** The environment variable that selects the profile. */
    public static final String ENV = "SOTA4J_PROFILE";

    /**
     * Returns the profile chosen by the system property, else the environment variable, else the
     * hardware: {@link #GPU} when DJL sees a GPU, {@link #CPU} otherwise.
     *
     * @throws IllegalArgumentException when the setting names no profile
     */
    public static Profile current() {
        String value = System.getProperty(PROPERTY);
        String source = PROPERTY;
        if (value == null || value.isBlank()) {
            value = System.getenv(ENV);
            source = ENV;
        }
        if (value == null || value.isBlank()) {
            return Engine.getInstance().getGpuCount() > 0 ? GPU : CPU;
        }
        return parse(source, value);
    }

    /** Parses a profile name, case-insensitively. */
    public static Profile parse(String source, String value) {
        try {
            return valueOf(value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(source + " must be one of smoke, cpu, gpu; got '" + value + "'", e);
        }
    }

    /** Returns the value for this profile: {@code smoke}, {@code cpu} or {@code gpu}. */
    public <T> T pick(T smoke, T cpu, T gpu) {
        return switch (this) {
            case SMOKE -> smoke;
            case CPU -> cpu;
            case GPU -> gpu;
        };
    }

    /** Returns the value for this profile, as {@link #pick(Object, Object, Object)} for ints. */
    public int pick(int smoke, int cpu, int gpu) {
        return this == SMOKE ? smoke : this == CPU ? cpu : gpu;
    }

    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}
