package dev.tributary.examples.orders;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The demo end to end: its own engine, broker, GreenMail, S3Proxy and OpenSearch, then a stop. */
class OrderStreamDemoIT {
  @TempDir Path dir;

  @Test
  void shouldPrintEveryEffectThenStopEverythingWhenAsked() throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
    OrderStreamDemo demo =
        OrderStreamDemo.builder(dir.resolve("demo"))
            .orders(2)
            .interval(Duration.ZERO)
            .keepRunning(true)
            .out(out)
            .build();
    CompletableFuture<OrderStreamDemo.Outcome> run =
        CompletableFuture.supplyAsync(
            () -> {
              try {
                return demo.run();
              } catch (Exception e) {
                throw new IllegalStateException(e);
              }
            });
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(6);
    while (!bytes.toString(StandardCharsets.UTF_8).contains("Still running")
        && !run.isDone()
        && System.nanoTime() < deadline) {
      Thread.sleep(200);
    }
    String printed = bytes.toString(StandardCharsets.UTF_8);
    assertThat(printed).contains("Still running");
    Matcher m = Pattern.compile("opensearch\\s+(http://127\\.0\\.0\\.1:\\d+)").matcher(printed);
    assertThat(m.find()).as(printed).isTrue();
    String searchUrl = m.group(1);

    demo.stop();
    OrderStreamDemo.Outcome outcome = run.get(3, TimeUnit.MINUTES);
    String all = bytes.toString(StandardCharsets.UTF_8);
    assertThat(outcome.complete()).as(all).isTrue();
    assertThat(outcome.stopped()).isTrue();
    assertThat(outcome.writes())
        .isEqualTo(9); // 4 per order, and the chapter's first order's refused update
    assertThat(outcome.seen().mails())
        .containsExactlyInAnyOrderElementsOf(outcome.expected().mails());
    assertThat(all)
        .contains("write    PutItem    ORD-456 for CUST-123, PENDING, total 299.99")
        .contains("mail     to alice@example.com    \"Order ORD-456 confirmed\"")
        .contains("mail     to alice@example.com    \"Order ORD-456 is now SHIPPED\"")
        .contains("mail     to bob@example.com      \"Order ORD-457 is now DELIVERED\"")
        .containsPattern("index    orders/CUST-123\\|2025-01-15T10:30:00Z  ORD-456 SHIPPED")
        .containsPattern(
            "archive  s3://orders-archive/orders/Orders/\\d{4}/\\d{2}/\\d{2}/\\d{2}/\\d+\\.json  ORD-456 \\(REMOVE")
        .contains(
            "Done: 9 writes -> 5 mails, 2 documents, 1 archived object, as process_order_stream says.")
        .endsWith("Stopping...\nStopped.\n")
        .doesNotContain("Exception")
        .doesNotContain("\tat ");
    // everything it started is gone: OpenSearch (a child process) no longer answers
    assertThatThrownBy(
            () ->
                HttpClient.newHttpClient()
                    .send(
                        HttpRequest.newBuilder(URI.create(searchUrl))
                            .timeout(Duration.ofSeconds(5))
                            .build(),
                        HttpResponse.BodyHandlers.ofString()))
        .isInstanceOf(IOException.class);
  }

  @Test
  void shouldRefuseADirectoryItDidNotMake() throws Exception {
    Files.writeString(dir.resolve("precious.txt"), "keep me");
    OrderStreamDemo demo =
        OrderStreamDemo.builder(dir)
            .out(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8))
            .build();
    assertThatThrownBy(demo::run)
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("is not empty and was not made by the demo");
    assertThat(dir.resolve("precious.txt")).hasContent("keep me");
  }
}
