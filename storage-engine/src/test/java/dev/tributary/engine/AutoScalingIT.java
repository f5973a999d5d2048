package dev.tributary.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tributary.core.Item;
import dev.tributary.engine.model.AutoScalingPolicy;
import dev.tributary.engine.model.CapacityDimension;
import dev.tributary.engine.model.CreateTableRequest;
import dev.tributary.engine.model.ProvisionedThroughputDescription;
import dev.tributary.engine.model.PutItemRequest;
import dev.tributary.engine.model.ScalarAttributeType;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The chapter's "Products" auto-scaling setup, driven by an injected clock. */
class AutoScalingIT {
  @TempDir Path dir;
  MutableClock clock = new MutableClock(Instant.parse("2025-01-15T00:00:00Z"));
  TributaryEngine engine;
  int next;

  @BeforeEach
  void open() {
    engine =
        TributaryEngine.open(EngineOptions.builder(dir).syncWrites(false).clock(clock).build());
    engine.createTable(
        CreateTableRequest.builder("Products")
            .partitionKey("productId", ScalarAttributeType.S)
            .provisioned(5, 5)
            .build());
  }

  @AfterEach
  void close() {
    engine.close();
  }

  /** One simulated second of attempted writes; returns how many were throttled. */
  private int writeForOneSecond(int attempts) {
    int throttled = 0;
    for (int i = 0; i < attempts; i++) {
      try {
        engine.putItem(
            PutItemRequest.of("Products", Item.builder().s("productId", "P-" + next++).build()));
      } catch (ProvisionedThroughputExceededException e) {
        throttled++;
      }
    }
    clock.advance(Duration.ofSeconds(1));
    return throttled;
  }

  @Test
  void shouldScaleWriteCapacityOutUnderLoadAndInWhenIdle() {
    engine.putScalingPolicy(
        "Products",
        Optional.empty(),
        CapacityDimension.WRITE,
        AutoScalingPolicy.targetTracking(70.0, 5, 100));
    int throttled = 0;
    for (int second = 0; second < 6 * 60; second++) {
      throttled += writeForOneSecond(20);
      if (second % 10 == 9) {
        engine.runAutoScaling();
      }
    }
    ProvisionedThroughputDescription scaledOut =
        engine.describeTable("Products").provisionedThroughput();
    assertThat(throttled).as("writes beyond 5 WCU and burst were throttled").isPositive();
    assertThat(scaledOut.writeCapacityUnits()).isGreaterThan(5).isLessThanOrEqualTo(100);
    assertThat(scaledOut.lastIncreaseDateTime()).isPresent();
    assertThat(scaledOut.readCapacityUnits()).as("read capacity has no policy").isEqualTo(5);

    for (int second = 0; second < 20 * 60; second += 10) {
      clock.advance(Duration.ofSeconds(10));
      engine.runAutoScaling();
    }
    ProvisionedThroughputDescription scaledIn =
        engine.describeTable("Products").provisionedThroughput();
    assertThat(scaledIn.writeCapacityUnits()).isEqualTo(5);
    assertThat(scaledIn.lastDecreaseDateTime()).isPresent();
    assertThat(scaledIn.numberOfDecreasesToday()).isEqualTo(1);
  }

  @Test
  void shouldRejectPoliciesOnOnDemandTablesAndOutOfRangeTargets() {
    engine.createTable(
        CreateTableRequest.builder("OnDemand").partitionKey("id", ScalarAttributeType.S).build());
    assertThatThrownBy(
            () ->
                engine.putScalingPolicy(
                    "OnDemand",
                    Optional.empty(),
                    CapacityDimension.READ,
                    AutoScalingPolicy.targetTracking(70, 1, 10)))
        .isInstanceOf(ValidationException.class)
        .hasMessageContaining("PROVISIONED");
    assertThatThrownBy(() -> AutoScalingPolicy.targetTracking(95, 1, 10))
        .isInstanceOf(ValidationException.class)
        .hasMessageContaining("between 20 and 90");
  }

  @Test
  void shouldKeepPoliciesAcrossRestart() {
    engine.putScalingPolicy(
        "Products",
        Optional.empty(),
        CapacityDimension.WRITE,
        AutoScalingPolicy.targetTracking(50.0, 5, 40));
    engine.close();
    engine =
        TributaryEngine.open(EngineOptions.builder(dir).syncWrites(false).clock(clock).build());
    for (int second = 0; second < 4 * 60; second++) {
      writeForOneSecond(20);
      if (second % 10 == 9) {
        engine.runAutoScaling();
      }
    }
    assertThat(engine.describeTable("Products").provisionedThroughput().writeCapacityUnits())
        .isGreaterThan(5);
  }
}
