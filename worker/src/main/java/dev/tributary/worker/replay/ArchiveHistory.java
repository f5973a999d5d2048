package dev.tributary.worker.replay;

import dev.tributary.core.ChangeEvent;
import dev.tributary.core.replay.HistoryRecord;
import dev.tributary.core.replay.Position;
import dev.tributary.handlers.archive.ArchiveReader;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * A time range of an S3 archive written by the archive handler, table by table, each in sequence
 * order. An archive is read by time (its objects are filed by hour); sequence bounds then narrow
 * the events read.
 */
final class ArchiveHistory {
  private final ArchiveReader reader;
  private final List<String> tables;
  private final Position from;
  private final Optional<Position> to;
  private final Instant start;
  private final Instant end;

  ArchiveHistory(
      ArchiveReader reader,
      List<String> tables,
      Position from,
      Optional<Position> to,
      Instant now) {
    this.reader = reader;
    this.tables = List.copyOf(tables);
    this.from = from;
    this.to = to;
    this.start = from instanceof Position.Time t ? t.instant() : Instant.EPOCH;
    // The end of the range is exclusive in the reader: one millisecond past an inclusive end.
    this.end =
        to.isPresent() && to.get() instanceof Position.Time t
            ? t.instant().plusMillis(1)
            : now.plus(1, ChronoUnit.HOURS);
    if (!start.isBefore(end)) {
      throw new IllegalArgumentException("replay range is empty: from " + from + " to " + to.get());
    }
  }

  public void read(Consumer<? super HistoryRecord> sink) {
    List<String> archived = reader.tables();
    for (String table : tables) {
      if (!archived.contains(table)) {
        continue;
      }
      try (Stream<ChangeEvent> events = reader.read(table, start, end)) {
        events
            .filter(from::eventIsAtOrAfter)
            .filter(e -> to.map(p -> p.eventIsAtOrBefore(e)).orElse(true))
            .forEach(
                e ->
                    sink.accept(
                        HistoryRecord.of(
                            e, "archive:" + table, Position.sequenceOf(e).longValue())));
      }
    }
  }
}
