package dev.tributary.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The one command each example's README gives still runs that example: an {@code
 * examples/<name>/run} script that exists, is executable and starts a main class that exists.
 */
class ExampleReadmesTest {
  private static final Path MODULE = Path.of("").toAbsolutePath();
  private static final Pattern FIRST_BASH_BLOCK =
      Pattern.compile("```bash\\n(.*?)```", Pattern.DOTALL);
  private static final Pattern MAIN_CLASS = Pattern.compile("dev\\.tributary\\.examples\\.[\\w.]+");

  private static List<Path> runScriptExamples() throws IOException {
    try (Stream<Path> dirs = Files.list(MODULE)) {
      return dirs.filter(
              d -> Files.isRegularFile(d.resolve("README.md")) && Files.exists(d.resolve("run")))
          .sorted()
          .toList();
    }
  }

  @Test
  void shouldGiveOneCommandThatStartsAnExistingMainClass() throws Exception {
    List<Path> examples = runScriptExamples();
    assertThat(examples)
        .extracting(d -> d.getFileName().toString())
        .contains("single-table", "optimistic-locking", "lambda-handler");
    for (Path example : examples) {
      String name = example.getFileName().toString();
      Matcher block = FIRST_BASH_BLOCK.matcher(Files.readString(example.resolve("README.md")));
      assertThat(block.find()).as("%s/README.md has a bash block", name).isTrue();
      assertThat(block.group(1).strip())
          .as("%s/README.md's command", name)
          .isEqualTo("examples/" + name + "/run");

      Path run = example.resolve("run");
      assertThat(Files.isExecutable(run)).as("%s/run is executable", name).isTrue();
      Matcher main = MAIN_CLASS.matcher(Files.readString(run));
      assertThat(main.find()).as("%s/run names a main class", name).isTrue();
      Class<?> c = Class.forName(main.group());
      assertThat(c.getMethod("main", String[].class)).as("%s has main(String[])", c).isNotNull();
    }
  }

  @Test
  void shouldBeLinkedFromTheProjectReadme() throws IOException {
    String readme = Files.readString(MODULE.getParent().resolve("README.md"));
    for (Path example : runScriptExamples()) {
      String name = example.getFileName().toString();
      assertThat(readme).as("README.md links examples/%s", name).contains("examples/" + name + "/");
    }
  }
}
