package dev.tributary.handlers.search;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A tiny HTTP proxy in front of OpenSearch that answers the next bulk requests with overload: a
 * whole-request 429, or a 200 whose every item is a 429 (OpenSearch's per-item rejection), then
 * passes everything through. Counts the bulk requests it saw.
 */
final class FaultyProxy implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();

  final AtomicInteger rejectWholeBulks = new AtomicInteger();
  final AtomicInteger rejectBulkItems = new AtomicInteger();
  final AtomicInteger bulkRequests = new AtomicInteger();
  private final String target;
  private final HttpServer server;
  private final HttpClient http = HttpClient.newHttpClient();

  FaultyProxy(String target) throws IOException {
    this.target = target;
    this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/", this::handle);
    server.start();
  }

  String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  private void handle(HttpExchange x) throws IOException {
    try (x) {
      byte[] body = x.getRequestBody().readAllBytes();
      boolean bulk = x.getRequestURI().getPath().endsWith("/_bulk");
      if (bulk) {
        bulkRequests.incrementAndGet();
        if (rejectWholeBulks.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
          reply(
              x,
              429,
              "{\"error\":{\"root_cause\":[{\"type\":\"rejected_execution_exception\",\"reason\":\"busy\"}],"
                  + "\"type\":\"rejected_execution_exception\",\"reason\":\"busy\"},\"status\":429}");
          return;
        }
        if (rejectBulkItems.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
          reply(x, 200, rejectedItems(new String(body, StandardCharsets.UTF_8)));
          return;
        }
      }
      HttpRequest.Builder fwd =
          HttpRequest.newBuilder(URI.create(target + x.getRequestURI()))
              .method(x.getRequestMethod(), HttpRequest.BodyPublishers.ofByteArray(body));
      String type = x.getRequestHeaders().getFirst("content-type");
      if (type != null) {
        fwd.header("content-type", type);
      }
      HttpResponse<byte[]> r = http.send(fwd.build(), HttpResponse.BodyHandlers.ofByteArray());
      x.getResponseHeaders()
          .add("content-type", r.headers().firstValue("content-type").orElse("application/json"));
      x.sendResponseHeaders(r.statusCode(), r.body().length == 0 ? -1 : r.body().length);
      x.getResponseBody().write(r.body());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** A bulk answer rejecting each action of the NDJSON request with 429. */
  private static String rejectedItems(String ndjson) throws IOException {
    ObjectNode out = JSON.createObjectNode().put("took", 1).put("errors", true);
    ArrayNode items = out.putArray("items");
    boolean expectSource = false;
    for (String line : ndjson.split("\n")) {
      if (line.isBlank()) {
        continue;
      }
      if (expectSource) {
        expectSource = false;
        continue;
      }
      JsonNode action = JSON.readTree(line);
      String op = action.fieldNames().next();
      JsonNode meta = action.get(op);
      ObjectNode item = items.addObject().putObject(op);
      item.put("_index", meta.path("_index").asText())
          .put("_id", meta.path("_id").asText())
          .put("status", 429);
      item.putObject("error")
          .put("type", "es_rejected_execution_exception")
          .put("reason", "rejected by FaultyProxy");
      expectSource = !op.equals("delete");
    }
    return out.toString();
  }

  private static void reply(HttpExchange x, int status, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    x.getResponseHeaders().add("content-type", "application/json");
    x.sendResponseHeaders(status, bytes.length);
    x.getResponseBody().write(bytes);
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
