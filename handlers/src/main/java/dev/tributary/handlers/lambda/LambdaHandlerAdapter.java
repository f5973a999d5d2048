package dev.tributary.handlers.lambda;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import dev.tributary.core.ChangeEvent;
import dev.tributary.core.handler.BatchContext;
import dev.tributary.core.handler.BatchResult;
import dev.tributary.core.handler.ChangeHandler;
import dev.tributary.core.handler.HandlerContext;
import dev.tributary.handlers.internal.BatchItemFailures;
import dev.tributary.handlers.internal.LambdaLimits;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a function written for AWS Lambda's DynamoDB Streams trigger, unchanged: a {@code
 * RequestHandler<DynamodbEvent, StreamsEventResponse>} (or one returning {@code Void} or anything
 * else). Each batch becomes the {@link DynamodbEvent} Lambda would pass, with a {@link
 * com.amazonaws.services.lambda.runtime.Context} whose function name is {@code pipeline.handler}.
 *
 * <p>Results, as with Lambda's ReportBatchItemFailures: {@code batchItemFailures} name records by
 * SequenceNumber; those events are reported failed and retried by the runner ({@link FailureScope}:
 * just them, or Lambda's whole tail from the lowest failed one); an identifier not in the batch
 * fails the whole batch; an exception from the function retries the whole batch. Lambda's own retry
 * settings map to the pipeline's RetryPolicy and dead-letter topic.
 *
 * <p>Delivery is at least once, as on Lambda: a function is idempotent only if its author made it
 * so, which {@link Builder#idempotent} declares.
 */
public final class LambdaHandlerAdapter implements ChangeHandler {
  private static final Logger log = LoggerFactory.getLogger(LambdaHandlerAdapter.class);

  private final RequestHandler<DynamodbEvent, ?> function;
  private final Optional<String> functionName;
  private final Duration timeout;
  private final int memoryMb;
  private final FailureScope scope;
  private final boolean idempotent;
  private final boolean snapshots;
  private String name = "tributary-function";

  private LambdaHandlerAdapter(Builder b) {
    this.function = b.function;
    this.functionName = b.functionName;
    this.timeout = b.timeout;
    this.memoryMb = b.memoryMb;
    this.scope = b.scope;
    this.idempotent = b.idempotent;
    this.snapshots = b.snapshots;
    functionName.ifPresent(n -> name = n);
  }

  /** An adapter for {@code function}, to be configured. */
  public static Builder builder(RequestHandler<DynamodbEvent, ?> function) {
    return new Builder(function);
  }

  /** An adapter with the defaults. */
  public static LambdaHandlerAdapter of(RequestHandler<DynamodbEvent, ?> function) {
    return builder(function).build();
  }

  @Override
  public void open(HandlerContext context) {
    if (functionName.isEmpty()) {
      name = context.pipeline() + "." + context.handler();
    }
  }

  @Override
  public BatchResult handle(List<ChangeEvent> batch, BatchContext context) {
    Objects.requireNonNull(batch, "batch");
    if (batch.isEmpty()) {
      return BatchResult.success();
    }
    DynamodbEvent event = LambdaEvents.of(batch);
    LambdaContext ctx =
        new LambdaContext(
            requestId(batch, context),
            name,
            batch.get(0).awsRegion(),
            context.partition(),
            timeout.toMillis(),
            memoryMb);
    long start = System.nanoTime();
    Object response = function.handleRequest(event, ctx);
    long tookMillis = (System.nanoTime() - start) / 1_000_000L;
    if (tookMillis > timeout.toMillis()) {
      // Lambda would have cut it off; here it ran to the end, so its result stands.
      log.warn(
          "lambda {}: a batch of {} took {} ms, over its {} ms timeout",
          name,
          batch.size(),
          tookMillis,
          timeout.toMillis());
    }
    return BatchItemFailures.toResult(response, batch, scope);
  }

  /** The same for every delivery of the same batch attempt, so a function's logs line up. */
  private String requestId(List<ChangeEvent> batch, BatchContext context) {
    String seed =
        name + "/" + batch.get(0).eventId() + "/" + batch.size() + "/" + context.attempt();
    return UUID.nameUUIDFromBytes(seed.getBytes(StandardCharsets.UTF_8)).toString();
  }

  @Override
  public boolean wantsSnapshotEvents() {
    return snapshots;
  }

  @Override
  public boolean idempotent() {
    return idempotent;
  }

  @Override
  public void close() throws Exception {
    if (function instanceof AutoCloseable c) {
      c.close();
    }
  }

  /** The function this adapter runs. */
  public RequestHandler<DynamodbEvent, ?> function() {
    return function;
  }

  /** Builds a {@link LambdaHandlerAdapter}; setters reject bad values at once. */
  public static final class Builder {
    private final RequestHandler<DynamodbEvent, ?> function;
    private Optional<String> functionName = Optional.empty();
    private Duration timeout = Duration.ofMinutes(1);
    private int memoryMb = 512;
    private FailureScope scope = FailureScope.ITEMS;
    private boolean idempotent;
    private boolean snapshots;

    private Builder(RequestHandler<DynamodbEvent, ?> function) {
      this.function = Objects.requireNonNull(function, "function");
    }

    /** The function name the context reports; default {@code pipeline.handler}. */
    public Builder functionName(String name) {
      Objects.requireNonNull(name, "functionName");
      if (name.isBlank()) {
        throw new IllegalArgumentException("functionName must not be blank");
      }
      this.functionName = Optional.of(name);
      return this;
    }

    /** What {@code getRemainingTimeInMillis} counts down from; default 1 minute. */
    public Builder timeout(Duration timeout) {
      Objects.requireNonNull(timeout, "timeout");
      if (timeout.isNegative() || timeout.isZero() || timeout.toMillis() > Integer.MAX_VALUE) {
        throw new IllegalArgumentException(
            "timeout must be positive and under 24 days, was " + timeout);
      }
      this.timeout = timeout;
      return this;
    }

    /** What {@code getMemoryLimitInMB} reports; default 512. */
    public Builder memoryMb(int memoryMb) {
      this.memoryMb = LambdaLimits.memoryMb(memoryMb);
      return this;
    }

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

    public LambdaHandlerAdapter build() {
      return new LambdaHandlerAdapter(this);
    }
  }
}
