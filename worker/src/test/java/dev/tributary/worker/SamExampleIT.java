package dev.tributary.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * examples/sam-functions as its README runs it, in a worker process of its own ({@code tributary
 * worker --sam template.yaml}): writes over DynamoDB's protocol with the AWS SDK reach the Python
 * function (a confirmation, a reported failure) and the Node.js function (a tumbling window's
 * totals at its final invocation); SIGTERM stops it with exit code 0.
 */
class SamExampleIT {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;
  private Process worker;

  @AfterEach
  void stop() {
    if (worker != null) {
      worker.destroyForcibly();
    }
  }

  @Test
  void shouldRunBothFunctionsOfTheExampleOnWritesToItsTable() throws Exception {
    Path template =
        Path.of("..", "examples", "sam-functions", "template.yaml").toAbsolutePath().normalize();
    int port = WorkerIT.freePort();
    Path log = dir.resolve("worker.log");
    String classpath =
        System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    ProcessBuilder pb =
        new ProcessBuilder(
            Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-Xmx384m",
            "-XX:+UseSerialGC",
            "-cp",
            classpath,
            TributaryCli.class.getName(),
            "worker",
            "--sam",
            template.toString(),
            "--data-dir",
            dir.resolve("data").toString(),
            "--port",
            Integer.toString(port),
            "--http-port",
            "-1");
    pb.redirectErrorStream(true).redirectOutput(log.toFile());
    worker = pb.start();
    await()
        .atMost(Duration.ofMinutes(2))
        .pollInterval(Duration.ofMillis(500))
        .until(
            () -> {
              if (!worker.isAlive()) {
                throw new IllegalStateException("the worker exited: " + Files.readString(log));
              }
              return Files.readString(log).contains("Running 2 function pipeline(s)");
            });

    try (DynamoDbClient ddb =
        DynamoDbClient.builder()
            .endpointOverride(URI.create("http://127.0.0.1:" + port))
            .region(Region.US_EAST_1)
            .credentialsProvider(
                StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
            .httpClient(UrlConnectionHttpClient.create())
            .build()) {
      ddb.putItem(
          b ->
              b.tableName("Orders")
                  .item(
                      Map.of(
                          "orderId",
                          s("ORD-1"),
                          "items",
                          AttributeValue.builder().l(s("SKU-1")).build())));
      ddb.putItem(b -> b.tableName("Orders").item(Map.of("orderId", s("ORD-2"))));
      ddb.updateItem(
          b ->
              b.tableName("Orders")
                  .key(Map.of("orderId", s("ORD-1")))
                  .updateExpression("SET #s = :s")
                  .expressionAttributeNames(Map.of("#s", "status"))
                  .expressionAttributeValues(Map.of(":s", s("SHIPPED"))));
      ddb.deleteItem(b -> b.tableName("Orders").key(Map.of("orderId", s("ORD-1"))));
    }

    await()
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(500))
        .untilAsserted(
            () -> {
              String text = Files.readString(log);
              assertThat(text).contains("confirmed order ORD-1 (local, request ");
              assertThat(text).contains("order ORD-2 has no items");
              int modify = 0;
              int remove = 0;
              for (String line :
                  text.lines()
                      .filter(l -> l.contains("OrderStats") && l.contains(" window "))
                      .toList()) {
                JsonNode totals = JSON.readTree(line.substring(line.lastIndexOf(": {") + 2));
                modify += totals.path("MODIFY").asInt();
                remove += totals.path("REMOVE").asInt();
              }
              assertThat(List.of(modify, remove)).as("window totals").containsExactly(1, 1);
            });
    assertThat(Files.readString(log)).doesNotContain("confirmed order ORD-2");

    worker.destroy(); // SIGTERM
    assertThat(worker.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(worker.exitValue()).as(Files.readString(log)).isZero();
    System.out.println(
        Files.readString(log)
            .lines()
            .filter(l -> l.contains("tributary.function."))
            .reduce("", (a, b) -> a + b + "\n"));
  }

  private static AttributeValue s(String v) {
    return AttributeValue.builder().s(v).build();
  }
}
