package dev.tributary.handlers.search;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
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
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * A real single-node OpenSearch, started as a child process from the integ-test distribution that
 * the build unpacks ({@code opensearch.home}), with data and logs under {@code opensearch.run}.
 * OpenSearch refuses to run as root, so as root the server runs as the system user {@value #USER},
 * created on first use. One server serves every test class of a JVM ({@link #shared()}); a
 * shutdown hook stops it.
 *
 * <p>Use it as an extension: {@code @ExtendWith(OpenSearchServer.Extension.class)} and take an
 * {@code OpenSearchServer} parameter.
 */
public final class OpenSearchServer {
  static final String USER = "tributary-os";
  private static final Duration DEFAULT_START_TIMEOUT = Duration.ofMinutes(4);
  private static OpenSearchServer shared;

  private final Path home;
  private final Path run;
  private final Duration startTimeout;
  private Process process;
  private int port;

  OpenSearchServer(Path home, Path run, Duration startTimeout) {
    this.home = Objects.requireNonNull(home, "home");
    this.run = Objects.requireNonNull(run, "run");
    this.startTimeout = Objects.requireNonNull(startTimeout, "startTimeout");
  }

  /** The server every test class of this JVM shares, started on first use. */
  public static synchronized OpenSearchServer shared() {
    if (shared == null) {
      OpenSearchServer s = new OpenSearchServer(locateHome(), runDirectory(), startTimeout());
      s.start();
      Runtime.getRuntime().addShutdownHook(new Thread(s::stop, "opensearch-stop"));
      shared = s;
    }
    return shared;
  }

  /** {@code http://127.0.0.1:<port>} */
  public String url() {
    if (process == null) {
      throw new IllegalStateException("OpenSearch is not started");
    }
    return "http://127.0.0.1:" + port;
  }

  public int port() {
    return port;
  }

  public synchronized void start() {
    if (process != null) {
      throw new IllegalStateException("OpenSearch is already started on port " + port);
    }
    try {
      killStale();
      resetRunDirectory();
      boolean asRoot = isRoot();
      if (asRoot) {
        ensureUser();
        chown(home);
        chown(run);
      }
      port = freePort();
      long t0 = System.nanoTime();
      process = launch(asRoot);
      awaitHealthy();
      System.out.printf(
          "OpenSearch %s up on %s in %d ms%n",
          home.getFileName(), url(), Duration.ofNanos(System.nanoTime() - t0).toMillis());
    } catch (IOException e) {
      stop();
      throw new UncheckedIOException("could not start OpenSearch from " + home, e);
    } catch (InterruptedException e) {
      stop();
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while starting OpenSearch", e);
    }
  }

  /** Stops the server and every process it started; safe to call twice. */
  public synchronized void stop() {
    Process p = process;
    process = null;
    if (p == null) {
      return;
    }
    // runuser does not always pass SIGTERM on: signal the JVM underneath it directly
    List<ProcessHandle> tree = new ArrayList<>(p.descendants().toList());
    tree.forEach(ProcessHandle::destroy);
    p.destroy();
    for (ProcessHandle h : tree) {
      h.onExit().completeOnTimeout(h, 30, java.util.concurrent.TimeUnit.SECONDS).join();
      if (h.isAlive()) {
        h.destroyForcibly();
      }
    }
    try {
      if (!p.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
        p.destroyForcibly();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  // ---- launching -------------------------------------------------------------------------

  private Process launch(boolean asRoot) throws IOException {
    Path executable = home.resolve("bin/opensearch");
    if (!Files.isRegularFile(executable)) {
      throw new IllegalStateException(
          "No OpenSearch distribution at " + home + " (run the build's pre-integration-test phase)");
    }
    List<String> cmd = new ArrayList<>();
    if (asRoot) {
      cmd.addAll(List.of("runuser", "-u", USER, "--"));
    }
    cmd.addAll(
        List.of(
            "env",
            "OPENSEARCH_JAVA_HOME=" + javaHome(),
            "OPENSEARCH_JAVA_OPTS=-Xms512m -Xmx512m -XX:-HeapDumpOnOutOfMemoryError",
            "OPENSEARCH_TMPDIR=" + run.resolve("tmp"),
            "OPENSEARCH_PATH_CONF=" + home.resolve("config"),
            executable.toString(),
            "-p",
            run.resolve("opensearch.pid").toString(),
            "-Ediscovery.type=single-node",
            "-Enetwork.host=127.0.0.1",
            "-Ehttp.port=" + port,
            "-Etransport.port=" + freePort(),
            "-Epath.data=" + run.resolve("data"),
            "-Epath.logs=" + run.resolve("logs"),
            "-Enode.store.allow_mmap=false",
            // a nearly full disk would otherwise turn test indices read-only
            "-Ecluster.routing.allocation.disk.threshold_enabled=false",
            "-Eaction.destructive_requires_name=false"));
    return new ProcessBuilder(cmd)
        .directory(home.toFile())
        .redirectErrorStream(true)
        .redirectOutput(run.resolve("console.log").toFile())
        .start();
  }

  private void awaitHealthy() throws InterruptedException {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    URI health = URI.create(url() + "/_cluster/health?wait_for_status=yellow&timeout=2s");
    long deadline = System.nanoTime() + startTimeout.toNanos();
    String last = "no answer yet";
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException(
            "OpenSearch exited with " + process.exitValue() + " while starting; its log ends:\n" + logTail());
      }
      try {
        HttpResponse<String> r =
            http.send(
                HttpRequest.newBuilder(health).timeout(Duration.ofSeconds(5)).build(),
                HttpResponse.BodyHandlers.ofString());
        last = r.statusCode() + " " + r.body();
        if (r.statusCode() == 200
            && (r.body().contains("\"status\":\"green\"") || r.body().contains("\"status\":\"yellow\""))) {
          return;
        }
      } catch (IOException e) {
        last = e.toString();
      }
      Thread.sleep(500);
    }
    throw new IllegalStateException(
        "OpenSearch was not healthy within " + startTimeout + " (last answer: " + last
            + "); its log ends:\n" + logTail());
  }

  /** The last 40 lines of OpenSearch's console, for error messages. */
  String logTail() {
    try {
      List<String> lines = Files.readAllLines(run.resolve("console.log"), StandardCharsets.UTF_8);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
    } catch (IOException e) {
      return "(no log: " + e + ")";
    }
  }

  // ---- the unprivileged user and the directories -----------------------------------------

  private static boolean isRoot() {
    return "root".equals(System.getProperty("user.name"));
  }

  /** Creates {@value #USER} once; a concurrent build creating it too is fine. */
  private static void ensureUser() throws IOException, InterruptedException {
    if (exec("id", "-u", USER) == 0) {
      return;
    }
    int rc = exec("useradd", "--system", "--no-create-home", "--shell", "/usr/sbin/nologin", USER);
    if (rc != 0 && exec("id", "-u", USER) != 0) {
      throw new IllegalStateException("useradd " + USER + " failed with exit code " + rc);
    }
  }

  private static void chown(Path dir) throws IOException, InterruptedException {
    int rc = exec("chown", "-R", USER, dir.toString());
    if (rc != 0) {
      throw new IllegalStateException("chown -R " + USER + " " + dir + " failed with exit code " + rc);
    }
  }

  private static int exec(String... cmd) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    return p.waitFor();
  }

  /** Data from an earlier run would leave old indices behind: every start begins empty. */
  private void resetRunDirectory() throws IOException {
    if (Files.exists(run)) {
      try (Stream<Path> all = Files.walk(run)) {
        for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
          Files.delete(p);
        }
      }
    }
    Files.createDirectories(run.resolve("data"));
    Files.createDirectories(run.resolve("logs"));
    Files.createDirectories(run.resolve("tmp"));
  }

  /** A server left running by a test JVM that was killed holds the data directory: stop it. */
  private void killStale() throws IOException {
    Path pidFile = run.resolve("opensearch.pid");
    if (!Files.exists(pidFile)) {
      return;
    }
    long pid = Long.parseLong(Files.readString(pidFile).trim());
    Optional<ProcessHandle> stale = ProcessHandle.of(pid);
    stale
        .filter(h -> h.info().commandLine().orElse("").contains("org.opensearch.bootstrap.OpenSearch"))
        .ifPresent(
            h -> {
              h.destroy();
              h.onExit().completeOnTimeout(h, 30, java.util.concurrent.TimeUnit.SECONDS).join();
              if (h.isAlive()) {
                h.destroyForcibly();
              }
            });
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      s.setReuseAddress(true);
      return s.getLocalPort();
    }
  }

  // ---- locations -------------------------------------------------------------------------

  private static Path locateHome() {
    String configured = System.getProperty("opensearch.home");
    if (configured != null) {
      return Paths.get(configured).toAbsolutePath();
    }
    // outside the build (an IDE): whatever the build unpacked last
    Path unpacked = Paths.get("target", "opensearch").toAbsolutePath();
    try (Stream<Path> dirs = Files.list(unpacked)) {
      return dirs.filter(d -> d.getFileName().toString().startsWith("opensearch-"))
          .findFirst()
          .orElseThrow(() -> new IllegalStateException("No OpenSearch unpacked under " + unpacked));
    } catch (IOException e) {
      throw new IllegalStateException(
          "No OpenSearch unpacked under " + unpacked + "; run `mvn -pl handlers verify` once", e);
    }
  }

  private static Path runDirectory() {
    return Paths.get(System.getProperty("opensearch.run", "target/opensearch-run")).toAbsolutePath();
  }

  private static Duration startTimeout() {
    return Optional.ofNullable(System.getProperty("opensearch.start-timeout"))
        .map(Duration::parse)
        .orElse(DEFAULT_START_TIMEOUT);
  }

  /** OpenSearch 2.x runs on Java 11 to 21; the test JVM's own Java unless told otherwise. */
  private static String javaHome() {
    return System.getProperty("opensearch.java.home", System.getProperty("java.home"));
  }

  /** Starts (once) and injects the shared server. */
  public static final class Extension implements BeforeAllCallback, ParameterResolver {
    @Override
    public void beforeAll(ExtensionContext context) {
      shared();
    }

    @Override
    public boolean supportsParameter(ParameterContext p, ExtensionContext e) {
      return p.getParameter().getType() == OpenSearchServer.class;
    }

    @Override
    public Object resolveParameter(ParameterContext p, ExtensionContext e) {
      return shared();
    }
  }
}
