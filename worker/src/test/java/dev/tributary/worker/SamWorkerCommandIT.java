package dev.tributary.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tributary.core.AttributeValue;
import dev.tributary.engine.model.PutItemRequest;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code tributary worker --sam template.yaml} in-process, on embedded defaults: the template's
 * table is created in the embedded engine, a write to it reaches the Python function as a DynamoDB
 * Streams event; what cannot run is one line naming the resource; a template with nothing to run is
 * exit code 2.
 */
class SamWorkerCommandIT {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;

  private Path template(String functionEvents) throws Exception {
    Path code = Files.createDirectories(dir.resolve("fn"));
    Files.writeString(
        code.resolve("app.py"),
        """
        import json, os

        def handler(event, context):
            with open(os.environ["OUT_FILE"], "a") as f:
                for r in event["Records"]:
                    f.write(json.dumps({"function": context.function_name, "eventName": r["eventName"],
                                        "id": r["dynamodb"]["Keys"]["id"]["S"], "arn": r["eventSourceARN"]}) + "\\n")
        """);
    Path t = dir.resolve("template.yaml");
    Files.writeString(
        t,
        """
        AWSTemplateFormatVersion: '2010-09-09'
        Transform: AWS::Serverless-2016-10-31
        Resources:
          Notes:
            Type: AWS::DynamoDB::Table
            Properties:
              TableName: Notes
              AttributeDefinitions: [{AttributeName: id, AttributeType: S}]
              KeySchema: [{AttributeName: id, KeyType: HASH}]
              StreamSpecification: {StreamViewType: NEW_AND_OLD_IMAGES}
          OnNote:
            Type: AWS::Serverless::Function
            Properties:
              Runtime: python3.12
              Handler: app.handler
              CodeUri: fn/
              Environment: {Variables: {OUT_FILE: %s}}
              Events:
        %s
        """
            .formatted(dir.resolve("out.jsonl"), functionEvents.indent(8)));
    return t;
  }

  @Test
  void shouldRunTheTemplatesPythonFunctionOnAWriteToItsTable() throws Exception {
    Path t =
        template(
            """
        Changes:
          Type: DynamoDB
          Properties: {Stream: !GetAtt Notes.StreamArn, StartingPosition: TRIM_HORIZON, BatchSize: 10}
        Upload:
          Type: S3
          Properties: {Bucket: uploads}
        """);
    CommandLine cli = TributaryCli.commandLine();
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    WorkerCommand command = cli.getSubcommands().get("worker").getCommand();
    CompletableFuture<Integer> run =
        CompletableFuture.supplyAsync(
            () ->
                cli.execute(
                    "worker",
                    "--sam",
                    t.toString(),
                    "--data-dir",
                    dir.resolve("data").toString(),
                    "--port",
                    "0",
                    "--http-port",
                    "-1"));
    try {
      await()
          .atMost(Duration.ofMinutes(2))
          .until(
              () -> run.isDone() || (command.worker != null && out.toString().contains("Running")));
      assertThat(run.isDone()).as(err.toString()).isFalse();
      assertThat(err.toString().lines().toList())
          .containsExactly(
              "tributary: "
                  + t
                  + ": Resource OnNote event Upload: Type S3 is not a DynamoDB stream; not run");
      assertThat(out.toString())
          .contains(
              "Running 1 function pipeline(s)", "[OnNote-Changes]", "tables created: [Notes]");

      command
          .worker
          .engine()
          .orElseThrow()
          .putItem(
              PutItemRequest.of(
                  "Notes",
                  Map.of("id", AttributeValue.s("n-1"), "text", AttributeValue.s("hello"))));
      Path outFile = dir.resolve("out.jsonl");
      await()
          .atMost(Duration.ofMinutes(2))
          .until(() -> Files.exists(outFile) && !Files.readAllLines(outFile).isEmpty());
      List<String> lines = Files.readAllLines(outFile);
      assertThat(lines).hasSize(1);
      JsonNode r = JSON.readTree(lines.get(0));
      assertThat(r.path("function").asText()).isEqualTo("OnNote");
      assertThat(r.path("eventName").asText()).isEqualTo("INSERT");
      assertThat(r.path("id").asText()).isEqualTo("n-1");
      assertThat(r.path("arn").asText()).contains(":table/Notes/stream/");
    } finally {
      command.stop.countDown();
    }
    assertThat(run.get(2, TimeUnit.MINUTES)).isZero();
  }

  @Test
  void shouldExitWithCode2NamingTheResourceWhenNothingCanRun() throws Exception {
    Path t =
        template(
            """
        Upload:
          Type: S3
          Properties: {Bucket: uploads}
        """);
    CommandLine cli = TributaryCli.commandLine();
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    int code =
        cli.execute("worker", "--sam", t.toString(), "--data-dir", dir.resolve("data").toString());
    assertThat(code).isEqualTo(2);
    assertThat(err.toString().lines().toList())
        .containsExactly(
            "tributary: "
                + t
                + ": Resource OnNote event Upload: Type S3 is not a DynamoDB stream; not run",
            "tributary: " + t + ": no function of the template can run (see the lines above)");
    assertThat(Files.exists(dir.resolve("data").resolve("kafka"))).isFalse(); // nothing was started
  }

  @Test
  void shouldNeedConfigOrSam() {
    CommandLine cli = TributaryCli.commandLine();
    StringWriter err = new StringWriter();
    cli.setErr(new PrintWriter(err, true));
    assertThat(cli.execute("worker")).isEqualTo(2);
    assertThat(err.toString().trim())
        .isEqualTo("tributary: worker needs --config FILE or --sam TEMPLATE");
  }
}
