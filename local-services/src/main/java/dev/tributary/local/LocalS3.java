package dev.tributary.local;

import dev.tributary.core.SettingChecks;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import org.gaul.s3proxy.AuthenticationType;
import org.gaul.s3proxy.S3Proxy;
import org.jclouds.ContextBuilder;
import org.jclouds.blobstore.BlobStoreContext;

/**
 * A real S3 endpoint in this JVM (S3Proxy) on a free loopback port, storing objects in a directory
 * or in memory, with signature V2/V4 credentials. Clients use path-style addressing and any region.
 *
 * <pre>{@code
 * try (LocalS3 s3 = LocalS3.builder().directory(Path.of("data/s3")).start()) {
 *   s3.createBucket("orders-archive");
 *   // point an S3 client at s3.endpoint() with s3.accessKey() / s3.secretKey(), path-style
 * }
 * }</pre>
 */
public final class LocalS3 implements AutoCloseable {
  /** The region clients may sign for; S3Proxy accepts any. */
  public static final String REGION = "us-east-1";

  private final BlobStoreContext context;
  private final S3Proxy proxy;
  private final String accessKey;
  private final String secretKey;

  private LocalS3(Builder b) {
    this.accessKey = b.accessKey;
    this.secretKey = b.secretKey;
    Properties props = new Properties();
    String provider = "transient";
    if (b.directory.isPresent()) {
      provider = "filesystem";
      try {
        Files.createDirectories(b.directory.get());
      } catch (IOException e) {
        throw new IllegalStateException(
            "cannot create S3 storage directory " + b.directory.get() + ": " + e, e);
      }
      props.setProperty(
          "jclouds.filesystem.basedir", b.directory.get().toAbsolutePath().toString());
    }
    context =
        ContextBuilder.newBuilder(provider).overrides(props).buildView(BlobStoreContext.class);
    proxy =
        S3Proxy.builder()
            .blobStore(context.getBlobStore())
            .endpoint(URI.create("http://127.0.0.1:" + b.port))
            .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, accessKey, secretKey)
            .jettyMaxThreads(b.maxThreads)
            .build();
    try {
      proxy.start();
      long deadline = System.nanoTime() + b.startTimeout.toNanos();
      while (!proxy.getState().equals("STARTED")) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException(
              "S3Proxy did not start within " + b.startTimeout + ": " + proxy.getState());
        }
        Thread.sleep(20);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      closeQuietly();
      throw new IllegalStateException("interrupted while starting S3Proxy", e);
    } catch (Exception e) {
      closeQuietly();
      throw e instanceof RuntimeException r
          ? r
          : new IllegalStateException("S3Proxy did not start: " + e, e);
    }
  }

  public static Builder builder() {
    return new Builder();
  }

  /** {@code http://127.0.0.1:<port>} */
  public String endpoint() {
    return "http://127.0.0.1:" + port();
  }

  public int port() {
    return proxy.getPort();
  }

  public String accessKey() {
    return accessKey;
  }

  public String secretKey() {
    return secretKey;
  }

  /** Creates a bucket unless it exists (straight in the store: no S3 client needed). */
  public void createBucket(String bucket) {
    Objects.requireNonNull(bucket, "bucket");
    context.getBlobStore().createContainerInLocation(null, bucket);
  }

  @Override
  public void close() {
    try {
      proxy.stop();
    } catch (Exception e) {
      throw new IllegalStateException("S3Proxy did not stop: " + e, e);
    } finally {
      context.close();
    }
  }

  private void closeQuietly() {
    try {
      close();
    } catch (RuntimeException suppressed) {
      // the start failure is what the caller needs to see
    }
  }

  @Override
  public String toString() {
    return "LocalS3[" + endpoint() + "]";
  }

  /** Settings; each setter rejects a bad value at once. */
  public static final class Builder {
    private Optional<Path> directory = Optional.empty();
    private int port;
    private String accessKey = "local-access";
    private String secretKey = "local-secret";
    private int maxThreads = 12;
    private Duration startTimeout = Duration.ofSeconds(30);

    private Builder() {}

    /** Keep objects as files under this directory (kept across restarts). */
    public Builder directory(Path directory) {
      this.directory = Optional.of(Objects.requireNonNull(directory, "directory"));
      return this;
    }

    /** Keep objects in memory, gone on close (the default). */
    public Builder inMemory() {
      this.directory = Optional.empty();
      return this;
    }

    /** The port to listen on; 0 (the default) picks a free one. */
    public Builder port(int port) {
      this.port = SettingChecks.listenPort(port, "port");
      return this;
    }

    /** The only credentials the endpoint accepts (default {@code local-access / local-secret}). */
    public Builder credentials(String accessKey, String secretKey) {
      if (Objects.requireNonNull(accessKey, "accessKey").isEmpty()
          || Objects.requireNonNull(secretKey, "secretKey").isEmpty()) {
        throw new IllegalArgumentException("accessKey and secretKey must not be empty");
      }
      this.accessKey = accessKey;
      this.secretKey = secretKey;
      return this;
    }

    /** Jetty's thread pool (default 12). */
    public Builder maxThreads(int maxThreads) {
      if (maxThreads < 4) {
        throw new IllegalArgumentException("maxThreads must be at least 4, was " + maxThreads);
      }
      this.maxThreads = maxThreads;
      return this;
    }

    public Builder startTimeout(Duration timeout) {
      this.startTimeout =
          SettingChecks.positive(Objects.requireNonNull(timeout, "timeout"), "startTimeout");
      return this;
    }

    /** Starts the endpoint; it is serving when this returns. */
    public LocalS3 start() {
      return new LocalS3(this);
    }
  }
}
