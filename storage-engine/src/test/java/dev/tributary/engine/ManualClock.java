package dev.tributary.engine;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/** A clock the integration tests move by hand: TTL, retention, capacity and token expiry. */
final class ManualClock extends Clock {
  private volatile Instant now;

  ManualClock(Instant start) {
    this.now = start;
  }

  static ManualClock at(String isoInstant) {
    return new ManualClock(Instant.parse(isoInstant));
  }

  void advance(Duration d) {
    now = now.plus(d);
  }

  long epochSeconds() {
    return now.getEpochSecond();
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
