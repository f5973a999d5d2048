package dev.tributary.worker;

import dev.tributary.core.pipeline.HandlerSpec;
import dev.tributary.core.pipeline.Pipeline;
import dev.tributary.local.LocalOpenSearch;
import dev.tributary.local.LocalS3;
import dev.tributary.local.LocalSmtp;
import dev.tributary.worker.config.WorkerConfig;
import dev.tributary.worker.internal.PortCheck;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code ./tributary local-services --config FILE}: starts, on this machine, the servers a worker
 * configuration's handlers talk to (GreenMail for email, OpenSearch for search, S3Proxy for
 * archive) on exactly the hosts and ports the configuration names, so the worker's effects can be
 * seen without any other set-up. Each mail is printed as it arrives.
 */
@Command(
    name = "local-services",
    mixinStandardHelpOptions = true,
    description = {
      "Start the servers a worker configuration's handlers use, on the ports it names.",
      "  email handlers:   an SMTP server (GreenMail); mails are printed as they come",
      "  search handlers:  OpenSearch",
      "  archive handlers: S3 (S3Proxy), with the configured bucket and keys",
      "Handlers pointing at another machine are left alone. Ctrl-C stops everything.",
      "",
      "Example:",
      "  tributary local-services --config examples/order-stream/tributary.yaml",
      ""
    },
    footer = {
      "",
      "Exit codes: 0 stopped, 1 failed, 2 bad input (a port in use, no handler to serve)."
    })
final class LocalServicesCommand implements Callable<Integer> {
  private static final Set<String> LOCAL =
      Set.of("127.0.0.1", "localhost", "::1", "[::1]", "0.0.0.0");

  @Spec CommandSpec spec;

  @Option(
      names = "--config",
      required = true,
      paramLabel = "FILE",
      description = "The worker's YAML configuration.")
  Path config;

  @Option(
      names = "--data-dir",
      paramLabel = "DIR",
      description =
          "Where S3's objects and OpenSearch's data live (default: data/local-services next to the configuration).")
  Path dataDir;

  @Option(
      names = "--opensearch-home",
      paramLabel = "DIR",
      description =
          "The unpacked OpenSearch distribution (default: the one the build unpacked; ./tributary passes it).")
  Optional<Path> openSearchHome;

  /** Released by the shutdown hook (or a test) to stop the servers. */
  final CountDownLatch stop = new CountDownLatch(1);

  private final CountDownLatch stopped = new CountDownLatch(1);
  private final List<AutoCloseable> running = new ArrayList<>();

  /** One server a handler needs: what, where, and the setting that says so. */
  record Need(String kind, String host, int port, String setting, Map<String, Object> config) {}

