package dev.tributary.examples.orders;

import dev.tributary.connectors.EngineRelay;
import dev.tributary.core.SettingChecks;
import dev.tributary.core.kafka.EmbeddedKafka;
import dev.tributary.core.runner.PipelineRuntime;
import dev.tributary.engine.EngineOptions;
import dev.tributary.engine.TributaryEngine;
import dev.tributary.engine.http.EngineServer;
import dev.tributary.engine.http.ServerOptions;
import dev.tributary.handlers.archive.S3Settings;
import dev.tributary.local.LocalOpenSearch;
import dev.tributary.local.LocalS3;
import dev.tributary.local.LocalSmtp;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The main job, on embedded defaults: the table engine, a KRaft broker, GreenMail, S3Proxy and
 * OpenSearch all start on this machine; the chapter's orders are written to {@code Orders}; the
 * engine relay and the {@link OrderStreamPipeline} carry every change to its handlers; and the
 * mails, index documents and archived objects are printed as the servers receive them. {@link
 * #stop()} (a signal handler calls it) ends a run early; everything started is closed, newest
 * first.
 *
 * <pre>{@code
 * OrderStreamDemo.builder(Path.of("data/demo")).orders(3).build().run();
 * }</pre>
 */
public final class OrderStreamDemo {
  public static final String BUCKET = "orders-archive";
  private static final String MARKER = ".tributary-demo";

  private final Path dataDir;
  private final int orders;
  private final Duration interval;
  private final boolean keepRunning;
  private final Duration effectsTimeout;
  private final Optional<Path> openSearchHome;
  private final PrintStream out;
  private final boolean logToFile;
  private final Optional<Function<Running, ? extends Attachment>> whenRunning;
  private final CountDownLatch stopRequested = new CountDownLatch(1);
  private final CountDownLatch finished = new CountDownLatch(1);
  private final Deque<AutoCloseable> started = new ArrayDeque<>();
  private CompletableFuture<LocalOpenSearch> openSearch;

  private OrderStreamDemo(Builder b) {
    this.dataDir = b.dataDir.toAbsolutePath().normalize();
    this.orders = b.orders;
    this.interval = b.interval;
    this.keepRunning = b.keepRunning;
    this.effectsTimeout = b.effectsTimeout;
    this.openSearchHome = b.openSearchHome;
    this.out = b.out;
    this.logToFile = b.logToFile;
    this.whenRunning = b.whenRunning;
  }

  public static Builder builder(Path dataDir) {
    return new Builder(dataDir);
  }

  /** What the demo runs, once its pipeline runs: for a console or a monitor to show. */
  public record Running(
      TributaryEngine engine,
      PipelineRuntime runtime,
      String bootstrapServers,
      Supplier<String> relayState) {}

  /** Something started beside the demo (a console): closed with it, and its address printed. */
  public interface Attachment extends AutoCloseable {
    /** One line for the demo's list of services, such as the console's URL. */
    String description();
  }

  /** How a run ended. */
  public record Outcome(
      int writes,
      ChapterOrders.Expected expected,
      ChapterOrders.Expected seen,
      boolean complete,
      boolean stopped) {}

  /**
   * Runs the demo; returns when every expected effect was seen (or {@code effectsTimeout} passed),
   * or, with {@code keepRunning}, when {@link #stop()} is called.
   */
  public Outcome run() throws Exception {
    try {
      return runServices();
    } finally {
      closeAll();
      finished.countDown();
    }
  }

  /** Asks a run to end; safe from any thread, any number of times. */
  public void stop() {
    stopRequested.countDown();
  }

  /** Waits until a run has closed everything it started. */
  public boolean awaitFinished(Duration timeout) throws InterruptedException {
    return finished.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  private Outcome runServices() throws Exception {
    prepareDataDirectory();
    if (logToFile) {
      DemoLogging.toFile(dataDir.resolve("demo.log"));
    }
    out.println(
        "Tributary demo: the order stream (process_order_stream) on embedded services (data in "
            + dataDir
            + ")");
    LocalOpenSearch.Builder searchBuilder =
        LocalOpenSearch.builder().runDirectory(dataDir.resolve("opensearch"));
    openSearchHome.ifPresent(searchBuilder::home);
    openSearch = CompletableFuture.supplyAsync(searchBuilder::start); // the slowest: start it first

    TributaryEngine engine =
        keep(TributaryEngine.open(EngineOptions.builder(dataDir.resolve("engine")).build()));
    ChapterOrders.createTable(engine);
    line(
        "engine",
        dataDir.resolve("engine")
            + " (RocksDB): table Orders, OrderStatusIndex, NEW_AND_OLD_IMAGES stream");
    EngineServer endpoint =
        keep(
            EngineServer.start(
                engine,
                ServerOptions.builder()
                    .port(0)
                    .workerThreads(2)
                    .ioThreads(1)
                    .allowAnyCredentials(true)
                    .build()));
    line(
        "dynamodb",
        endpoint.endpoint() + " (the engine over DynamoDB's protocol, any credentials)");
    EmbeddedKafka kafka = keep(EmbeddedKafka.start(dataDir.resolve("kafka")));
    line("kafka", kafka.bootstrapServers() + " (KRaft broker in this process)");
    LocalSmtp smtp = keep(LocalSmtp.builder().start());
    line("smtp", smtp.host() + ":" + smtp.port() + " (GreenMail)");
    LocalS3 s3 = keep(LocalS3.builder().directory(dataDir.resolve("s3")).start());
    s3.createBucket(BUCKET);
    line(
        "s3",
        s3.endpoint()
            + " bucket "
            + BUCKET
            + " (S3Proxy, key "
            + s3.accessKey()
            + " / "
            + s3.secretKey()
            + ")");
    if (!openSearch.isDone()) {
      line("opensearch", "starting (a child process: the slowest part, 10 s to a minute)...");
    }
    Optional<LocalOpenSearch> search = awaitOpenSearch();
    if (search.isEmpty()) {
      return stoppedEarly();
    }
    line(
        "opensearch",
        search.get().url() + " (OpenSearch " + LocalOpenSearch.version() + ", a child process)");

    S3Settings s3Settings =
        S3Settings.builder()
            .endpoint(s3.endpoint())
            .pathStyle(true)
            .region(LocalS3.REGION)
            .credentials(s3.accessKey(), s3.secretKey())
            .build();
    PipelineRuntime runtime =
        keep(
            PipelineRuntime.builder(kafka.bootstrapServers())
                .pipeline(
                    OrderStreamPipeline.builder()
                        .smtp(smtp.host(), smtp.port())
                        .search(search.get().url())
                        .archive(s3Settings, BUCKET)
                        .ledgerDirectory(dataDir.resolve("email"))
                        .build())
                .stateDir(dataDir.resolve("streams"))
                .partitions(2)
                .runnerId("demo")
                .start());
    EngineRelay relay =
        keep(EngineRelay.builder(engine, kafka.clientConfig()).relayId("demo").build().start());
    if (whenRunning.isPresent()) {
      Attachment a =
          keep(
              whenRunning
                  .get()
                  .apply(
                      new Running(
                          engine,
                          runtime,
                          kafka.bootstrapServers(),
                          () -> String.valueOf(relay.state()))));
      line("console", a.description());
    }
    S3Client s3Client = keep(s3Settings.client());
    EffectsWatcher watcher =
        keep(new EffectsWatcher(smtp, search.get().url(), s3Client, BUCKET, out::println).start());

    out.println();
    out.println(
        "process_order_stream as a pipeline on Orders (engine -> relay -> Kafka -> handlers):");
    out.println(
        "  INSERT                      -> "
            + OrderStreamPipeline.CONFIRMATION
            + " (to the order's email)");
    out.println(
        "  MODIFY with a status change -> "
            + OrderStreamPipeline.SEARCH
            + " (index "
            + OrderStreamPipeline.INDEX
            + ") and "
            + OrderStreamPipeline.NOTIFICATION);
    out.println(
        "  REMOVE                      -> "
            + OrderStreamPipeline.ARCHIVE
            + " (s3://"
            + BUCKET
            + "/"
            + OrderStreamPipeline.ARCHIVE_PREFIX
            + "/...)");
    out.println();

    List<ChapterOrders.Order> all = ChapterOrders.orders(orders);
    List<ChapterOrders.Write> writes = ChapterOrders.writes(all);
    ChapterOrders.Expected expected = ChapterOrders.expected(all);
    out.println(
        "Writing "
            + orders
            + (orders == 1 ? " order" : " orders")
            + "; effects appear as the servers receive them:");
    int written = 0;
    for (ChapterOrders.Write w : writes) {
      if (stopRequested.getCount() == 0) {
        return new Outcome(written, expected, watcher.seen(), false, true);
      }
      out.println(String.format("  %-8s %s", "write", w.description()));
      w.apply(engine);
      written++;
      if (written == 1 && !awaitFirstEffect(watcher)) {
        return new Outcome(written, expected, watcher.seen(), false, stopRequested.getCount() == 0);
      }
      if (stopRequested.await(interval.toMillis(), TimeUnit.MILLISECONDS)) {
        return new Outcome(written, expected, watcher.seen(), false, true);
      }
    }
    boolean complete = awaitEffects(watcher, expected);
    ChapterOrders.Expected seen = watcher.seen();
    out.println();
    if (complete) {
      out.println(
          "Done: "
              + count(written, "write")
              + " -> "
              + count(seen.mails().size(), "mail")
              + ", "
              + count(seen.documentStatus().size(), "document")
              + ", "
              + count(seen.archivedOrderIds().size(), "archived object")
              + ", as process_order_stream says.");
    } else if (stopRequested.getCount() > 0) {
      out.println(
          "Not every effect arrived within "
              + effectsTimeout.toSeconds()
              + " s: expected "
              + expected.mails().size()
              + " mails, "
              + expected.documentStatus().size()
              + " documents, "
              + expected.archivedOrderIds().size()
              + " archived objects; saw "
              + seen.mails().size()
              + ", "
              + seen.documentStatus().size()
              + ", "
              + seen.archivedOrderIds().size()
              + runtime.failure().map(f -> "; the pipeline failed: " + f.getMessage()).orElse("")
              + (watcher.lastProblem().isEmpty()
                  ? ""
                  : "; last error reading a server: " + watcher.lastProblem())
              + " (details in "
              + dataDir.resolve("demo.log")
              + ")");
    }
    if (keepRunning && stopRequested.getCount() > 0) {
      out.println(
          "Still running: write to Orders through "
              + endpoint.endpoint()
              + " (aws dynamodb ... --endpoint-url)"
              + " and watch the effects here; Ctrl-C stops.");
      stopRequested.await();
    }
    return new Outcome(written, expected, seen, complete, stopRequested.getCount() == 0);
  }

  private Outcome stoppedEarly() {
    return new Outcome(
        0,
        ChapterOrders.expected(ChapterOrders.orders(orders)),
        new ChapterOrders.Expected(List.of(), Map.of(), List.of()),
        false,
        true);
  }

  /** OpenSearch once it is up; empty if a stop came first. */
  private Optional<LocalOpenSearch> awaitOpenSearch() throws Exception {
    while (true) {
      try {
        return Optional.of(openSearch.get(200, TimeUnit.MILLISECONDS));
      } catch (TimeoutException e) {
        if (stopRequested.getCount() == 0) {
          return Optional.empty();
        }
      } catch (ExecutionException e) {
        throw e.getCause() instanceof Exception cause ? cause : e;
      }
    }
  }

  /**
   * The first mail, so later writes and their effects interleave: Kafka Streams and the runners
   * take a few seconds to get their partitions.
   */
  private boolean awaitFirstEffect(EffectsWatcher watcher) throws InterruptedException {
    out.println(
        "           (the pipeline's first event waits until Kafka Streams and the runners have their partitions)");
    long deadline = System.nanoTime() + effectsTimeout.toNanos();
    while (watcher.seen().mails().isEmpty()) {
      if (System.nanoTime() > deadline) {
        out.println(
            "No effect of the first write within "
                + effectsTimeout.toSeconds()
                + " s"
                + (watcher.lastProblem().isEmpty()
                    ? ""
                    : "; last error reading a server: " + watcher.lastProblem())
                + " (details in "
                + dataDir.resolve("demo.log")
                + ")");
        return false;
      }
      if (stopRequested.await(100, TimeUnit.MILLISECONDS)) {
        return false;
      }
    }
    return true;
  }

  private boolean awaitEffects(EffectsWatcher watcher, ChapterOrders.Expected expected)
      throws InterruptedException {
    long deadline = System.nanoTime() + effectsTimeout.toNanos();
    while (System.nanoTime() < deadline && stopRequested.getCount() > 0) {
      if (watcher.await(expected, Duration.ofMillis(250))) {
        return true;
      }
    }
    return false;
  }

  private static String count(int n, String noun) {
    return n + " " + noun + (n == 1 ? "" : "s");
  }

  private void line(String what, String where) {
    out.println(String.format("  %-11s %s", what, where));
  }

  private <T extends AutoCloseable> T keep(T resource) {
    started.push(resource);
    return resource;
  }

  /** Closes what was started, newest first (runners and relay before the broker, servers last). */
  private void closeAll() {
    boolean any = !started.isEmpty() || openSearch != null;
    if (any) {
      out.println("Stopping...");
    }
    while (!started.isEmpty()) {
      AutoCloseable c = started.pop();
      try {
        c.close();
      } catch (Exception e) {
        LoggerFactory.getLogger(OrderStreamDemo.class).warn("closing {} failed", c, e);
      }
    }
    if (openSearch != null) {
      try {
        openSearch.get(5, TimeUnit.MINUTES).close();
      } catch (Exception e) {
        // it never started: nothing to stop
      }
    }
    if (any) {
      out.println("Stopped.");
    }
  }

  /**
   * A fresh demo directory every run: created, or emptied if an earlier demo made it. A directory
   * with other content is refused, so a mistyped path does not lose someone's files.
   */
  private void prepareDataDirectory() throws IOException {
    if (Files.isDirectory(dataDir) && !Files.exists(dataDir.resolve(MARKER))) {
      try (Stream<Path> entries = Files.list(dataDir)) {
        if (entries.findAny().isPresent()) {
          throw new IllegalArgumentException(
              "data directory "
                  + dataDir
                  + " is not empty and was not made by the demo; choose another with --data-dir");
        }
      }
    }
    if (Files.exists(dataDir)) {
      try (Stream<Path> all = Files.walk(dataDir)) {
        all.sorted(Comparator.reverseOrder())
            .filter(p -> !p.equals(dataDir) && !p.getFileName().toString().equals("demo.log"))
            .forEach(OrderStreamDemo::delete);
      }
    }
    Files.createDirectories(dataDir);
    Files.writeString(
        dataDir.resolve(MARKER), "made by ./tributary demo; emptied by the next run\n");
  }

  private static void delete(Path p) {
    try {
      Files.deleteIfExists(p);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot empty the demo directory: " + e.getMessage(), e);
    }
  }

  /** Settings; each setter rejects a bad value at once. */
  public static final class Builder {
    private final Path dataDir;
    private int orders = 3;
    private Duration interval = Duration.ofMillis(500);
    private boolean keepRunning;
    private Duration effectsTimeout = Duration.ofMinutes(3);
    private Optional<Path> openSearchHome = Optional.empty();
    private PrintStream out = System.out;
    private boolean logToFile;
    private Optional<Function<Running, ? extends Attachment>> whenRunning = Optional.empty();

    private Builder(Path dataDir) {
      this.dataDir = Objects.requireNonNull(dataDir, "dataDir");
    }

    /** How many orders to write (default 3; the first is the chapter's own). */
    public Builder orders(int orders) {
      if (orders < 1 || orders > 10_000) {
        throw new IllegalArgumentException("orders must be 1..10000, was " + orders);
      }
      this.orders = orders;
      return this;
    }

    /** The pause after each write, so effects show up between them (default 500 ms). */
    public Builder interval(Duration interval) {
      if (Objects.requireNonNull(interval, "interval").isNegative()) {
        throw new IllegalArgumentException("interval must not be negative, was " + interval);
      }
      this.interval = interval;
      return this;
    }

    /** Keep every service running after the orders, until {@link #stop()}. */
    public Builder keepRunning(boolean keepRunning) {
      this.keepRunning = keepRunning;
      return this;
    }

    /** How long to wait for every expected effect after the last write (default 3 minutes). */
    public Builder effectsTimeout(Duration timeout) {
      this.effectsTimeout = SettingChecks.positive(timeout, "effectsTimeout");
      return this;
    }

    /** The unpacked OpenSearch distribution (default: {@link LocalOpenSearch#defaultHome()}). */
    public Builder openSearchHome(Path home) {
      this.openSearchHome = Optional.of(Objects.requireNonNull(home, "home"));
      return this;
    }

    public Builder out(PrintStream out) {
      this.out = Objects.requireNonNull(out, "out");
      return this;
    }

    /** Send every log line to {@code <dataDir>/demo.log} instead of the console (the CLI does). */
    public Builder logToFile(boolean logToFile) {
      this.logToFile = logToFile;
      return this;
    }

    /**
     * Starts {@code attach} once the pipeline runs (the worker's web console); what it returns is
     * closed with the demo and its description printed among the services.
     */
    public Builder whenRunning(Function<Running, ? extends Attachment> attach) {
      this.whenRunning = Optional.of(Objects.requireNonNull(attach, "attach"));
      return this;
    }

    public OrderStreamDemo build() {
      return new OrderStreamDemo(this);
    }
  }
}
