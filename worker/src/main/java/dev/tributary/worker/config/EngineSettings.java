package dev.tributary.worker.config;

import dev.tributary.engine.model.CreateTableRequest;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The table engine: none, embedded in the worker (with a data directory, optionally served over
 * DynamoDB's protocol, and the tables it must have), or a remote endpoint that a {@code
 * dynamodb-streams} source reads.
 */
public record EngineSettings(
    Mode mode,
    Optional<Path> dataDir,
    boolean syncWrites,
    Optional<Endpoint> endpoint,
    Optional<URI> remoteEndpoint,
    String region,
    Optional<Credentials> remoteCredentials,
    List<CreateTableRequest> tables) {

  public enum Mode {
    NONE,
    EMBEDDED,
    REMOTE
  }

  public static final EngineSettings NONE =
      new EngineSettings(
          Mode.NONE,
          Optional.empty(),
          true,
          Optional.empty(),
          Optional.empty(),
          "us-east-1",
          Optional.empty(),
          List.of());

  public EngineSettings {
    Objects.requireNonNull(mode, "mode");
    Objects.requireNonNull(dataDir, "dataDir");
    Objects.requireNonNull(endpoint, "endpoint");
    Objects.requireNonNull(remoteEndpoint, "remoteEndpoint");
    Objects.requireNonNull(region, "region");
    Objects.requireNonNull(remoteCredentials, "remoteCredentials");
    tables = List.copyOf(tables);
  }

  /**
   * The embedded engine's DynamoDB endpoint.
   *
   * @param port 0 picks a free one
   */
  public record Endpoint(
      String host, int port, List<Credentials> credentials, boolean allowAnyCredentials) {
    public Endpoint {
      Objects.requireNonNull(host, "host");
      credentials = List.copyOf(credentials);
    }
  }
}
