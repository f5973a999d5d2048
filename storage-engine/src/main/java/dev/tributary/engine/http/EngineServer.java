package dev.tributary.engine.http;

import dev.tributary.engine.TributaryEngine;
import dev.tributary.engine.http.internal.NettyServer;
import dev.tributary.engine.http.internal.RequestAuthenticator;
import dev.tributary.engine.http.internal.ShardIterators;
import dev.tributary.engine.http.internal.SigV4Verifier;
import dev.tributary.engine.http.internal.StreamsApi;
import dev.tributary.engine.http.internal.StreamsOperations;
import java.net.URI;
import java.time.Clock;
import java.util.Objects;

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
    RequestAuthenticator authenticator;
    if (options.allowAnyCredentials()) {
      authenticator = SigV4Verifier.allowAnyCredentials();
    } else if (options.credentials().isEmpty()) {
      throw new IllegalArgumentException(
          "No credentials configured: give at least one access key and secret, or allow any"
              + " credentials for local development");
    } else {
      authenticator = new SigV4Verifier(options.credentials(), Clock.systemUTC());
    }
    // Shard iterators are signed with a key kept beside the engine's data, so iterators handed
    // out before a restart stay valid after it.
    byte[] iteratorKey =
        ShardIterators.loadOrCreateKey(engine.dataDirectory().resolve("streams-iterator.key"));
    StreamsOperations streams = new StreamsApi(engine, Clock.systemUTC(), iteratorKey);
    return new EngineServer(NettyServer.start(engine, options, authenticator, streams));
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
