package org.sota4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The toolkit's packages form layers: no two packages depend on each other, directly or through others, and the
 * technique packages use neither Tablesaw nor XChart (both optional dependencies) nor a layer above them. Read from
 * the sources: every {@code org.sota4j.<package>} an import or a qualified name in code mentions.
 */
class ArchitectureTest {

    private static final Path SOURCES = Path.of("src/main/java/org/sota4j");
    private static final List<String> TECHNIQUES = List.of("augmentation", "mixing", "losses", "schedules",
            "optimizers", "weights", "sampling", "models", "resolution", "semisupervised");
    private static final List<String> ABOVE_TECHNIQUES = List.of("djl", "training", "metrics", "recipe",
            "experiments", "plots");
    private static final Pattern SOTA4J = Pattern.compile("\\borg\\.sota4j\\.([a-z]+)\\.");
    private static final Pattern COMMENTS_AND_STRINGS = Pattern.compile(
            "//[^\\n]*|/\\*.*?\\*/|\"(?:\\\\.|[^\"\\\\])*\"", Pattern.DOTALL);

    /** Package name to the sota4j packages its main sources mention, and to the lines that mention Tablesaw/XChart. */
    private static Map<String, Set<String>> dependencies(Map<String, List<String>> optionalUses) throws IOException {
        Map<String, Set<String>> deps = new TreeMap<>();
        try (Stream<Path> files = Files.walk(SOURCES)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                String pkg = SOURCES.relativize(f).getName(0).toString();
                String code = COMMENTS_AND_STRINGS.matcher(Files.readString(f)).replaceAll("");
                Set<String> mine = deps.computeIfAbsent(pkg, k -> new TreeSet<>());
                Matcher m = SOTA4J.matcher(code);
                while (m.find()) {
                    if (!m.group(1).equals(pkg)) {
                        mine.add(m.group(1));
                    }
                }
                if (code.contains("tech.tablesaw") || code.contains("org.knowm.xchart")) {
                    optionalUses.computeIfAbsent(pkg, k -> new ArrayList<>()).add(f.getFileName().toString());
                }
            }
        }
        return deps;
    }

    @Test
    void noPackageDependsOnItselfThroughOthers() throws IOException {
        Map<String, Set<String>> deps = dependencies(new TreeMap<>());
        assertTrue(deps.keySet().containsAll(TECHNIQUES) && deps.keySet().containsAll(ABOVE_TECHNIQUES),
                deps.toString());
        for (String start : deps.keySet()) {
            List<String> cycle = cycleFrom(start, start, deps, new ArrayList<>(List.of(start)), new TreeSet<>());
            assertEquals(List.of(), cycle, "import cycle " + String.join(" -> ", cycle) + " in " + deps);
        }
    }

    private static List<String> cycleFrom(String start, String at, Map<String, Set<String>> deps, List<String> path,
            Set<String> seen) {
        for (String next : deps.getOrDefault(at, Set.of())) {
            if (next.equals(start)) {
                List<String> cycle = new ArrayList<>(path);
                cycle.add(start);
                return cycle;
            }
            if (seen.add(next)) {
                path.add(next);
                List<String> found = cycleFrom(start, next, deps, path, seen);
                if (!found.isEmpty()) {
                    return found;
                }
                path.remove(path.size() - 1);
            }
        }
        return List.of();
    }

    @Test
    void techniquePackagesNeedNeitherTablesawNorXChartNorALayerAbove() throws IOException {
        Map<String, List<String>> optional = new TreeMap<>();
        Map<String, Set<String>> deps = dependencies(optional);
        for (String technique : TECHNIQUES) {
            assertEquals(List.of(), optional.getOrDefault(technique, List.of()),
                    technique + " uses Tablesaw or XChart");
            Set<String> above = new TreeSet<>(deps.get(technique));
            above.retainAll(ABOVE_TECHNIQUES);
            assertEquals(Set.of(), above, technique + " depends on a layer above the techniques");
        }
        assertEquals(List.of(), optional.getOrDefault("training", List.of()).stream()
                .filter(f -> !f.equals("History.java")).toList(), "the loop uses Tablesaw beyond History.toTable");
    }
}
