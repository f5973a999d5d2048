package dev.tributary.handlers.archive;

/** How events are cut into objects. */
public enum ArchiveLayout {
  /**
   * One JSON-lines object per table per batch: {@code
   * prefix/table/yyyy/MM/dd/HH/<firstSeq>-<lastSeq>.jsonl[.gz]}, the hour of the batch's first
   * event (UTC). Few objects; the key depends only on the events.
   */
  BATCH,
  /**
   * One JSON object per event: {@code prefix/table/yyyy/MM/dd/HH/<seq>.json[.gz]}. Any cut gives
   * the same objects.
   */
  EVENT
}
