/**
 * Byte encodings of the table engine. {@link dev.tributary.engine.internal.codec.KeyEncoding} turns
 * key scalars into RocksDB keys that sort as DynamoDB sorts them; {@link
 * dev.tributary.engine.internal.codec.ItemCodec} turns items into RocksDB values. Both formats are
 * persistent: changing either is a data-format change.
 */
package dev.tributary.engine.internal.codec;
