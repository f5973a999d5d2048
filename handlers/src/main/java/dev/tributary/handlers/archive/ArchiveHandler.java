package dev.tributary.handlers.archive;

import dev.tributary.core.ChangeEvent;
import dev.tributary.core.FatalException;
import dev.tributary.core.handler.BatchContext;
import dev.tributary.core.handler.BatchResult;
import dev.tributary.core.handler.ChangeHandler;
import dev.tributary.handlers.internal.TableNames;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.ServerSideEncryption;
import software.amazon.awssdk.services.s3.model.StorageClass;

/**
 * Archives change events to S3 as JSON lines, one Lambda-shaped record per line, readable back by
 * {@link ArchiveReader} for replay.
 *
 * <p>Exactly-once: an object's key and bytes depend only on the events it holds (per table, sorted
 * by sequence, duplicates dropped; the key names the lowest and highest sequence and the hour of
 * the lowest one's creation time; gzip without a timestamp). A batch redelivered after a crash
 * between the upload and the commit rewrites the identical object, so S3 holds it once. A
 * redelivery cut differently (the runner retrying part of a batch, or batching after a restart with
 * other timing) writes objects whose sequence ranges overlap the earlier ones: the same event may
 * then be stored twice, and {@link ArchiveReader} drops the copy (by sequence, which within a table
 * is the eventID). {@link ArchiveLayout#EVENT} writes one object per event and never stores one
 * twice.
 *
 * <p>Time-based flush: there is no buffer here. Each batch is written when the runner hands it
 * over, and the runner's batching window ({@code Batching.of(maxEvents, maxWait)}) bounds how long
 * an event waits; buffering across batches would ack events before they are durable.
 *
 * <p>Failures: a table's object that cannot be written fails that table's events of the batch for
 * retry (network errors, 5xx, throttling); 403 and 404 (no access, no bucket) stop the runner with
 * a {@link FatalException}, as only a configuration change helps.
 */
public final class ArchiveHandler implements ChangeHandler {
  private static final Logger log = LoggerFactory.getLogger(ArchiveHandler.class);
  private static final Comparator<ChangeEvent> BY_SEQUENCE =
      Comparator.comparing(e -> new BigInteger(e.dynamodb().sequenceNumber()));

  private final S3Access.Connection s3;
  private final String bucket;
  private final String prefix;
  private final ArchiveKeys keys;
  private final ArchiveLayout layout;
  private final boolean gzip;
  private final Optional<StorageClass> storageClass;
  private final Encryption encryption;
  private final Optional<String> kmsKeyId;
  private final boolean snapshots;

  private ArchiveHandler(Builder b) {
    this.s3 = b.access.connect();
    this.bucket = b.bucket;
    this.prefix = b.prefix;
    this.keys = new ArchiveKeys(b.prefix);
    this.layout = b.layout;
    this.gzip = b.gzip;
    this.storageClass = b.storageClass;
    this.encryption = b.encryption;
    this.kmsKeyId = b.kmsKeyId;
    this.snapshots = b.snapshots;
  }

  public static Builder builder() {
    return new Builder();
  }

  @Override
  public BatchResult handle(List<ChangeEvent> batch, BatchContext context) {
    Objects.requireNonNull(batch, "batch");
    Map<String, String> failed = new LinkedHashMap<>();
    for (Map.Entry<String, List<ChangeEvent>> table : byTable(batch).entrySet()) {
      List<ChangeEvent> events = table.getValue();
      try {
        if (layout == ArchiveLayout.BATCH) {
          ChangeEvent first = events.get(0);
          ChangeEvent last = events.get(events.size() - 1);
          put(
              keys.batchKey(
                  table.getKey(),
                  first.dynamodb().approximateCreationDateTime(),
                  first.dynamodb().sequenceNumber(),
                  last.dynamodb().sequenceNumber(),
                  gzip),
              events);
        } else {
          for (ChangeEvent e : events) {
            put(
                keys.eventKey(
                    table.getKey(),
                    e.dynamodb().approximateCreationDateTime(),
                    e.dynamodb().sequenceNumber(),
                    gzip),
                List.of(e));
          }
        }
      } catch (S3Exception e) {
        if (e.statusCode() == 403 || e.statusCode() == 404) {
          throw new FatalException(
              "archive: bucket '"
                  + bucket
                  + "' refused the upload ("
                  + e.statusCode()
                  + " "
                  + e.awsErrorDetails().errorCode()
                  + "): check bucket and credentials",
              e);
        }
        uploadFailed(failed, events, table.getKey(), e);
      } catch (SdkException e) {
        uploadFailed(failed, events, table.getKey(), e);
      }
    }
    return failed.isEmpty() ? BatchResult.success() : BatchResult.failedWithReasons(failed);
  }

  private void uploadFailed(
      Map<String, String> failed, List<ChangeEvent> events, String table, SdkException e) {
    String reason = "upload to bucket '" + bucket + "' failed: " + e.getMessage();
    log.warn(
        "archive: upload of {} events of table {} failed, will retry: {}",
        events.size(),
        table,
        e.getMessage());
    events.forEach(ev -> failed.put(ev.eventId(), reason));
  }

