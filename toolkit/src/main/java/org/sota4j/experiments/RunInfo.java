package org.sota4j.experiments;

import ai.djl.engine.Engine;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Describes the machine and software a result came from, so that every number a notebook reports
 * can say which hardware produced it.
 */
public final class RunInfo {

    private RunInfo() {}

    /** Returns e.g. "2-core Intel(R) Xeon(R) ... CPU, no GPU; Java 17.0.15; DJL 0.36.0, PyTorch 2.7.1". */
    public static String describe() {
        Engine engine = Engine.getInstance();
        int gpus = engine.getGpuCount();
        String gpu = gpus == 0 ? "no GPU" : gpus + " GPU(s) (" + engine.defaultDevice() + ")";
        return String.format(Locale.ROOT, "%d-core %s, %s; Java %s; DJL %s, %s %s",
                Runtime.getRuntime().availableProcessors(),
                cpuModel(), gpu, System.getProperty("java.version"), Engine.getDjlVersion(), engine.getEngineName(),
                engine.getVersion());
    }

    /** Returns the CPU's model name from /proc/cpuinfo, or os.arch when unknown. */
    public static String cpuModel() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                if (line.startsWith("model name")) {
                    return line.substring(line.indexOf(':') + 1).trim();
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux: fall through
        }
        return System.getProperty("os.arch") + " CPU";
    }

    /** Formats seconds as m:ss or h:mm:ss. */
    public static String duration(double seconds) {
        return org.sota4j.training.ProgressBar.duration(seconds);
    }
}
