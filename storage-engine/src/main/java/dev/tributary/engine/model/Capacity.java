package dev.tributary.engine.model;

/** Capacity units consumed on one table or index. */
public record Capacity(double readCapacityUnits, double writeCapacityUnits, double capacityUnits) {}
