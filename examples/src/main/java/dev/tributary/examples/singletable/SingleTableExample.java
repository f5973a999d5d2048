package dev.tributary.examples.singletable;

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
 * Single-table design twice: from Java on the embedded engine ({@link SingleTableJava}), then with
 * unchanged AWS SDK v2 code ({@link SingleTableSdk}) against the engine served over DynamoDB's
 * protocol by an in-process {@link EngineServer}. Both print the same results.
 */
public final class SingleTableExample {
  static final String ACCESS_KEY = "AKIDEXAMPLE";
  static final String SECRET_KEY = "example-secret";

  private final PrintStream out;

  public SingleTableExample(PrintStream out) {
    this.out = out;
  }

  public static void main(String[] args) {
    Path dir = ExampleDirs.fromArgs(args, "single-table");
    try {
      new SingleTableExample(System.out).run(dir);
    } finally {
      ExampleDirs.deleteTemporary(args, dir);
    }
  }

  /** Runs both halves, each on its own engine under {@code dir}. */
  public void run(Path dir) {
    out.println("== From Java: TributaryEngine, embedded ==");
    try (TributaryEngine engine =
        TributaryEngine.open(EngineOptions.builder(dir.resolve("java")).build())) {
      new SingleTableJava(engine, out).run();
    }

    out.println();
    out.println("== Over the wire: the AWS SDK v2 DynamoDbClient against EngineServer ==");
    try (TributaryEngine engine =
            TributaryEngine.open(EngineOptions.builder(dir.resolve("wire")).build());
        EngineServer server =
            EngineServer.start(
                engine,
                ServerOptions.builder().port(0).credentials(ACCESS_KEY, SECRET_KEY).build());
        DynamoDbClient dynamoDb =
            DynamoDbClient.builder()
                .endpointOverride(
                    server.endpoint()) // the only line that differs from a client for AWS
                .region(Region.US_EAST_1)
                .credentialsProvider(
                    StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(ACCESS_KEY, SECRET_KEY)))
                .httpClient(UrlConnectionHttpClient.create())
                .build()) {
      out.println("  (engine listening on " + server.endpoint() + ", SigV4-signed requests)");
      new SingleTableSdk(dynamoDb, out).run();
    }
  }
}
