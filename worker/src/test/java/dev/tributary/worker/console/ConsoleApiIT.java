package dev.tributary.worker.console;

import java.net.URLEncoder;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Iterator;
import java.util.Map;
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

  static HttpResponse<String> post(String action, String body, Map<String, String> headers) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(w.base() + "/api/actions/" + action))
        .POST(HttpRequest.BodyPublishers.ofString(body)).header("Content-Type", "application/json");
    headers.forEach(b::header);
    return HttpClient.newHttpClient().send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  static Map<String, String> allowed() {
    return Map.of("X-Tributary-Token", ConsoleWorker.TOKEN, "Origin", "http://127.0.0.1:" + w.httpPort);
  }

  /** Reads an event stream on a thread: each event as {name, data}. */
  static final class Events implements AutoCloseable {
    final BlockingQueue<String[]> queue = new LinkedBlockingQueue<>();
    final Thread reader;
    volatile Stream<String> lines;

    Events(String path) {
      reader = new Thread(() -> {
        try {
          lines = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(w.base() + path)).build(),
              HttpResponse.BodyHandlers.ofLines()).body();
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
    assertThat(page.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/html"));
    assertThat(page.body()).contains("Pipeline orders").contains("tributary.lane.orders.ledger").contains("engine-relay/main");
    for (String p : new String[] {"/lanes", "/dead-letters", "/replay", "/tail", "/tables"}) {
      assertThat(w.get(p).statusCode()).as(p).isEqualTo(200);
    }
    assertThat(w.get("/static/console.js").body()).contains("EventSource");
    assertThat(w.get("/static/../../etc/passwd").statusCode()).isEqualTo(404);
    JsonNode o = json("/api/overview");
    assertThat(o.get("state").asText()).isEqualTo("RUNNING");
    assertThat(o.get("actions").asBoolean()).isTrue();
    assertThat(o.at("/pipelines/0/describe").asText()).contains("ledger").contains("lane topic: tributary.lane.orders.ledger");
  }

  @Test
  @Order(2)
  void shouldShowDeadLettersAndRedriveASelectionThenAllToTheHandler() throws Exception {
    await().atMost(Duration.ofMinutes(1)).untilAsserted(() ->
        assertThat(json("/api/dead-letters").get(0).get("total").asLong()).isEqualTo(2));
    JsonNode all = json("/api/dead-letters/events?lane=orders/ledger");
    assertThat(all.get("items")).hasSize(2);
    JsonNode first = all.get("items").get(0);
    assertThat(first.at("/headers/tributary.error.class").asText()).endsWith("BadRecordException");
    assertThat(first.at("/event/dynamodb/Keys/customerId/S").asText()).startsWith("BAD-");
    assertThat(first.get("redriven").asBoolean()).isFalse();
    String firstKey = first.at("/event/dynamodb/Keys/customerId/S").asText();
    JsonNode filtered = json("/api/dead-letters/events?lane=orders/ledger&filter=" + firstKey);
    assertThat(filtered.get("items")).hasSize(1);

    String selection = "{\"lane\":\"orders/ledger\",\"selection\":[{\"partition\":" + first.get("partition")
        + ",\"offset\":" + first.get("offset") + "}]}";
    assertThat(post("redrive", selection, Map.of()).statusCode()).isEqualTo(403);
    assertThat(post("redrive", selection, Map.of("X-Tributary-Token", "wrong-token-wrong-token")).statusCode()).isEqualTo(403);
    assertThat(post("redrive", selection, Map.of("X-Tributary-Token", ConsoleWorker.TOKEN, "Origin", "http://evil.example"))
        .statusCode()).isEqualTo(403);
    assertThat(post("redrive", selection, Map.of("X-Tributary-Token", ConsoleWorker.TOKEN, "Sec-Fetch-Site", "cross-site"))
        .statusCode()).isEqualTo(403);
    assertThat(json("/api/dead-letters").get(0).get("pending").asLong()).as("nothing moved").isEqualTo(2);

    Files.delete(w.poisonSwitch); // the cause is fixed
    int before = w.ledgerLines().size();
    JsonNode second = all.get("items").get(1);
    String secondId = second.at("/event/eventID").asText();
    // Out of order: the second is sent, the position stays before the first.
    JsonNode outOfOrder = redrive("{\"lane\":\"orders/ledger\",\"selection\":[{\"partition\":" + second.get("partition")
        + ",\"offset\":" + second.get("offset") + "}]}");
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
    assertThat(json("/api/dead-letters/events?lane=orders/ledger").get("items")).extracting(n -> n.get("redriven").asBoolean())
        .containsExactly(true, false);

    // "All" sends what is past the position: the second again (documented; handlers are idempotent on eventID).
    JsonNode rest = redrive("{\"lane\":\"tributary.lane.orders.ledger\",\"all\":true}");
    assertThat(rest.get("result").asText()).contains("redrove 1 event(s)");
    await().atMost(Duration.ofMinutes(1)).until(() -> w.ledgerLines().size() == before + 3);
    assertThat(w.ledgerLines().stream().filter(secondId::equals)).hasSize(2);
    assertThat(json("/api/dead-letters").get(0).get("pending").asLong()).isZero();
    assertThat(redrive("{\"lane\":\"orders/ledger\",\"all\":true}").get("result").asText()).contains("redrove 0 event(s)");
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
      assertThat(tail.next("ready", Duration.ofSeconds(30)).get("topic").asText()).isEqualTo("tributary.changes.Orders");
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
    HttpResponse<String> bad = post("replay", "{\"pipeline\":\"orders\",\"handler\":\"ledger\",\"from\":\"yesterday-ish\"}", allowed());
    assertThat(bad.statusCode()).isEqualTo(400);
    assertThat(bad.body()).contains("from");
    HttpResponse<String> started = post("replay",
        "{\"pipeline\":\"orders\",\"handler\":\"ledger\",\"from\":\"2020-01-01T00:00:00Z\",\"source\":\"change-log\"}", allowed());
    assertThat(started.statusCode()).as(started.body()).isEqualTo(202);
    JsonNode done = finished(JSON.readTree(started.body()).get("id").asText());
    assertThat(done.get("state").asText()).as(done.toString()).isEqualTo("DONE");
    assertThat(done.get("done").asLong()).isEqualTo(done.get("total").asLong()).isGreaterThanOrEqualTo(7);
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
    JsonNode page2 = json("/api/table/items?name=Orders&limit=100&start=" + URLEncoder.encode(next, "UTF-8"));
    assertThat(page2.get("items").size()).isEqualTo(3); // 7 items written: 4, then the other 3
    assertThat(page2.has("nextKey")).isFalse();
    JsonNode one = json("/api/table/items?name=Orders&pk=C-2");
    assertThat(one.get("items")).hasSize(1);
    w.put("C-2", "SHIPPED");
    JsonNode h = json("/api/table/history?name=Orders&key=" + URLEncoder.encode("{\"customerId\":{\"S\":\"C-2\"}}", "UTF-8"));
    assertThat(h.get("changes")).hasSize(2);
    assertThat(h.at("/changes/1/eventName").asText()).isEqualTo("MODIFY");
    assertThat(h.at("/changes/1/dynamodb/OldImage/status/S").asText()).isEqualTo("NEW");
    assertThat(w.get("/api/table/items?name=Nope").statusCode()).isIn(400, 500);
  }
}
