package dev.tributary.examples.singletable;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SingleTableExampleIT {
  @TempDir Path dir;

  @Test
  void shouldAnswerTheSameFromJavaAndOverTheWireWithTheSdk() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    new SingleTableExample(new PrintStream(bytes, true, StandardCharsets.UTF_8)).run(dir);
    String out = bytes.toString(StandardCharsets.UTF_8);

    String wireHeader = "== Over the wire";
    List<String> java = results(out.substring(0, out.indexOf(wireHeader)));
    List<String> wire = results(out.substring(out.indexOf(wireHeader)));
    assertThat(java).isNotEmpty().isEqualTo(wire);

    // one Query: the user's orders in date order, then the profile
    assertThat(section(java, "Query PK = USER#123 ("))
        .containsExactly(
            "    PK=USER#123 SK=ORDER#2025-01-15#456 status=PENDING total=299.99 type=order",
            "    PK=USER#123 SK=ORDER#2025-02-03#457 status=SHIPPED total=45.5 type=order",
            "    PK=USER#123 SK=ORDER#2025-02-20#458 status=PENDING total=12.25 type=order",
            "    PK=USER#123 SK=PROFILE email=alice@example.com name=Alice type=user");
    assertThat(section(java, "Query PK = USER#123, ScanIndexForward=false"))
        .extracting(SingleTableExampleIT::sortKey)
        .containsExactly("PROFILE", "ORDER#2025-02-20#458", "ORDER#2025-02-03#457");
    assertThat(section(java, "Query PK = USER#123 AND begins_with"))
        .extracting(SingleTableExampleIT::sortKey)
        .containsExactly("ORDER#2025-02-03#457", "ORDER#2025-02-20#458");
    // the sparse GSI holds orders of every user and no profiles; an update moves an order across
    assertThat(section(java, "Query OrdersByStatus status = PENDING ("))
        .extracting(SingleTableExampleIT::sortKey)
        .containsExactly("ORDER#2025-01-15#456", "ORDER#2025-02-10#901", "ORDER#2025-02-20#458");
    assertThat(section(java, "Query OrdersByStatus status = PENDING:"))
        .extracting(SingleTableExampleIT::sortKey)
        .containsExactly("ORDER#2025-01-15#456", "ORDER#2025-02-10#901");
    assertThat(section(java, "Query OrdersByStatus status = SHIPPED:"))
        .extracting(SingleTableExampleIT::sortKey)
        .containsExactly("ORDER#2025-02-03#457", "ORDER#2025-02-20#458");
  }

  /** The printed results of one half: every line but its header and the endpoint note. */
  private static List<String> results(String half) {
    return half.lines()
        .filter(l -> l.startsWith("  ") && !l.startsWith("  (engine listening"))
        .toList();
  }

  /** The item lines under the first title starting with {@code title}. */
  private static List<String> section(List<String> lines, String title) {
    int at = -1;
    for (int i = 0; i < lines.size(); i++) {
      if (lines.get(i).startsWith("  " + title)) {
        at = i;
        break;
      }
    }
    assertThat(at).as("section %s", title).isNotNegative();
    return lines.subList(at + 1, lines.size()).stream()
        .takeWhile(l -> l.startsWith("    "))
        .toList();
  }

  private static String sortKey(String line) {
    return line.split(" SK=")[1].split(" ")[0];
  }
}
