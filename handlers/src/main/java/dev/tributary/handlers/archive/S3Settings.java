package dev.tributary.handlers.archive;

import dev.tributary.core.SettingChecks;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3Configuration;

/**
 * Where the archive's S3 is and how to reach it: AWS by region, or any S3-compatible endpoint
 * (S3Proxy, MinIO) with path-style addressing. Credentials are static or AWS's default chain.
 * Builds an {@link S3Client} on the JDK's HTTP client (no Netty, no Apache client).
 */
public final class S3Settings {
  private final Optional<URI> endpoint;
  private final Region region;
  private final boolean pathStyle;
  private final Optional<AwsBasicCredentials> credentials;
  private final Duration timeout;

  private S3Settings(Builder b) {
    this.endpoint = b.endpoint;
    this.region = b.region;
    this.pathStyle = b.pathStyle;
    this.credentials = b.credentials;
    this.timeout = b.timeout;
  }

  public static Builder builder() {
    return new Builder();
  }

  /**
   * A new client; the caller closes it. Checksums are computed only where S3 requires them, as
   * S3-compatible servers do not all accept the SDK's trailing checksums.
   */
  public S3Client client() {
    AwsCredentialsProvider provider =
        credentials.isPresent()
            ? StaticCredentialsProvider.create(credentials.get())
            : DefaultCredentialsProvider.builder().build();
    var b =
        S3Client.builder()
            .region(region)
            .credentialsProvider(provider)
            .httpClientBuilder(
                UrlConnectionHttpClient.builder().connectionTimeout(timeout).socketTimeout(timeout))
            .serviceConfiguration(
                S3Configuration.builder().pathStyleAccessEnabled(pathStyle).build())
            .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
            .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED);
    endpoint.ifPresent(b::endpointOverride);
    return b.build();
  }

  @Override
  public String toString() {
    return "S3Settings[endpoint="
        + endpoint.map(URI::toString).orElse("aws")
        + ", region="
        + region
        + ", pathStyle="
        + pathStyle
        + ", credentials="
        + (credentials.isPresent() ? "static" : "default chain")
        + "]";
  }

  /** Builds {@link S3Settings}; setters reject bad values at once. */
  public static final class Builder {
    private Optional<URI> endpoint = Optional.empty();
    private Region region = Region.US_EAST_1;
    private boolean pathStyle;
    private Optional<AwsBasicCredentials> credentials = Optional.empty();
    private Duration timeout = Duration.ofSeconds(30);

    private Builder() {}

    /** An S3-compatible endpoint such as {@code http://127.0.0.1:9000}; default: AWS by region. */
    public Builder endpoint(String uri) {
      Objects.requireNonNull(uri, "endpoint");
      try {
        URI u = new URI(uri);
        if (u.getScheme() == null
            || !(u.getScheme().equals("http") || u.getScheme().equals("https"))
            || u.getHost() == null) {
          throw new IllegalArgumentException(
              "endpoint must be an http or https URL, was '" + uri + "'");
        }
        this.endpoint = Optional.of(u);
      } catch (URISyntaxException e) {
        throw new IllegalArgumentException("endpoint is not a URL: '" + uri + "'", e);
      }
      return this;
    }

    /** The signing region; default us-east-1. */
    public Builder region(String region) {
      Objects.requireNonNull(region, "region");
      if (!region.matches("[a-z0-9-]+")) {
        throw new IllegalArgumentException("region must look like us-east-1, was '" + region + "'");
      }
      this.region = Region.of(region);
      return this;
    }

    /** Path-style addressing ({@code endpoint/bucket/key}), which S3Proxy and MinIO need. */
    public Builder pathStyle(boolean pathStyle) {
      this.pathStyle = pathStyle;
      return this;
    }

    /** Static credentials; default: AWS's default chain (environment, profile, instance role). */
    public Builder credentials(String accessKeyId, String secretAccessKey) {
      Objects.requireNonNull(accessKeyId, "accessKeyId");
      Objects.requireNonNull(secretAccessKey, "secretAccessKey");
      if (accessKeyId.isBlank() || secretAccessKey.isBlank()) {
        throw new IllegalArgumentException("accessKeyId and secretAccessKey must not be blank");
      }
      this.credentials = Optional.of(AwsBasicCredentials.create(accessKeyId, secretAccessKey));
      return this;
    }

    /** Connect and socket timeout; default 30 s. */
    public Builder timeout(Duration timeout) {
      this.timeout = SettingChecks.positive(timeout, "timeout");
      return this;
    }

    public S3Settings build() {
      return new S3Settings(this);
    }
  }
}
