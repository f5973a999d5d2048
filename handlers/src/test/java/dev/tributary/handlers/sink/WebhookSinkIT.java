package dev.tributary.handlers.sink;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.tributary.core.ChangeEvent;
import dev.tributary.core.ChangeEventJson;
import dev.tributary.core.handler.BatchResult;
import dev.tributary.core.handler.ChangeHandler;
import dev.tributary.handlers.TestEvents;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The webhook sink against a real HTTP server on a free port. */
class WebhookSinkIT {
  private static final Instant AT = Instant.parse("2026-01-02T03:04:05Z");

  record Received(String path, Map<String, List<String>> headers, String body) {
    String header(String name) {
      return headers.entrySet().stream()
          .filter(e -> e.getKey().equalsIgnoreCase(name))
          .map(e -> e.getValue().get(0))
          .findFirst()
          .orElse(null);
    }
  }

  private HttpServer server;
  private final ConcurrentLinkedQueue<Received> received = new ConcurrentLinkedQueue<>();
  private final AtomicInteger failuresLeft = new AtomicInteger();

  @BeforeEach
  void start() throws Exception {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext(
        "/",
        ex -> {
          String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
          received.add(
              new Received(ex.getRequestURI().getPath(), Map.copyOf(ex.getRequestHeaders()), body));
          int status;
          String path = ex.getRequestURI().getPath();
          if (path.equals("/bad")) {
            status = 400;
          } else if (path.equals("/busy") && failuresLeft.getAndDecrement() > 0) {
            status = 429;
            ex.getResponseHeaders().add("Retry-After", "1");
          } else if (path.equals("/flaky") && failuresLeft.getAndDecrement() > 0) {
            status = 503;
          } else {
            status = 204;
          }
          byte[] out =
              status == 400 ? "no such customer".getBytes(StandardCharsets.UTF_8) : new byte[0];
          ex.sendResponseHeaders(status, out.length == 0 ? -1 : out.length);
          if (out.length > 0) {
            ex.getResponseBody().write(out);
          }
          ex.close();
        });
    server.start();
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  private ChangeHandler sink(String path, Map<String, Object> extra) {
    Map<String, Object> cfg = new HashMap<>(extra);
    cfg.put("url", "http://127.0.0.1:" + server.getAddress().getPort() + path);
    cfg.put("retry", Map.of("backoff", "20ms", "max-backoff", "2s", "max-attempts", 4));
    return SinkFactoriesTest.factory("webhook").create(cfg);
  }

  private static ChangeEvent event() {
    return TestEvents.insert("Orders", 7, AT, "o-7", "a@example.com");
  }

  @Test
  void shouldPostSignedEventWithIdempotencyKeyAndCustomHeaders() throws Exception {
    ChangeEvent e = event();
    BatchResult r =
        sink("/ok", Map.of("secret", "s3cret", "headers", Map.of("X-Team", "orders")))
            .handle(List.of(e), TestEvents.context(1));
    assertThat(r.isSuccess()).isTrue();
    Received got = received.poll();
    assertThat(got.body()).isEqualTo(ChangeEventJson.toJson(e));
    assertThat(got.header("Idempotency-Key")).isEqualTo(e.eventId());
    assertThat(got.header("X-Team")).isEqualTo("orders");
    assertThat(got.header("Content-Type")).isEqualTo("application/json");
    long ts = Long.parseLong(got.header("X-Tributary-Timestamp"));
    assertThat(ts).isCloseTo(Instant.now().getEpochSecond(), Offset.offset(60L));
    // Recompute as a receiver would: HMAC-SHA256(secret, "<timestamp>.<body>").
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec("s3cret".getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
    String expected =
        "sha256="
            + HexFormat.of()
                .formatHex(mac.doFinal((ts + "." + got.body()).getBytes(StandardCharsets.UTF_8)));
    assertThat(got.header("X-Tributary-Signature")).isEqualTo(expected);
  }

  @Test
  void shouldRetryOn503ThenSucceed() throws Exception {
    failuresLeft.set(2);
    BatchResult r = sink("/flaky", Map.of()).handle(List.of(event()), TestEvents.context(1));
    assertThat(r.isSuccess()).isTrue();
    assertThat(received).hasSize(3);
    assertThat(received)
        .extracting(x -> x.header("Idempotency-Key"))
        .containsOnly(event().eventId());
  }

  @Test
  void shouldReportFailedNotDeadWhenRetriesRunOut() throws Exception {
    failuresLeft.set(100);
    BatchResult r = sink("/flaky", Map.of()).handle(List.of(event()), TestEvents.context(1));
    assertThat(r.failedEventIds()).containsExactly(event().eventId());
    assertThat(r.deadLetters()).isEmpty();
    assertThat(r.failureReason(event().eventId()).orElseThrow()).contains("503");
    assertThat(received).hasSize(4);
  }

  @Test
  void shouldHonourRetryAfterOn429() throws Exception {
    failuresLeft.set(1);
    long start = System.nanoTime();
    BatchResult r = sink("/busy", Map.of()).handle(List.of(event()), TestEvents.context(1));
    assertThat(r.isSuccess()).isTrue();
    assertThat(received).hasSize(2);
    assertThat((System.nanoTime() - start) / 1_000_000).isGreaterThanOrEqualTo(900);
  }

  @Test
  void shouldDeadLetterOn400WithoutRetrying() throws Exception {
    BatchResult r = sink("/bad", Map.of()).handle(List.of(event()), TestEvents.context(1));
    assertThat(r.deadLetters()).containsKey(event().eventId());
    assertThat(r.deadLetters().get(event().eventId())).contains("400").contains("no such customer");
    assertThat(r.failedEventIds()).isEmpty();
    assertThat(received).hasSize(1);
  }

  @Test
  void shouldRetryConnectionErrors() throws Exception {
    int port = server.getAddress().getPort();
    server.stop(0);
    Map<String, Object> cfg =
        Map.of(
            "url",
            "http://127.0.0.1:" + port + "/ok",
            "retry",
            Map.of("backoff", "10ms", "max-backoff", "20ms", "max-attempts", 2));
    BatchResult r =
        SinkFactoriesTest.factory("webhook")
            .create(cfg)
            .handle(List.of(event()), TestEvents.context(1));
    assertThat(r.failedEventIds()).containsExactly(event().eventId());
    assertThat(r.failureReason(event().eventId()).orElseThrow()).contains("ConnectException");
  }
}
