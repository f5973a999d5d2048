package dev.tributary.examples.lambda;

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
class LambdaHandlerExampleIT {
  @TempDir Path dir;

  @Test
  void shouldRetryTheReportedItemAndDeadLetterTheOneThatKeepsFailing() throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    new LambdaHandlerExample(new PrintStream(bytes, true, StandardCharsets.UTF_8)).run(dir);
    String out = bytes.toString(StandardCharsets.UTF_8);
    List<String> mail = out.lines().filter(l -> l.startsWith("  mail to ")).toList();

    // bob's confirmation failed once, was reported in batchItemFailures, retried and sent once
    assertThat(mail)
        .containsOnlyOnce(
            "  mail to bob@example.com: timed out (the function reports the record in batchItemFailures)",
            "  mail to bob@example.com: Order ORD-2 confirmed, total 45.5",
            "  mail to bob@example.com: Order ORD-2 was cancelled",
            "  mail to alice@example.com: Order ORD-1 confirmed, total 299.99",
            "  mail to alice@example.com: Order ORD-1 is now SHIPPED");
    assertThat(mail).hasSize(5).noneMatch(l -> l.contains("ORD-3"));
    // per item, in the order the changes were made, the retry included
    assertThat(mail.indexOf("  mail to bob@example.com: Order ORD-2 confirmed, total 45.5"))
        .isLessThan(mail.indexOf("  mail to bob@example.com: Order ORD-2 was cancelled"));
    assertThat(mail.indexOf("  mail to alice@example.com: Order ORD-1 confirmed, total 299.99"))
        .isLessThan(mail.indexOf("  mail to alice@example.com: Order ORD-1 is now SHIPPED"));
    // the order without an email failed every attempt and went to the dead-letter topic
    assertThat(out)
        .contains("Dead-letter topic tributary.dlq.orders.process_order_stream: 1 record(s)")
        .contains(
            "  INSERT ORD-3 after 3 attempts: Handler process_order_stream reported the event as failed")
        .contains(" 1 dead-lettered");
  }
}
