package dev.tributary.handlers.archive;

import dev.tributary.core.ChangeEvent;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.TreeMap;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Walks one table's archive objects hour by hour, in key order, from one paginated listing, and
 * yields its events in sequence order, each once.
 *
 * <p>Objects of one hour are read together into a buffer sorted by sequence; before the next hour's
 * objects are read, every buffered event below that hour's lowest first-sequence is released. That
 * is exact as long as creation times rise with sequence numbers within a table, which the engine
 * and DynamoDB guarantee up to clock skew smaller than the objects' hour. Copies of an event (from
 * re-cut redeliveries) share its sequence and are dropped, as is anything at or below the last
 * sequence released. Memory holds about one hour of one table.
 */
final class ArchiveCursor implements Iterator<ChangeEvent> {
  private final S3Client s3;
  private final String bucket;
  private final String table;
  private final ArchiveKeys keys;
  private final Instant from;
  private final Instant to;
  private final Iterator<S3Object> listing;
  private S3Object peeked;
  private final TreeMap<BigInteger, ChangeEvent> buffer = new TreeMap<>();
  private final ArrayDeque<ChangeEvent> ready = new ArrayDeque<>();
  private BigInteger released;

  ArchiveCursor(
      S3Client s3,
      String bucket,
      ArchiveKeys keys,
      String table,
      Instant from,
      Instant to,
      Duration lookback) {
    this.s3 = s3;
    this.bucket = bucket;
    this.keys = keys;
    this.table = table;
    this.from = from;
    this.to = to;
    // Start just before the first hour that can hold an event at 'from': a batch is filed under the
    // hour of its first event, so its later events may lie up to one batching window further on.
    String startAfter = keys.hourPrefix(table, ArchiveKeys.hourOf(from.minus(lookback)));
    this.listing =
        s3.listObjectsV2Paginator(
                ListObjectsV2Request.builder()
                    .bucket(bucket)
                    .prefix(keys.tablePrefix(table))
                    .startAfter(startAfter)
                    .build())
            .contents()
            .iterator();
  }

  @Override
  public boolean hasNext() {
    while (ready.isEmpty()) {
      List<Map.Entry<S3Object, ArchiveKeys.Parsed>> hour = nextHour();
      if (hour.isEmpty()) {
        release(null);
        return !ready.isEmpty();
      }
      BigInteger lowest =
          hour.stream()
              .map(h -> h.getValue().firstSequence())
              .min(BigInteger::compareTo)
              .orElseThrow();
      release(lowest);
      for (Map.Entry<S3Object, ArchiveKeys.Parsed> o : hour) {
        read(o.getKey(), o.getValue());
      }
    }
    return true;
  }

  @Override
  public ChangeEvent next() {
    if (!hasNext()) {
      throw new NoSuchElementException();
    }
    return ready.removeFirst();
  }

  /** The objects of the next listed hour that is not past 'to'; empty at the end. */
  private List<Map.Entry<S3Object, ArchiveKeys.Parsed>> nextHour() {
    List<Map.Entry<S3Object, ArchiveKeys.Parsed>> out = new ArrayList<>();
    Instant hour = null;
    while (peeked != null || listing.hasNext()) {
      S3Object o = peeked != null ? peeked : listing.next();
      peeked = null;
      Optional<ArchiveKeys.Parsed> p = keys.parse(table, o.key());
      if (p.isEmpty()) {
        continue; // not an archive object
      }
      if (!p.get().hour().isBefore(to)) {
        return out; // keys sort by hour: nothing later can be in range
      }
      if (hour != null && !hour.equals(p.get().hour())) {
        peeked = o;
        return out;
      }
      hour = p.get().hour();
      out.add(Map.entry(o, p.get()));
    }
    return out;
  }

  /** Moves buffered events below {@code bound} (all when null) to the ready queue. */
  private void release(BigInteger bound) {
    Map<BigInteger, ChangeEvent> head = bound == null ? buffer : buffer.headMap(bound, false);
    for (Map.Entry<BigInteger, ChangeEvent> e : head.entrySet()) {
      ready.addLast(e.getValue());
      released = e.getKey();
    }
    head.clear();
  }

  private void read(S3Object object, ArchiveKeys.Parsed parsed) {
    List<ChangeEvent> events;
    try {
      events =
          JsonLines.decode(
              s3.getObject(GetObjectRequest.builder().bucket(bucket).key(object.key()).build()),
              parsed.gzip());
    } catch (IOException e) {
      throw new UncheckedIOException("archive: cannot read s3://" + bucket + "/" + object.key(), e);
    }
    for (ChangeEvent e : events) {
      Instant t = e.dynamodb().approximateCreationDateTime();
      if (t.isBefore(from) || !t.isBefore(to)) {
        continue;
      }
      BigInteger seq = new BigInteger(e.dynamodb().sequenceNumber());
      if (released != null && seq.compareTo(released) <= 0) {
        continue; // a copy of an event already yielded
      }
      buffer.putIfAbsent(seq, e);
    }
  }
}
