package dev.tributary.engine.internal;

/**
 * An open table: its current definition (swapped whole on change) and its change-log sequence gate,
 * which lives as long as the table.
 */
final class TableRuntime {
  private volatile TableMeta meta;
  final SequenceGate gate;
  final String tableArn;
  final ChangeRecordCodec.StreamIdentity streamIdentity;

  TableRuntime(TableMeta meta, long lastSequence, String region, String account) {
    this.meta = meta;
    this.gate = new SequenceGate(lastSequence);
    this.tableArn = "arn:aws:dynamodb:" + region + ":" + account + ":table/" + meta.name();
    this.streamIdentity = new ChangeRecordCodec.StreamIdentity(tableArn, streamArn(meta), region);
  }

  TableMeta meta() {
    return meta;
  }

  void meta(TableMeta changed) {
    this.meta = changed;
  }

  String streamArn() {
    return streamArn(meta);
  }

  private String streamArn(TableMeta m) {
    return m.streamLabel() == null
        ? tableArn + "/stream/none"
        : tableArn + "/stream/" + m.streamLabel();
  }

  ChangeRecordCodec.StreamIdentity streamIdentity() {
    TableMeta m = meta;
    return new ChangeRecordCodec.StreamIdentity(tableArn, streamArn(m), streamIdentity.region());
  }
}
