package dev.tributary.engine.http.internal;

import dev.tributary.engine.EngineOptions;
import dev.tributary.engine.TributaryEngine;
import dev.tributary.engine.http.ServerOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/**
 * Benchmark only: the engine server's HTTP stack (the same Netty pipeline, worker pool, dispatcher
 * and response writer, with the same default thread counts as {@code tributary engine}) answering
 * every {@code DynamoDBStreams_20120810.*} request with a fixed body, without touching the engine.
 * It measures the protocol's own limit on a machine: {@code WireBenchmark} (in benchmarks/) sends
 * it the very GetItem bodies it sends the real server, under that target prefix.
 *
 * <p>It lives beside the server it measures, so the benchmarks use no internals: {@code java -cp
 * benchmarks.jar dev.tributary.engine.http.internal.FixedResponseServer PORT DATA_DIR BODY_FILE}
 */
public final class FixedResponseServer {
  private FixedResponseServer() {}

  public static void main(String[] args) throws Exception {
    if (args.length != 3) {
      System.err.println("usage: FixedResponseServer PORT DATA_DIR BODY_FILE");
      System.exit(2);
    }
    int port = Integer.parseInt(args[0]);
    Path dir = Files.createDirectories(Path.of(args[1]));
    byte[] body = Files.readAllBytes(Path.of(args[2]));
    ServerOptions options = ServerOptions.builder().port(port).allowAnyCredentials(true).build();
    try (TributaryEngine engine =
        TributaryEngine.open(EngineOptions.builder(dir).syncWrites(false).build())) {
      NettyServer server =
          NettyServer.start(
              engine, options, SigV4Verifier.allowAnyCredentials(), (op, req) -> body);
      System.out.println("Fixed-response server listening on " + server.endpoint());
      System.out.flush();
      new CountDownLatch(1).await();
    }
  }
}
