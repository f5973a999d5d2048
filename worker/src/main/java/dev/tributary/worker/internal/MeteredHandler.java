package dev.tributary.worker.internal;

import dev.tributary.core.ChangeEvent;
import dev.tributary.core.handler.BatchContext;
import dev.tributary.core.handler.BatchResult;
import dev.tributary.core.handler.ChangeHandler;
import dev.tributary.core.handler.HandlerContext;
import dev.tributary.core.handler.PartitionState;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Counts and times what one lane's handler does, for {@code /metrics}: events in (every delivery),
 * events out (effects done), events failed, handler errors, and the batch latency histogram.
 */
@SuppressWarnings(
    "try") // close() passes on whatever the wrapped handler throws, as ChangeHandler declares
final class MeteredHandler implements ChangeHandler {
  private final ChangeHandler delegate;
  private final Meters meters;

  MeteredHandler(ChangeHandler delegate, Meters meters) {
    this.delegate = delegate;
    this.meters = meters;
  }

  /** One lane's meters, shared by every handler instance of the lane in this process. */
  record Meters(Counter in, Counter out, Counter failed, Counter errors, Timer batch) {
    static Meters register(MeterRegistry registry, String pipeline, String handler) {
      String[] tags = {"pipeline", pipeline, "handler", handler};
      return new Meters(
          Counter.builder("tributary.handler.events.in")
              .description("Events passed to the handler, every delivery counted (retries too)")
              .tags(tags)
              .register(registry),
          Counter.builder("tributary.handler.events.out")
              .description("Events whose effect the handler reported done")
              .tags(tags)
              .register(registry),
          Counter.builder("tributary.handler.events.failed")
              .description("Events the handler reported failed or whose batch threw")
              .tags(tags)
              .register(registry),
          Counter.builder("tributary.handler.errors")
              .description("Batches whose handler call threw")
              .tags(tags)
              .register(registry),
          Timer.builder("tributary.handler.batch")
              .description("Time the handler took for one batch")
              .tags(tags)
              .publishPercentileHistogram()
              .minimumExpectedValue(Duration.ofMillis(1))
              .maximumExpectedValue(Duration.ofMinutes(1))
              .register(registry));
    }
  }

  @Override
  public void open(HandlerContext context) throws Exception {
    delegate.open(context);
  }

  @Override
  public BatchResult handle(List<ChangeEvent> batch, BatchContext context) throws Exception {
    meters.in().increment(batch.size());
    long t0 = System.nanoTime();
    try {
      BatchResult r = delegate.handle(batch, context);
      int failed = r == null ? 0 : Math.min(batch.size(), r.failedEventIds().size());
      meters.out().increment(batch.size() - failed);
      meters.failed().increment(failed);
      return r;
    } catch (Exception | Error e) {
      meters.errors().increment();
      meters.failed().increment(batch.size());
      throw e;
    } finally {
      meters.batch().record(Duration.ofNanos(System.nanoTime() - t0));
    }
  }

  @Override
  public boolean wantsSnapshotEvents() {
    return delegate.wantsSnapshotEvents();
  }

  @Override
  public boolean idempotent() {
    return delegate.idempotent();
  }

  @Override
  public Optional<PartitionState> partitionState() {
    return delegate.partitionState();
  }

  @Override
  public void close() throws Exception {
    delegate.close();
  }
}
