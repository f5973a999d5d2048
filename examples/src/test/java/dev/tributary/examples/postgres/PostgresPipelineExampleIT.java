package dev.tributary.examples.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@Tag("slow")
class PostgresPipelineExampleIT {
  @TempDir Path dir;

  @Test
  void shouldPrintTheSnapshotThenEachLiveChangeToTheHandlersItIsRoutedTo() throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    new PostgresPipelineExample(new PrintStream(bytes, true, StandardCharsets.UTF_8)).run(dir);
    String out = bytes.toString(StandardCharsets.UTF_8);
    List<String> changes = out.lines().filter(l -> l.startsWith("  changes: ")).toList();
    List<String> shipping = out.lines().filter(l -> l.startsWith("  shipping: ")).toList();
    List<String> cancellations =
        out.lines().filter(l -> l.startsWith("  cancellations: ")).toList();

    // the rows written before the source started arrive as snapshot INSERTs
    assertThat(changes)
        .containsOnlyOnce(
            "  changes: INSERT public.customers C-1 {email=alice@example.com, id=C-1, name=Alice} (snapshot)",
            "  changes: INSERT public.customers C-2 {email=bob@example.com, id=C-2, name=Bob} (snapshot)",
            "  changes: INSERT public.orders ORD-1 {customer_id=C-1, id=ORD-1, status=PENDING, total=299.99} (snapshot)",
            "  changes: INSERT public.orders ORD-2 {customer_id=C-2, id=ORD-2, status=PENDING, total=45.5} (snapshot)");
    // then the live changes, with old images (REPLICA IDENTITY FULL)
    assertThat(changes)
        .containsOnlyOnce(
            "  changes: INSERT public.orders ORD-3 {customer_id=C-1, id=ORD-3, status=PENDING, total=12}",
            "  changes: MODIFY public.orders ORD-1 {status=PENDING -> SHIPPED}",
            "  changes: MODIFY public.customers C-2 {email=bob@example.com -> bob@example.org}",
            "  changes: REMOVE public.orders ORD-2 {customer_id=C-2, id=ORD-2, status=PENDING, total=45.5}");
    assertThat(changes).hasSize(8);
    // per key, in the order of the changes
    assertThat(
            changes.indexOf(
                "  changes: INSERT public.orders ORD-1 {customer_id=C-1, id=ORD-1, status=PENDING, total=299.99} (snapshot)"))
        .isLessThan(
            changes.indexOf("  changes: MODIFY public.orders ORD-1 {status=PENDING -> SHIPPED}"));
    // the routes: the PENDING -> SHIPPED transition alone, the deletion alone
    assertThat(shipping)
        .containsExactly("  shipping: MODIFY public.orders ORD-1 {status=PENDING -> SHIPPED}");
    assertThat(cancellations)
        .containsExactly(
            "  cancellations: REMOVE public.orders ORD-2 {customer_id=C-2, id=ORD-2, status=PENDING, total=45.5}");
    assertThat(out)
        .contains("Handled: changes 8 (4 from the snapshot), shipping 1, cancellations 1");
  }
}
