package dev.tributary.handlers.function.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tributary.handlers.function.internal.Outcome.Failure;
import dev.tributary.handlers.function.internal.RuntimeApiServer.Reply;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingDeque;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One execution environment of a function, as Lambda has them: a process speaking the Runtime API
 * to its own endpoint, one invocation at a time. A process that crashes, times out or fails its
 * init is replaced by a new one (a new generation with a new endpoint, so nothing a dead process
 * said can touch its successor); failed inits are retried with a growing back-off.
 *
 * <p>Endings, as Lambda reports them: a deadline passed kills the process and fails the invocation
 * with {@code Sandbox.Timedout} ("Task timed out after 3.00 seconds"); a process that exits during
 * an invocation fails it with {@code Runtime.ExitError}; an init error (posted to {@code
 * init/error}, an exit before the first {@code next}, or no {@code next} within the init timeout)
 * fails the invocations waiting for this environment with that error.
 */
public final class Sandbox implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Sandbox.class);
  private static final long FIRST_BACKOFF_MS = 200;
  private static final long MAX_BACKOFF_MS = 10_000;

  private final SandboxSettings settings;
  private final int index;
  private final ScheduledExecutorService timers;
  private final ExecutorService httpThreads;
  private final Logger output;
  private final LinkedBlockingDeque<Invocation> queue = new LinkedBlockingDeque<>();
  private final AtomicInteger starts = new AtomicInteger();
  private final Object lock = new Object();
  private Generation current; // guarded by lock
  private int initFailures; // guarded by lock
  private boolean closed; // guarded by lock

  public Sandbox(
      SandboxSettings settings,
      int index,
      ScheduledExecutorService timers,
      ExecutorService httpThreads) {
    this.settings = settings;
    this.index = index;
    this.timers = timers;
    this.httpThreads = httpThreads;
    this.output = LoggerFactory.getLogger("tributary.function." + settings.functionName());
  }

  /** Starts the first process (its init runs while no invocation waits: a warm start). */
  public void start() {
    synchronized (lock) {
      if (current == null) {
        startGeneration();
      }
    }
  }

  /** Queues an invocation for this environment; the future completes with how it ended. */
  public CompletableFuture<Outcome> invoke(Invocation invocation) {
    synchronized (lock) {
      if (closed) {
        invocation.complete(new Failure("Sandbox.Stopped", "the function is stopping"));
        return invocation.outcome();
      }
    }
    queue.add(invocation);
    return invocation.outcome();
  }

  /** Processes started so far (the first one included). */
  public int starts() {
    return starts.get();
  }

  @Override
  public void close() {
    Generation g;
    synchronized (lock) {
      closed = true;
      g = current;
    }
    if (g != null) {
      g.stop();
    }
    for (Invocation inv; (inv = queue.pollFirst()) != null; ) {
      inv.complete(new Failure("Sandbox.Stopped", "the function is stopping"));
    }
  }

  private void startGeneration() { // holds lock
    if (closed) {
      return;
    }
    Generation g = new Generation(starts.incrementAndGet());
    current = g;
    g.start();
  }

  private void restart(Generation ended, long delayMillis) {
    timers.schedule(
        () -> {
          synchronized (lock) {
            if (!closed && current == ended) {
              startGeneration();
            }
          }
        },
        delayMillis,
        TimeUnit.MILLISECONDS);
  }

  /** One process and its Runtime API endpoint. */
  private final class Generation implements RuntimeApiServer.Backend {
    private final String name;
    private final AtomicReference<Invocation> busy = new AtomicReference<>();
    private final AtomicBoolean ended = new AtomicBoolean();
    private volatile RuntimeApiServer server;
    private volatile Process process;
    private volatile boolean initialized;
    private volatile Failure initError;

    Generation(int number) {
      this.name = settings.functionName() + "[" + index + "." + number + "]";
    }

    void start() {
      try {
        server = RuntimeApiServer.start(this, httpThreads);
      } catch (UncheckedIOException e) {
        ended.set(true);
        initFailed(new Failure("Runtime.Unknown", e.getMessage()));
        return;
      }
      ProcessBuilder pb =
          new ProcessBuilder(settings.command()).directory(settings.taskRoot().toFile());
      Map<String, String> env = pb.environment();
      env.putAll(settings.environment());
      env.put("AWS_LAMBDA_RUNTIME_API", server.address());
      env.put("AWS_LAMBDA_LOG_STREAM_NAME", logStream());
      try {
        process = pb.start();
      } catch (IOException e) {
        end(false);
        initFailed(
            new Failure(
                "Runtime.InvalidEntrypoint",
                "cannot start " + settings.command() + ": " + e.getMessage()));
        return;
      }
      try {
        process.getOutputStream().close();
      } catch (IOException e) {
        // stdin of the function: nothing is ever written to it
      }
      OutputPump.start(process.getInputStream(), output, name, "tributary-fn-" + name + "-out");
      OutputPump.start(process.getErrorStream(), output, name, "tributary-fn-" + name + "-err");
      log.debug(
          "Function {}: process {} started, Runtime API at {}",
          name,
          process.pid(),
          server.address());
      process.onExit().thenAccept(p -> exited(p.exitValue()));
      timers.schedule(this::initTimedOut, settings.initTimeout().toMillis(), TimeUnit.MILLISECONDS);
    }

    private String logStream() {
      String day =
          DateTimeFormatter.ofPattern("yyyy/MM/dd").withZone(ZoneOffset.UTC).format(Instant.now());
      return day + "/[$LATEST]" + UUID.randomUUID().toString().replace("-", "");
    }

    @Override
    public Optional<Invocation> next() throws InterruptedException {
      if (!initialized && !ended.get()) {
        initialized = true;
        synchronized (lock) {
          initFailures = 0;
        }
      }
      while (!ended.get()) {
        Invocation inv = queue.pollFirst(200, TimeUnit.MILLISECONDS);
        if (inv == null || inv.isDone()) {
          continue;
        }
        long timeoutMillis = settings.timeout().toMillis();
        inv.startsNow(timeoutMillis);
        busy.set(inv);
        if (ended.get() && busy.compareAndSet(inv, null)) {
          queue.offerFirst(inv); // this process is gone: the next one takes it
          break;
        }
        timers.schedule(() -> timedOut(inv), timeoutMillis, TimeUnit.MILLISECONDS);
        return Optional.of(inv);
      }
      return Optional.empty();
    }

    @Override
    public Reply response(String requestId, byte[] body, boolean tooLarge) {
      Invocation inv = take(requestId);
      if (inv == null) {
        return invalidRequestId(requestId);
      }
      if (tooLarge) {
        int limit = RuntimeApiServer.MAX_RESPONSE_BYTES;
        inv.complete(
            new Failure(
                "Function.ResponseSizeTooLarge",
                "Response payload size exceeded maximum allowed payload size ("
                    + limit
                    + " bytes)."));
        return Reply.error(
            413,
            "RequestEntityTooLarge",
            "Exceeded maximum allowed payload size (" + limit + " bytes).");
      }
      inv.complete(new Outcome.Response(body));
      return Reply.accepted();
    }

    @Override
    public Reply error(String requestId, String errorTypeHeader, byte[] body) {
      Invocation inv = take(requestId);
      if (inv == null) {
        return invalidRequestId(requestId);
      }
      inv.complete(failureOf(errorTypeHeader, body, "Unhandled"));
      return Reply.accepted();
    }

    @Override
    public Reply initError(String errorTypeHeader, byte[] body) {
      if (initialized) {
        return Reply.error(
            403,
            "InvalidStateTransition",
            "State transition from Ready to InitError failed for runtime. Error: State transition is not allowed");
      }
      Failure f = failureOf(errorTypeHeader, body, "Runtime.Unknown");
      initError = f;
      // Answer first; the process usually exits on its own right after.
      timers.schedule(
          () -> {
            if (end(false)) {
              initFailed(f);
            }
          },
          100,
          TimeUnit.MILLISECONDS);
      return Reply.accepted();
    }

    private Invocation take(String requestId) {
      Invocation inv = busy.get();
      if (inv == null || !inv.requestId().equals(requestId) || !busy.compareAndSet(inv, null)) {
        return null;
      }
      return inv;
    }

    private Reply invalidRequestId(String requestId) {
      return Reply.error(400, "InvalidRequestID", "Invalid request ID: " + requestId);
    }

    private void exited(int code) {
      if (!end(false)) {
        return; // ended on purpose (timeout, init error, close): already handled
      }
      String status = code > 128 ? "signal: " + signal(code - 128) : "exit status " + code;
      Invocation inv = busy.getAndSet(null);
      if (inv != null) {
        log.warn(
            "Function {}: process exited during invocation {} ({}); starting a new one",
            name,
            inv.requestId(),
            status);
        inv.complete(
            new Failure(
                "Runtime.ExitError",
                "RequestId: " + inv.requestId() + " Error: Runtime exited with error: " + status));
        restart(this, 0);
      } else if (!initialized) {
        Failure f = initError;
        initFailed(
            f != null
                ? f
                : new Failure("Runtime.ExitError", "Error: Runtime exited with error: " + status));
      } else {
        log.warn(
            "Function {}: process exited between invocations ({}); starting a new one",
            name,
            status);
        restart(this, 0);
      }
    }

    private void timedOut(Invocation inv) {
      if (!busy.compareAndSet(inv, null)) {
        return; // answered in time
      }
      double seconds = settings.timeout().toMillis() / 1000.0;
      log.warn(
          "Function {}: invocation {} timed out after {} s; killing the process",
          name,
          inv.requestId(),
          seconds);
      end(false);
      inv.complete(
          new Failure(
              "Sandbox.Timedout",
              String.format(
                  Locale.ROOT,
                  "%s %s Task timed out after %.2f seconds",
                  Instant.now(),
                  inv.requestId(),
                  seconds)));
      restart(this, 0);
    }

    private void initTimedOut() {
      if (!initialized && end(false)) {
        initFailed(
            new Failure(
                "Sandbox.Timedout",
                String.format(
                    Locale.ROOT,
                    "INIT timed out after %.2f seconds",
                    settings.initTimeout().toMillis() / 1000.0)));
      }
    }

    private void initFailed(Failure f) {
      int failures;
      synchronized (lock) {
        failures = ++initFailures;
      }
      long backoff = Math.min(MAX_BACKOFF_MS, FIRST_BACKOFF_MS << Math.min(failures - 1, 10));
      log.warn("Function {}: init failed ({}); trying again in {} ms", name, f, backoff);
      for (Invocation inv; (inv = queue.pollFirst()) != null; ) {
        inv.complete(f); // as on Lambda: the invocation that waited for this init gets its error
      }
      restart(this, backoff);
    }

    /**
     * Closing: the process is stopped (SIGTERM, then SIGKILL) and an invocation in flight fails.
     */
    void stop() {
      end(true);
      Invocation inv = busy.getAndSet(null);
      if (inv != null) {
        inv.complete(new Failure("Sandbox.Stopped", "the function is stopping"));
      }
    }

    /** Stops the endpoint and the process; true for the one caller that ended it. */
    boolean end(boolean graceful) {
      if (!ended.compareAndSet(false, true)) {
        return false;
      }
      RuntimeApiServer s = server;
      if (s != null) {
        s.close();
      }
      Process p = process;
      if (p != null && p.isAlive()) {
        p.descendants().forEach(ProcessHandle::destroyForcibly);
        if (graceful) {
          p.destroy();
          try {
            if (!p.waitFor(2, TimeUnit.SECONDS)) {
              p.destroyForcibly();
            }
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            p.destroyForcibly();
          }
        } else {
          p.destroyForcibly();
        }
      }
      return true;
    }
  }

  private static Failure failureOf(String errorTypeHeader, byte[] body, String fallbackType) {
    String type =
        errorTypeHeader == null || errorTypeHeader.isBlank() ? fallbackType : errorTypeHeader;
    String text = new String(body, StandardCharsets.UTF_8);
    try {
      JsonNode n = Json.MAPPER.readTree(body);
      if (n != null && n.isObject()) {
        if (n.path("errorType").isTextual() && !n.path("errorType").asText().isBlank()) {
          type = n.path("errorType").asText();
        }
        return new Failure(
            type, n.path("errorMessage").isTextual() ? n.path("errorMessage").asText() : text);
      }
    } catch (IOException e) {
      // not JSON: the text is the message
    }
    return new Failure(type, text);
  }

  private static String signal(int number) {
    return switch (number) {
      case 9 -> "killed";
      case 15 -> "terminated";
      case 6 -> "aborted";
      case 11 -> "segmentation fault";
      default -> "signal " + number;
    };
  }
}
