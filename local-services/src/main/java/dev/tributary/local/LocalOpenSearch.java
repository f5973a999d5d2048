package dev.tributary.local;

import dev.tributary.core.SettingChecks;
import dev.tributary.local.internal.ProcessTrees;
import dev.tributary.local.internal.SharedServer;
import dev.tributary.local.internal.UnprivilegedUser;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real single-node OpenSearch without the security plugin, started as a child process from the
 * integ-test distribution ({@code org.opensearch.distribution.integ-test-zip:opensearch}), with its
 * data, logs and console output under a run directory that every start empties.
 *
 * <p>OpenSearch refuses to run as root, so as root the server runs as the system user {@value
 * #USER}, created on first use. When that user cannot reach the distribution or the run directory
 * (a checkout under {@code /root}), they are staged under {@code /var/tmp/tributary-opensearch}.
 *
 * <p>The distribution is found by {@link #defaultHome()}: the system property {@value
 * #HOME_PROPERTY}, the environment variable {@code TRIBUTARY_OPENSEARCH_HOME}, or where the build
 * of this module unpacked it ({@code local-services/target/opensearch/opensearch-<version>}).
 *
 * <pre>{@code
 * try (LocalOpenSearch search = LocalOpenSearch.builder().runDirectory(Path.of("data/opensearch")).start()) {
 *   String url = search.url();   // http://127.0.0.1:<port>
 * }
 * }</pre>
 *
 * Tests share one server per JVM with {@link #shared()}.
 */
public final class LocalOpenSearch implements AutoCloseable {
  /** The unprivileged user the server runs as when this JVM is root. */
  public static final String USER = "tributary-os";

  /** System property naming the unpacked distribution (its {@code bin/opensearch} inside). */
  public static final String HOME_PROPERTY = "tributary.opensearch.home";

  /** System property naming the run directory of {@link #shared()}. */
  public static final String RUN_PROPERTY = "tributary.opensearch.run";

  private static final Logger log = LoggerFactory.getLogger(LocalOpenSearch.class);
  private static final Path STAGING = Paths.get("/var/tmp/tributary-opensearch");
  private static final String MAIN_CLASS = "org.opensearch.bootstrap.OpenSearch";
  private static final SharedServer<LocalOpenSearch> SHARED =
      new SharedServer<>(LocalOpenSearch::startShared, LocalOpenSearch::close, "opensearch-stop");

  private final Path home;
  private final Path run;
  private final Duration startTimeout;
  private final String heap;
  private final Path javaHome;
  private final int requestedPort;
  private Process process;
  private int port;
  private Optional<Path> stagedRun = Optional.empty();

  private LocalOpenSearch(Builder b) {
    this.home = b.home.orElseGet(LocalOpenSearch::requireDefaultHome).toAbsolutePath();
    this.run = b.run.toAbsolutePath();
    this.startTimeout = b.startTimeout;
    this.heap = b.heap;
    this.javaHome = b.javaHome;
    this.requestedPort = b.port;
  }

  public static Builder builder() {
    return new Builder();
  }

  /**
   * The server every caller in this JVM shares (tests across classes), started on first use with
   * the run directory {@value #RUN_PROPERTY} (default {@code target/opensearch-run}) and the start
   * timeout {@code tributary.opensearch.start-timeout} (ISO-8601, default 4 minutes); a shutdown
   * hook stops it.
   */
  public static LocalOpenSearch shared() {
    return SHARED.get();
  }

  private static LocalOpenSearch startShared() {
    Builder b =
        builder()
            .runDirectory(Paths.get(System.getProperty(RUN_PROPERTY, "target/opensearch-run")));
    Optional.ofNullable(System.getProperty("tributary.opensearch.start-timeout"))
        .map(Duration::parse)
        .ifPresent(b::startTimeout);
    return b.start();
  }

  /**
   * The unpacked distribution to use: {@value #HOME_PROPERTY}, else {@code
   * TRIBUTARY_OPENSEARCH_HOME}, else the one this module's build unpacked, if it is there.
   */
  public static Optional<Path> defaultHome() {
    String configured = System.getProperty(HOME_PROPERTY);
    if (configured == null || configured.isBlank()) {
      configured = System.getenv("TRIBUTARY_OPENSEARCH_HOME");
    }
    if (configured != null && !configured.isBlank()) {
      return Optional.of(Paths.get(configured));
    }
    return builtHome().filter(h -> Files.isRegularFile(h.resolve("bin/opensearch")));
  }

  /** The OpenSearch version this module was built with. */
  public static String version() {
    return buildProperties().getProperty("opensearch.version", "unknown");
  }

  private static Optional<Path> builtHome() {
    return Optional.ofNullable(buildProperties().getProperty("opensearch.home")).map(Paths::get);
  }

  private static Properties buildProperties() {
    Properties p = new Properties();
    try (InputStream in = LocalOpenSearch.class.getResourceAsStream("local-services.properties")) {
      if (in != null) {
        p.load(in);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read local-services.properties", e);
    }
    return p;
  }

  private static Path requireDefaultHome() {
    return defaultHome()
        .orElseThrow(
            () ->
                new IllegalStateException(
                    "No OpenSearch distribution found: build it with `./mvnw -pl local-services package`"
                        + " or set -D"
                        + HOME_PROPERTY
                        + "=DIR"));
  }

  /** {@code http://127.0.0.1:<port>} */
  public synchronized String url() {
    if (process == null) {
      throw new IllegalStateException("OpenSearch is not running");
    }
    return "http://127.0.0.1:" + port;
  }

  public synchronized int port() {
    return port;
  }

  /** The distribution this server runs from (a staged copy when root's checkout is unreachable). */
  public Path home() {
    return home;
  }

  private synchronized LocalOpenSearch start() {
    long t0 = System.nanoTime();
    try {
      ProcessTrees.stopStale(run.resolve("opensearch.pid"), MAIN_CLASS, 30);
      Path effectiveHome = home;
      Path effectiveRun = run;
      Optional<UnprivilegedUser> user = Optional.empty();
      if (UnprivilegedUser.isRoot()) {
        UnprivilegedUser u = new UnprivilegedUser(USER);
        u.ensureExists();
        effectiveHome = reachableHome(u);
        effectiveRun = reachableRun(u);
        stagedRun = effectiveRun.equals(run) ? Optional.empty() : Optional.of(effectiveRun);
        user = Optional.of(u);
      }
      resetRunDirectory(effectiveRun);
      if (user.isPresent()) {
        user.get().own(effectiveHome);
        user.get().own(effectiveRun);
      }
      port = requestedPort > 0 ? requestedPort : ProcessTrees.freePort();
      process = launch(effectiveHome, effectiveRun, user);
      awaitHealthy(effectiveRun);
      log.info(
          "OpenSearch {} up on {} in {} ms",
          effectiveHome.getFileName(),
          url(),
          Duration.ofNanos(System.nanoTime() - t0).toMillis());
      return this;
    } catch (IOException e) {
      close();
      throw new UncheckedIOException(
          "could not start OpenSearch from " + home + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      close();
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while starting OpenSearch", e);
    } catch (RuntimeException e) {
      close();
      throw e;
    }
  }

  /** Stops the server and every process it started; safe to call twice. */
  @Override
  public synchronized void close() {
    Process p = process;
    process = null;
    if (p != null) {
      ProcessTrees.stop(p, 30);
    }
    // a staged run directory is nobody's to look at later: do not let them pile up
    stagedRun.ifPresent(
        dir -> {
          try {
            deleteTree(dir);
          } catch (IOException e) {
            log.warn("could not remove the staged run directory {}: {}", dir, e.toString());
          }
        });
    stagedRun = Optional.empty();
  }

  @Override
  public String toString() {
    return "LocalOpenSearch[" + (process == null ? "stopped" : url()) + ", " + home + "]";
  }

  // ---- launching -------------------------------------------------------------------------

  private Process launch(Path home, Path run, Optional<UnprivilegedUser> user) throws IOException {
    Path executable = home.resolve("bin/opensearch");
    if (!Files.isRegularFile(executable)) {
      throw new IllegalStateException(
          "No OpenSearch distribution at "
              + home
              + ": build it with `./mvnw -pl local-services package`");
    }
    List<String> cmd = new ArrayList<>();
    user.ifPresent(u -> cmd.addAll(u.runAs()));
    cmd.addAll(
        List.of(
            "env",
            "OPENSEARCH_JAVA_HOME=" + javaHome,
            "OPENSEARCH_JAVA_OPTS=-Xms"
                + heap
                + " -Xmx"
                + heap
                + " -XX:-HeapDumpOnOutOfMemoryError",
            "OPENSEARCH_TMPDIR=" + run.resolve("tmp"),
            "OPENSEARCH_PATH_CONF=" + home.resolve("config"),
            executable.toString(),
            "-p",
            run.resolve("opensearch.pid").toString(),
            "-Ediscovery.type=single-node",
            "-Enetwork.host=127.0.0.1",
            "-Ehttp.port=" + port,
            "-Etransport.port=" + ProcessTrees.freePort(),
            "-Epath.data=" + run.resolve("data"),
            "-Epath.logs=" + run.resolve("logs"),
            "-Enode.store.allow_mmap=false",
            // a nearly full disk would otherwise turn indices read-only
            "-Ecluster.routing.allocation.disk.threshold_enabled=false",
            "-Eaction.destructive_requires_name=false"));
    return new ProcessBuilder(cmd)
        .directory(home.toFile())
        .redirectErrorStream(true)
        .redirectOutput(run.resolve("console.log").toFile())
        .start();
  }

  private void awaitHealthy(Path run) throws InterruptedException {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    URI health = URI.create(url() + "/_cluster/health?wait_for_status=yellow&timeout=2s");
    long deadline = System.nanoTime() + startTimeout.toNanos();
    String last = "no answer yet";
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException(
            "OpenSearch exited with "
                + process.exitValue()
                + " while starting; its log ends:\n"
                + logTail(run));
      }
      try {
        HttpResponse<String> r =
            http.send(
                HttpRequest.newBuilder(health).timeout(Duration.ofSeconds(5)).build(),
                HttpResponse.BodyHandlers.ofString());
        last = r.statusCode() + " " + r.body();
        if (r.statusCode() == 200
            && (r.body().contains("\"status\":\"green\"")
                || r.body().contains("\"status\":\"yellow\""))) {
          return;
        }
      } catch (IOException e) {
        last = e.toString();
      }
      Thread.sleep(500);
    }
    throw new IllegalStateException(
        "OpenSearch was not healthy within "
            + startTimeout
            + " (last answer: "
            + last
            + "); its log ends:\n"
            + logTail(run));
  }

  /** The last 40 lines of OpenSearch's console, for error messages. */
  private static String logTail(Path run) {
    try {
      List<String> lines = Files.readAllLines(run.resolve("console.log"), StandardCharsets.UTF_8);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
    } catch (IOException e) {
      return "(no log: " + e + ")";
    }
  }

  // ---- directories -----------------------------------------------------------------------

  /** The distribution, or a copy of it the user can reach (made once per distribution). */
  private Path reachableHome(UnprivilegedUser user) throws IOException, InterruptedException {
    if (user.canReach(home.resolve("bin"))) {
      return home;
    }
    Path staged = STAGING.resolve(home.getFileName());
    if (!Files.isRegularFile(staged.resolve("bin/opensearch"))) {
      log.info("{} cannot reach {}: copying the distribution to {}", USER, home, staged);
      makeReachableStaging();
      UnprivilegedUser.copyTree(home, staged);
    }
    return staged;
  }

  /** The run directory, or one under the staging area the user can reach. */
  private Path reachableRun(UnprivilegedUser user) throws IOException, InterruptedException {
    Files.createDirectories(run.getParent());
    if (user.canReach(run.getParent())) {
      return run;
    }
    makeReachableStaging();
    Path staged = STAGING.resolve("run-" + Integer.toHexString(run.toString().hashCode()));
    log.info("{} cannot reach {}: running OpenSearch in {}", USER, run, staged);
    return staged;
  }

  private static void makeReachableStaging() throws IOException {
    Files.createDirectories(STAGING);
    STAGING.toFile().setExecutable(true, false);
    STAGING.toFile().setReadable(true, false);
  }

  /** Data from an earlier run would leave old indices behind: every start begins empty. */
  private static void resetRunDirectory(Path run) throws IOException {
    deleteTree(run);
    Files.createDirectories(run.resolve("data"));
    Files.createDirectories(run.resolve("logs"));
    Files.createDirectories(run.resolve("tmp"));
  }

  private static void deleteTree(Path dir) throws IOException {
    if (Files.exists(dir)) {
      try (Stream<Path> all = Files.walk(dir)) {
        for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
          Files.delete(p);
        }
      }
    }
  }

  /** Settings; each setter rejects a bad value at once. */
  public static final class Builder {
    private Optional<Path> home = Optional.empty();
    private Path run = Paths.get("target/opensearch-run");
    private Duration startTimeout = Duration.ofMinutes(4);
    private String heap = "512m";
    private Path javaHome = Paths.get(System.getProperty("java.home"));
    private int port;

    private Builder() {}

    /** The unpacked distribution (default {@link #defaultHome()}). */
    public Builder home(Path home) {
      this.home = Optional.of(Objects.requireNonNull(home, "home"));
      return this;
    }

    /** Data, logs, console output and pid file; emptied on every start. */
    public Builder runDirectory(Path run) {
      this.run = Objects.requireNonNull(run, "run");
      return this;
    }

    /** How long to wait for a yellow cluster (default 4 minutes: a loaded machine is slow). */
    public Builder startTimeout(Duration timeout) {
      this.startTimeout =
          SettingChecks.positive(Objects.requireNonNull(timeout, "timeout"), "startTimeout");
      return this;
    }

    /** The server's heap, {@code -Xms} = {@code -Xmx} (default {@code 512m}). */
    public Builder heap(String heap) {
      if (!Objects.requireNonNull(heap, "heap").matches("\\d+[mMgG]")) {
        throw new IllegalArgumentException("heap must be like 512m or 1g, was " + heap);
      }
      this.heap = heap;
      return this;
    }

    /** The Java the server runs on (OpenSearch 2.x: 11 to 21); default this JVM's. */
    public Builder javaHome(Path javaHome) {
      this.javaHome = Objects.requireNonNull(javaHome, "javaHome");
      return this;
    }

    /** The HTTP port; 0 (the default) picks a free one. */
    public Builder port(int port) {
      this.port = SettingChecks.listenPort(port, "port");
      return this;
    }

    /** Starts the server and waits until it is healthy; throws with its log's tail if it is not. */
    public LocalOpenSearch start() {
      return new LocalOpenSearch(this).start();
    }
  }
}
