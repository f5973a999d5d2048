package dev.tributary.engine.internal.capacity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tributary.engine.ProvisionedThroughputExceededException;
import dev.tributary.engine.ThrottlingException;
import dev.tributary.engine.internal.capacity.ThroughputLimiter.Scope;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ThroughputLimiterTest {
  private final AtomicLong nanos = new AtomicLong(1_000_000_000L);

  private void advanceSeconds(double s) {
    nanos.addAndGet((long) (s * TimeUnit.SECONDS.toNanos(1)));
  }

  /** Writes of one unit until throttled; returns how many got through. */
  private static int writesUntilThrottled(ThroughputLimiter l, int cap) {
    for (int i = 0; i < cap; i++) {
      try {
        l.checkWrite();
      } catch (ProvisionedThroughputExceededException e) {
        return i;
      }
      l.chargeWrite(1);
    }
    return cap;
  }

  @Test
  void shouldThrottleOnceTheSecondsCapacityIsSpent() {
    ThroughputLimiter l = ThroughputLimiter.provisioned(Scope.TABLE, 10, 5, nanos::get);
    assertThat(writesUntilThrottled(l, 100)).isEqualTo(5);
    assertThatThrownBy(l::checkWrite)
        .isInstanceOf(ProvisionedThroughputExceededException.class)
        .hasMessage(
            "The level of configured provisioned throughput for the table was exceeded."
                + " Consider increasing your provisioning level with the UpdateTable API.");
    // reads are a separate dimension
    l.checkRead();
  }

  @Test
  void shouldUseDynamoDbsMessageForGlobalSecondaryIndexes() {
    ThroughputLimiter l =
        ThroughputLimiter.provisioned(Scope.GLOBAL_SECONDARY_INDEX, 1, 1, nanos::get);
    l.chargeWrite(1);
    assertThatThrownBy(l::checkWrite)
        .isInstanceOf(ProvisionedThroughputExceededException.class)
        .hasMessageStartingWith(
            "The level of configured provisioned throughput for one or more"
                + " global secondary indexes of the table was exceeded.");
  }

  @Test
  void shouldRecoverOverTime() {
    ThroughputLimiter l = ThroughputLimiter.provisioned(Scope.TABLE, 5, 5, nanos::get);
    writesUntilThrottled(l, 100);
    advanceSeconds(0.1); // half a unit back: enough credit to start one request
    assertThat(writesUntilThrottled(l, 100)).isEqualTo(1);
    advanceSeconds(1);
    assertThat(writesUntilThrottled(l, 100)).isEqualTo(5);
  }

  @Test
  void shouldLetAnAdmittedRequestOverdrawAndPayItBack() {
    ThroughputLimiter l = ThroughputLimiter.provisioned(Scope.TABLE, 10, 10, nanos::get);
    l.checkRead();
    l.chargeRead(40); // a big query admitted with 10 units of credit
    assertThat(l.readCredit()).isEqualTo(-30.0);
    advanceSeconds(2.9);
    assertThatThrownBy(l::checkRead).isInstanceOf(ProvisionedThroughputExceededException.class);
    advanceSeconds(0.2);
    l.checkRead();
  }

  @Test
  void shouldAccumulateBurstForAtMost300Seconds() {
    ThroughputLimiter l = ThroughputLimiter.provisioned(Scope.TABLE, 1, 2, nanos::get);
    writesUntilThrottled(l, 10_000);
    advanceSeconds(100);
    assertThat(writesUntilThrottled(l, 10_000)).isEqualTo(200);
    advanceSeconds(10_000);
    assertThat(l.writeCredit()).isEqualTo(600.0);
    assertThat(writesUntilThrottled(l, 10_000)).isEqualTo(600);
  }

  @Test
  void shouldNeverThrottlePayPerRequest() {
    ThroughputLimiter l = ThroughputLimiter.payPerRequest(Scope.TABLE, nanos::get);
    assertThat(l.isPayPerRequest()).isTrue();
    assertThat(writesUntilThrottled(l, 100_000)).isEqualTo(100_000);
    l.chargeRead(1e9);
    l.checkRead();
  }

  @Test
  void shouldApplyCapacityChangesAtRuntime() {
    ThroughputLimiter l = ThroughputLimiter.provisioned(Scope.TABLE, 5, 5, nanos::get);
    writesUntilThrottled(l, 100);
    l.setProvisioned(5, 50);
    advanceSeconds(1);
    assertThat(writesUntilThrottled(l, 1000)).isEqualTo(50);
    // lowering the rate caps banked burst at 300 s of the new rate
    advanceSeconds(300);
    l.setProvisioned(5, 1);
    assertThat(l.writeCredit()).isEqualTo(300.0);
  }

  @Test
  void shouldSwitchBillingModes() {
    ThroughputLimiter l = ThroughputLimiter.provisioned(Scope.TABLE, 1, 1, nanos::get);
    writesUntilThrottled(l, 100);
    l.setPayPerRequest();
    assertThat(writesUntilThrottled(l, 1000)).isEqualTo(1000);
    l.setProvisioned(1, 1);
    assertThat(l.isPayPerRequest()).isFalse();
    assertThat(writesUntilThrottled(l, 1000)).isEqualTo(1);
  }

  @Test
  void shouldRejectInvalidCapacity() {
    assertThatThrownBy(() -> ThroughputLimiter.provisioned(Scope.TABLE, 0, 1, nanos::get))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("read 0");
    ThroughputLimiter l = ThroughputLimiter.provisioned(Scope.TABLE, 1, 1, nanos::get);
    assertThatThrownBy(() -> l.chargeWrite(-1)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void shouldAdmitExactlyTheCapacityAcrossThreads() throws InterruptedException {
    ThroughputLimiter l = ThroughputLimiter.provisioned(Scope.TABLE, 1, 1000, nanos::get);
    AtomicLong admitted = new AtomicLong();
    Thread[] threads = new Thread[4];
    for (int t = 0; t < threads.length; t++) {
      threads[t] =
          new Thread(
              () -> {
                for (int i = 0; i < 10_000; i++) {
                  try {
                    l.checkWrite();
                    l.chargeWrite(1);
                    admitted.incrementAndGet();
                  } catch (ProvisionedThroughputExceededException e) {
                    // throttled, as expected once credit is gone
                  }
                }
              });
      threads[t].start();
    }
    for (Thread t : threads) {
      t.join();
    }
    // check-then-charge may admit a few racing requests past zero, never many
    assertThat(admitted.get()).isBetween(1000L, 1000L + threads.length);
    assertThat(l.writeCredit()).isEqualTo(1000.0 - admitted.get());
  }

  @Test
  void shouldThrottleOnDemandOnlyBeyondItsMaximumKeepingOneSecond() {
    ThroughputLimiter l = ThroughputLimiter.payPerRequest(Scope.GLOBAL_SECONDARY_INDEX, nanos::get);
    for (int i = 0; i < 1000; i++) {
      l.checkWrite(); // no maximum: never refused
      l.chargeWrite(100);
    }
    l.setOnDemandMaximum(-1, 10);
    advanceSeconds(60); // idle time banks at most one second of the maximum
    l.checkWrite();
    l.chargeWrite(10);
    assertThatThrownBy(l::checkWrite)
        .isInstanceOfSatisfying(
            ThrottlingException.class,
            e -> assertThat(e.reason()).isEqualTo("IndexWriteMaxOnDemandThroughputExceeded"));
    l.checkRead(); // reads have no maximum
    advanceSeconds(0.5);
    l.checkWrite();
    l.setOnDemandMaximum(-1, -1);
    l.chargeWrite(1_000);
    l.checkWrite();
  }
}
