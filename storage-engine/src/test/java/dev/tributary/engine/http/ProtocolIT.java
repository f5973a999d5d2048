package dev.tributary.engine.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tributary.engine.http.internal.NettyServer;
import dev.tributary.engine.http.internal.RequestAuthenticator;
import dev.tributary.engine.http.internal.StreamsOperations;
import java.io.IOException;
import java.net.ConnectException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Test;

/** The wire itself: headers, error bodies, keep-alive, body cap, concurrency, graceful stop. */
class ProtocolIT extends WireTestBase {
  /** These tests speak raw, unsigned HTTP. */
  @Override
  ServerOptions.Builder serverOptions() {
    return ServerOptions.builder().port(0).workerThreads(8).allowAnyCredentials(true);
  }

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String PREFIX = "DynamoDB_20120810.";

  private static JsonNode json(RawHttp.Response r) throws IOException {
    return JSON.readTree(r.body());
  }

  private static void assertError(RawHttp.Response r, int status, String type) throws IOException {
    assertThat(r.status()).isEqualTo(status);
    JsonNode body = json(r);
    assertThat(body.get("__type").asText()).isEqualTo("com.amazonaws.dynamodb.v20120810#" + type);
    // DynamoDB's SerializationException for malformed JSON carries no message
    assertThat(body.has("message") || body.has("Message") || type.equals("SerializationException"))
        .isTrue();
    assertThat(r.text()).doesNotContain("at dev.tributary").doesNotContain("Exception:");
  }

  @Test
  void shouldSendRequestIdAndCrc32OfTheBody() throws IOException {
    try (RawHttp http = new RawHttp(server.port(), 5000)) {
      RawHttp.Response r = http.post(PREFIX + "ListTables", "{}");
      assertThat(r.status()).isEqualTo(200);
      assertThat(r.headers().get("content-type")).isEqualTo("application/x-amz-json-1.0");
      assertThat(r.headers().get("x-amzn-requestid")).matches("[A-Z0-9]{52}");
      CRC32 crc = new CRC32();
      crc.update(r.body());
      assertThat(r.headers().get("x-amz-crc32")).isEqualTo(Long.toString(crc.getValue()));
      RawHttp.Response error = http.post(PREFIX + "DescribeTable", "{\"TableName\":\"Missing\"}");
      crc.reset();
      crc.update(error.body());
      assertThat(error.headers().get("x-amz-crc32")).isEqualTo(Long.toString(crc.getValue()));
      assertError(error, 400, "ResourceNotFoundException");
    }
  }

  @Test
  void shouldAnswerBadInputWithDynamoDbErrorsOnAUsableConnection() throws IOException {
    try (RawHttp http = new RawHttp(server.port(), 5000)) {
      assertError(http.post(PREFIX + "ListTables", "{not json"), 400, "SerializationException");
      assertError(http.post(PREFIX + "ListTables", "[]"), 400, "SerializationException");
      assertError(
          http.post(PREFIX + "DescribeTable", "{\"TableName\":5}"), 400, "SerializationException");
      assertError(http.post(PREFIX + "NoSuchOperation", "{}"), 400, "UnknownOperationException");
      assertError(http.post(null, "{}"), 400, "UnknownOperationException");
      RawHttp.Response streams = http.post("DynamoDBStreams_20120810.ListStreams", "{}");
      assertThat(streams.status()).as("the Streams API is served on the same port").isEqualTo(200);
      assertThat(json(streams).get("Streams").isArray()).isTrue();
      assertError(
          http.post("DynamoDBStreams_20120810.NoSuchOperation", "{}"),
          400,
          "UnknownOperationException");
      RawHttp.Response missing = http.post(PREFIX + "PutItem", "{}");
      assertError(missing, 400, "ValidationException");
      assertThat(json(missing).get("message").asText())
          .isEqualTo(
              "2 validation errors detected: Value null at 'tableName' failed to satisfy constraint:"
                  + " Member must not be null; Value null at 'item' failed to satisfy constraint: Member"
                  + " must not be null");
      RawHttp.Response limit = http.post(PREFIX + "ListTables", "{\"Limit\":0}");
      assertThat(json(limit).get("message").asText())
          .isEqualTo(
              "1 validation error detected: Value '0' at"
                  + " 'limit' failed to satisfy constraint: Member must have value greater than or equal to 1");
      assertError(
          http.post(PREFIX + "Query", "{\"TableName\":\"abc\",\"KeyConditions\":{}}"),
          400,
          "ValidationException");
      assertError(
          http.post(PREFIX + "ListTables", "{\"Limit\":1e999999}"), 400, "ValidationException");
      assertThat(http.post(PREFIX + "ListTables", "{}").status()).isEqualTo(200);
    }
  }

