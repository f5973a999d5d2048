package dev.tributary.core.runner;

/**
 * What a runner has done since it started.
 *
 * @param delivered events passed to the handler, counting every delivery (retries included)
 * @param batches handler calls
 * @param retries events scheduled for another attempt after a failure
 * @param redelivered events that succeeded but are delivered again because an earlier event of
 *     their key (or partition, without key isolation) failed in the same batch
 * @param bisections batches split in halves after a handler error
 * @param deadLettered records written to the dead-letter topic (failed or parked)
 * @param commits offset-commit transactions
 * @param succeeded events the handler handled (delivered and not reported failed)
 */
public record RunnerStats(
    long delivered,
    long batches,
    long retries,
    long redelivered,
    long bisections,
    long deadLettered,
    long commits,
    long succeeded) {}
