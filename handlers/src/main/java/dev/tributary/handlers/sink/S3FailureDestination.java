package dev.tributary.handlers.sink;

import dev.tributary.core.pipeline.InvocationRecord;
import dev.tributary.core.pipeline.OnFailureDestination;
import dev.tributary.handlers.archive.S3Settings;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Lambda's S3 on-failure destination: one object per invocation record, holding the record and its
 * {@code payload} (the failed invocation's {@code {"Records": [...]}}), under the key Lambda
 * documents, {@code aws/lambda/<ESM-UUID>/<shardID>/YYYY/MM/DD/YYYY-MM-DDTHH.MM.SS-<UUID>} (the
 * time is the record's {@code timestamp}, UTC; the UUID is its {@code requestId}). A failed upload
 * (after the SDK's own retries) is thrown, so the runner keeps the events' position uncommitted.
 */
final class S3FailureDestination implements OnFailureDestination {
  private static final DateTimeFormatter DAY =
      DateTimeFormatter.ofPattern("yyyy/MM/dd").withZone(ZoneOffset.UTC);
  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH.mm.ss").withZone(ZoneOffset.UTC);

  private final S3Client s3;
  private final String bucket;

  S3FailureDestination(S3Settings settings, String bucket) {
    this.s3 = settings.client();
    this.bucket = bucket;
  }

  /** The object key of {@code record}, as Lambda names it. */
  static String key(InvocationRecord record) {
    return "aws/lambda/"
        + record.mappingId()
        + "/"
        + record.shardId()
        + "/"
        + DAY.format(record.timestamp())
        + "/"
        + TIME.format(record.timestamp())
        + "-"
        + record.requestId();
  }

  @Override
  public void deliver(InvocationRecord record) {
    s3.putObject(
        b -> b.bucket(bucket).key(key(record)).contentType("application/json"),
        RequestBody.fromBytes(record.jsonWithPayload().getBytes(StandardCharsets.UTF_8)));
  }

  @Override
  public void close() {
    s3.close();
  }
}