  @Test
  void shouldRejectAnOversizedBodyAndKeepServing() throws Exception {
    try (EngineServer small =
            EngineServer.start(
                engine,
                ServerOptions.builder()
                    .port(0)
                    .allowAnyCredentials(true)
                    .maxBodyBytes(4096)
                    .build());
        RawHttp http = new RawHttp(small.port(), 5000)) {
      byte[] big =
          ("{\"TableName\":\"" + "x".repeat(10_000) + "\"}").getBytes(StandardCharsets.UTF_8);
      RawHttp.Response r = http.post(PREFIX + "DescribeTable", big);
      assertError(r, 413, "RequestEntityTooLarge");
      assertThat(http.post(PREFIX + "ListTables", "{}").status()).isEqualTo(200);
    }
  }

  @Test
  void shouldAnswerAHealthCheck() throws IOException {
    try (RawHttp http = new RawHttp(server.port(), 5000)) {
      http.send("GET / HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.UTF_8));
      RawHttp.Response r = http.read();
      assertThat(r.status()).isEqualTo(200);
      assertThat(r.text()).startsWith("healthy");
    }
  }

  @Test
  void shouldServeManyKeepAliveConnectionsConcurrently() throws Exception {
    String t = createTable("Concurrent", false);
    ExecutorService pool = Executors.newFixedThreadPool(48);
    try {
      List<Future<Integer>> results = new ArrayList<>();
      for (int c = 0; c < 48; c++) {
        int conn = c;
        results.add(
            pool.submit(
                () -> {
                  int ok = 0;
                  try (RawHttp http = new RawHttp(server.port(), 10_000)) {
                    for (int i = 0; i < 25; i++) {
                      String body =
                          "{\"TableName\":\""
                              + t
                              + "\",\"Item\":{\"pk\":{\"S\":\"c"
                              + conn
                              + "-"
                              + i
                              + "\"}}}";
                      if (http.post(PREFIX + "PutItem", body).status() == 200) {
                        ok++;
                      }
                    }
                  }
                  return ok;
                }));
      }
      int total = 0;
      for (Future<Integer> f : results) {
        total += f.get(60, TimeUnit.SECONDS);
      }
      assertThat(total).isEqualTo(48 * 25);
      assertThat(engine.describeTable(t).itemCount()).isEqualTo(48 * 25);
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void shouldFinishInFlightRequestsOnGracefulStop() throws Exception {
    RequestAuthenticator slow =
        request -> {
          if (request.header("x-test-slow").isPresent()) {
            try {
              Thread.sleep(1500);
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
          }
        };
    NettyServer stopping =
        NettyServer.start(
            engine, ServerOptions.builder().port(0).build(), slow, StreamsOperations.unavailable());
    int port = stopping.port();
    CompletableFuture<RawHttp.Response> inFlight =
        CompletableFuture.supplyAsync(
            () -> {
              try (RawHttp http = new RawHttp(port, 10_000)) {
                http.send(
                    ("POST / HTTP/1.1\r\nHost: x\r\nX-Amz-Target: "
                            + PREFIX
                            + "ListTables\r\n"
                            + "x-test-slow: 1\r\nContent-Length: 2\r\n\r\n{}")
                        .getBytes(StandardCharsets.UTF_8));
                return http.read();
              } catch (IOException e) {
                throw new RuntimeException(e);
              }
            });
    Thread.sleep(400);
    long started = System.nanoTime();
    stopping.close();
    long tookMillis = (System.nanoTime() - started) / 1_000_000;
    RawHttp.Response r = inFlight.get(10, TimeUnit.SECONDS);
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.headers().get("connection")).isEqualTo("close");
    assertThat(tookMillis).isGreaterThan(500);
    assertThat(stopping.state()).isEqualTo(NettyServer.State.STOPPED);
    assertThatThrownBy(() -> new RawHttp(port, 1000)).isInstanceOf(ConnectException.class);
  }

  @Test
  void shouldAnswerPipelinedRequestsInOrder() throws Exception {
    RequestAuthenticator slowFirst =
        request -> {
          if (request.header("x-test-slow").isPresent()) {
            try {
              Thread.sleep(500);
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
          }
        };
    NettyServer pipelined =
        NettyServer.start(
            engine,
            ServerOptions.builder().port(0).build(),
            slowFirst,
            StreamsOperations.unavailable());
    try (RawHttp http = new RawHttp(pipelined.port(), 10_000)) {
      http.send(
          ("POST / HTTP/1.1\r\nHost: x\r\nX-Amz-Target: "
                  + PREFIX
                  + "ListTables\r\nx-test-slow: 1\r\n"
                  + "Content-Length: 2\r\n\r\n{}"
                  + "POST / HTTP/1.1\r\nHost: x\r\nX-Amz-Target: "
                  + PREFIX
                  + "DescribeTable\r\n"
                  + "Content-Length: 23\r\n\r\n{\"TableName\":\"Missing\"}"
                  + "GET / HTTP/1.1\r\nHost: x\r\n\r\n")
              .getBytes(StandardCharsets.UTF_8));
      assertThat(http.read().status()).isEqualTo(200);
      assertError(http.read(), 400, "ResourceNotFoundException");
      assertThat(http.read().text()).startsWith("healthy");
    } finally {
      pipelined.close();
    }
  }

  @Test
  void shouldAnswerManyPipelinedRequestsInOrderAndKeepServing() throws Exception {
    // more than RequestHandler.MAX_QUEUED behind a slow one: the connection stops reading, then
    // resumes; errors, results and health checks interleaved
    RequestAuthenticator slowFirst =
        request -> {
          if (request.header("x-test-slow").isPresent()) {
            try {
              Thread.sleep(500);
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
          }
        };
    NettyServer pipelined =
        NettyServer.start(
            engine,
            ServerOptions.builder().port(0).build(),
            slowFirst,
            StreamsOperations.unavailable());
    int n = 3 * 16;
    StringBuilder requests =
        new StringBuilder(
            "POST / HTTP/1.1\r\nHost: x\r\nX-Amz-Target: "
                + PREFIX
                + "ListTables\r\nx-test-slow: 1\r\nContent-Length: 2\r\n\r\n{}");
    for (int i = 0; i < n; i++) {
      switch (i % 3) {
        case 0 ->
            requests.append(
                "POST / HTTP/1.1\r\nHost: x\r\nX-Amz-Target: "
                    + PREFIX
                    + "GetItem\r\n"
                    + "Content-Length: 45\r\n\r\n{\"TableName\":\"Missing\",\"Key\":{\"k\":{\"S\":\"v\"}}}");
        case 1 ->
            requests.append(
                "POST / HTTP/1.1\r\nHost: x\r\nX-Amz-Target: "
                    + PREFIX
                    + "ListTables\r\n"
                    + "Content-Length: 2\r\n\r\n{}");
        default -> requests.append("GET / HTTP/1.1\r\nHost: x\r\n\r\n");
      }
    }
    try (RawHttp http = new RawHttp(pipelined.port(), 10_000)) {
      http.send(requests.toString().getBytes(StandardCharsets.UTF_8));
      assertThat(http.read().text()).contains("TableNames");
      for (int i = 0; i < n; i++) {
        switch (i % 3) {
          case 0 -> assertError(http.read(), 400, "ResourceNotFoundException");
          case 1 -> assertThat(http.read().text()).as("response %d", i).contains("TableNames");
          default -> assertThat(http.read().text()).as("response %d", i).startsWith("healthy");
        }
      }
      // and the connection still serves one request at a time afterwards
      assertThat(http.post(PREFIX + "ListTables", "{}").status()).isEqualTo(200);
    } finally {
      pipelined.close();
    }
  }

  @Test
  void shouldCloseIdleConnections() throws Exception {
    try (EngineServer idle =
            EngineServer.start(
                engine,
                ServerOptions.builder()
                    .port(0)
                    .allowAnyCredentials(true)
                    .idleTimeout(Duration.ofMillis(300))
                    .build());
        RawHttp http = new RawHttp(idle.port(), 5000)) {
      assertThat(http.post(PREFIX + "ListTables", "{}").status()).isEqualTo(200);
      Thread.sleep(1000);
      assertThatThrownBy(() -> http.post(PREFIX + "ListTables", "{}"))
          .isInstanceOf(IOException.class);
    }
  }
}
