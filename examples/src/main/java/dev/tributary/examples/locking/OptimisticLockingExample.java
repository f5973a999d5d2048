package dev.tributary.examples.locking;

import dev.tributary.engine.EngineOptions;
import dev.tributary.engine.TributaryEngine;
import dev.tributary.engine.http.EngineServer;
import dev.tributary.engine.http.ServerOptions;
import dev.tributary.examples.ExampleDirs;
import java.io.PrintStream;
import java.nio.file.Path;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * Optimistic locking and idempotent writes: from Java on the embedded engine ({@link LockingJava}),
 * then with unchanged AWS SDK v2 code, Enhanced Client included ({@link LockingSdk}), against an
 * in-process {@link EngineServer}.
 */
public final class OptimisticLockingExample {
  static final String ACCESS_KEY = "AKIDEXAMPLE";
  static final String SECRET_KEY = "example-secret";

  private final PrintStream out;

  public OptimisticLockingExample(PrintStream out) {
    this.out = out;
  }

  public static void main(String[] args) throws Exception {
    Path dir = ExampleDirs.fromArgs(args, "optimistic-locking");
    try {
      new OptimisticLockingExample(System.out).run(dir);
    } finally {
      ExampleDirs.deleteTemporary(args, dir);
    }
  }

  public void run(Path dir) throws Exception {
    out.println("== From Java: TributaryEngine, embedded ==");
    try (TributaryEngine engine =
        TributaryEngine.open(EngineOptions.builder(dir.resolve("java")).build())) {
      new LockingJava(engine, out).run();
    }

    out.println();
    out.println("== Over the wire: AWS SDK v2 and its Enhanced Client against EngineServer ==");
    try (TributaryEngine engine =
            TributaryEngine.open(EngineOptions.builder(dir.resolve("wire")).build());
        EngineServer server =
            EngineServer.start(
                engine,
                ServerOptions.builder().port(0).credentials(ACCESS_KEY, SECRET_KEY).build());
        DynamoDbClient dynamoDb =
            DynamoDbClient.builder()
                .endpointOverride(server.endpoint())
                .region(Region.US_EAST_1)
                .credentialsProvider(
                    StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(ACCESS_KEY, SECRET_KEY)))
                .httpClient(UrlConnectionHttpClient.create())
                .build()) {
      new LockingSdk(dynamoDb, out).run();
    }
  }
}
