package dev.tributary.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every test class of the repository has a name of its own, across modules and packages, so a test
 * named in a report, a CI log or {@code -Dtest=} / {@code -Dit.test=} is one class.
 */
class TestClassNamesTest {
  /** The names surefire and failsafe run (see the parent pom). */
  static final Pattern TEST_CLASS = Pattern.compile(".*(Test|Tests|Properties|IT)\\.java");

  /** The repository: this module's parent directory (tests run in the module's directory). */
  static Path repository() {
    Path root = Path.of("").toAbsolutePath().getParent();
    assertThat(root.resolve("pom.xml")).as("repository root %s", root).exists();
    return root;
  }

  @Test
  void testClassNamesAreUniqueAcrossTheRepository() throws IOException {
    Map<String, List<String>> byName;
    try (Stream<Path> files = Files.walk(repository())) {
      byName =
          files
              .filter(p -> TEST_CLASS.matcher(p.getFileName().toString()).matches())
              .map(p -> repository().relativize(p).toString().replace('\\', '/'))
              .filter(p -> p.contains("/src/test/java/") && !p.contains("/target/"))
              .collect(
                  Collectors.groupingBy(
                      p -> p.substring(p.lastIndexOf('/') + 1), TreeMap::new, Collectors.toList()));
    }
    assertThat(byName).as("test classes found").hasSizeGreaterThan(100);
    Map<String, List<String>> duplicates = new TreeMap<>(byName);
    duplicates.values().removeIf(paths -> paths.size() < 2);
    assertThat(duplicates).as("test class names used more than once; rename one of each").isEmpty();
  }
}
