package dev.tributary.handlers.archive;

import java.util.Objects;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * How an archive handler or reader reaches S3, as its builder was told: a client built from {@link
 * S3Settings} (closed with the handler or reader), or a client the caller owns (and closes). Giving
 * settings after a client is a conflict.
 */
final class S3Access {
  private S3Client given;
  private S3Settings settings = S3Settings.builder().build();

  void settings(S3Settings settings) {
    if (given != null) {
      throw new IllegalArgumentException(
          "s3 settings conflict with the client already given: set one");
    }
    this.settings = Objects.requireNonNull(settings, "s3");
  }

  void client(S3Client client) {
    this.given = Objects.requireNonNull(client, "client");
  }

  /** The caller's client, or a new one from the settings that closing the connection closes. */
  Connection connect() {
    return given != null ? new Connection(given, false) : new Connection(settings.client(), true);
  }

  /** A client, and whether closing it is its user's job. */
  record Connection(S3Client client, boolean owned) implements AutoCloseable {
    @Override
    public void close() {
      if (owned) {
        client.close();
      }
    }
  }
}
