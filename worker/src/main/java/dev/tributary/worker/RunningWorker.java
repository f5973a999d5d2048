package dev.tributary.worker;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tributary.worker.config.WorkerConfig;
import dev.tributary.worker.internal.HttpEndpoints;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * A command run by the worker that is running with the same configuration, over its HTTP port
 * ({@code POST /admin/replay}): that worker already holds the handler's files (an email
 * sent-ledger), the engine's directory and the embedded broker, which a second process may not
 * open. The command line sends the options; the worker runs the same command and sends back its
 * exit code and output.
 */
final class RunningWorker {
  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * The options a remote replay may carry; --config and --bootstrap-servers are the worker's own.
   */
  private static final Set<String> OPTIONS =
      Set.of("--pipeline", "--handler", "--from", "--to", "--where", "--source", "--dry-run");

  /** What the command printed and returned, in the worker. */
  record Outcome(int exit, String out, String err) {}

  private RunningWorker() {}

  /** The admin address of a worker running with {@code config}, if one answers there. */
  static Optional<URI> find(WorkerConfig config) {
    int port = config.worker().httpPort();
    if (port <= 0) {
      return Optional.empty(); // off, or a port only the running worker knows
    }
    String host = config.worker().httpHost();
    if (host.equals("0.0.0.0") || host.equals("::")) {
      host = "127.0.0.1";
    }
    URI base = URI.create("http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + port);
    try {
      HttpClient.newBuilder()
          .connectTimeout(Duration.ofSeconds(1))
          .build()
          .send(
              HttpRequest.newBuilder(base.resolve("/health/live"))
                  .timeout(Duration.ofSeconds(2))
                  .build(),
              HttpResponse.BodyHandlers.discarding());
      return Optional.of(base);
    } catch (IOException e) {
      return Optional.empty();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.empty();
    }
  }

  /**
   * Asks the worker at {@code base} to run the replay; prints its output; returns its exit code.
   */
  static int replay(URI base, List<String> args, PrintWriter out, PrintWriter err)
      throws IOException, InterruptedException {
    err.println(
        "A worker is running with this configuration ("
            + base
            + "): it runs the replay, with the"
            + " handler it has open");
    err.flush();
    ObjectNode body = JSON.createObjectNode();
    args.forEach(body.putArray("args")::add);
    HttpResponse<String> response =
        HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(2))
            .build()
            .send(
                HttpRequest.newBuilder(base.resolve("/admin/replay"))
                    .header("Content-Type", "application/json")
                    .header(HttpEndpoints.ADMIN_HEADER, "replay")
                    .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    JsonNode reply = JSON.readTree(response.body());
    if (response.statusCode() != 200) {
      throw new UsageException(
          "the running worker at "
              + base
              + " did not run the replay: "
              + reply.path("error").asText(response.body()));
    }
    out.print(reply.path("out").asText());
    out.flush();
    err.print(reply.path("err").asText());
    err.flush();
    return reply.path("exit").asInt(1);
  }

  /** The worker's side: checks the request, runs it with {@code run}, answers its outcome. */
  static HttpEndpoints.Reply serve(
      Worker worker, String body, Function<List<String>, Outcome> run) {
    if (worker.state() != Worker.State.RUNNING) {
      return error(503, "the worker is " + worker.state() + ", not RUNNING");
    }
    List<String> args = new ArrayList<>();
    try {
      JsonNode a = JSON.readTree(body).path("args");
      if (!a.isArray()) {
        return error(400, "the body must be {\"args\": [...]}");
      }
      for (JsonNode n : a) {
        if (!n.isTextual()) {
          return error(400, "every argument must be a string");
        }
        String s = n.asText();
        if (s.startsWith("--") && !OPTIONS.contains(s)) {
          return error(400, "option " + s + " is not allowed; allowed: " + OPTIONS);
        }
        args.add(s);
      }
    } catch (IOException e) {
      return error(400, "the body is not JSON: " + e.getMessage());
    }
    Outcome o = run.apply(args);
    ObjectNode reply =
        JSON.createObjectNode().put("exit", o.exit()).put("out", o.out()).put("err", o.err());
    return new HttpEndpoints.Reply(200, reply.toString());
  }

  private static HttpEndpoints.Reply error(int status, String message) {
    return new HttpEndpoints.Reply(
        status, JSON.createObjectNode().put("error", message).toString());
  }
}
