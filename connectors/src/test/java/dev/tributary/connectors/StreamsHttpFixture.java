package dev.tributary.connectors;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.tributary.engine.DynamoDbException;
import dev.tributary.engine.TributaryEngine;
import dev.tributary.engine.http.internal.ShardIterators;
import dev.tributary.engine.http.internal.StreamsApi;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Test-only stand-in for the engine's HTTP server (not merged yet): a JDK HTTP server that passes
 * DynamoDB Streams API calls to {@link StreamsApi} and frames errors as DynamoDB does. SigV4 is
 * accepted without checking (the engine's own tests verify signatures).
 */
final class StreamsHttpFixture implements AutoCloseable {
  private final HttpServer server;
  private final StreamsApi api;
  final AtomicLong calls = new AtomicLong();

  StreamsHttpFixture(TributaryEngine engine, Path iteratorKeyFile) throws IOException {
    this.api = new StreamsApi(engine, Clock.systemUTC(), ShardIterators.loadOrCreateKey(iteratorKeyFile));
    this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/", this::handle);
    server.setExecutor(Executors.newFixedThreadPool(2));
    server.start();
  }

  URI endpoint() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  private void handle(HttpExchange x) throws IOException {
    calls.incrementAndGet();
    byte[] body;
    try (InputStream in = x.getRequestBody()) {
      body = in.readAllBytes();
    }
    String target = x.getRequestHeaders().getFirst("X-Amz-Target");
    int status = 200;
    byte[] out;
    try {
      if (target == null || !target.startsWith("DynamoDBStreams_20120810.")) {
        throw new IllegalArgumentException("Not a DynamoDB Streams call: " + target);
      }
      out = api.handle(target.substring(target.indexOf('.') + 1), body);
    } catch (DynamoDbException e) {
      status = e.httpStatus();
      out = error(e.errorCode(), e.getMessage());
    } catch (RuntimeException e) {
      status = 500;
      out = error("InternalServerError", e.toString());
    }
    x.getResponseHeaders().add("Content-Type", "application/x-amz-json-1.0");
    x.sendResponseHeaders(status, out.length);
    try (OutputStream o = x.getResponseBody()) {
      o.write(out);
    }
  }

  private static byte[] error(String code, String message) {
    return ("{\"__type\":\"com.amazonaws.dynamodb.v20120810#" + code + "\",\"message\":\""
        + message.replace("\\", "\\\\").replace("\"", "\\\"") + "\"}").getBytes(StandardCharsets.UTF_8);
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
