package dev.tributary.connectors;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tributary.engine.EngineOptions;
import dev.tributary.engine.TributaryEngine;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;

/** Every source builder rejects the settings they share at once, in the same words. */
class SourceBuildersTest {
  private static final Map<String, Object> KAFKA = Map.of("bootstrap.servers", "127.0.0.1:9");

  @Test
  void shouldRejectKafkaSettingsWithoutBrokers() {
    assertThatThrownBy(() -> DebeziumSource.postgres(Map.of("acks", "all")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("kafkaConfig needs bootstrap.servers");
    try (DynamoDbStreamsClient client = client()) {
      assertThatThrownBy(() -> DynamoDbStreamsSource.builder(client, Map.of()))
          .hasMessage("kafkaConfig needs bootstrap.servers");
    }
  }

  @Test
  void shouldRejectBadSharedSettingsInTheSameWordsForEverySource(@TempDir Path dir) {
    try (TributaryEngine engine =
            TributaryEngine.open(EngineOptions.builder(dir).syncWrites(false).build());
        DynamoDbStreamsClient client = client()) {
      EngineRelay.Builder relay = EngineRelay.builder(engine, KAFKA);
      DynamoDbStreamsSource.Builder streams = DynamoDbStreamsSource.builder(client, KAFKA);
      DebeziumSource.Builder debezium = DebeziumSource.mariadb(KAFKA);

      assertThatThrownBy(() -> relay.changeTopicPartitions(0))
          .hasMessage("changeTopicPartitions must be at least 1, was 0");
      assertThatThrownBy(() -> streams.changeTopicPartitions(-3))
          .hasMessage("changeTopicPartitions must be at least 1, was -3");
      assertThatThrownBy(() -> debezium.changeTopicPartitions(0))
          .hasMessage("changeTopicPartitions must be at least 1, was 0");

      assertThatThrownBy(() -> relay.retryBackoff(Duration.ZERO))
          .hasMessage("retryBackoff must be positive, was PT0S");
      assertThatThrownBy(() -> streams.retryBackoff(Duration.ofSeconds(-1)))
          .hasMessage("retryBackoff must be positive, was PT-1S");
      assertThatThrownBy(() -> debezium.heartbeatInterval(Duration.ZERO))
          .hasMessage("heartbeatInterval must be positive, was PT0S");
      assertThatThrownBy(() -> streams.pollInterval(null))
          .isInstanceOf(NullPointerException.class)
          .hasMessage("pollInterval");

      assertThatThrownBy(() -> relay.maxBatchRecords(0))
          .hasMessage("maxBatchRecords must be at least 1, was 0");
      assertThatThrownBy(() -> streams.maxBatchRecords(0))
          .hasMessage("maxBatchRecords must be at least 1, was 0");
      assertThatThrownBy(() -> relay.maxBatchBytes(1023))
          .hasMessage("maxBatchBytes must be at least 1024, was 1023");

      assertThatThrownBy(() -> debezium.checkpointTopic("no spaces"))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("checkpointTopic");
    }
  }

  private static DynamoDbStreamsClient client() {
    return DynamoDbStreamsClient.builder()
        .endpointOverride(URI.create("http://127.0.0.1:9"))
        .region(Region.US_EAST_1)
        .credentialsProvider(
            StaticCredentialsProvider.create(AwsBasicCredentials.create("AKID", "secret")))
        .httpClient(UrlConnectionHttpClient.create())
        .build();
  }
}
