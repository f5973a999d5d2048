package dev.tributary.handlers.function.internal;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Lambda's Runtime API ({@code /2018-06-01/runtime/...}) for one function process, on the loopback
 * interface and a free port: {@code GET invocation/next} (long poll), {@code POST
 * invocation/{id}/response}, {@code POST invocation/{id}/error}, {@code POST init/error}. Status
 * codes as AWS documents them: 200 for next, 202 for accepted posts, 400 for an unknown request id
 * or a bad request, 403 for an init error after init, 413 for a response over 6 MB, 500 when the
 * process's environment is gone (the runtime should exit). What each call does is the {@link
 * Backend}'s business.
 */
final class RuntimeApiServer implements AutoCloseable {
  static final String PREFIX = "/2018-06-01/runtime/";

  /** Lambda's limit on a synchronous response, in the bytes its error message names. */
  static final int MAX_RESPONSE_BYTES = 6_291_556;

  private static final Pattern INVOCATION = Pattern.compile("invocation/([^/]+)/(response|error)");

  static {
    // The JDK server writes a response's headers and body in two packets; with Nagle's algorithm
    // on, the body waits for the client's delayed ACK of the headers (40 ms on Linux), twice per
    // invocation (next, then the answer to response). TCP_NODELAY is a JVM-wide setting of the JDK
    // server, read when it is first used: set it unless the application chose otherwise.
    if (System.getProperty("sun.net.httpserver.nodelay") == null) {
      System.setProperty("sun.net.httpserver.nodelay", "true");
    }
  }

  /** The answer to one call: status code and JSON body. */
  record Reply(int status, String json) {
    static Reply accepted() {
      return new Reply(202, "{\"status\":\"OK\"}");
    }

    static Reply error(int status, String errorType, String message) {
      return new Reply(
          status,
          "{\"errorMessage\":"
              + Json.quote(message)
              + ",\"errorType\":"
              + Json.quote(errorType)
              + "}");
    }
  }

  /** What the calls do; implemented by a function process's generation in {@link Sandbox}. */
  interface Backend {
    /** Blocks until an invocation is due, or empty once this process is done with. */
    Optional<Invocation> next() throws InterruptedException;

    Reply response(String requestId, byte[] body, boolean tooLarge);

    Reply error(String requestId, String errorTypeHeader, byte[] body);

    Reply initError(String errorTypeHeader, byte[] body);
  }

  private final HttpServer server;

  private RuntimeApiServer(HttpServer server) {
    this.server = server;
  }

  static RuntimeApiServer start(Backend backend, Executor executor) {
    try {
      HttpServer server =
          HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
      server.setExecutor(executor);
      server.createContext(PREFIX, exchange -> serve(backend, exchange));
      server.start();
      return new RuntimeApiServer(server);
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot open the Lambda Runtime API on the loopback interface", e);
    }
  }

  /** What {@code AWS_LAMBDA_RUNTIME_API} holds: {@code host:port}. */
  String address() {
    InetSocketAddress a = server.getAddress();
    return a.getAddress().getHostAddress() + ":" + a.getPort();
  }

  @Override
  public void close() {
    server.stop(0);
  }

  private static void serve(Backend backend, HttpExchange exchange) throws IOException {
    try (exchange) {
      String path = exchange.getRequestURI().getRawPath().substring(PREFIX.length());
      String method = exchange.getRequestMethod();
      if (path.equals("invocation/next")) {
        if (!method.equals("GET")) {
          send(exchange, Reply.error(405, "MethodNotAllowed", "invocation/next takes GET"));
          return;
        }
        next(backend, exchange);
        return;
      }
      if (!method.equals("POST")) {
        send(exchange, Reply.error(405, "MethodNotAllowed", path + " takes POST"));
        return;
      }
      String errorType =
          Optional.ofNullable(
                  exchange.getRequestHeaders().getFirst("Lambda-Runtime-Function-Error-Type"))
              .orElse("");
      if (path.equals("init/error")) {
        send(
            exchange,
            backend.initError(errorType, readAll(exchange.getRequestBody(), MAX_RESPONSE_BYTES)));
        return;
      }
      Matcher m = INVOCATION.matcher(path);
      if (!m.matches()) {
        send(exchange, Reply.error(404, "NotFound", "no such Runtime API resource: " + path));
        return;
      }
      String id = m.group(1);
      byte[] body = readAll(exchange.getRequestBody(), MAX_RESPONSE_BYTES);
      boolean tooLarge = body.length > MAX_RESPONSE_BYTES;
      send(
          exchange,
          m.group(2).equals("response")
              ? backend.response(id, body, tooLarge)
              : backend.error(id, errorType, body));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void next(Backend backend, HttpExchange exchange)
      throws IOException, InterruptedException {
    Optional<Invocation> next = backend.next();
    if (next.isEmpty()) {
      send(
          exchange,
          Reply.error(
              500, "Runtime.ExitError", "this execution environment is shutting down; exit"));
      return;
    }
    Invocation inv = next.get();
    var h = exchange.getResponseHeaders();
    h.set("Content-Type", "application/json");
    h.set("Lambda-Runtime-Aws-Request-Id", inv.requestId());
    h.set("Lambda-Runtime-Deadline-Ms", Long.toString(inv.deadlineEpochMillis()));
    h.set("Lambda-Runtime-Invoked-Function-Arn", inv.functionArn());
    h.set("Lambda-Runtime-Trace-Id", inv.traceId());
    // Lambda-Runtime-Client-Context and -Cognito-Identity come only with mobile SDK invocations;
    // a stream trigger never has them, so they are never sent.
    byte[] body = inv.payload();
    exchange.sendResponseHeaders(200, body.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(body);
    }
  }

  private static void send(HttpExchange exchange, Reply reply) throws IOException {
    byte[] body = reply.json().getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    exchange.sendResponseHeaders(reply.status(), body.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(body);
    }
  }

  /** The body, or its first {@code limit + 1} bytes when it is larger (the rest is drained). */
  private static byte[] readAll(InputStream in, int limit) throws IOException {
    byte[] body = in.readNBytes(limit + 1);
    if (body.length > limit) {
      in.transferTo(OutputStream.nullOutputStream());
    }
    return body;
  }
}
