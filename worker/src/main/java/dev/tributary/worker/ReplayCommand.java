package dev.tributary.worker;

import dev.tributary.core.ChangeEventJson;
import dev.tributary.core.kafka.EmbeddedKafka;
import dev.tributary.core.pipeline.HandlerSpec;
import dev.tributary.core.pipeline.Pipeline;
import dev.tributary.core.replay.Position;
import dev.tributary.core.replay.ProgressListener;
import dev.tributary.engine.EngineOptions;
import dev.tributary.engine.TributaryEngine;
import dev.tributary.handlers.archive.ArchiveHandler;
import dev.tributary.handlers.archive.ArchiveReader;
import dev.tributary.worker.config.EngineSettings;
import dev.tributary.worker.config.WorkerConfig;
import dev.tributary.worker.internal.HttpEndpoints;
import dev.tributary.worker.internal.Terminal;
import dev.tributary.worker.replay.Replay;
import dev.tributary.worker.replay.ReplayReport;
import dev.tributary.worker.replay.ReplaySource;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code ./tributary replay}: delivers a range of history again to one handler. */
@Command(
    name = "replay",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Deliver a range of history again to ONE handler of a pipeline; the other handlers see nothing.",
      "History is read from the handler's lane (as long as Kafka keeps it), the engine's change log",
      "(--source change-log; the worker must be stopped, it holds the engine) or the S3 archive the",
      "pipeline's archive handler wrote (--source archive). No consumer group moves. With an",
      "idempotent handler (search, archive) the end state equals a first run's.",
      "",
      "Example:",
      "  tributary replay --config tributary.yaml --pipeline orders --handler search \\",
      "      --from 2025-01-15T10:00:00Z --where \"status = 'SHIPPED'\"",
      ""
    },
    footer = {"", "Exit codes: 0 done, 1 failed, 2 bad input or configuration."})
