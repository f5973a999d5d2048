package dev.tributary.core.testkit;

import dev.tributary.core.BadRecordException;
import dev.tributary.core.ChangeEvent;
import dev.tributary.core.RetriableException;
import dev.tributary.core.handler.BatchContext;
import dev.tributary.core.handler.BatchResult;
import dev.tributary.core.handler.ChangeHandler;
import dev.tributary.core.handler.HandlerContext;
import dev.tributary.core.handler.PartitionState;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/**
 * Faults to inject into a handler. A fault keeps its counters across every handler it wraps, so
 * "fail the first two attempts" holds across runner restarts too.
 *
 * <pre>{@code
 * Fault flaky = Faults.failEvents(e -> e.eventId().hashCode() % 100 == 0, 1);
 * LaneSpec lane = new LaneSpec(..., flaky.around(MyHandler::new), ...);
 * }</pre>
 */
public final class Faults {
  private Faults() {}

  /** Every batch throws a {@link RetriableException} on its first {@code attempts} deliveries. */
  public static Fault failFirst(int attempts) {
    positive(attempts, "attempts");
    return h ->
        new Wrapper(h) {
          @Override
          public BatchResult handle(List<ChangeEvent> batch, BatchContext context)
              throws Exception {
            if (context.attempt() <= attempts) {
              throw new RetriableException(
                  "injected: attempt " + context.attempt() + " of batch fails");
            }
            return h.handle(batch, context);
          }
        };
  }

  /** Matching events are reported failed (ReportBatchItemFailures) on every delivery. */
  public static Fault failEvents(Predicate<? super ChangeEvent> events) {
    return failEvents(events, Integer.MAX_VALUE);
  }

  /**
   * Matching events are reported failed on their first {@code deliveries} deliveries, then handled:
   * a transient failure. The others are handled normally.
   */
  public static Fault failEvents(Predicate<? super ChangeEvent> events, int deliveries) {
    Objects.requireNonNull(events, "events");
    positive(deliveries, "deliveries");
    Map<String, AtomicInteger> seen = new ConcurrentHashMap<>();
    return h ->
        new Wrapper(h) {
          @Override
          public BatchResult handle(List<ChangeEvent> batch, BatchContext context)
              throws Exception {
            List<ChangeEvent> pass = new ArrayList<>(batch.size());
            List<String> failed = new ArrayList<>();
            for (ChangeEvent e : batch) {
              if (events.test(e)
                  && seen.computeIfAbsent(e.eventId(), k -> new AtomicInteger()).incrementAndGet()
                      <= deliveries) {
                failed.add(e.eventId());
              } else {
                pass.add(e);
              }
            }
            BatchResult inner = pass.isEmpty() ? BatchResult.success() : h.handle(pass, context);
            return inner.andFailed(failed);
          }
        };
  }

  /** A batch holding a matching event throws a {@link BadRecordException} (poison). */
  public static Fault poison(Predicate<? super ChangeEvent> events) {
    Objects.requireNonNull(events, "events");
    return h ->
        new Wrapper(h) {
          @Override
          public BatchResult handle(List<ChangeEvent> batch, BatchContext context)
              throws Exception {
            for (ChangeEvent e : batch) {
              if (events.test(e)) {
                throw new BadRecordException("injected poison: " + e.eventId());
              }
            }
            return h.handle(batch, context);
          }
        };
  }

  /** A batch holding a matching event throws a {@link RetriableException}, every time. */
  public static Fault throwOn(Predicate<? super ChangeEvent> events) {
    Objects.requireNonNull(events, "events");
    return h ->
        new Wrapper(h) {
          @Override
          public BatchResult handle(List<ChangeEvent> batch, BatchContext context)
              throws Exception {
            for (ChangeEvent e : batch) {
              if (events.test(e)) {
                throw new RetriableException("injected failure: " + e.eventId());
              }
            }
            return h.handle(batch, context);
          }
        };
  }

  /**
   * A batch holding a matching event throws a {@link RetriableException} while that event has been
   * delivered at most {@code deliveries} times, then the event is handled: a transient failure of
   * the whole batch (no event of it was applied), as a sink that is down for a moment gives.
   */
  public static Fault throwOn(Predicate<? super ChangeEvent> events, int deliveries) {
    Objects.requireNonNull(events, "events");
    positive(deliveries, "deliveries");
    Map<String, AtomicInteger> seen = new ConcurrentHashMap<>();
    return h ->
        new Wrapper(h) {
          @Override
          public BatchResult handle(List<ChangeEvent> batch, BatchContext context)
              throws Exception {
            String failing = null;
            for (ChangeEvent e : batch) {
              if (events.test(e) && delivered(seen, e) <= deliveries && failing == null) {
                failing = e.eventId();
              }
            }
            if (failing != null) {
              throw new RetriableException("injected transient failure: " + failing);
            }
            return h.handle(batch, context);
          }
        };
  }

  /**
   * A crash between effect and commit, {@code times} times in all: after the handler has handled a
   * batch holding a matching event, {@link SimulatedCrash} stops the runner before it commits.
   * {@link CrashFault#crashes()} on the returned fault counts them.
   */
  public static CrashFault crashAfterEffect(Predicate<? super ChangeEvent> events, int times) {
    Objects.requireNonNull(events, "events");
    positive(times, "times");
    return new CrashFault(events, times);
  }

  /** See {@link #crashAfterEffect}. */
  public static final class CrashFault implements Fault {
    private final Predicate<? super ChangeEvent> events;
    private final AtomicInteger left;
    private final AtomicInteger crashes = new AtomicInteger();
    private final Set<String> crashedOn = ConcurrentHashMap.newKeySet();

    private CrashFault(Predicate<? super ChangeEvent> events, int times) {
      this.events = events;
      this.left = new AtomicInteger(times);
    }

    public int crashes() {
      return crashes.get();
    }

    @Override
    public ChangeHandler wrap(ChangeHandler h) {
      return new Wrapper(h) {
        @Override
        public BatchResult handle(List<ChangeEvent> batch, BatchContext context) throws Exception {
          BatchResult result = h.handle(batch, context);
          for (ChangeEvent e : batch) {
            if (events.test(e) && crashedOn.add(e.eventId()) && left.getAndDecrement() > 0) {
              crashes.incrementAndGet();
              throw new SimulatedCrash("injected crash after the effect of " + e.eventId());
            }
          }
          return result;
        }
      };
    }
  }

  /** Counts one more delivery of {@code e}; returns how many there have been. */
  private static int delivered(Map<String, AtomicInteger> seen, ChangeEvent e) {
    return seen.computeIfAbsent(e.eventId(), k -> new AtomicInteger()).incrementAndGet();
  }

  private static void positive(int n, String what) {
    if (n < 1) {
      throw new IllegalArgumentException(what + " must be at least 1, was " + n);
    }
  }

  /** Delegates everything but {@code handle}. */
  private abstract static class Wrapper implements ChangeHandler {
    private final ChangeHandler inner;

    Wrapper(ChangeHandler inner) {
      this.inner = Objects.requireNonNull(inner, "handler");
    }

    @Override
    public void open(HandlerContext context) throws Exception {
      inner.open(context);
    }

    @Override
    public boolean wantsSnapshotEvents() {
      return inner.wantsSnapshotEvents();
    }

    @Override
    public boolean idempotent() {
      return inner.idempotent();
    }

    @Override
    public Optional<PartitionState> partitionState() {
      return inner.partitionState();
    }

    @Override
    public void close() throws Exception {
      inner.close();
    }
  }
}
