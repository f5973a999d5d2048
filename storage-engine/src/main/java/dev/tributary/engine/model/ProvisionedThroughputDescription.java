package dev.tributary.engine.model;

import java.time.Instant;
import java.util.Optional;

/** Current provisioned capacity and the history auto scaling and UpdateTable left on it. */
public record ProvisionedThroughputDescription(
    long readCapacityUnits,
    long writeCapacityUnits,
    Optional<Instant> lastIncreaseDateTime,
    Optional<Instant> lastDecreaseDateTime,
    long numberOfDecreasesToday) {}
