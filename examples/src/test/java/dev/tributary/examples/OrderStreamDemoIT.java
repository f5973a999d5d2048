package dev.tributary.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OrderStreamDemoIT {
  @TempDir Path dir;

  @Test
  void shouldRouteInsertModifyAndRemoveAsTheSeedsLambdaDoes() throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    int handled = new OrderStreamDemo(new PrintStream(bytes, true, StandardCharsets.UTF_8)).run(dir);
    String out = bytes.toString(StandardCharsets.UTF_8);
    assertThat(handled).isEqualTo(3);
    assertThat(out)
        .contains("- INSERT: send confirmation email to alice@example.com")
        .contains("- MODIFY: status PENDING -> SHIPPED: update search index, notify customer")
        .contains("- REMOVE: archive order ORD-456 to S3")
        .contains("refused: ConditionalCheckFailedException");
    // a second run on the same directory starts over cleanly
    assertThat(new OrderStreamDemo(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8)).run(dir))
        .isEqualTo(3);
  }
}
