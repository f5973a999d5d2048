package dev.tributary.engine.http;

import dev.tributary.engine.TributaryEngine;
import dev.tributary.engine.http.internal.NettyServer;
import dev.tributary.engine.http.internal.RequestAuthenticator;
import dev.tributary.engine.http.internal.StreamsOperations;
import java.net.URI;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves a {@link TributaryEngine} over DynamoDB's JSON 1.0 protocol, so AWS SDKs, boto3 and the
 * AWS CLI work against it by changing only the endpoint URL.
 *
 * <pre>{@code
 * try (EngineServer server = EngineServer.start(engine, ServerOptions.builder().port(0).build())) {
 *   DynamoDbClient client = DynamoDbClient.builder().endpointOverride(server.endpoint())...;
 * }
 * }</pre>
 *
 * The server does not own the engine: close the server first, then the engine.
 */
public final class EngineServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(EngineServer.class);

  /** The server's lifecycle; changed only by compare-and-set. */
  public enum State {
    RUNNING,
    STOPPING,
    STOPPED
  }

  private final NettyServer server;

  private EngineServer(NettyServer server) {
    this.server = server;
  }

  /** Binds and starts serving; returns once the port is open. */
  public static EngineServer start(TributaryEngine engine, ServerOptions options) {
    Objects.requireNonNull(engine, "engine");
    Objects.requireNonNull(options, "options");
    if (options.allowAnyCredentials()) {
      LOG.warn(
          "--allow-any-credentials: this endpoint accepts requests with ANY credentials, signed or"
              + " not. Use it for local development only.");
    } else {
      // TODO(sigv4): wire the SigV4 verifier for options.credentials() here.
      LOG.warn(
          "Signature Version 4 verification is not available in this build: requests are accepted"
              + " whatever their credentials.");
    }
    RequestAuthenticator authenticator = RequestAuthenticator.allowAny();
    return new EngineServer(
        NettyServer.start(engine, options, authenticator, StreamsOperations.unavailable()));
  }

  /** The port the server listens on (the chosen one when the options asked for port 0). */
  public int port() {
    return server.port();
  }

  /** The endpoint URL for clients, e.g. {@code http://127.0.0.1:8000}. */
  public URI endpoint() {
    return server.endpoint();
  }

  public State state() {
    return State.valueOf(server.state().name());
  }

  /**
   * Stops gracefully: stops accepting connections, lets in-flight requests finish (up to the
   * options' shutdown timeout), then closes every connection. Idempotent.
   */
  @Override
  public void close() {
    server.close();
  }
}
