package dev.tributary.worker;

import dev.tributary.core.ChangeEventJson;
import dev.tributary.core.pipeline.Pipeline;
import dev.tributary.core.replay.ProgressListener;
import dev.tributary.core.replay.RedeliveryStats;
import dev.tributary.worker.config.EngineSettings;
import dev.tributary.worker.config.WorkerConfig;
import dev.tributary.worker.internal.LogSetup;
import dev.tributary.worker.internal.Terminal;
import dev.tributary.worker.replay.Backfill;
import dev.tributary.worker.replay.BackfillReport;
import java.io.PrintWriter;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code ./tributary backfill --config FILE --pipeline P --handler H [--dry-run]}: the worker of
 * the configuration runs in this process (the embedded engine's directory admits one process) with
 * the handler's runners held back, while {@link Backfill} delivers the snapshot and the live
 * changes it does not reflect; then everything stops and the handler's runners resume from the
 * committed position when the worker runs again.
 */
@Command(
    name = "backfill",
    mixinStandardHelpOptions = true,
    description = {
      "Deliver a consistent snapshot of a pipeline's tables to one handler as snapshot-marked INSERTs,",
      "then the live changes the snapshot does not reflect, with neither a gap nor a double.",
      "Stop the worker of this configuration first: the backfill runs it in this process, without the",
      "handler's runners; the next worker run continues where the backfill left the handler.",
      "Handlers with snapshot-events: false receive only the live changes."
    })
final class BackfillCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Mixin ClassPathOption classPath;

  @Option(
      names = "--config",
      required = true,
      paramLabel = "FILE",
      description = "The worker's YAML configuration.")
  Path config;

  @Option(names = "--pipeline", required = true, paramLabel = "P", description = "The pipeline.")
  String pipeline;

  @Option(
      names = "--handler",
      required = true,
      paramLabel = "H",
      description = "The handler to backfill.")
  String handler;

  @Option(
      names = "--dry-run",
      description = "Print what would be delivered (JSON lines); call no handler, move no offset.")
  boolean dryRun;

  @Override
  public Integer call() {
    WorkerConfig c = WorkerConfig.load(config); // a ConfigException is exit code 2
    Pipeline configured =
        c.pipelines().stream()
            .filter(p -> p.name().equals(pipeline))
            .findFirst()
            .orElseThrow(
                () ->
                    new UsageException(
                        "no pipeline '"
                            + pipeline
                            + "' in "
                            + c.file()
                            + "; pipelines: "
                            + c.pipelines().stream().map(Pipeline::name).toList()));
    if (!configured.handlers().containsKey(handler)) {
      throw new UsageException(
          "pipeline '"
              + pipeline
              + "' has no handler '"
              + handler
              + "'; handlers: "
              + configured.handlers().keySet());
    }
    if (c.engine().mode() != EngineSettings.Mode.EMBEDDED) {
      throw new UsageException(
          "backfill reads the snapshot from the embedded engine; "
              + c.file()
              + " configures none (engine.embedded)");
    }
    // stdout carries the summary, or only the events of a dry run (JSON lines; the summary then
    // goes to stderr); the worker logs only what goes wrong, on stderr.
    LogSetup.configure(c.worker().logFormat(), "WARN", true);
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    try (Worker worker = startWorker(c, configured.laneTopic(handler))) {
      Pipeline running =
          worker.runtime().pipelines().stream()
              .filter(p -> p.name().equals(pipeline))
              .findFirst()
              .orElseThrow();
      Backfill.Builder b =
          Backfill.builder(running, handler)
              .clientConfig(c.kafka().clientConfig(worker.bootstrapServers()))
              .engine(worker.engine().orElseThrow())
              .progress(progress(err));
      if (dryRun) {
        b.dryRun(e -> out.println(ChangeEventJson.toJson(e)));
      }
      BackfillReport report = b.run();
      err.print(Terminal.attached() ? "\r\033[K" : "");
      err.flush();
      PrintWriter summaryTo = dryRun ? err : out;
      summaryTo.println(summary(report));
      summaryTo.flush();
      out.flush();
    }
    return 0;
  }

  /** The worker without the handler's runners; a worker already running here is exit code 2. */
  private Worker startWorker(WorkerConfig c, String laneTopic) {
    try {
      return Worker.start(c, Set.of(laneTopic));
    } catch (RuntimeException e) {
      if (heldByAnotherWorker(e)) {
        throw new UsageException(
            "a worker is running on "
                + c.engine().dataDir().orElseThrow()
                + "; stop it first (the backfill runs the worker itself, without the handler's runners)");
      }
      throw e;
    }
  }

  /**
   * RocksDB's {@code LOCK} file or Kafka's {@code .lock}: another process (or worker) has the
   * directory.
   */
  private static boolean heldByAnotherWorker(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      String m = String.valueOf(t.getMessage());
      if (m.contains("/LOCK")
          || m.contains("lock hold by current process")
          || m.contains("Failed to acquire lock")
          || t instanceof OverlappingFileLockException) {
        return true;
      }
    }
    return false;
  }

  private String summary(BackfillReport r) {
    RedeliveryStats d = r.delivery();
    return String.format(
        Locale.ROOT,
        "backfill %s/%s%s: %d snapshot items (%d not for this handler), %d live changes read (%d already in the"
            + " snapshot); %s %d, retries %d, dead-lettered %d; snapshot sequences %s",
        pipeline,
        handler,
        dryRun ? " (dry run)" : "",
        r.snapshotItems(),
        r.snapshotNotRouted(),
        r.liveRead(),
        r.liveAlreadyInSnapshot(),
        dryRun ? "would deliver" : "delivered",
        d.delivered(),
        d.retries(),
        d.deadLettered(),
        r.snapshotSequences());
  }

  /** A bar redrawn in place on a terminal; elsewhere a line every 10 seconds. */
  private static ProgressListener progress(PrintWriter err) {
    boolean terminal = Terminal.attached();
    long[] last = {0};
    return (done, total) -> {
      long now = System.nanoTime();
      if (now - last[0] < (terminal ? 100_000_000L : 10_000_000_000L)) {
        return;
      }
      last[0] = now;
      Optional<Integer> percent =
          total > 0 ? Optional.of((int) Math.min(100, done * 100 / total)) : Optional.empty();
      if (terminal) {
        int filled = percent.orElse(0) * 30 / 100;
        err.print(
            "\rbackfill ["
                + "#".repeat(filled)
                + " ".repeat(30 - filled)
                + "] "
                + percent.map(p -> p + "% ").orElse("")
                + done
                + (total > 0 ? "/" + total : ""));
      } else {
        err.println("backfill: " + done + (total > 0 ? " of ~" + total : "") + " events");
      }
      err.flush();
    };
  }
}