  @Override
  public Integer call() throws Exception {
    WorkerConfig c = WorkerConfig.loadForInspection(config);
    PrintWriter out = spec.commandLine().getOut();
    List<Need> needs = new ArrayList<>();
    for (Pipeline p : c.pipelines()) {
      p.handlers().forEach((name, h) -> need(p.name(), name, h, out).ifPresent(needs::add));
    }
    Map<String, Need> byPort = new LinkedHashMap<>();
    for (Need n : needs) {
      Need before = byPort.putIfAbsent(n.host() + ":" + n.port(), n);
      if (before != null && !before.kind().equals(n.kind())) {
        throw new UsageException(
            n.setting()
                + " and "
                + before.setting()
                + " both name port "
                + n.port()
                + " for different servers ("
                + n.kind()
                + ", "
                + before.kind()
                + ")");
      }
    }
    if (byPort.isEmpty()) {
      throw new UsageException(
          c.file() + " has no email, search or archive handler on this machine to serve");
    }
    for (Need n : byPort.values()) {
      if (!PortCheck.free(bindHost(n.host()), n.port())) {
        throw new UsageException(n.setting() + ": " + PortCheck.inUse(n.port()));
      }
    }
    Path data =
        dataDir != null
            ? dataDir
            : Optional.ofNullable(config.toAbsolutePath().getParent())
                .orElse(Path.of("."))
                .resolve("data/local-services");
    Thread hook = new Thread(this::stopAndWait, "local-services-stop");
    Runtime.getRuntime().addShutdownHook(hook);
    try {
      out.println("Local services for " + c.file() + " (data in " + data + "):");
      LocalSmtp smtp = null;
      for (Need n : byPort.values()) {
        switch (n.kind()) {
          case "smtp" -> smtp = startSmtp(n, out);
          case "s3" -> startS3(n, data.resolve("s3"), needs, out);
          case "opensearch" -> startOpenSearch(n, data.resolve("opensearch"), out);
          default -> throw new IllegalStateException(n.kind());
        }
      }
      out.println(
          "Ready. Start the worker with the same configuration; Ctrl-C stops these servers.");
      out.flush();
      int seen = 0;
      while (!stop.await(500, TimeUnit.MILLISECONDS)) {
        if (smtp != null) {
          List<MimeMessage> mails = smtp.messages();
          for (; seen < mails.size(); seen++) {
            out.println("  mail   " + describe(mails.get(seen)));
          }
          out.flush();
        }
      }
      return 0;
    } finally {
      closeAll(out);
      stopped.countDown();
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException shuttingDown) {
        // a signal stops us: the hook is running
      }
    }
  }

  /** The server one handler needs, if it is of a kind served here and points at this machine. */
  private static Optional<Need> need(
      String pipeline, String handler, HandlerSpec h, PrintWriter out) {
    String at = "pipelines." + pipeline + ".handlers." + handler + ".config.";
    Map<String, Object> cfg = h.config();
    Optional<Need> need =
        switch (h.type().orElse("")) {
          case "email" -> {
            Map<String, Object> smtp = map(cfg.get("smtp"));
            yield Optional.of(
                new Need(
                    "smtp",
                    text(smtp.get("host"), "127.0.0.1"),
                    port(smtp.get("port"), 25, at + "smtp.port"),
                    at + "smtp.port",
                    cfg));
          }
          case "search" ->
              Optional.ofNullable(cfg.get("url"))
                  .map(
                      u -> {
                        URI uri = URI.create(String.valueOf(u));
                        return new Need(
                            "opensearch",
                            uri.getHost(),
                            uri.getPort() > 0 ? uri.getPort() : 9200,
                            at + "url",
                            cfg);
                      });
          case "archive" -> {
            Map<String, Object> s3 = map(cfg.get("s3"));
            yield Optional.ofNullable(s3.get("endpoint"))
                .map(
                    e -> {
                      URI uri = URI.create(String.valueOf(e));
                      return new Need(
                          "s3",
                          uri.getHost(),
                          uri.getPort() > 0 ? uri.getPort() : 80,
                          at + "s3.endpoint",
                          cfg);
                    });
          }
          default -> Optional.empty();
        };
    if (need.isPresent() && !LOCAL.contains(need.get().host())) {
      out.println(
          "  skip   "
              + handler
              + " ("
              + h.type().orElse("")
              + "): "
              + need.get().host()
              + " is not this machine");
      return Optional.empty();
    }
    return need;
  }

  private LocalSmtp startSmtp(Need n, PrintWriter out) {
    LocalSmtp smtp = LocalSmtp.builder().port(n.port()).start();
    running.add(smtp);
    out.println(
        "  smtp        "
            + smtp.host()
            + ":"
            + smtp.port()
            + "  (GreenMail; mails are printed below)");
    return smtp;
  }

  private void startS3(Need n, Path dir, List<Need> all, PrintWriter out) throws IOException {
    Map<String, Object> s3 = map(n.config().get("s3"));
    String accessKey = text(s3.get("access-key"), "local-identity");
    String secretKey = text(s3.get("secret-key"), "local-credential");
    Files.createDirectories(dir);
    LocalS3 server =
        LocalS3.builder().port(n.port()).directory(dir).credentials(accessKey, secretKey).start();
    running.add(server);
    List<String> buckets =
        all.stream()
            .filter(x -> x.kind().equals("s3") && x.port() == n.port())
            .map(x -> text(x.config().get("bucket"), ""))
            .filter(b -> !b.isEmpty())
            .distinct()
            .toList();
    buckets.forEach(server::createBucket);
    out.println(
        "  s3          "
            + server.endpoint()
            + "  (S3Proxy; bucket "
            + String.join(", ", buckets)
            + "; key "
            + accessKey
            + ")");
  }

  private void startOpenSearch(Need n, Path dir, PrintWriter out) throws IOException {
    Path home =
        openSearchHome
            .or(LocalOpenSearch::defaultHome)
            .orElseThrow(
                () ->
                    new UsageException(
                        "OpenSearch's distribution is not here: run through ./tributary (it passes its location) or give"
                            + " --opensearch-home DIR"));
    Files.createDirectories(dir);
    out.println("  opensearch  starting on port " + n.port() + " (takes up to a minute)...");
    out.flush();
    LocalOpenSearch os =
        LocalOpenSearch.builder()
            .home(home)
            .runDirectory(dir)
            .port(n.port())
            .startTimeout(Duration.ofMinutes(3))
            .start();
    running.add(os);
    out.println("  opensearch  " + os.url() + "  (OpenSearch " + LocalOpenSearch.version() + ")");
  }

  private static String describe(MimeMessage m) {
    try {
      return "to " + m.getAllRecipients()[0] + "  \"" + m.getSubject() + "\"";
    } catch (MessagingException | RuntimeException e) {
      return "(unreadable: " + e.getMessage() + ")";
    }
  }

  private void closeAll(PrintWriter out) {
    // OpenSearch last: it is the slowest to stop and nothing else depends on it.
    running.sort(
        (a, b) -> Boolean.compare(a instanceof LocalOpenSearch, b instanceof LocalOpenSearch));
    for (AutoCloseable c : running) {
      try {
        c.close();
      } catch (Exception e) {
        out.println("  (closing " + c + " failed: " + e.getMessage() + ")");
      }
    }
    running.clear();
    out.println("Stopped.");
    out.flush();
  }

  private void stopAndWait() {
    stop.countDown();
    try {
      stopped.await(2, TimeUnit.MINUTES);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static String bindHost(String host) {
    return host.equals("localhost") || host.equals("0.0.0.0")
        ? "127.0.0.1"
        : host.replace("[", "").replace("]", "");
  }

  @SuppressWarnings("unchecked") // a YAML map has string keys
  private static Map<String, Object> map(Object o) {
    return o instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
  }

  private static String text(Object o, String orElse) {
    return o == null ? orElse : String.valueOf(o);
  }

  private static int port(Object o, int orElse, String setting) {
    if (o == null) {
      return orElse;
    }
    try {
      return Integer.parseInt(String.valueOf(o).strip());
    } catch (NumberFormatException e) {
      throw new UsageException(setting + ": '" + o + "' is not a port");
    }
  }
}
