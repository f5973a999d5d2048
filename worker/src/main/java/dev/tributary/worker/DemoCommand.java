package dev.tributary.worker;

import dev.tributary.examples.orders.OrderStreamDemo;
import dev.tributary.worker.console.internal.DemoConsole;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code ./tributary demo}: the chapter's order stream on embedded defaults (engine, KRaft broker,
 * GreenMail, S3Proxy, OpenSearch), every effect printed as it happens; Ctrl-C / SIGTERM stop it
 * cleanly. Logs go to {@code <data-dir>/demo.log}, never to the terminal.
 */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    description = {
      "Run the order stream (process_order_stream as a pipeline) end to end on this machine: the table engine, a Kafka broker,",
      "an SMTP server (GreenMail), S3 (S3Proxy) and OpenSearch start here; orders are written to",
      "the Orders table, and the mails sent, documents indexed and objects archived are printed",
      "as they happen. Ctrl-C stops everything."
    })
final class DemoCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(
      names = "--data-dir",
      defaultValue = "data/demo",
      paramLabel = "DIR",
      description =
          "Where the demo keeps its data and demo.log; emptied on start (default: ${DEFAULT-VALUE}).")
  Path dataDir;

  @Option(
      names = "--orders",
      defaultValue = "3",
      paramLabel = "N",
      description =
          "How many orders to write; the first is the chapter's own (default: ${DEFAULT-VALUE}).")
  int orders;

  @Option(
      names = "--interval-ms",
      defaultValue = "500",
      paramLabel = "MS",
      description =
          "Pause after each write, so effects show up between writes (default: ${DEFAULT-VALUE}).")
  long intervalMs;

  @Option(
      names = "--keep-running",
      description =
          "Keep every service running after the orders, for your own writes, until Ctrl-C.")
  boolean keepRunning;

  @Option(
      names = "--console-port",
      defaultValue = "0",
      paramLabel = "PORT",
      description = "Port of the web console on 127.0.0.1 (default: a free one; -1: no console).")
  int consolePort;

  @Option(
      names = "--console-token",
      paramLabel = "TOKEN",
      description =
          "Enables the console's redrive and replay for requests carrying this token (at least 16"
              + " characters; default: the TRIBUTARY_CONSOLE_TOKEN environment variable, else they are off).")
  Optional<String> consoleToken;

  @Option(
      names = "--opensearch-home",
      paramLabel = "DIR",
      description =
          "The unpacked OpenSearch distribution (default: the one the build unpacked; the launcher passes it).")
  Optional<Path> openSearchHome;

  @Override
  public Integer call() throws Exception {
    if (orders < 1 || orders > 10_000) {
      return usageError("--orders must be 1..10000, was " + orders);
    }
    if (intervalMs < 0) {
      return usageError("--interval-ms must not be negative, was " + intervalMs);
    }
    OrderStreamDemo.Builder b =
        OrderStreamDemo.builder(dataDir)
            .orders(orders)
            .interval(Duration.ofMillis(intervalMs))
            .keepRunning(keepRunning)
            .logToFile(true);
    openSearchHome.ifPresent(b::openSearchHome);
    if (consolePort < -1 || consolePort > 65_535) {
      return usageError("--console-port must be -1..65535, was " + consolePort);
    }
    Optional<String> token =
        consoleToken
            .or(() -> Optional.ofNullable(System.getenv("TRIBUTARY_CONSOLE_TOKEN")))
            .filter(t -> !t.isBlank());
    if (token.isPresent() && token.get().length() < 16) {
      return usageError("--console-token must be at least 16 characters");
    }
    if (consolePort >= 0) {
      b.whenRunning(running -> DemoConsole.start(running, "127.0.0.1", consolePort, token));
    }
    OrderStreamDemo demo = b.build();
    Thread hook =
        new Thread(
            () -> {
              demo.stop();
              try {
                demo.awaitFinished(Duration.ofMinutes(2));
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            },
            "demo-stop");
    Runtime.getRuntime().addShutdownHook(hook);
    try {
      OrderStreamDemo.Outcome outcome = demo.run();
      return outcome.complete() || outcome.stopped() ? 0 : 1;
    } catch (IllegalArgumentException e) {
      return usageError(e.getMessage());
    } catch (Exception e) {
      String message = String.valueOf(e.getMessage()).lines().findFirst().orElse(e.toString());
      spec.commandLine()
          .getErr()
          .println(
              "tributary demo: "
                  + message
                  + " (details in "
                  + dataDir.toAbsolutePath().resolve("demo.log")
                  + ")");
      LoggerFactory.getLogger(DemoCommand.class).error("demo failed", e);
      return 1;
    } finally {
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException shuttingDown) {
        // a signal stopped the demo: the hook is running
      }
    }
  }

  private int usageError(String message) {
    spec.commandLine().getErr().println("tributary demo: " + message);
    return 2;
  }
}
