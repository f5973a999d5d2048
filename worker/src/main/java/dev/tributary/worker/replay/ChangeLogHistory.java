package dev.tributary.worker.replay;

import dev.tributary.core.ChangeEvent;
import dev.tributary.core.replay.HistoryRecord;
import dev.tributary.core.replay.Position;
import dev.tributary.engine.ChangeStream;
import dev.tributary.engine.TributaryEngine;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * A range of the engine's change logs, table by table, each in sequence order. A time start is
 * found by binary search over sequences (creation times rise with sequences up to the commit order
 * of concurrent writers, so the search starts a little early and each event is then checked); the
 * end is the end position or the newest sequence when reading was planned, so it terminates.
 */
final class ChangeLogHistory {
  private static final int PAGE = 500;
  private static final Duration SKEW = Duration.ofSeconds(5);

  private final Position from;
  private final Optional<Position> to;
  private final Map<ChangeStream, long[]> ranges = new LinkedHashMap<>();
  private final List<String> warnings = new ArrayList<>();

  ChangeLogHistory(
      TributaryEngine engine, List<String> tables, Position from, Optional<Position> to) {
    this.from = from;
    this.to = to;
    for (String table : tables) {
      ChangeStream stream = engine.changeStream(table);
      long latest = stream.latestSequence();
      Optional<Long> oldest = stream.oldestSequence();
      if (oldest.isEmpty()) {
        if (latest > 0) {
          warnings.add(
              "table "
                  + table
                  + ": the change log holds nothing; sequences up to "
                  + latest
                  + " were trimmed by retention (replay from the archive to reach them)");
        }
        continue;
      }
      long after = startAfter(stream, oldest.get(), latest);
      if (from instanceof Position.Sequence s
          && s.sequence().compareTo(BigInteger.valueOf(oldest.get())) < 0
          && s.sequence().signum() > 0) {
        warnings.add(
            "table "
                + table
                + ": the change log starts at sequence "
                + oldest.get()
                + "; sequences "
                + s.sequence()
                + "-"
                + (oldest.get() - 1)
                + " were trimmed by retention (replay from the archive to reach them)");
      }
      ranges.put(stream, new long[] {after, latest});
    }
  }

  public long estimatedEvents() {
    return ranges.values().stream().mapToLong(r -> Math.max(0, r[1] - r[0])).sum();
  }

  public List<String> warnings() {
    return List.copyOf(warnings);
  }

  public void read(Consumer<? super HistoryRecord> sink) {
    ranges.forEach(
        (stream, range) -> {
          String source = "changelog:" + stream.tableName();
          long after = range[0];
          while (after < range[1]) {
            List<ChangeEvent> page = stream.read(after, PAGE);
            if (page.isEmpty()) {
              return;
            }
            for (ChangeEvent e : page) {
              long seq = ChangeStream.sequenceOf(e);
              if (seq > range[1] || (to.isPresent() && !to.get().eventIsAtOrBefore(e))) {
                if (seq > range[1] || to.get() instanceof Position.Sequence) {
                  return; // sequences only grow
                }
                continue; // a time end: a later event may still be earlier by clock skew
              }
              if (from.eventIsAtOrAfter(e)) {
                sink.accept(HistoryRecord.of(e, source, seq));
              }
            }
            after = ChangeStream.sequenceOf(page.get(page.size() - 1));
          }
        });
  }

  /** The sequence to read after: just before the start position (a little early for a time). */
  private long startAfter(ChangeStream stream, long oldest, long latest) {
    if (from instanceof Position.Sequence s) {
      long at = s.sequence().min(BigInteger.valueOf(Long.MAX_VALUE)).longValue();
      return Math.max(oldest, at) - 1;
    }
    Instant start = ((Position.Time) from).instant().minus(SKEW);
    long lo = oldest - 1;
    long hi = latest;
    while (lo < hi) {
      long mid = lo + (hi - lo) / 2;
      List<ChangeEvent> next = stream.read(mid, 1);
      if (next.isEmpty() || !next.get(0).dynamodb().approximateCreationDateTime().isBefore(start)) {
        hi = mid;
      } else {
        lo = mid + 1;
      }
    }
    return lo;
  }
}
