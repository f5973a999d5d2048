/**
 * Read and write capacity: what a request consumes ({@link
 * dev.tributary.engine.internal.capacity.CapacityCalculator}, {@link
 * dev.tributary.engine.internal.capacity.ConsumedCapacity}), what a PROVISIONED table or GSI may
 * spend ({@link dev.tributary.engine.internal.capacity.ThroughputLimiter}) and how its provisioned
 * capacity follows the load ({@link dev.tributary.engine.internal.capacity.AutoScaler}).
 */
package dev.tributary.engine.internal.capacity;
