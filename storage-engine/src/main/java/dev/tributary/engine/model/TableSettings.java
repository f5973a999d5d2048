package dev.tributary.engine.model;

import dev.tributary.engine.ValidationException;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A table's settings that change no data: {@code DeletionProtectionEnabled}, and per table and GSI
 * {@code OnDemandThroughput} (maximum request units) and {@code WarmThroughput} (pre-warmed units
 * per second). In the maps the key {@code ""} is the table itself, any other key a GSI's name.
 */
public record TableSettings(
    boolean deletionProtectionEnabled,
    Map<String, Units> onDemandThroughput,
    Map<String, Units> warmThroughput) {
  /** Settings of a table that sets nothing. */
  public static final TableSettings DEFAULT = new TableSettings(false, Map.of(), Map.of());

  public TableSettings {
    onDemandThroughput =
        Map.copyOf(Objects.requireNonNull(onDemandThroughput, "onDemandThroughput"));
    warmThroughput = Map.copyOf(Objects.requireNonNull(warmThroughput, "warmThroughput"));
  }

  /** Read and write units; {@code -1} means "no limit" (OnDemandThroughput) or "not set". */
  public record Units(long read, long write) {}

  public Optional<Units> onDemand(String indexOrEmpty) {
    return Optional.ofNullable(onDemandThroughput.get(indexOrEmpty));
  }

  public Optional<Units> warm(String indexOrEmpty) {
    return Optional.ofNullable(warmThroughput.get(indexOrEmpty));
  }

  public TableSettings withDeletionProtection(boolean enabled) {
    return new TableSettings(enabled, onDemandThroughput, warmThroughput);
  }

  public TableSettings withOnDemand(String indexOrEmpty, Units units) {
    var m = new HashMap<>(onDemandThroughput);
    m.put(indexOrEmpty, validOnDemand(units));
    return new TableSettings(deletionProtectionEnabled, m, warmThroughput);
  }

  public TableSettings withWarm(String indexOrEmpty, Units units) {
    var m = new HashMap<>(warmThroughput);
    m.put(indexOrEmpty, units);
    return new TableSettings(deletionProtectionEnabled, onDemandThroughput, m);
  }

  private static Units validOnDemand(Units u) {
    if (u.read() == 0 || u.read() < -1 || u.write() == 0 || u.write() < -1) {
      throw new ValidationException(
          "One or more parameter values were invalid: OnDemandThroughput MaxReadRequestUnits and "
              + "MaxWriteRequestUnits must be -1 (no maximum) or at least 1");
    }
    return u;
  }
}