  /** Events per table, each list sorted by sequence with duplicate eventIDs dropped. */
  private static Map<String, List<ChangeEvent>> byTable(List<ChangeEvent> batch) {
    Map<String, Map<String, ChangeEvent>> tables = new LinkedHashMap<>();
    for (ChangeEvent e : batch) {
      tables
          .computeIfAbsent(TableNames.of(e), t -> new LinkedHashMap<>())
          .putIfAbsent(e.eventId(), e);
    }
    Map<String, List<ChangeEvent>> out = new LinkedHashMap<>();
    tables.forEach(
        (t, events) -> {
          List<ChangeEvent> sorted = new ArrayList<>(events.values());
          sorted.sort(BY_SEQUENCE);
          out.put(t, sorted);
        });
    return out;
  }

  private void put(String key, List<ChangeEvent> events) {
    byte[] body = JsonLines.encode(events, gzip);
    PutObjectRequest.Builder req =
        PutObjectRequest.builder()
            .bucket(bucket)
            .key(key)
            .contentType(gzip ? "application/gzip" : "application/x-ndjson")
            .metadata(
                Map.of(
                    "first-sequence", events.get(0).dynamodb().sequenceNumber(),
                    "last-sequence", events.get(events.size() - 1).dynamodb().sequenceNumber(),
                    "events", Integer.toString(events.size())));
    storageClass.ifPresent(req::storageClass);
    switch (encryption) {
      case NONE -> {}
      case AES256 -> req.serverSideEncryption(ServerSideEncryption.AES256);
      case KMS -> {
        req.serverSideEncryption(ServerSideEncryption.AWS_KMS);
        kmsKeyId.ifPresent(req::ssekmsKeyId);
      }
    }
    s3.client().putObject(req.build(), RequestBody.fromBytes(body));
  }

  @Override
  public boolean wantsSnapshotEvents() {
    return snapshots;
  }

  /**
   * True: a redelivered batch rewrites the same object (see the class comment for re-cut batches).
   */
  @Override
  public boolean idempotent() {
    return true;
  }

  /**
   * A reader of what this handler archives (its bucket and prefix, over its S3 connection), for
   * replays that go beyond Kafka's retention. The reader borrows the connection: close it before
   * the handler.
   */
  public ArchiveReader reader() {
    return ArchiveReader.builder().client(s3.client()).bucket(bucket).prefix(prefix).build();
  }

  @Override
  public void close() {
    s3.close();
  }

  /** Builds an {@link ArchiveHandler}; setters reject bad values at once, naming them. */
  public static final class Builder {
    private final S3Access access = new S3Access();
    private String bucket;
    private String prefix = "";
    private ArchiveLayout layout = ArchiveLayout.BATCH;
    private boolean gzip = true;
    private Optional<StorageClass> storageClass = Optional.empty();
    private Encryption encryption = Encryption.NONE;
    private Optional<String> kmsKeyId = Optional.empty();
    private boolean snapshots = true;

    private Builder() {}

    /** The bucket; required, must exist. */
    public Builder bucket(String bucket) {
      Objects.requireNonNull(bucket, "bucket");
      if (!bucket.matches("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]")) {
        throw new IllegalArgumentException("bucket '" + bucket + "' is not a valid S3 bucket name");
      }
      this.bucket = bucket;
      return this;
    }

    /** A key prefix such as {@code cdc/orders}; default none. */
    public Builder prefix(String prefix) {
      Objects.requireNonNull(prefix, "prefix");
      this.prefix = ArchiveKeys.normalize(prefix);
      return this;
    }

    /** How to reach S3; a client is built from these and closed with the handler. */
    public Builder s3(S3Settings settings) {
      access.settings(settings);
      return this;
    }

    /** A client the caller owns (and closes). */
    public Builder client(S3Client client) {
      access.client(client);
      return this;
    }

    public Builder layout(ArchiveLayout layout) {
      this.layout = Objects.requireNonNull(layout, "layout");
      return this;
    }

    /** Gzip objects ({@code .gz}); default true. */
    public Builder gzip(boolean gzip) {
      this.gzip = gzip;
      return this;
    }

    /**
     * An S3 storage class such as {@code STANDARD_IA} or {@code GLACIER_IR}; default the bucket's.
     */
    public Builder storageClass(String storageClass) {
      Objects.requireNonNull(storageClass, "storageClass");
      StorageClass c = StorageClass.fromValue(storageClass);
      if (c == StorageClass.UNKNOWN_TO_SDK_VERSION) {
        throw new IllegalArgumentException(
            "storageClass '" + storageClass + "' is not one of " + StorageClass.knownValues());
      }
      this.storageClass = Optional.of(c);
      return this;
    }

    /** Server-side encryption; default none (the bucket's default). */
    public Builder encryption(Encryption encryption) {
      this.encryption = Objects.requireNonNull(encryption, "encryption");
      if (encryption != Encryption.KMS && kmsKeyId.isPresent()) {
        throw new IllegalArgumentException(
            "encryption " + encryption + " conflicts with kmsKeyId: a KMS key needs KMS");
      }
      return this;
    }

    /** The KMS key for {@link Encryption#KMS}; default the bucket's AWS-managed key. */
    public Builder kmsKeyId(String keyId) {
      Objects.requireNonNull(keyId, "kmsKeyId");
      if (keyId.isBlank()) {
        throw new IllegalArgumentException("kmsKeyId must not be blank");
      }
      this.kmsKeyId = Optional.of(keyId);
      this.encryption = Encryption.KMS;
      return this;
    }

    /** Whether snapshot (backfill) INSERTs are archived; default true. */
    public Builder snapshotEvents(boolean snapshots) {
      this.snapshots = snapshots;
      return this;
    }

    public ArchiveHandler build() {
      if (bucket == null) {
        throw new IllegalStateException("archive handler: missing bucket");
      }
      return new ArchiveHandler(this);
    }
  }
}
