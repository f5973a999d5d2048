package dev.tributary.engine.http;

import dev.tributary.core.SettingChecks;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * How an {@link EngineServer} listens and whom it lets in. Build with {@link #builder()}; every
 * setter rejects a bad value at once, naming it.
 *
 * <pre>{@code
 * ServerOptions.builder().port(8000).credentials("AKIDEXAMPLE", "secret").build();
 * }</pre>
 */
public final class ServerOptions {
  /** DynamoDB's own limit on a request body. */
  public static final int DEFAULT_MAX_BODY_BYTES = 16 * 1024 * 1024;

  private final String host;
  private final int port;
  private final int maxBodyBytes;
  private final int workerThreads;
  private final int ioThreads;
  private final Map<String, String> credentials;
  private final boolean allowAnyCredentials;
  private final Optional<Path> keyStore;
  private final char[] keyStorePassword;
  private final Duration shutdownTimeout;
  private final Duration idleTimeout;

  private ServerOptions(Builder b) {
    this.host = b.host;
    this.port = b.port;
    this.maxBodyBytes = b.maxBodyBytes;
    this.workerThreads = b.workerThreads;
    this.ioThreads = b.ioThreads;
    this.credentials = Map.copyOf(b.credentials);
    this.allowAnyCredentials = b.allowAnyCredentials;
    this.keyStore = Optional.ofNullable(b.keyStore);
    this.keyStorePassword = b.keyStorePassword.clone();
    this.shutdownTimeout = b.shutdownTimeout;
    this.idleTimeout = b.idleTimeout;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** The address to bind; {@code 127.0.0.1} by default. */
  public String host() {
    return host;
  }

  /** The port to bind; 0 picks a free one ({@link EngineServer#port()} tells which). */
  public int port() {
    return port;
  }

  public int maxBodyBytes() {
    return maxBodyBytes;
  }

  /** Threads that run engine calls, if set; by default {@link #defaultWorkerThreads()}. */
  public OptionalInt workerThreads() {
    return workerThreads == 0 ? OptionalInt.empty() : OptionalInt.of(workerThreads);
  }

  /**
   * The default worker pool: 4 per core, at least 8. Single-item writes do not hold a worker
   * through their fsync (the engine's commit thread answers them), so fsynced writes need no larger
   * pool; batch writes and transactions do wait, and share fsyncs with everything else.
   */
  public static int defaultWorkerThreads() {
    return Math.max(8, 4 * Runtime.getRuntime().availableProcessors());
  }

  /** Netty event-loop threads for network I/O. */
  public int ioThreads() {
    return ioThreads;
  }

  /** Access key id to secret access key, for signature verification. */
  public Map<String, String> credentials() {
    return credentials;
  }

  /** Whether requests are served whatever credentials they were signed with (development only). */
  public boolean allowAnyCredentials() {
    return allowAnyCredentials;
  }

  /** The JKS or PKCS12 keystore with the server's key and certificate; empty serves plain HTTP. */
  public Optional<Path> keyStore() {
    return keyStore;
  }

  /** The keystore's password (a copy). */
  public char[] keyStorePassword() {
    return keyStorePassword.clone();
  }

  /** How long {@link EngineServer#close()} waits for in-flight requests. */
  public Duration shutdownTimeout() {
    return shutdownTimeout;
  }

  /** How long a connection may stay idle (no request in progress) before the server closes it. */
  public Duration idleTimeout() {
    return idleTimeout;
  }

  /** A mutable, chainable builder. */
  public static final class Builder {
    private String host = "127.0.0.1";
    private int port = 8000;
    private int maxBodyBytes = DEFAULT_MAX_BODY_BYTES;
    private int workerThreads; // 0: defaultWorkerThreads()
    private int ioThreads = Math.max(1, Runtime.getRuntime().availableProcessors());
    private final Map<String, String> credentials = new LinkedHashMap<>();
    private boolean allowAnyCredentials;
    private Path keyStore;
    private char[] keyStorePassword = new char[0];
    private Duration shutdownTimeout = Duration.ofSeconds(30);
    private Duration idleTimeout = Duration.ofMinutes(5);

    private Builder() {}

    public Builder host(String host) {
      Objects.requireNonNull(host, "host");
      if (host.isBlank()) {
        throw new IllegalArgumentException("host must not be blank");
      }
      this.host = host;
      return this;
    }

    public Builder port(int port) {
      this.port = SettingChecks.listenPort(port, "port");
      return this;
    }

    public Builder maxBodyBytes(int bytes) {
      if (bytes < 1024) {
        throw new IllegalArgumentException("maxBodyBytes must be at least 1024, was " + bytes);
      }
      this.maxBodyBytes = bytes;
      return this;
    }

    public Builder workerThreads(int threads) {
      if (threads < 1 || threads > 1024) {
        throw new IllegalArgumentException(
            "workerThreads must be between 1 and 1024, was " + threads);
      }
      this.workerThreads = threads;
      return this;
    }

    public Builder ioThreads(int threads) {
      if (threads < 1 || threads > 256) {
        throw new IllegalArgumentException("ioThreads must be between 1 and 256, was " + threads);
      }
      this.ioThreads = threads;
      return this;
    }

    /** Adds one access key and its secret; may be called repeatedly. */
    public Builder credentials(String accessKeyId, String secretAccessKey) {
      Objects.requireNonNull(accessKeyId, "accessKeyId");
      Objects.requireNonNull(secretAccessKey, "secretAccessKey");
      if (accessKeyId.isBlank() || secretAccessKey.isBlank()) {
        throw new IllegalArgumentException("accessKeyId and secretAccessKey must not be blank");
      }
      if (credentials.containsKey(accessKeyId)) {
        throw new IllegalArgumentException(
            "credentials for access key " + accessKeyId + " given twice");
      }
      credentials.put(accessKeyId, secretAccessKey);
      return this;
    }

    public Builder allowAnyCredentials(boolean allow) {
      this.allowAnyCredentials = allow;
      return this;
    }

    /** Serves HTTPS with the key and certificate of a JKS or PKCS12 keystore. */
    public Builder tls(Path keyStore, char[] password) {
      this.keyStore = Objects.requireNonNull(keyStore, "keyStore");
      this.keyStorePassword = Objects.requireNonNull(password, "password").clone();
      return this;
    }

    public Builder shutdownTimeout(Duration timeout) {
      Objects.requireNonNull(timeout, "shutdownTimeout");
      if (timeout.isNegative()) {
        throw new IllegalArgumentException("shutdownTimeout must not be negative, was " + timeout);
      }
      this.shutdownTimeout = timeout;
      return this;
    }

    public Builder idleTimeout(Duration timeout) {
      Objects.requireNonNull(timeout, "idleTimeout");
      if (timeout.toMillis() < 1) {
        throw new IllegalArgumentException("idleTimeout must be at least 1 ms, was " + timeout);
      }
      this.idleTimeout = timeout;
      return this;
    }

    public ServerOptions build() {
      return new ServerOptions(this);
    }
  }
}
