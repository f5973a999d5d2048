package dev.tributary.worker.config;

import java.util.Objects;

/** An access key and its secret; {@link #toString()} never shows the secret. */
public record Credentials(String accessKey, String secretKey) {
  public Credentials {
    Objects.requireNonNull(accessKey, "accessKey");
    Objects.requireNonNull(secretKey, "secretKey");
    if (accessKey.isBlank() || secretKey.isBlank()) {
      throw new IllegalArgumentException("access key and secret key must not be blank");
    }
  }

  @Override
  public String toString() {
    return "Credentials[" + accessKey + ", secret hidden]";
  }
}
