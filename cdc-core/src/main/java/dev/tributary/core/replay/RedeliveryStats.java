package dev.tributary.core.replay;

/**
 * What a {@link Redelivery} did.
 *
 * @param offered events offered to it
 * @param delivered events whose delivery succeeded (each counted once, however many attempts)
 * @param skippedSnapshots snapshot events the handler does not take
 * @param batches handler calls
 * @param retries events delivered again after a failure
 * @param deadLettered events given up on and sent to the lane's dead-letter topic
 */
public record RedeliveryStats(
    long offered,
    long delivered,
    long skippedSnapshots,
    long batches,
    long retries,
    long deadLettered) {}
