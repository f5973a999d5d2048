package dev.tributary.worker;

import dev.tributary.worker.config.WorkerConfig;
import dev.tributary.worker.internal.LogSetup;
import dev.tributary.worker.sam.SamTemplate;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code ./tributary worker --config FILE} (or {@code --sam TEMPLATE}, the functions of a SAM
 * template): runs a configuration until SIGTERM or Ctrl-C, then stops gracefully within {@code
 * worker.shutdown-timeout} (the batches in flight finish and commit) and exits 0; exits 1 if a part
 * failed on its own or the stop overran its bound.
 */
@Command(
    name = "worker",
    mixinStandardHelpOptions = true,
    description = {
      "Run the sources, pipelines and handlers of a configuration file until SIGTERM or Ctrl-C.",
      "Serves /health/live, /health/ready and /metrics (Prometheus) on worker.http.port (default 9464).",
      "Start the same configuration in several processes to share the work (each with its own worker.state-dir)."
    })
final class WorkerCommand implements Callable<Integer> {
  private static final Logger log = LoggerFactory.getLogger(WorkerCommand.class);

  @Spec CommandSpec spec;

  @Mixin ClassPathOption classPath;

  @Option(
      names = "--config",
      paramLabel = "FILE",
      description =
          "The YAML configuration (with --sam: the worker, kafka, engine and sources to run the template's functions on).")
  Path config;

  @Option(
      names = "--sam",
      paramLabel = "TEMPLATE",
      description =
          "Run the DynamoDB-stream-triggered functions of an AWS SAM / CloudFormation template (on embedded defaults unless --config is given).")
  Path sam;

  @Option(
      names = "--data-dir",
      defaultValue = "data/sam",
      paramLabel = "DIR",
      description =
          "With --sam and no --config: where the embedded broker and engine keep their data (default: ${DEFAULT-VALUE}).")
  Path dataDir;

  @Option(
      names = "--port",
      defaultValue = "8000",
      paramLabel = "PORT",
      description =
          "With --sam and no --config: the embedded engine's DynamoDB endpoint port, 0 for any free one (default: ${DEFAULT-VALUE}).")
  int enginePort;

  @Option(
      names = "--http-port",
      defaultValue = "9464",
      paramLabel = "PORT",
      description =
          "With --sam and no --config: the health and metrics port, 0 for any free one, -1 for none (default: ${DEFAULT-VALUE}).")
  int httpPort;

  @Option(
      names = "--check",
      description = "Validate the configuration, print the pipelines and exit.")
  boolean check;

  /** Released by the shutdown hook (or a test) to stop the worker. */
  final CountDownLatch stop = new CountDownLatch(1);

  private final CountDownLatch stopped = new CountDownLatch(1);
  private volatile int exitCode;

  /** The running worker, for tests. */
  volatile Worker worker;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    SamTemplate template = null;
    WorkerConfig c;
    if (sam != null) {
      if (!Files.isRegularFile(sam)) {
        throw new UsageException("--sam " + sam + ": no such file");
      }
      try {
        template = SamTemplate.read(sam);
      } catch (UncheckedIOException e) {
        throw new UsageException(e.getMessage());
      }
      c =
          SamWorkerConfig.build(
              template,
              sam,
              Optional.ofNullable(config),
              dataDir,
              enginePort,
              httpPort,
              spec.commandLine().getErr()); // nothing to run is exit code 2
    } else if (config == null) {
      throw new UsageException("worker needs --config FILE or --sam TEMPLATE");
    } else {
      c = WorkerConfig.load(config); // a ConfigException is exit code 2
    }
    if (check) {
      out.println(c.file() + ": OK, " + c.pipelines().size() + " pipeline(s)");
      c.pipelines().forEach(p -> out.print(p.describe()));
      out.flush();
      return 0;
    }
    LogSetup.configure(c.worker().logFormat(), c.worker().logLevel());
    Thread hook = new Thread(this::stopFromSignal, "tributary-worker-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
    try {
      worker = Worker.start(c);
      if (template != null) {
        List<String> created = SamWorkerConfig.createTables(template, worker);
        out.println(
            "Running "
                + template.pipelines().size()
                + " function pipeline(s) of "
                + sam
                + ": "
                + template.pipelines().stream().map(p -> p.name()).toList()
                + worker.engineEndpoint().map(u -> "; DynamoDB endpoint " + u).orElse("")
                + (created.isEmpty() ? "" : "; tables created: " + created));
        out.flush();
      }
      exitCode = runUntilStopped(worker, c.worker().shutdownTimeout());
      return exitCode;
    } catch (RuntimeException e) {
      exitCode = 1;
      throw e;
    } finally {
      stopped.countDown();
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException shuttingDown) {
        // the hook is what stopped us; it exits with exitCode
      }
    }
  }

  private int runUntilStopped(Worker w, Duration bound) {
    int code = 0;
    try {
      while (!stop.await(1, TimeUnit.SECONDS)) {
        Optional<Throwable> failed = w.failure();
        if (failed.isPresent()) {
          log.error(
              "Worker stopping: a part failed: {}", String.valueOf(failed.get().getMessage()));
          code = 1;
          break;
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    Thread closer = new Thread(w::close, "tributary-worker-close");
    closer.start();
    try {
      closer.join(bound.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (closer.isAlive()) {
      log.error("Worker did not stop within {} (worker.shutdown-timeout); exiting anyway", bound);
      return 1;
    }
    return code;
  }

  /**
   * On SIGTERM the JVM would exit with 143 once hooks finish; a clean stop exits 0 instead, so the
   * hook waits for the stop and halts with the worker's own exit code.
   */
  private void stopFromSignal() {
    stop.countDown();
    try {
      stopped.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    System.out.flush();
    System.err.flush();
    Runtime.getRuntime().halt(exitCode);
  }
}
