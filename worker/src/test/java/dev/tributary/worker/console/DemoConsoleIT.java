package dev.tributary.worker.console;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tributary.examples.orders.OrderStreamDemo;
import dev.tributary.worker.console.internal.DemoConsole;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The demo serves the console of its order stream and prints where; without a token it only shows.
 */
class DemoConsoleIT {
  @TempDir Path dir;

  static HttpResponse<String> get(String url) throws Exception {
    return HttpClient.newHttpClient()
        .send(
            HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30)).build(),
            HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void shouldServeTheDemosPipelineAndTablesAndPrintTheUrl() throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
    OrderStreamDemo demo =
        OrderStreamDemo.builder(dir.resolve("demo"))
            .orders(1)
            .interval(Duration.ZERO)
            .keepRunning(true)
            .out(out)
            .whenRunning(r -> DemoConsole.start(r, "127.0.0.1", 0, Optional.empty()))
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
    try {
      long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
      while (!bytes.toString(StandardCharsets.UTF_8).contains("Still running")
          && !run.isDone()
          && System.nanoTime() < deadline) {
        Thread.sleep(200);
      }
      String printed = bytes.toString(StandardCharsets.UTF_8);
      Matcher m =
          Pattern.compile(
                  "(?m)^ *console +(http://127\\.0\\.0\\.1:\\d+/console/) \\(the web console; redrive and"
                      + " replay need --console-token\\)")
              .matcher(printed);
      assertThat(m.find()).as(printed).isTrue();
      String console = m.group(1);

      HttpResponse<String> overview = get(console);
      assertThat(overview.statusCode()).isEqualTo(200);
      assertThat(overview.body())
          .contains("Pipeline order-stream")
          .contains("engine-relay/demo")
          .contains("actions disabled");
      assertThat(get(console + "api/tables").body()).contains("\"name\":\"Orders\"");
      assertThat(get(console + "api/table?name=Orders").body())
          .contains("OrderStatusIndex"); // the demo removes its orders at the end
      HttpResponse<String> action =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(URI.create(console + "api/actions/redrive"))
                      .header("Content-Type", "application/json")
                      .header("X-Tributary-Token", "anything-anything")
                      .POST(HttpRequest.BodyPublishers.ofString("{}"))
                      .build(),
                  HttpResponse.BodyHandlers.ofString());
      assertThat(action.statusCode()).isEqualTo(403);
      assertThat(action.body()).contains("console actions are disabled");
    } finally {
      demo.stop();
      run.get(3, TimeUnit.MINUTES);
    }
  }
}
