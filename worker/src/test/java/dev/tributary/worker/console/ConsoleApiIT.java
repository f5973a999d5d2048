package dev.tributary.worker.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tributary.core.pipeline.Pipeline;
import dev.tributary.core.runner.PipelineRuntime;
import dev.tributary.engine.TributaryEngine;
import dev.tributary.worker.console.internal.ConsoleRoutes;
import dev.tributary.worker.console.internal.HostCheck;
import dev.tributary.worker.internal.HttpEndpoints;
import java.io.EOFException;
import java.io.InputStream;
import java.net.Socket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * The console's JSON routes, event streams and guarded actions against a running worker: dead
 * letters counted, read, filtered, redriven one then all (the handler receives them), refused
 * without the token or from another origin; the tail sees a write made through the DynamoDB
 * endpoint; lanes stream samples; a replay runs to completion; the tables' pages and an item's
 * history.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ConsoleApiIT {
  static final ObjectMapper JSON = new ObjectMapper();
  @TempDir static Path dir;
  static ConsoleWorker w;

  @BeforeAll
  static void start() throws Exception {
    w = new ConsoleWorker(dir, 0);
    for (int i = 1; i <= 3; i++) {
      w.put("C-" + i, "NEW");
    }
    w.put("BAD-1", "NEW");
    w.put("BAD-2", "NEW");
    await().atMost(Duration.ofMinutes(1)).until(() -> w.ledgerLines().size() >= 3);
  }

  @AfterAll
  static void stop() {
    if (w != null) {
      w.close();
    }
  }

  static JsonNode json(String path) throws Exception {
    HttpResponse<String> r = w.get(path);
    assertThat(r.statusCode()).as(path + ": " + r.body()).isEqualTo(200);
    return JSON.readTree(r.body());
  }

  static HttpResponse<String> post(String action, String body, Map<String, String> headers)
      throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(w.base() + "/api/actions/" + action))
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .header("Content-Type", "application/json");
    headers.forEach(b::header);
    return HttpClient.newHttpClient().send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  static Map<String, String> allowed() {
    return Map.of(
        "X-Tributary-Token", ConsoleWorker.TOKEN, "Origin", "http://127.0.0.1:" + w.httpPort);
  }

  /** Reads an event stream on a thread: each event as {name, data}. */
  static final class Events implements AutoCloseable {
    final BlockingQueue<String[]> queue = new LinkedBlockingQueue<>();
    final Thread reader;
    volatile Stream<String> lines;

    Events(String path) {
      reader =
          new Thread(
              () -> {
                try {
                  lines =
                      HttpClient.newHttpClient()
                          .send(
                              HttpRequest.newBuilder(URI.create(w.base() + path)).build(),
                              HttpResponse.BodyHandlers.ofLines())
                          .body();
                  String name = null;
                  for (Iterator<String> it = lines.iterator(); it.hasNext(); ) {
                    String l = it.next();
                    if (l.startsWith("event: ")) {
                      name = l.substring(7);
                    } else if (l.startsWith("data: ") && name != null) {
                      queue.add(new String[] {name, l.substring(6)});
                      name = null;
                    }
                  }
                } catch (Exception e) {
                  queue.add(new String[] {"closed", String.valueOf(e)});
                }
              });
      reader.setDaemon(true);
      reader.start();
    }

    /** The next event named {@code name} (others are skipped). */
    JsonNode next(String name, Duration within) throws Exception {
      long end = System.nanoTime() + within.toNanos();
      while (System.nanoTime() < end) {
        String[] e = queue.poll(200, TimeUnit.MILLISECONDS);
        if (e != null && e[0].equals(name)) {
          return JSON.readTree(e[1]);
        }
      }
      throw new AssertionError("no '" + name + "' event within " + within);
    }

    @Override
    public void close() {
      reader.interrupt();
      if (lines != null) {
        lines.close();
      }
    }
  }

  @Test
  @Order(1)
  void shouldServeThePagesAndTheOverview() throws Exception {
    HttpResponse<String> page = w.get("/");
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.headers().firstValue("Content-Type"))
        .hasValueSatisfying(t -> assertThat(t).startsWith("text/html"));
    assertThat(page.body())
        .contains("Pipeline orders")
        .contains("tributary.lane.orders.ledger")
        .contains("engine-relay/main");
    for (String p : new String[] {"/lanes", "/dead-letters", "/replay", "/tail", "/tables"}) {
      assertThat(w.get(p).statusCode()).as(p).isEqualTo(200);
    }
    assertThat(w.get("/static/console.js").body()).contains("text/event-stream");
    assertThat(w.get("/static/../../etc/passwd").statusCode()).isEqualTo(404);
    JsonNode o = json("/api/overview");
    assertThat(o.get("state").asText()).isEqualTo("RUNNING");
    assertThat(o.get("actions").asBoolean()).isTrue();
    assertThat(o.at("/pipelines/0/describe").asText())
        .contains("ledger")
        .contains("lane topic: tributary.lane.orders.ledger");
  }

  @Test
  @Order(2)
  void shouldShowDeadLettersAndRedriveASelectionThenAllToTheHandler() throws Exception {
    await()
        .atMost(Duration.ofMinutes(1))
        .untilAsserted(
            () -> assertThat(json("/api/dead-letters").get(0).get("total").asLong()).isEqualTo(2));
    JsonNode all = json("/api/dead-letters/events?lane=orders/ledger");
    assertThat(all.get("items")).hasSize(2);
    JsonNode first = all.get("items").get(0);
    assertThat(first.at("/headers/tributary.error.class").asText()).endsWith("BadRecordException");
    assertThat(first.at("/event/dynamodb/Keys/customerId/S").asText()).startsWith("BAD-");
    assertThat(first.get("redriven").asBoolean()).isFalse();
    String firstKey = first.at("/event/dynamodb/Keys/customerId/S").asText();
    JsonNode filtered = json("/api/dead-letters/events?lane=orders/ledger&filter=" + firstKey);
    assertThat(filtered.get("items")).hasSize(1);

    String selection =
        "{\"lane\":\"orders/ledger\",\"selection\":[{\"partition\":"
            + first.get("partition")
            + ",\"offset\":"
            + first.get("offset")
            + "}]}";
    assertThat(post("redrive", selection, Map.of()).statusCode()).isEqualTo(403);
    assertThat(
            post("redrive", selection, Map.of("X-Tributary-Token", "wrong-token-wrong-token"))
                .statusCode())
        .isEqualTo(403);
    assertThat(
            post(
                    "redrive",
                    selection,
                    Map.of(
                        "X-Tributary-Token", ConsoleWorker.TOKEN, "Origin", "http://evil.example"))
                .statusCode())
        .isEqualTo(403);
    assertThat(
            post(
                    "redrive",
                    selection,
                    Map.of(
                        "X-Tributary-Token", ConsoleWorker.TOKEN, "Sec-Fetch-Site", "cross-site"))
                .statusCode())
        .isEqualTo(403);
    assertThat(json("/api/dead-letters").get(0).get("pending").asLong())
        .as("nothing moved")
        .isEqualTo(2);

    Files.delete(w.poisonSwitch); // the cause is fixed
    int before = w.ledgerLines().size();
    JsonNode second = all.get("items").get(1);
    String secondId = second.at("/event/eventID").asText();
    // Out of order: the second is sent, the position stays before the first.
    JsonNode outOfOrder =
        redrive(
            "{\"lane\":\"orders/ledger\",\"selection\":[{\"partition\":"
                + second.get("partition")
                + ",\"offset\":"
                + second.get("offset")
                + "}]}");
    assertThat(outOfOrder.get("result").asText()).contains("redrove 1 event(s)");
    await().atMost(Duration.ofMinutes(1)).until(() -> w.ledgerLines().contains(secondId));
    assertThat(json("/api/dead-letters").get(0).get("pending").asLong()).isEqualTo(2);

    HttpResponse<String> started = post("redrive", selection, allowed());
    assertThat(started.statusCode()).as(started.body()).isEqualTo(202);
    JsonNode done = finished(JSON.readTree(started.body()).get("id").asText());
    assertThat(done.get("state").asText()).as(done.toString()).isEqualTo("DONE");
    assertThat(done.get("result").asText()).contains("redrove 1 event(s)");
    String firstId = first.at("/event/eventID").asText();
    await().atMost(Duration.ofMinutes(1)).until(() -> w.ledgerLines().contains(firstId));
    assertThat(json("/api/dead-letters").get(0).get("pending").asLong()).isEqualTo(1);
    assertThat(json("/api/dead-letters/events?lane=orders/ledger").get("items"))
        .extracting(n -> n.get("redriven").asBoolean())
        .containsExactly(true, false);

    // "All" sends what is past the position: the second again (documented; handlers are idempotent
    // on eventID).
    JsonNode rest = redrive("{\"lane\":\"tributary.lane.orders.ledger\",\"all\":true}");
    assertThat(rest.get("result").asText()).contains("redrove 1 event(s)");
    await().atMost(Duration.ofMinutes(1)).until(() -> w.ledgerLines().size() == before + 3);
    assertThat(w.ledgerLines().stream().filter(secondId::equals)).hasSize(2);
    assertThat(json("/api/dead-letters").get(0).get("pending").asLong()).isZero();
    assertThat(redrive("{\"lane\":\"orders/ledger\",\"all\":true}").get("result").asText())
        .contains("redrove 0 event(s)");
  }

  static JsonNode redrive(String body) throws Exception {
    HttpResponse<String> started = post("redrive", body, allowed());
    assertThat(started.statusCode()).as(started.body()).isEqualTo(202);
    JsonNode done = finished(JSON.readTree(started.body()).get("id").asText());
    assertThat(done.get("state").asText()).as(done.toString()).isEqualTo("DONE");
    return done;
  }

  static JsonNode finished(String job) throws Exception {
    try (Events e = new Events("/events/job?id=" + job)) {
      return e.next("finished", Duration.ofMinutes(1));
    }
  }

  @Test
  @Order(3)
  void shouldTailAWriteMadeThroughTheDynamoDbEndpoint() throws Exception {
    try (Events tail = new Events("/events/tail?table=Orders&eventName=INSERT&keyPrefix=TAIL-")) {
      assertThat(tail.next("ready", Duration.ofSeconds(30)).get("topic").asText())
          .isEqualTo("tributary.changes.Orders");
      w.put("OTHER-1", "NEW");
      w.put("TAIL-1", "PAID");
      JsonNode change = tail.next("change", Duration.ofSeconds(30));
      assertThat(change.at("/event/dynamodb/Keys/customerId/S").asText()).isEqualTo("TAIL-1");
      assertThat(change.at("/event/dynamodb/NewImage/status/S").asText()).isEqualTo("PAID");
    }
  }

  @Test
  @Order(4)
  void shouldStreamLaneSamples() throws Exception {
    try (Events lanes = new Events("/events/lanes")) {
      assertThat(lanes.next("history", Duration.ofSeconds(10)).get("samples")).isNotNull();
      JsonNode s = lanes.next("sample", Duration.ofSeconds(10));
      JsonNode lane = s.at("/lanes/0");
      assertThat(lane.get("lane").asText()).isEqualTo("tributary.lane.orders.ledger");
      assertThat(lane.get("runner").asText()).isEqualTo("RUNNING");
      assertThat(lane.get("delivered").asLong()).isGreaterThanOrEqualTo(5);
    }
  }

  @Test
  @Order(5)
  void shouldReplayToCompletion() throws Exception {
    int before = w.ledgerLines().size();
    HttpResponse<String> bad =
        post(
            "replay",
            "{\"pipeline\":\"orders\",\"handler\":\"ledger\",\"from\":\"yesterday-ish\"}",
            allowed());
    assertThat(bad.statusCode()).isEqualTo(400);
    assertThat(bad.body()).contains("from");
    HttpResponse<String> started =
        post(
            "replay",
            "{\"pipeline\":\"orders\",\"handler\":\"ledger\",\"from\":\"2020-01-01T00:00:00Z\",\"source\":\"change-log\"}",
            allowed());
    assertThat(started.statusCode()).as(started.body()).isEqualTo(202);
    JsonNode done = finished(JSON.readTree(started.body()).get("id").asText());
    assertThat(done.get("state").asText()).as(done.toString()).isEqualTo("DONE");
    assertThat(done.get("done").asLong())
        .isEqualTo(done.get("total").asLong())
        .isGreaterThanOrEqualTo(7);
    assertThat(w.ledgerLines().size()).isGreaterThanOrEqualTo(before + 7);
  }

  @Test
  @Order(6)
  void shouldPageTablesAndShowAnItemsHistory() throws Exception {
    JsonNode tables = json("/api/tables");
    assertThat(tables.get(0).get("name").asText()).isEqualTo("Orders");
    assertThat(tables.get(0).get("stream").asText()).isEqualTo("NEW_AND_OLD_IMAGES");
    JsonNode page1 = json("/api/table/items?name=Orders&limit=4");
    assertThat(page1.get("items")).hasSize(4);
    String next = page1.get("nextKey").asText();
    JsonNode page2 =
        json("/api/table/items?name=Orders&limit=100&start=" + URLEncoder.encode(next, "UTF-8"));
    assertThat(page2.get("items").size()).isEqualTo(3); // 7 items written: 4, then the other 3
    assertThat(page2.has("nextKey")).isFalse();
    JsonNode one = json("/api/table/items?name=Orders&pk=C-2");
    assertThat(one.get("items")).hasSize(1);
    w.put("C-2", "SHIPPED");
    JsonNode h =
        json(
            "/api/table/history?name=Orders&key="
                + URLEncoder.encode("{\"customerId\":{\"S\":\"C-2\"}}", "UTF-8"));
    assertThat(h.get("changes")).hasSize(2);
    assertThat(h.at("/changes/1/eventName").asText()).isEqualTo("MODIFY");
    assertThat(h.at("/changes/1/dynamodb/OldImage/status/S").asText()).isEqualTo("NEW");
    assertThat(w.get("/api/table/items?name=Nope").statusCode()).isIn(400, 500);
  }

  /**
   * A raw answer: the status code, the headers (names lower-cased) and the body (empty for a
   * stream).
   */
  record Raw(int status, Map<String, String> headers, String body) {}

  /**
   * GET {@code path} of the console on {@code port} with {@code host} as the Host header, as a
   * browser sends it after DNS rebinding (Java's HttpClient does not let a caller set Host).
   */
  static Raw getAs(int port, String host, String path, String... extra) throws Exception {
    return requestAs("GET", port, host, path, "", extra);
  }

  /** As {@link #getAs}, any method, with a (JSON) body. */
  static Raw requestAs(
      String method, int port, String host, String path, String body, String... extra)
      throws Exception {
    try (Socket s = new Socket("127.0.0.1", port)) {
      s.setSoTimeout(30_000);
      StringBuilder request =
          new StringBuilder(
              method + " " + path + " HTTP/1.1\r\nHost: " + host + "\r\nAccept: */*\r\n");
      for (int i = 0; i < extra.length; i += 2) {
        request.append(extra[i]).append(": ").append(extra[i + 1]).append("\r\n");
      }
      if (!body.isEmpty()) {
        request
            .append("Content-Type: application/json\r\nContent-Length: ")
            .append(body.length())
            .append("\r\n");
      }
      s.getOutputStream().write((request + "\r\n" + body).getBytes(StandardCharsets.US_ASCII));
      InputStream in = s.getInputStream();
      int status = Integer.parseInt(line(in).split(" ")[1]);
      Map<String, String> headers = new TreeMap<>();
      for (String l = line(in); !l.isEmpty(); l = line(in)) {
        int colon = l.indexOf(':');
        headers.put(
            l.substring(0, colon).trim().toLowerCase(Locale.ROOT), l.substring(colon + 1).trim());
      }
      String length = headers.get("content-length");
      String answer =
          length == null
              ? ""
              : new String(in.readNBytes(Integer.parseInt(length)), StandardCharsets.UTF_8);
      return new Raw(status, headers, answer);
    }
  }

  private static String line(InputStream in) throws Exception {
    StringBuilder b = new StringBuilder();
    for (int c = in.read(); c != '\n'; c = in.read()) {
      if (c < 0) {
        throw new EOFException("the connection closed after: " + b);
      }
      if (c != '\r') {
        b.append((char) c);
      }
    }
    return b.toString();
  }

  @Test
  @Order(7)
  void shouldRefuseAForeignHostOnPagesApiAndStreamsAndLogItOnce() throws Exception {
    int port = w.httpPort;
    String evil = "evil.example:" + port;
    Logger logger = (Logger) LoggerFactory.getLogger("dev.tributary.worker.console");
    ListAppender<ILoggingEvent> seen = new ListAppender<>();
    seen.start();
    logger.addAppender(seen);
    try {
      for (String path :
          new String[] {
            "/console",
            "/console/",
            "/console/dead-letters",
            "/console/api/overview",
            "/console/api/dead-letters/events?lane=orders/ledger",
            "/console/api/table/items?name=Orders",
            "/console/events/tail?table=Orders&from=beginning",
            "/console/events/lanes",
            "/console/static/console.js"
          }) {
        Raw r = getAs(port, evil, path);
        assertThat(r.status()).as(path).isEqualTo(403);
        assertThat(r.headers().get("content-type")).as(path).startsWith("text/plain");
        assertThat(r.body())
            .as(path)
            .isEqualTo(
                "Host '"
                    + evil
                    + "' is not a name this console answers to (DNS rebinding"
                    + " protection); to reach it under that name, add it to worker.console.allowed-hosts\n");
      }
      assertThat(getAs(port, "other.example", "/console/api/jobs").status()).isEqualTo(403);
    } finally {
      logger.detachAppender(seen);
    }
    assertThat(seen.list)
        .extracting(ILoggingEvent::getFormattedMessage)
        .satisfiesExactly(
            m ->
                assertThat(m)
                    .startsWith("Console refused GET /console from /127.0.0.1:")
                    .contains("Host '" + evil + "'")
                    .contains(
                        "allowed: localhost, " + ConsoleWorker.PROXY_NAME + " and any IP address"),
            m ->
                assertThat(m)
                    .startsWith("Console refused GET /console/api/jobs")
                    .contains("other.example"));

    for (String host :
        new String[] {
          "localhost:" + port,
          "127.0.0.1:" + port,
          "[::1]:" + port,
          "LOCALHOST",
          ConsoleWorker.PROXY_NAME,
          ConsoleWorker.PROXY_NAME + ":443"
        }) {
      Raw overview = getAs(port, host, "/console/api/overview");
      assertThat(overview.status()).as(host).isEqualTo(200);
      assertThat(JSON.readTree(overview.body()).get("state").asText()).isEqualTo("RUNNING");
      Raw stream = getAs(port, host, "/console/events/lanes");
      assertThat(stream.status()).as(host).isEqualTo(200);
      assertThat(stream.headers().get("content-type")).startsWith("text/event-stream");
    }
    // The command line's admin route is guarded the same way: a rebound page could send its header.
    String replay =
        "{\"args\":[\"--pipeline\",\"orders\",\"--handler\",\"ledger\",\"--from\",\"2020-01-01T00:00:00Z\"]}";
    Raw admin =
        requestAs("POST", port, evil, "/admin/replay", replay, "X-Tributary-Request", "replay");
    assertThat(admin.status()).isEqualTo(403);
    assertThat(admin.body()).contains("Host '" + evil + "'").contains("DNS rebinding");
    assertThat(requestAs("POST", port, "127.0.0.1:" + port, "/admin/replay", replay).body())
        .as("past the Host check, the next one")
        .contains("X-Tributary-Request");
    // Health and metrics are not the console's: probes and scrapers name the worker as they know
    // it.
    assertThat(getAs(port, evil, "/health/live").status()).isEqualTo(200);
    assertThat(getAs(port, evil, "/metrics").body()).contains("tributary_");
  }

  @Test
  @Order(8)
  void shouldAnswerAnyHostWhenAllowedHostsIsAStar() throws Exception {
    ConsoleBackend idle = idleBackend();
    Logger logger = (Logger) LoggerFactory.getLogger("dev.tributary.worker.console");
    ListAppender<ILoggingEvent> seen = new ListAppender<>();
    seen.start();
    logger.addAppender(seen);
    try (ConsoleRoutes any =
            new ConsoleRoutes(
                idle,
                Optional.empty(),
                HostCheck.of("127.0.0.1", List.of("*")),
                false,
                60_000,
                10);
        ConsoleRoutes loopback =
            new ConsoleRoutes(
                idle, Optional.empty(), HostCheck.of("127.0.0.1", List.of()), false, 60_000, 10);
        HttpEndpoints open = serve(any);
        HttpEndpoints closed = serve(loopback)) {
      assertThat(
              getAs(open.port(), "evil.example:" + open.port(), "/console/api/overview").status())
          .isEqualTo(200);
      assertThat(getAs(open.port(), "evil.example:" + open.port(), "/console/").body())
          .contains("Tributary console");
      assertThat(
              getAs(closed.port(), "evil.example:" + closed.port(), "/console/api/overview")
                  .status())
          .isEqualTo(403);
    } finally {
      logger.detachAppender(seen);
    }
    assertThat(seen.list)
        .extracting(ILoggingEvent::getFormattedMessage)
        .filteredOn(m -> m.contains("allowed-hosts is '*'"))
        .hasSize(1);
  }

  /**
   * A backend with no pipelines, one source and no Kafka: enough for the pages and the overview.
   */
  static ConsoleBackend idleBackend() {
    return new ConsoleBackend() {
      @Override
      public String state() {
        return "RUNNING";
      }

      @Override
      public List<Pipeline> pipelines() {
        return List.of();
      }

      @Override
      public Optional<PipelineRuntime> runtime() {
        return Optional.empty();
      }

      @Override
      public Optional<TributaryEngine> engine() {
        return Optional.empty();
      }

      @Override
      public Map<String, Object> kafkaClientConfig() {
        return Map.of();
      }

      @Override
      public List<Source> sources() {
        return List.of(new Source("engine-relay/private-source", "RUNNING"));
      }
    };
  }

  @Test
  @Order(9)
  void shouldNeedTheTokenForPagesJsonAndStreamsWithTokenForReads() throws Exception {
    String token = ConsoleWorker.TOKEN;
    try (ConsoleRoutes console =
            new ConsoleRoutes(
                idleBackend(),
                Optional.of(token),
                HostCheck.of("127.0.0.1", List.of()),
                true,
                60_000,
                10);
        HttpEndpoints http = serve(console)) {
      int port = http.port();
      String host = "127.0.0.1:" + port;
      Raw locked = getAs(port, host, "/console/");
      assertThat(locked.status()).isEqualTo(403);
      assertThat(locked.headers().get("content-type")).startsWith("text/html");
      assertThat(locked.body())
          .contains("Token required")
          .contains("id=\"unlock\"")
          .doesNotContain("private-source");
      Raw page = getAs(port, host, "/console/", "X-Tributary-Token", token);
      assertThat(page.status()).isEqualTo(200);
      assertThat(page.body()).contains("private-source");

      Raw refused = getAs(port, host, "/console/api/overview");
      assertThat(refused.status()).isEqualTo(403);
      assertThat(JSON.readTree(refused.body()).get("error").asText())
          .contains("X-Tributary-Token header is missing");
      assertThat(
              getAs(port, host, "/console/api/overview", "X-Tributary-Token", token + "x").body())
          .contains("wrong console token");
      JsonNode overview =
          JSON.readTree(
              getAs(port, host, "/console/api/overview", "X-Tributary-Token", token).body());
      assertThat(overview.get("tokenForReads").asBoolean()).isTrue();
      assertThat(overview.at("/sources/0/name").asText()).isEqualTo("engine-relay/private-source");

      assertThat(getAs(port, host, "/console/events/lanes").status()).isEqualTo(403);
      Raw stream = getAs(port, host, "/console/events/lanes", "X-Tributary-Token", token);
      assertThat(stream.status()).isEqualTo(200);
      assertThat(stream.headers().get("content-type")).startsWith("text/event-stream");
      assertThat(getAs(port, host, "/console/static/console.js").status())
          .as("the script holds no data")
          .isEqualTo(200);
      assertThat(
              getAs(port, "evil.example:" + port, "/console/", "X-Tributary-Token", token).status())
          .as("the token does not lift the Host check")
          .isEqualTo(403);
    }
  }

  static HttpEndpoints serve(ConsoleRoutes console) {
    HttpEndpoints.Health up = new HttpEndpoints.Health(true, "{}");
    return HttpEndpoints.start(
        "127.0.0.1",
        0,
        () -> up,
        () -> up,
        () -> "",
        body -> new HttpEndpoints.Reply(404, "{}"),
        List.of(console));
  }
}