final class ReplayCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin KafkaTarget kafka;

  @Mixin ClassPathOption classPath;

  @Option(names = "--pipeline", required = true, paramLabel = "NAME", description = "The pipeline.")
  String pipeline;

  @Option(
      names = "--handler",
      required = true,
      paramLabel = "NAME",
      description = "The one handler to deliver to.")
  String handler;

  @Option(
      names = "--from",
      required = true,
      paramLabel = "TIME|SEQ",
      description =
          "First event: a time (2025-01-15T10:00:00Z or 2025-01-15, UTC) or a sequence number.")
  String from;

  @Option(
      names = "--to",
      paramLabel = "TIME|SEQ",
      description = "Last event, inclusive; default: the newest now.")
  String to;

  @Option(
      names = "--where",
      paramLabel = "EXPR",
      description = "Only events whose image matches, e.g. \"status = 'SHIPPED'\".")
  String where;

  @Option(
      names = "--source",
      defaultValue = "lane",
      paramLabel = "lane|change-log|archive",
      description = "Where history is read (default ${DEFAULT-VALUE}).")
  String source;

  @Option(
      names = "--dry-run",
      description = "Print the events that would be delivered as JSON lines; deliver nothing.")
  boolean dryRun;

  private final List<AutoCloseable> resources = new ArrayList<>();

  /** Set while a running worker runs this command for an admin request. */
  private static final ThreadLocal<Worker> HOST = new ThreadLocal<>();

  @Override
  public Integer call() throws Exception {
    if (kafka.config == null) {
      throw new UsageException("replay needs --config FILE (its pipelines)");
    }
    Position start = position("--from", from);
    Position end = to == null ? null : position("--to", to);
    // Delivering needs valid configuration; only the replayed handler is created and checked, so
    // a running worker's open files (an email ledger) do not stand in the way.
    WorkerConfig config = WorkerConfig.loadForInspection(kafka.config);
    Pipeline p = kafka.pipeline(pipeline);
    KafkaTarget.handler(p, handler);
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    Worker host = HOST.get();
    if (host != null) {
      kafka.bootstrapServers = host.bootstrapServers();
    } else {
      Optional<URI> running = RunningWorker.find(config);
      if (running.isPresent()) {
        return RunningWorker.replay(running.get(), forwardedArgs(), out, err);
      }
    }
    try {
      if (host == null && (!dryRun || source.equals("lane"))) {
        startStoppedWorkersBroker(config, err);
      }
      if (!dryRun) {
        probe(p.handlers().get(handler));
      }
      Replay.Builder b = Replay.builder(p, handler).source(source(config, p)).from(start);
      if (end != null) {
        b.to(end);
      }
      if (where != null) {
        try {
          b.where(where);
        } catch (IllegalArgumentException e) {
          throw new UsageException("--where: " + e.getMessage());
        }
      }
      if (!dryRun || source.equals("lane")) {
        b.clientConfig(kafka.clientConfig());
      }
      if (dryRun) {
        b.dryRun(e -> out.println(ChangeEventJson.toJson(e)));
      }
      ProgressBar bar = Terminal.attached() ? new ProgressBar(err) : null;
      if (bar != null) {
        b.progress(bar);
      }
      Replay replay;
      try {
        replay = b.build();
      } catch (IllegalArgumentException | IllegalStateException e) {
        throw new UsageException(e.getMessage());
      }
      ReplayReport r = replay.run();
      if (bar != null) {
        bar.finish();
      }
      out.flush();
      r.warnings().forEach(w -> err.println("warning: " + w));
      err.println(summary(r));
      err.flush();
      return 0;
    } finally {
      closeResources();
    }
  }

  private String summary(ReplayReport r) {
    return String.format(
        Locale.ROOT,
        "%s %s/%s from the %s: read %d, %s %d, not routed %d, filtered %d, dead-lettered %d, warnings %d",
        dryRun ? "Dry run of" : "Replayed",
        pipeline,
        handler,
        source,
        r.read(),
        dryRun ? "would deliver" : "delivered",
        dryRun ? r.delivery().offered() : r.delivery().delivered(),
        r.notRouted(),
        r.filteredOut(),
        r.delivery().deadLettered(),
        r.warnings().size());
  }

  private static Position position(String option, String text) {
    try {
      return Position.parse(text);
    } catch (IllegalArgumentException e) {
      throw new UsageException(option + ": " + e.getMessage());
    }
  }

  /** Creates the handler once, so a bad {@code config} is one line before anything is read. */
  private void probe(HandlerSpec h) {
    try {
      h.factory().get().close();
    } catch (Exception e) {
      throw new UsageException("handler '" + handler + "' cannot be created: " + e.getMessage());
    }
  }

  private ReplaySource source(WorkerConfig config, Pipeline p) {
    switch (source) {
      case "lane":
        return ReplaySource.lane();
      case "change-log":
        return ReplaySource.changeLog(openEngine(config));
      case "archive":
        return ReplaySource.archive(archiveReader(p));
      default:
        throw new UsageException(
            "--source must be lane, change-log or archive, not '" + source + "'");
    }
  }

  /**
   * A stopped worker's embedded broker is not running: start it from its directory for the replay's
   * lifetime (a running worker is asked over HTTP instead, see {@link RunningWorker}).
   */
  private void startStoppedWorkersBroker(WorkerConfig config, PrintWriter err) {
    if (kafka.bootstrapServers != null
        || !config.kafka().embedded()
        || config.kafka().reachableBootstrapServers().filter(KafkaTarget::listening).isPresent()) {
      return;
    }
    Path dir = config.kafka().embeddedDataDir().orElseThrow();
    if (!Files.isDirectory(dir)) {
      throw new UsageException(
          "no Kafka data in "
              + dir
              + " (kafka.embedded.data-dir in "
              + config.file()
              + "): the worker has not run with this configuration, so there is no history to replay");
    }
    EmbeddedKafka broker;
    try {
      broker = EmbeddedKafka.builder(dir).start();
    } catch (RuntimeException e) {
      throw new UsageException(
          "cannot start the embedded Kafka broker in "
              + dir
              + " for the replay: "
              + e.getMessage()
              + " (is a worker running with this configuration but without worker.http? Stop it,"
              + " or give it a fixed worker.http.port so replay can ask it)");
    }
    resources.add(broker);
    kafka.bootstrapServers = broker.bootstrapServers();
    err.println(
        "The worker is stopped: started its embedded Kafka broker from " + dir + " for the replay");
    err.flush();
  }

  /** The options as given, for the running worker to run the same replay. */
  private List<String> forwardedArgs() {
    List<String> args =
        new ArrayList<>(
            List.of(
                "--pipeline", pipeline, "--handler", handler, "--from", from, "--source", source));
    if (to != null) {
      args.addAll(List.of("--to", to));
    }
    if (where != null) {
      args.addAll(List.of("--where", where));
    }
    if (dryRun) {
      args.add("--dry-run");
    }
    return args;
  }

  /** The replay of a running worker's admin request, run in that worker with its open handlers. */
  static HttpEndpoints.Reply inWorker(Worker worker, String body) {
    return RunningWorker.serve(
        worker,
        body,
        args -> {
          CommandLine cli = TributaryCli.commandLine();
          StringWriter out = new StringWriter();
          StringWriter err = new StringWriter();
          cli.setOut(new PrintWriter(out, true));
          cli.setErr(new PrintWriter(err, true));
          List<String> all = new ArrayList<>(List.of("replay", "--config", worker.config().file()));
          all.addAll(args);
          HOST.set(worker);
          try {
            int code = cli.execute(all.toArray(String[]::new));
            return new RunningWorker.Outcome(code, out.toString(), err.toString());
          } finally {
            HOST.remove();
          }
        });
  }

  private TributaryEngine openEngine(WorkerConfig config) {
    Worker host = HOST.get();
    if (host != null && host.engine().isPresent()) {
      return host.engine().get(); // the worker's own, open; not closed here
    }
    EngineSettings e = config.engine();
    if (e.mode() != EngineSettings.Mode.EMBEDDED || e.dataDir().isEmpty()) {
      throw new UsageException(
          "--source change-log reads the embedded engine's data dir, and "
              + config.file()
              + " has no engine.embedded");
    }
    Path dir = e.dataDir().get();
    if (!Files.isDirectory(dir)) {
      throw new UsageException(
          "--source change-log: the engine's data dir " + dir + " does not exist");
    }
    try {
      TributaryEngine engine =
          TributaryEngine.open(EngineOptions.builder(dir).syncWrites(e.syncWrites()).build());
      resources.add(engine);
      return engine;
    } catch (RuntimeException ex) {
      String m =
          String.valueOf(ex.getMessage())
              + (ex.getCause() == null ? "" : " " + ex.getCause().getMessage());
      if (m.toLowerCase(Locale.ROOT).contains("lock")) {
        throw new UsageException(
            "--source change-log: the engine's data dir "
                + dir
                + " is locked by a running worker; stop the worker first, or replay from the lane");
      }
      throw new UsageException(
          "--source change-log: cannot open the engine in " + dir + ": " + ex.getMessage());
    }
  }

  /** The S3 settings of the pipeline's archive handler: the archive it wrote is the one to read. */
  private ArchiveReader archiveReader(Pipeline p) {
    List<String> archives =
        p.handlers().entrySet().stream()
            .filter(h -> h.getValue().type().filter("archive"::equals).isPresent())
            .map(Map.Entry::getKey)
            .sorted()
            .toList();
    if (archives.isEmpty()) {
      throw new UsageException(
          "--source archive reads the archive of the pipeline's archive handler, and pipeline '"
              + p.name()
              + "' has no archive handler");
    }
    ArchiveHandler archive;
    try {
      archive = (ArchiveHandler) p.handlers().get(archives.get(0)).factory().get();
    } catch (RuntimeException e) {
      throw new UsageException(
          "archive handler '" + archives.get(0) + "' cannot be created: " + e.getMessage());
    }
    resources.add(archive);
    ArchiveReader reader = archive.reader();
    resources.add(reader);
    return reader;
  }

  private void closeResources() {
    for (int i = resources.size() - 1; i >= 0; i--) {
      try {
        resources.get(i).close();
      } catch (Exception e) {
        // closing after the work is done; nothing is lost
      }
    }
    resources.clear();
  }

  /** A one-line bar redrawn in place on a terminal. */
  static final class ProgressBar implements ProgressListener {
    private final PrintWriter err;
    private long lastDrawn = -1;

    ProgressBar(PrintWriter err) {
      this.err = err;
    }

    @Override
    public void progress(long done, long total) {
      long now = System.nanoTime() / 100_000_000; // redraw at most ten times a second
      if (now == lastDrawn && done != total) {
        return;
      }
      lastDrawn = now;
      err.print("\r" + render(done, total));
      err.flush();
    }

    static String render(long done, long total) {
      if (total <= 0) {
        return String.format(Locale.ROOT, "[%-30s] %d events", "...", done);
      }
      int filled = (int) Math.min(30, 30 * done / total);
      return String.format(
          Locale.ROOT,
          "[%s%s] %d/%d events (%d%%)",
          "#".repeat(filled),
          " ".repeat(30 - filled),
          done,
          total,
          Math.min(100, 100 * done / total));
    }

    void finish() {
      err.println();
      err.flush();
    }
  }
}
