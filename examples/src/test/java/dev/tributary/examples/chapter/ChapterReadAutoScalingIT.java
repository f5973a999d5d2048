package dev.tributary.examples.chapter;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tributary.core.Item;
import dev.tributary.engine.EngineOptions;
import dev.tributary.engine.ProvisionedThroughputExceededException;
import dev.tributary.engine.TributaryEngine;
import dev.tributary.engine.model.AutoScalingPolicy;
import dev.tributary.engine.model.CapacityDimension;
import dev.tributary.engine.model.CreateTableRequest;
import dev.tributary.engine.model.GetItemRequest;
import dev.tributary.engine.model.ProvisionedThroughputDescription;
import dev.tributary.engine.model.PutItemRequest;
import dev.tributary.engine.model.ScalarAttributeType;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The chapter's provisioned "Products" table with its Application Auto Scaling setup, exactly: READ
 * capacity ({@code dynamodb:table:ReadCapacityUnits}), MinCapacity 5, MaxCapacity 100, target
 * tracking at 70 % utilization. (boto3's {@code application-autoscaling} client talks to another
 * AWS service; on Tributary the same policy is {@code TributaryEngine.putScalingPolicy}.) Simulated
 * time.
 */
class ChapterReadAutoScalingIT {
  @TempDir Path dir;

  /** A clock the test moves. */
  private static final class SteppedClock extends Clock {
    private volatile Instant now = Instant.parse("2025-01-15T00:00:00Z");

    void advance(Duration d) {
      now = now.plus(d);
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }

  @Test
  void shouldScaleTheChaptersReadCapacityBetweenFiveAndOneHundred() {
    SteppedClock clock = new SteppedClock();
    try (TributaryEngine engine =
        TributaryEngine.open(EngineOptions.builder(dir).syncWrites(false).clock(clock).build())) {
      engine.createTable(
          CreateTableRequest.builder("Products")
              .partitionKey("productId", ScalarAttributeType.S)
              .provisioned(
                  5, 5) // ProvisionedThroughput={'ReadCapacityUnits': 5, 'WriteCapacityUnits': 5}
              .build());
      engine.putScalingPolicy(
          "Products",
          Optional.empty(),
          CapacityDimension.READ,
          AutoScalingPolicy.targetTracking(70.0, 5, 100)); // TargetValue 70.0, Min 5, Max 100
      engine.putItem(
          PutItemRequest.of(
              "Products", Item.builder().s("productId", "P-1").s("name", "Lamp").build()));

      int throttled = 0;
      for (int second = 0; second < 6 * 60; second++) {
        for (int i = 0; i < 20; i++) { // 20 strongly consistent reads a second: 20 RCU against 5
          try {
            engine.getItem(
                GetItemRequest.of("Products", Item.key("productId", "P-1")).consistent());
          } catch (ProvisionedThroughputExceededException e) {
            throttled++;
          }
        }
        clock.advance(Duration.ofSeconds(1));
        if (second % 10 == 9) {
          engine.runAutoScaling();
        }
      }
      ProvisionedThroughputDescription out =
          engine.describeTable("Products").provisionedThroughput();
      assertThat(throttled).as("reads beyond 5 RCU and the burst were throttled").isPositive();
      assertThat(out.readCapacityUnits()).isGreaterThan(5).isLessThanOrEqualTo(100);
      assertThat(out.lastIncreaseDateTime()).isPresent();
      assertThat(out.writeCapacityUnits()).as("write capacity has no policy").isEqualTo(5);

      for (int second = 0; second < 20 * 60; second += 10) { // idle: back to MinCapacity
        clock.advance(Duration.ofSeconds(10));
        engine.runAutoScaling();
      }
      assertThat(engine.describeTable("Products").provisionedThroughput().readCapacityUnits())
          .isEqualTo(5);
    }
  }
}
