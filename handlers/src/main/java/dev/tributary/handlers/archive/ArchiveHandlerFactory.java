package dev.tributary.handlers.archive;

import static dev.tributary.handlers.internal.Config.set;

import dev.tributary.core.ConfigKey;
import dev.tributary.core.handler.ChangeHandler;
import dev.tributary.core.handler.HandlerFactory;
import dev.tributary.handlers.internal.Config;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * {@code type: archive}. Keys (nested or dotted): {@code bucket}, {@code prefix}, {@code layout},
 * {@code gzip}, {@code storage-class}, {@code sse.type}, {@code sse.kms-key-id}, {@code
 * s3.endpoint}, {@code s3.region}, {@code s3.path-style}, {@code s3.access-key}, {@code
 * s3.secret-key}, {@code s3.timeout}, {@code snapshots}; see {@link #KEYS}.
 */
public final class ArchiveHandlerFactory implements HandlerFactory {
  static final ConfigKey<String> BUCKET = ConfigKey.string("bucket", "the S3 bucket (must exist)");
  static final ConfigKey<String> PREFIX = ConfigKey.string("prefix", "key prefix; default none");
  static final ConfigKey<ArchiveLayout> LAYOUT =
      ConfigKey.oneOf(
              "layout", "batch (one object per batch and table) or event", ArchiveLayout.class)
          .withDefault(ArchiveLayout.BATCH);
  static final ConfigKey<Boolean> GZIP = ConfigKey.bool("gzip", "gzip objects").withDefault(true);
  static final ConfigKey<String> STORAGE_CLASS =
      ConfigKey.string("storage-class", "S3 storage class, e.g. STANDARD_IA; default the bucket's");
  static final ConfigKey<Encryption> SSE =
      ConfigKey.oneOf("sse.type", "server-side encryption: none, aes256 or kms", Encryption.class)
          .withDefault(Encryption.NONE);
  static final ConfigKey<String> KMS_KEY =
      ConfigKey.string("sse.kms-key-id", "KMS key for sse.type kms");
  static final ConfigKey<String> ENDPOINT =
      ConfigKey.string("s3.endpoint", "an S3-compatible endpoint URL; default AWS");
  static final ConfigKey<String> REGION =
      ConfigKey.string("s3.region", "signing region").withDefault("us-east-1");
  static final ConfigKey<Boolean> PATH_STYLE =
      ConfigKey.bool("s3.path-style", "path-style addressing (S3Proxy, MinIO)").withDefault(false);
  static final ConfigKey<String> ACCESS_KEY =
      ConfigKey.string("s3.access-key", "static access key id; needs s3.secret-key");
  static final ConfigKey<String> SECRET_KEY =
      ConfigKey.string("s3.secret-key", "static secret key; needs s3.access-key");
  static final ConfigKey<Duration> TIMEOUT =
      ConfigKey.duration("s3.timeout", "connect and socket timeout")
          .withDefault(Duration.ofSeconds(30));
  static final ConfigKey<Boolean> SNAPSHOTS =
      ConfigKey.bool("snapshots", "archive snapshot (backfill) INSERTs too").withDefault(true);

  /** Every key this factory reads. */
  public static final List<ConfigKey<?>> KEYS =
      List.of(
          BUCKET,
          PREFIX,
          LAYOUT,
          GZIP,
          STORAGE_CLASS,
          SSE,
          KMS_KEY,
          ENDPOINT,
          REGION,
          PATH_STYLE,
          ACCESS_KEY,
          SECRET_KEY,
          TIMEOUT,
          SNAPSHOTS);

  @Override
  public String type() {
    return "archive";
  }

  @Override
  public ChangeHandler create(Map<String, Object> config) {
    Config c = Config.of(type(), config, KEYS);
    c.require(BUCKET);
    ArchiveHandler.Builder b = ArchiveHandler.builder();
    b.s3(settings(c));
    set(c, BUCKET, b::bucket);
    set(c, PREFIX, b::prefix);
    set(c, LAYOUT, b::layout);
    set(c, GZIP, b::gzip);
    set(c, STORAGE_CLASS, b::storageClass);
    if (c.has(KMS_KEY) && c.get(SSE).orElseThrow() != Encryption.KMS) {
      throw new IllegalArgumentException(
          "archive handler: key 'sse.kms-key-id' needs 'sse.type: kms'");
    }
    set(c, SSE, b::encryption);
    set(c, KMS_KEY, b::kmsKeyId);
    set(c, SNAPSHOTS, b::snapshotEvents);
    return b.build();
  }

  /** The S3 connection keys ({@code s3.*}), for other readers of the same settings. */
  public static final List<ConfigKey<?>> S3_KEYS =
      List.of(ENDPOINT, REGION, PATH_STYLE, ACCESS_KEY, SECRET_KEY, TIMEOUT);

  /**
   * The S3 connection keys ({@code s3.*}) of {@code c}, shared with replay tools that build an
   * ArchiveReader and with on-failure destinations in a bucket.
   */
  public static S3Settings settings(Config c) {
    S3Settings.Builder s = S3Settings.builder();
    set(c, ENDPOINT, s::endpoint);
    set(c, REGION, s::region);
    set(c, PATH_STYLE, s::pathStyle);
    set(c, TIMEOUT, s::timeout);
    if (c.has(ACCESS_KEY) != c.has(SECRET_KEY)) {
      throw c.invalid(
          c.has(ACCESS_KEY) ? SECRET_KEY : ACCESS_KEY,
          new IllegalArgumentException(
              "'s3.access-key' and 's3.secret-key' go together; only one is set"));
    }
    if (c.has(ACCESS_KEY)) {
      s.credentials(c.require(ACCESS_KEY), c.require(SECRET_KEY));
    }
    return s.build();
  }

  @Override
  public List<ConfigKey<?>> configKeys() {
    return KEYS;
  }
}
