package dev.tributary.worker.config.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tributary.core.ConfigKey;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The handler pages explain each built-in handler's keys in their own tables, with more than the
 * generated tables say (when a key is required, how keys combine). Those tables must name exactly
 * the keys the factory declares, so that neither drifts from the other.
 */
class HandlerPagesTest {
  /** Handler type, its page, and a text of the heading whose first table lists its keys. */
  private record Page(String type, String file, String heading) {}

  private static final List<Page> PAGES =
      List.of(
          new Page("email", "docs/handlers-email-archive-lambda.md", "`email`"),
          new Page("archive", "docs/handlers-email-archive-lambda.md", "`archive`"),
          new Page("lambda", "docs/handlers-email-archive-lambda.md", "`lambda`"),
          new Page("stdout", "docs/handlers-sinks.md", "`type: stdout`"),
          new Page("log", "docs/handlers-sinks.md", "`type: log`"),
          new Page("file", "docs/handlers-sinks.md", "`type: file`"),
          new Page("webhook", "docs/handlers-sinks.md", "`type: webhook`"),
          new Page("kafka", "docs/handlers-sinks.md", "`type: kafka`"),
          new Page("search", "docs/search-handler.md", "Configuration keys"),
          new Page("function", "docs/functions.md", "Configuration (`type: function`)"));

  private static final Pattern CODE = Pattern.compile("`([^`]+)`");

  @Test
  void shouldListInEachHandlerPageExactlyTheKeysItsFactoryDeclares() throws IOException {
    Map<String, List<ConfigKey<?>>> declared = ConfigDocs.handlerKeys();
    assertThat(PAGES.stream().map(Page::type).collect(Collectors.toSet()))
        .as("every built-in handler type has a page listing its keys")
        .isEqualTo(declared.keySet());
    Path root = ConfigDocsTest.repositoryRoot();
    for (Page page : PAGES) {
      Set<String> keys = new TreeSet<>();
      declared.get(page.type()).forEach(k -> keys.add(k.name()));
      assertThat(firstTableKeys(root.resolve(page.file()), page.heading()))
          .as("keys in %s under the heading with %s", page.file(), page.heading())
          .isEqualTo(keys);
    }
  }

  /** The names in code spans of the first column of the first table after the heading. */
  private static Set<String> firstTableKeys(Path file, String heading) throws IOException {
    Set<String> keys = new TreeSet<>();
    boolean inSection = false;
    boolean inTable = false;
    for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
      if (line.startsWith("#")) {
        if (inTable) {
          break;
        }
        inSection = line.contains(heading);
      } else if (inSection && line.startsWith("|")) {
        inTable = true;
        Matcher m = CODE.matcher(line.split("\\|")[1]);
        while (m.find()) {
          keys.add(m.group(1));
        }
      } else if (inTable) {
        break;
      }
    }
    return keys;
  }
}
