package org.sota4j.recipe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * Tablesaw and XChart are optional dependencies of the toolkit: a recipe with most techniques on trains, checkpoints
 * and resumes in a JVM given this test's class path without them, and the POM marks both optional.
 */
class WithoutTablesawTest {

    @Test
    void techniquesLoopAndCheckpointsRunWithoutTablesawAndXChart(@TempDir Path dir) throws Exception {
        String full = System.getProperty("java.class.path");
        List<String> kept = Arrays.stream(full.split(File.pathSeparator))
                .filter(p -> !p.contains("tablesaw") && !p.contains("xchart")).toList();
        assertTrue(kept.size() < full.split(File.pathSeparator).length, "expected Tablesaw in the test class path");
        Path log = dir.resolve("out.log");
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx2g",
                "-Dai.djl.offline=true", "-cp", String.join(File.pathSeparator, kept),
                WithoutTablesawMain.class.getName(), dir.resolve("checkpoints").toString())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        int code = p.waitFor();
        String out = Files.readString(log, StandardCharsets.UTF_8);
        assertEquals(0, code, out);
        assertTrue(out.lines().anyMatch(l -> l.startsWith("ok History[small_cnn, 2 epochs")), out);
    }

    @Test
    void thePomMarksTablesawAndXChartOptional() throws Exception {
        String pom = Files.readString(Path.of("pom.xml"));
        for (String artifact : List.of("tablesaw-core", "xchart")) {
            int at = pom.indexOf("<artifactId>" + artifact + "</artifactId>");
            assertTrue(at > 0, artifact);
            String block = pom.substring(pom.lastIndexOf("<dependency>", at), pom.indexOf("</dependency>", at));
            assertTrue(block.contains("<optional>true</optional>"), artifact + " is not optional: " + block);
        }
    }
}
