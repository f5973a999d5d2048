package dev.tributary.handlers.archive;

import dev.tributary.core.ChangeEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CommonPrefix;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;

/**
 * Reads an archive written by {@link ArchiveHandler} back as change events, for replay: per table,
 * in sequence order, each event once (copies from re-cut redeliveries dropped), restricted to a
 * time range on the events' creation times. Objects are listed and fetched lazily, hour by hour.
 */
public final class ArchiveReader implements AutoCloseable {
  private final S3Access.Connection s3;
  private final String bucket;
  private final ArchiveKeys keys;
  private final Duration lookback;

  private ArchiveReader(Builder b) {
    this.s3 = b.access.connect();
    this.bucket = b.bucket;
    this.keys = new ArchiveKeys(b.prefix);
    this.lookback = b.lookback;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** The tables archived under the prefix, in name order. */
  public List<String> tables() {
    List<String> out = new ArrayList<>();
    String root = keys.root();
    for (var page :
        s3.client()
            .listObjectsV2Paginator(
                ListObjectsV2Request.builder()
                    .bucket(bucket)
                    .prefix(root)
                    .delimiter("/")
                    .build())) {
      for (CommonPrefix p : page.commonPrefixes()) {
        String name = p.prefix().substring(root.length(), p.prefix().length() - 1);
        if (!name.isEmpty()) {
          out.add(name);
        }
      }
    }
    out.sort(null);
    return out;
  }

  /**
   * One table's events created in {@code [from, to)}, in sequence order. The stream reads S3 as it
   * is consumed; an S3 failure surfaces as an SdkException from the stream.
   */
  public Stream<ChangeEvent> read(String table, Instant from, Instant to) {
    Objects.requireNonNull(table, "table");
    Objects.requireNonNull(from, "from");
    Objects.requireNonNull(to, "to");
    if (!from.isBefore(to)) {
      throw new IllegalArgumentException("from " + from + " must be before to " + to);
    }
    ArchiveCursor cursor = new ArchiveCursor(s3.client(), bucket, keys, table, from, to, lookback);
    return StreamSupport.stream(
        Spliterators.spliteratorUnknownSize(cursor, Spliterator.ORDERED | Spliterator.NONNULL),
        false);
  }

  /**
   * Every table's events in {@code [from, to)}: table by table in name order, each in sequence
   * order.
   */
  public Stream<ChangeEvent> read(Instant from, Instant to) {
    return tables().stream().flatMap(t -> read(t, from, to));
  }

  @Override
  public void close() {
    s3.close();
  }

  /** Builds an {@link ArchiveReader}. */
  public static final class Builder {
    private String bucket;
    private String prefix = "";
    private final S3Access access = new S3Access();
    private Duration lookback = Duration.ofHours(1);

    private Builder() {}

    public Builder bucket(String bucket) {
      Objects.requireNonNull(bucket, "bucket");
      if (bucket.isBlank()) {
        throw new IllegalArgumentException("bucket must not be blank");
      }
      this.bucket = bucket;
      return this;
    }

    /** The prefix the handler wrote under; default none. */
    public Builder prefix(String prefix) {
      this.prefix = ArchiveKeys.normalize(Objects.requireNonNull(prefix, "prefix"));
      return this;
    }

    /** A client the caller owns (and closes). */
    public Builder client(S3Client client) {
      access.client(client);
      return this;
    }

    /**
     * How far before {@code from} to look for objects: at least the longest batching window, since
     * a batch is filed under its first event's hour. Default 1 hour.
     */
    public Builder lookback(Duration lookback) {
      Objects.requireNonNull(lookback, "lookback");
      if (lookback.isNegative()) {
        throw new IllegalArgumentException("lookback must not be negative, was " + lookback);
      }
      this.lookback = lookback;
      return this;
    }

    /** How to reach S3; a client is built from these and closed with the reader. */
    public Builder s3(S3Settings settings) {
      access.settings(settings);
      return this;
    }

    public ArchiveReader build() {
      if (bucket == null) {
        throw new IllegalStateException("archive reader: missing bucket");
      }
      return new ArchiveReader(this);
    }
  }
}
