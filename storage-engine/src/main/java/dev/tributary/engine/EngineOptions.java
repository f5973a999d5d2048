package dev.tributary.engine;

import dev.tributary.core.SettingChecks;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/** How a {@link TributaryEngine} stores data and runs its background work. */
public final class EngineOptions {
  private final Path dataDirectory;
  private final boolean syncWrites;
  private final Optional<Duration> changeLogRetention;
  private final Duration ttlSweepInterval;
  private final Duration maintenanceInterval;
  private final Clock clock;
  private final String region;
  private final String accountId;
  private final long blockCacheBytes;

  private EngineOptions(Builder b) {
    this.dataDirectory = b.dataDirectory;
    this.syncWrites = b.syncWrites;
    this.changeLogRetention = Optional.ofNullable(b.changeLogRetention);
    this.ttlSweepInterval = b.ttlSweepInterval;
    this.maintenanceInterval = b.maintenanceInterval;
    this.clock = b.clock;
    this.region = b.region;
    this.accountId = b.accountId;
    this.blockCacheBytes = b.blockCacheBytes;
  }

  public static Builder builder(Path dataDirectory) {
    return new Builder(dataDirectory);
  }

  public Path dataDirectory() {
    return dataDirectory;
  }

  /**
   * Whether each write is fsynced before it is acknowledged (survives power loss, not only a
   * crash).
   */
  public boolean syncWrites() {
    return syncWrites;
  }

  /** How long change records are kept; empty means forever. */
  public Optional<Duration> changeLogRetention() {
    return changeLogRetention;
  }

  public Duration ttlSweepInterval() {
    return ttlSweepInterval;
  }

  public Duration maintenanceInterval() {
    return maintenanceInterval;
  }

  public Clock clock() {
    return clock;
  }

  public String region() {
    return region;
  }

  public String accountId() {
    return accountId;
  }

  public long blockCacheBytes() {
    return blockCacheBytes;
  }

  /** A mutable, chainable builder; each setter rejects a bad value at once. */
  public static final class Builder {
    private final Path dataDirectory;
    private boolean syncWrites = true;
    private Duration changeLogRetention = Duration.ofDays(7);
    private Duration ttlSweepInterval = Duration.ofSeconds(5);
    private Duration maintenanceInterval = Duration.ofSeconds(30);
    private Clock clock = Clock.systemUTC();
    private String region = "us-east-1";
    private String accountId = "000000000000";
    private long blockCacheBytes = 64L * 1024 * 1024;

    private Builder(Path dataDirectory) {
      this.dataDirectory = Objects.requireNonNull(dataDirectory, "dataDirectory");
    }

    /**
     * {@code true} (the default): fsync every write before acknowledging it. {@code false}: write
     * the log without fsync: a process crash loses nothing, an OS crash may lose recent writes.
     */
    public Builder syncWrites(boolean sync) {
      this.syncWrites = sync;
      return this;
    }

    public Builder retainChangesFor(Duration retention) {
      Objects.requireNonNull(retention, "retention");
      this.changeLogRetention = SettingChecks.positive(retention, "changeLogRetention");
      return this;
    }

    public Builder retainChangesForever() {
      this.changeLogRetention = null;
      return this;
    }

    public Builder ttlSweepInterval(Duration interval) {
      this.ttlSweepInterval = SettingChecks.positive(interval, "ttlSweepInterval");
      return this;
    }

    /** How often change-log retention and transaction-token expiry run. */
    public Builder maintenanceInterval(Duration interval) {
      this.maintenanceInterval = SettingChecks.positive(interval, "maintenanceInterval");
      return this;
    }

    /** The clock for TTL, retention, capacity and auto scaling; tests inject a fake one. */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    public Builder region(String region) {
      this.region = nonBlank(region, "region");
      return this;
    }

    public Builder accountId(String accountId) {
      this.accountId = nonBlank(accountId, "accountId");
      return this;
    }

    public Builder blockCacheBytes(long bytes) {
      if (bytes < 1024 * 1024) {
        throw new IllegalArgumentException("blockCacheBytes must be at least 1 MiB, was " + bytes);
      }
      this.blockCacheBytes = bytes;
      return this;
    }

    public EngineOptions build() {
      return new EngineOptions(this);
    }

    private static String nonBlank(String s, String name) {
      Objects.requireNonNull(s, name);
      if (s.isBlank()) {
        throw new IllegalArgumentException(name + " must not be blank");
      }
      return s;
    }
  }
}
