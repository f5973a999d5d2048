package dev.tributary.worker.replay;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tributary.core.ChangeEvent;
import dev.tributary.core.ChangeEventJson;
import dev.tributary.core.Item;
import dev.tributary.core.StreamViewType;
import dev.tributary.core.handler.BatchContext;
import dev.tributary.core.pipeline.Events;
import dev.tributary.core.pipeline.Pipeline;
import dev.tributary.core.pipeline.Routes;
import dev.tributary.core.replay.Position;
import dev.tributary.engine.ChangeStream;
import dev.tributary.engine.EngineOptions;
import dev.tributary.engine.TributaryEngine;
import dev.tributary.engine.model.CreateTableRequest;
import dev.tributary.engine.model.DeleteItemRequest;
import dev.tributary.engine.model.PutItemRequest;
import dev.tributary.engine.model.ScalarAttributeType;
import dev.tributary.handlers.archive.ArchiveHandler;
import dev.tributary.handlers.archive.ArchiveReader;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Beyond the change log's retention: the archive handler archived a table's events to S3 (S3Proxy);
 * the change log is then trimmed, and a replay from the archive delivers what a replay from the
 * untrimmed log delivered, routed the same way.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class ArchiveReplayIT {
  static final String TABLE = "ArchivedOrders";
  @TempDir Path dir;

  @Test
  @SuppressWarnings("try")
  void shouldReplayFromTheArchiveWhatTheTrimmedChangeLogHeld() throws Exception {
    try (TributaryEngine engine =
            TributaryEngine.open(
                EngineOptions.builder(dir.resolve("engine"))
                    .syncWrites(false)
                    .retainChangesForever()
                    .build());
        S3ProxyServer server = new S3ProxyServer(dir.resolve("s3"));
        S3Client s3 = server.client()) {
      engine.createTable(
          CreateTableRequest.builder(TABLE).partitionKey("id", ScalarAttributeType.S).stream(
                  StreamViewType.NEW_AND_OLD_IMAGES)
              .build());
      Instant from = Instant.now().minusSeconds(1);
      for (int i = 0; i < 90; i++) {
        String id = "o" + (i % 20);
        if (i % 9 == 8) {
          engine.deleteItem(DeleteItemRequest.of(TABLE, Item.key("id", id)));
        } else {
          engine.putItem(
              PutItemRequest.of(
                  TABLE,
                  Item.builder()
                      .s("id", id)
                      .s("status", i % 2 == 0 ? "SHIPPED" : "PENDING")
                      .n("total", i)
                      .build()));
        }
      }
      List<ChangeEvent> log = engine.changeStream(TABLE).read(0, 1000);
      s3.createBucket(b -> b.bucket("archive"));
      try (ArchiveHandler archive = ArchiveHandler.builder().client(s3).bucket("archive").build()) {
        for (int i = 0; i < log.size(); i += 25) {
          assertThat(
                  archive
                      .handle(log.subList(i, Math.min(log.size(), i + 25)), context())
                      .isSuccess())
              .isTrue();
        }
      }
      Pipeline pipeline =
          Pipeline.builder("archived")
              .source(TABLE)
              .filter(Events.newImage("total").ge(10).or(Events.removes()))
              .project("status")
              .route("index", Routes.onUpsert(), new RecordingSink(true).spec())
              .build();

      List<ChangeEvent> fromLog = new ArrayList<>();
      Replay.builder(pipeline, "index")
          .source(ReplaySource.changeLog(engine))
          .from(Position.time(from))
          .where("status = 'SHIPPED'")
          .dryRun(fromLog::add)
          .run();
      engine.trimChangeLogs(Duration.ZERO);
      assertThat(engine.changeStream(TABLE).oldestSequence()).isEmpty();
      List<ChangeEvent> afterTrim = new ArrayList<>();
      ReplayReport trimmed =
          Replay.builder(pipeline, "index")
              .source(ReplaySource.changeLog(engine))
              .from(Position.sequence(1))
              .dryRun(afterTrim::add)
              .run();
      assertThat(afterTrim).isEmpty();
      assertThat(trimmed.read()).isZero();
      assertThat(trimmed.warnings()).singleElement().asString().contains("trimmed by retention");

      List<ChangeEvent> fromArchive = new ArrayList<>();
      try (ArchiveReader reader = ArchiveReader.builder().client(s3).bucket("archive").build()) {
        ReplayReport report =
            Replay.builder(pipeline, "index")
                .source(ReplaySource.archive(reader))
                .from(Position.time(from))
                .where("status = 'SHIPPED'")
                .dryRun(fromArchive::add)
                .run();
        assertThat(report.read()).isEqualTo(log.size());
        assertThat(report.notRouted()).isPositive();
      }
      assertThat(fromLog).isNotEmpty();
      assertThat(fromArchive.stream().map(ChangeEventJson::toJson).toList())
          .isEqualTo(fromLog.stream().map(ChangeEventJson::toJson).toList());
      assertThat(fromArchive)
          .allSatisfy(
              e -> assertThat(e.dynamodb().newImage().orElseThrow()).doesNotContainKey("total"));
      assertThat(ChangeStream.sequenceOf(fromArchive.get(0))).isGreaterThanOrEqualTo(1);
    }
  }

  private static BatchContext context() {
    return BatchContext.of("archiver", "archive", 1, 0, 0, 0);
  }
}
