package dev.tributary.handlers.function;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tributary.core.ChangeEvent;
import dev.tributary.core.ChangeEventJson;
import dev.tributary.core.handler.BatchContext;
import dev.tributary.core.handler.BatchResult;
import dev.tributary.core.handler.ChangeHandler;
import dev.tributary.core.handler.HandlerContext;
import dev.tributary.core.handler.PartitionState;
import dev.tributary.handlers.function.internal.Invocation;
import dev.tributary.handlers.function.internal.Json;
import dev.tributary.handlers.function.internal.KeyGroups;
import dev.tributary.handlers.function.internal.Outcome;
import dev.tributary.handlers.function.internal.RuntimeClients;
import dev.tributary.handlers.function.internal.Sandbox;
import dev.tributary.handlers.function.internal.SandboxSettings;
import dev.tributary.handlers.function.internal.TumblingWindows;
import dev.tributary.handlers.internal.BatchItemFailures;
import dev.tributary.handlers.internal.LambdaLimits;
import dev.tributary.handlers.lambda.FailureScope;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a Lambda function written in any language, through Lambda's Runtime API: the worker starts
 * the function's processes ({@code concurrency} of them, each its own execution environment with
 * Lambda's environment variables) and hands each batch to them as the DynamoDB Streams event Lambda
 * would pass, {@code {"Records": [...]}}.
 *
 * <pre>{@code
 * FunctionHandler.builder(FunctionRuntime.PYTHON3, Path.of("functions/orders"))
 *     .handler("app.process_order_stream")
 *     .timeout(Duration.ofSeconds(30))
 *     .build();
 * }</pre>
 *
 * <p>Results, as Lambda's ReportBatchItemFailures: {@code batchItemFailures} name records by
 * SequenceNumber, and the first failed record and everything after it is retried ({@link
 * FailureScope#FROM_LOWEST}, the default here); a null or empty response is success; an identifier
 * that is not in the batch fails the whole batch. An error, a crash, a timeout, an init failure or
 * a response that is not JSON fail the whole invocation ({@link FunctionInvocationException}).
 *
 * <p>Concurrency: a batch is split by item key into at most {@code concurrency} invocations that
 * run at once, one per process, so the events of a key are always in one invocation, in order.
 */
public final class FunctionHandler implements ChangeHandler {
  private static final Logger log = LoggerFactory.getLogger(FunctionHandler.class);

  /** The Runtime API variables the worker sets; user variables may not override them. */
  static final Set<String> RESERVED =
      Set.of(
          "_HANDLER",
          "AWS_LAMBDA_RUNTIME_API",
          "LAMBDA_TASK_ROOT",
          "LAMBDA_RUNTIME_DIR",
          "AWS_LAMBDA_FUNCTION_NAME",
          "AWS_LAMBDA_FUNCTION_VERSION",
          "AWS_LAMBDA_FUNCTION_MEMORY_SIZE",
          "AWS_LAMBDA_LOG_GROUP_NAME",
          "AWS_LAMBDA_LOG_STREAM_NAME",
          "AWS_REGION",
          "AWS_DEFAULT_REGION",
          "AWS_EXECUTION_ENV",
          "AWS_LAMBDA_INITIALIZATION_TYPE",
          "_X_AMZN_TRACE_ID");

  private static final AtomicInteger INSTANCES = new AtomicInteger();

  private final Optional<FunctionRuntime> runtime;
  private final Optional<String> runtimeName;
  private final List<String> command;
  private final Optional<String> handlerName;
  private final Path codeDir;
  private final Optional<String> functionName;
  private final int memoryMb;
  private final Duration timeout;
  private final Duration initTimeout;
  private final Map<String, String> environment;
  private final int concurrency;
  private final String region;
  private final FailureScope scope;
  private final boolean idempotent;
  private final boolean snapshots;
  private final Optional<FilterCriteria> filter;
  private final boolean reportBatchItemFailures;
  private final Optional<Duration> tumblingWindow;
  private TumblingWindows windows;
  private ScheduledExecutorService windowCloser;
  private final AtomicLong filteredOut = new AtomicLong();
  private final List<Sandbox> sandboxes = new ArrayList<>();
  private String name = "tributary-function";
  private ScheduledExecutorService timers;
  private ExecutorService httpThreads;

  private FunctionHandler(Builder b) {
    this.runtime = b.runtime;
    this.runtimeName = b.runtimeName;
    this.command = b.command;
    this.handlerName = b.handler;
    this.codeDir = b.codeDir;
    this.functionName = b.functionName;
    this.memoryMb = b.memoryMb;
    this.timeout = b.timeout;
    this.initTimeout = b.initTimeout;
    this.environment = Map.copyOf(b.environment);
    this.concurrency = b.concurrency;
    this.region = b.region;
    this.scope = b.scope;
    this.idempotent = b.idempotent;
    this.snapshots = b.snapshots;
    this.filter = b.filter;
    this.reportBatchItemFailures = b.reportBatchItemFailures;
    this.tumblingWindow = b.tumblingWindow;
    functionName.ifPresent(n -> name = n);
  }

  /** A function of a managed runtime ({@code python3}, {@code nodejs}) or {@code provided}. */
  public static Builder builder(FunctionRuntime runtime, Path codeDir) {
    return new Builder(Optional.of(Objects.requireNonNull(runtime, "runtime")), List.of(), codeDir);
  }

  /**
   * A function whose processes run {@code command} (any Runtime API client), in {@code codeDir}.
   */
  public static Builder builder(List<String> command, Path codeDir) {
    Objects.requireNonNull(command, "command");
    if (command.isEmpty() || command.stream().anyMatch(c -> c == null || c.isEmpty())) {
      throw new IllegalArgumentException(
          "command must be a non-empty list of non-empty strings, was " + command);
    }
    return new Builder(Optional.empty(), List.copyOf(command), codeDir);
  }

  @Override
  public void open(HandlerContext context) {
    if (functionName.isEmpty()) {
      name = context.pipeline() + "-" + context.handler();
    }
    int id = INSTANCES.incrementAndGet();
    timers =
        Executors.newSingleThreadScheduledExecutor(
            daemon("tributary-fn-" + name + "-" + id + "-timer"));
    httpThreads = Executors.newCachedThreadPool(daemon("tributary-fn-" + name + "-" + id + "-api"));
    SandboxSettings settings =
        new SandboxSettings(
            name, processCommand(), codeDir, lambdaEnvironment(), timeout, initTimeout);
    for (int i = 0; i < concurrency; i++) {
      Sandbox s = new Sandbox(settings, i, timers, httpThreads);
      sandboxes.add(s);
      s.start();
    }
    log.info(
        "Function {}: {} process(es) of {} in {}", name, concurrency, settings.command(), codeDir);
    if (tumblingWindow.isPresent()) {
      windows = new TumblingWindows(tumblingWindow.get());
      windowCloser =
          Executors.newSingleThreadScheduledExecutor(
              daemon("tributary-fn-" + name + "-" + id + "-windows"));
      windowCloser.scheduleWithFixedDelay(
          () -> windows.closeEnded(Instant.now(), this::invokeWindowed), 1, 1, TimeUnit.SECONDS);
    }
  }

  /** One windowed invocation on the first process: the response as JSON, or the failure thrown. */
  private JsonNode invokeWindowed(byte[] event) {
    Invocation inv = new Invocation(UUID.randomUUID().toString(), event, functionArn(), traceId());
    Outcome outcome = await(sandboxes.get(0).invoke(inv));
    Optional<FunctionInvocationException> whole = wholeFailure(outcome);
    if (whole.isPresent()) {
      throw whole.get();
    }
    try {
      return Json.MAPPER.readTree(((Outcome.Response) outcome).body());
    } catch (IOException e) {
      throw new FunctionInvocationException(
          name, "Function.MalformedResponse", "the response is not JSON");
    }
  }

  private BatchResult handleWindowed(List<ChangeEvent> batch, BatchContext context) {
    try {
      List<String> failed =
          windows.handle(
              batch,
              context.partition(),
              context.lastOffset(),
              this::invokeWindowed,
              (response, group) ->
                  reportBatchItemFailures
                      ? BatchItemFailures.toResult(
                              Json.MAPPER.convertValue(response, Object.class), group, scope)
                          .failedEventIds()
                      : List.of());
      return failed.isEmpty() ? BatchResult.success() : BatchResult.failedIds(failed);
    } catch (TumblingWindows.MissingStateException e) {
      throw new FunctionInvocationException(name, "Function.MalformedResponse", e.getMessage());
    }
  }

  /**
   * With a tumbling window, the windows' state per lane partition, which the runner commits with
   * its position and restores after a restart or on another worker.
   */
  @Override
  public Optional<PartitionState> partitionState() {
    if (windows == null) {
      return Optional.empty();
    }
    TumblingWindows w = windows;
    return Optional.of(
        new PartitionState() {
          @Override
          public Optional<byte[]> checkpoint(int partition, long position) {
            return w.checkpoint(partition, position);
          }

          @Override
          public void restore(int partition, byte[] state) {
            w.restore(partition, state);
          }

          @Override
          public void revoked(int partition) {
            w.forget(partition);
          }
        });
  }

  @Override
  public BatchResult handle(List<ChangeEvent> batch, BatchContext context) {
    Objects.requireNonNull(batch, "batch");
    if (batch.isEmpty()) {
      return BatchResult.success();
    }
    if (sandboxes.isEmpty()) {
      throw new IllegalStateException("function " + name + " is not open");
    }
    if (filter.isPresent()) {
      List<ChangeEvent> kept = new ArrayList<>(batch.size());
      for (ChangeEvent e : batch) {
        if (filter.get().test(e)) {
          kept.add(e);
        }
      }
      if (kept.size() < batch.size()) {
        filteredOut.addAndGet(batch.size() - kept.size());
        log.debug(
            "Function {}: {} of {} record(s) match no filter and are dropped",
            name,
            batch.size() - kept.size(),
            batch.size());
      }
      if (kept.isEmpty()) {
        return BatchResult.success(); // as Lambda: no invocation when no record matches
      }
      batch = kept;
    }
    if (windows != null) {
      return handleWindowed(batch, context);
    }
    List<List<ChangeEvent>> groups = new ArrayList<>();
    List<CompletableFuture<Outcome>> outcomes = new ArrayList<>();
    List<List<ChangeEvent>> split = KeyGroups.split(batch, sandboxes.size());
    for (int i = 0; i < split.size(); i++) {
      if (!split.get(i).isEmpty()) {
        byte[] event = ChangeEventJson.toLambdaEvent(split.get(i)).getBytes(StandardCharsets.UTF_8);
        Invocation inv =
            new Invocation(UUID.randomUUID().toString(), event, functionArn(), traceId());
        groups.add(split.get(i));
        outcomes.add(sandboxes.get(i).invoke(inv));
      }
    }
    List<String> failed = new ArrayList<>();
    FunctionInvocationException error = null;
    int wholeFailures = 0;
    for (int i = 0; i < groups.size(); i++) {
      List<ChangeEvent> group = groups.get(i);
      Outcome outcome = await(outcomes.get(i));
      Optional<FunctionInvocationException> whole = wholeFailure(outcome);
      if (whole.isPresent()) {
        error = whole.get();
        wholeFailures++;
        log.warn(
            "Function {}: an invocation of {} record(s) failed (attempt {}): {}",
            name,
            group.size(),
            context.attempt(),
            error.getMessage());
        group.forEach(e -> failed.add(e.eventId()));
      } else {
        if (reportBatchItemFailures) {
          Object response = Json.parse(((Outcome.Response) outcome).body()).orElseThrow();
          failed.addAll(BatchItemFailures.toResult(response, group, scope).failedEventIds());
        }
      }
    }
    if (error != null && wholeFailures == groups.size()) {
      throw error; // every invocation failed: the batch is retried (or bisected) as a whole
    }
    return failed.isEmpty() ? BatchResult.success() : BatchResult.failedIds(failed);
  }

  private Optional<FunctionInvocationException> wholeFailure(Outcome outcome) {
    if (outcome instanceof Outcome.Failure f) {
      return Optional.of(new FunctionInvocationException(name, f.errorType(), f.errorMessage()));
    }
    byte[] body = ((Outcome.Response) outcome).body();
    if (Json.parse(body).isEmpty()) {
      String text = new String(body, 0, Math.min(body.length, 200), StandardCharsets.UTF_8);
      return Optional.of(
          new FunctionInvocationException(
              name, "Function.MalformedResponse", "the response is not JSON: " + text));
    }
    return Optional.empty();
  }

  /** The sandbox ends every invocation by its deadline; this only guards against a bug there. */
  private Outcome await(CompletableFuture<Outcome> outcome) {
    long guard = timeout.plus(initTimeout).toMillis() + 60_000;
    try {
      return outcome.get(guard, TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      Outcome.Failure f =
          new Outcome.Failure("Sandbox.Timedout", "no outcome after " + guard + " ms");
      outcome.complete(f);
      return outcome.getNow(f);
    } catch (ExecutionException e) {
      return new Outcome.Failure("Runtime.Unknown", String.valueOf(e.getCause()));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new FunctionInvocationException(
          name, "Sandbox.Stopped", "interrupted while waiting for the function");
    }
  }

  private String functionArn() {
    return "arn:aws:lambda:" + region + ":000000000000:function:" + name;
  }

  private static String traceId() {
    ThreadLocalRandom r = ThreadLocalRandom.current();
    return String.format(
        "Root=1-%08x-%024x;Parent=%016x;Sampled=0",
        System.currentTimeMillis() / 1000, new BigInteger(96, r), r.nextLong() & Long.MAX_VALUE);
  }

  private List<String> processCommand() {
    if (!command.isEmpty()) {
      List<String> c = new ArrayList<>(command);
      String exe = c.get(0);
      if (exe.contains("/") && !Path.of(exe).isAbsolute()) {
        c.set(0, codeDir.resolve(exe).toString());
      }
      return c;
    }
    return switch (runtime.orElseThrow()) {
      case PYTHON3 -> List.of("python3", "-u", RuntimeClients.python().toString());
      case NODEJS -> List.of("node", RuntimeClients.node().toString());
      case PROVIDED -> List.of(codeDir.resolve("bootstrap").toString());
    };
  }

  private Map<String, String> lambdaEnvironment() {
    Map<String, String> env = new LinkedHashMap<>();
    handlerName.ifPresent(h -> env.put("_HANDLER", h));
    env.put("LAMBDA_TASK_ROOT", codeDir.toString());
    env.put("AWS_LAMBDA_FUNCTION_NAME", name);
    env.put("AWS_LAMBDA_FUNCTION_VERSION", "$LATEST");
    env.put("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", Integer.toString(memoryMb));
    env.put("AWS_LAMBDA_LOG_GROUP_NAME", "/aws/lambda/" + name);
    env.put("AWS_LAMBDA_INITIALIZATION_TYPE", "on-demand");
    env.put("AWS_REGION", region);
    env.put("AWS_DEFAULT_REGION", region);
    runtime
        .filter(r -> r != FunctionRuntime.PROVIDED)
        .ifPresent(
            r ->
                env.put(
                    "AWS_EXECUTION_ENV",
                    "AWS_Lambda_" + runtimeName.orElse(r.name().toLowerCase(Locale.ROOT))));
    env.put("TZ", ":UTC");
    env.put("LANG", "en_US.UTF-8");
    env.put("PYTHONUNBUFFERED", "1");
    env.putAll(environment);
    return env;
  }

  private static ThreadFactory daemon(String name) {
    return r -> {
      Thread t = new Thread(r, name);
      t.setDaemon(true);
      return t;
    };
  }

  @Override
  public boolean wantsSnapshotEvents() {
    return snapshots;
  }

  @Override
  public boolean idempotent() {
    return idempotent;
  }

  /** Stops the processes (SIGTERM, then SIGKILL after 2 seconds) and their endpoints. */
  @Override
  public void close() {
    if (windowCloser != null) {
      windowCloser.shutdownNow();
    }
    sandboxes.forEach(Sandbox::close);
    sandboxes.clear();
    if (timers != null) {
      timers.shutdownNow();
      httpThreads.shutdownNow();
    }
  }

  /** Records dropped so far because they matched none of the filter criteria. */
  public long filteredOut() {
    return filteredOut.get();
  }

  /** The function's name: as set, or {@code pipeline-handler} once opened. */
  public String functionName() {
    return name;
  }

  /** Builds a {@link FunctionHandler}; setters reject bad values at once. */
  public static final class Builder {
    private final Optional<FunctionRuntime> runtime;
    private Optional<String> runtimeName = Optional.empty();
    private final List<String> command;
    private final Path codeDir;
    private Optional<String> handler = Optional.empty();
    private Optional<String> functionName = Optional.empty();
    private int memoryMb = 128;
    private Duration timeout = Duration.ofSeconds(3);
    private Duration initTimeout = Duration.ofSeconds(10);
    private final Map<String, String> environment = new LinkedHashMap<>();
    private int concurrency = 1;
    private String region = "us-east-1";
    private FailureScope scope = FailureScope.FROM_LOWEST;
    private boolean idempotent;
    private boolean snapshots;
    private Optional<FilterCriteria> filter = Optional.empty();
    private boolean reportBatchItemFailures = true;
    private Optional<Duration> tumblingWindow = Optional.empty();

    private Builder(Optional<FunctionRuntime> runtime, List<String> command, Path codeDir) {
      this.runtime = runtime;
      this.command = command;
      Objects.requireNonNull(codeDir, "codeDir");
      this.codeDir = codeDir.toAbsolutePath().normalize();
    }

    /** The runtime's full name for {@code AWS_EXECUTION_ENV}, e.g. {@code python3.12}. */
    public Builder runtimeName(String name) {
      FunctionRuntime parsed = FunctionRuntime.parse(Objects.requireNonNull(name, "runtimeName"));
      if (runtime.isPresent() && parsed != runtime.get()) {
        throw new IllegalArgumentException(
            "runtimeName " + name + " is not a " + runtime.get() + " runtime");
      }
      this.runtimeName = Optional.of(name.trim());
      return this;
    }

    /** {@code _HANDLER}: {@code module.function} for python3, {@code file.export} for nodejs. */
    public Builder handler(String handler) {
      Objects.requireNonNull(handler, "handler");
      if (handler.isBlank()) {
        throw new IllegalArgumentException("handler must not be blank");
      }
      this.handler = Optional.of(handler);
      return this;
    }

    /** {@code AWS_LAMBDA_FUNCTION_NAME}; default {@code pipeline-handler}. */
    public Builder functionName(String name) {
      Objects.requireNonNull(name, "functionName");
      if (!name.matches("[a-zA-Z0-9._-]{1,140}")) {
        throw new IllegalArgumentException(
            "functionName '" + name + "' must be 1-140 characters of [a-zA-Z0-9._-]");
      }
      this.functionName = Optional.of(name);
      return this;
    }

    /**
     * {@code AWS_LAMBDA_FUNCTION_MEMORY_SIZE}, 128-10240 as on Lambda; default 128 (not enforced).
     */
    public Builder memoryMb(int memoryMb) {
      this.memoryMb = LambdaLimits.memoryMb(memoryMb);
      return this;
    }

    /** How long an invocation may run before its process is killed; 1 s to 15 min, default 3 s. */
    public Builder timeout(Duration timeout) {
      Objects.requireNonNull(timeout, "timeout");
      if (timeout.compareTo(Duration.ofSeconds(1)) < 0
          || timeout.compareTo(Duration.ofMinutes(15)) > 0) {
        throw new IllegalArgumentException(
            "timeout must be between 1 second and 15 minutes, as on Lambda, was " + timeout);
      }
      this.timeout = timeout;
      return this;
    }

    /**
     * How long a new process may take to ask for its first invocation; default 10 s, as Lambda's
     * init.
     */
    public Builder initTimeout(Duration initTimeout) {
      Objects.requireNonNull(initTimeout, "initTimeout");
      if (initTimeout.compareTo(Duration.ofSeconds(1)) < 0
          || initTimeout.compareTo(Duration.ofMinutes(15)) > 0) {
        throw new IllegalArgumentException(
            "initTimeout must be between 1 second and 15 minutes, was " + initTimeout);
      }
      this.initTimeout = initTimeout;
      return this;
    }

    /** A variable of the function's environment (the worker's own environment is inherited). */
    public Builder environment(String key, String value) {
      Objects.requireNonNull(key, "environment key");
      Objects.requireNonNull(value, "environment value of " + key);
      if (!key.matches("[a-zA-Z][a-zA-Z0-9_]*")) {
        throw new IllegalArgumentException(
            "environment variable name '"
                + key
                + "' must match [a-zA-Z][a-zA-Z0-9_]*, as on Lambda");
      }
      if (RESERVED.contains(key)) {
        throw new IllegalArgumentException(
            "environment variable " + key + " is reserved: the worker sets it, as Lambda does");
      }
      environment.put(key, value);
      return this;
    }

    public Builder environment(Map<String, String> variables) {
      Objects.requireNonNull(variables, "environment");
      variables.forEach(this::environment);
      return this;
    }

    /**
     * Processes per lane runner (1-64), invoked at once on key-disjoint parts of a batch; default
     * 1.
     */
    public Builder concurrency(int concurrency) {
      if (concurrency < 1 || concurrency > 64) {
        throw new IllegalArgumentException(
            "concurrency must be between 1 and 64, was " + concurrency);
      }
      this.concurrency = concurrency;
      return this;
    }

    /** {@code AWS_REGION} and the region of the function's ARN; default us-east-1. */
    public Builder region(String region) {
      Objects.requireNonNull(region, "region");
      if (!region.matches("[a-z]{2}(-[a-z]+)+-\\d+")) {
        throw new IllegalArgumentException(
            "region '" + region + "' is not a region name such as us-east-1");
      }
      this.region = region;
      return this;
    }

    /**
     * Which records a reported failure retries; default {@link FailureScope#FROM_LOWEST}, as
     * Lambda.
     */
    public Builder failureScope(FailureScope scope) {
      this.scope = Objects.requireNonNull(scope, "failureScope");
      return this;
    }

    /** Declares the function idempotent on eventID (its author's promise, not checked). */
    public Builder idempotent(boolean idempotent) {
      this.idempotent = idempotent;
      return this;
    }

    /** Whether snapshot (backfill) INSERTs reach the function; default false, as on Lambda. */
    public Builder snapshotEvents(boolean snapshots) {
      this.snapshots = snapshots;
      return this;
    }

    /**
     * Lambda's {@code FilterCriteria}: only records matching one of the filters reach the function;
     * the others are done without an invocation (and counted, {@link
     * FunctionHandler#filteredOut()}).
     */
    public Builder filterCriteria(FilterCriteria filter) {
      this.filter = Optional.of(Objects.requireNonNull(filter, "filterCriteria"));
      return this;
    }

    /**
     * Whether the response's {@code batchItemFailures} are read (Lambda's {@code
     * FunctionResponseTypes: [ReportBatchItemFailures]}); default true. When false, any JSON
     * response is success, as on Lambda without it.
     */
    public Builder reportBatchItemFailures(boolean report) {
      this.reportBatchItemFailures = report;
      return this;
    }

    /**
     * Lambda's {@code TumblingWindowInSeconds}: windows of this size on the records' creation time,
     * each invocation passed the {@code state} the previous one of its window returned, and a final
     * invocation per window ({@code isFinalInvokeForWindow}); 1 s to 15 min, whole seconds, or zero
     * for none. The function must return {@code {"state": {...}}}.
     */
    public Builder tumblingWindow(Duration window) {
      Objects.requireNonNull(window, "tumblingWindow");
      if (window.isZero()) {
        this.tumblingWindow = Optional.empty();
        return this;
      }
      if (window.isNegative()
          || window.compareTo(Duration.ofMinutes(15)) > 0
          || window.toMillis() % 1000 != 0) {
        throw new IllegalArgumentException(
            "tumblingWindow must be whole seconds from 0 to 15 minutes (900 s), was " + window);
      }
      this.tumblingWindow = Optional.of(window);
      return this;
    }

    public FunctionHandler build() {
      if (!Files.isDirectory(codeDir)) {
        throw new IllegalArgumentException(
            "code directory " + codeDir + " does not exist or is not a directory");
      }
      if (runtime.isPresent() && runtime.get() != FunctionRuntime.PROVIDED) {
        String h =
            handler.orElseThrow(
                () ->
                    new IllegalArgumentException(
                        "handler is required for the "
                            + runtime.get().name().toLowerCase(Locale.ROOT)
                            + " runtime, e.g. app.handler"));
        int dot = h.lastIndexOf('.');
        if (dot <= 0 || dot == h.length() - 1) {
          throw new IllegalArgumentException(
              "handler '" + h + "' must be module.function (file.export for nodejs)");
        }
      }
      if (runtime.equals(Optional.of(FunctionRuntime.PROVIDED))) {
        Path bootstrap = codeDir.resolve("bootstrap");
        if (!Files.isRegularFile(bootstrap) || !Files.isExecutable(bootstrap)) {
          throw new IllegalArgumentException(
              "the provided runtime needs an executable file 'bootstrap' in " + codeDir);
        }
      }
      return new FunctionHandler(this);
    }
  }
}
