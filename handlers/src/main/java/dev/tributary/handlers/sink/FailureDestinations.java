package dev.tributary.handlers.sink;

import dev.tributary.core.ConfigKey;
import dev.tributary.core.pipeline.OnFailure;
import dev.tributary.handlers.archive.ArchiveHandlerFactory;
import dev.tributary.handlers.archive.S3Settings;
import dev.tributary.handlers.internal.Config;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Lambda's {@code DestinationConfig.OnFailure} outside Kafka: an S3 bucket (one object per
 * invocation record, with its payload, under Lambda's key layout) or a webhook (a POST of each
 * invocation record). For a handler: {@code spec.onFailure(FailureDestinations.s3(settings,
 * "order-failures"))}. A record the destination does not take holds the events' partition
 * uncommitted (tried again after a back-off of 1 s doubling to 30 s) rather than losing it.
 */
public final class FailureDestinations {
  private static final ConfigKey<String> BUCKET =
      ConfigKey.string("bucket", "the S3 bucket invocation records are written to (must exist)");

  private FailureDestinations() {}

  /** Invocation records as objects in {@code bucket}, reached with {@code settings}. */
  public static OnFailure s3(S3Settings settings, String bucket) {
    Objects.requireNonNull(settings, "settings");
    Objects.requireNonNull(bucket, "bucket");
    if (!bucket.matches("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]")) {
      throw new IllegalArgumentException(
          "on-failure bucket must be an S3 bucket name (3-63 characters: a-z, 0-9, '.', '-'), was '"
              + bucket
              + "'");
    }
    return OnFailure.destination(
        "s3://" + bucket, () -> new S3FailureDestination(settings, bucket));
  }

  /** Invocation records POSTed by {@code webhook} (its URL, headers, secret and retries). */
  public static OnFailure webhook(WebhookSink webhook) {
    Objects.requireNonNull(webhook, "webhook");
    return OnFailure.destination(
        "webhook " + webhook.url(), () -> new WebhookFailureDestination(webhook));
  }

  /**
   * From configuration (the worker's {@code on-failure} map without {@code topic} and {@code
   * function-name}): {@code bucket} with the archive handler's {@code s3.*} keys, or {@code url}
   * with the webhook sink's keys ({@code retry.max-attempts} defaults to 3 here).
   */
  public static OnFailure fromConfig(Map<String, Object> config) {
    Objects.requireNonNull(config, "config");
    if (config.containsKey("bucket") == config.containsKey("url")) {
      throw new IllegalArgumentException("on-failure: give one of 'topic', 'bucket' or 'url'");
    }
    if (config.containsKey("bucket")) {
      List<ConfigKey<?>> keys = new ArrayList<>(ArchiveHandlerFactory.S3_KEYS);
      keys.add(BUCKET);
      Config c = Config.of("on-failure", config, keys);
      String bucket = c.require(BUCKET);
      S3Settings settings = ArchiveHandlerFactory.settings(c);
      try {
        return s3(settings, bucket);
      } catch (IllegalArgumentException e) {
        throw c.invalid(BUCKET, e);
      }
    }
    Map<String, Object> webhook = new HashMap<>(config);
    Object retry = webhook.get("retry");
    if (!webhook.containsKey("retry.max-attempts")
        && !(retry instanceof Map<?, ?> m && m.containsKey("max-attempts"))) {
      webhook.put("retry.max-attempts", 3);
    }
    return webhook((WebhookSink) new WebhookSinkFactory().create(webhook));
  }
}
