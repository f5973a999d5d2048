package dev.tributary.engine.internal;

import dev.tributary.core.AttributeValue;
import dev.tributary.core.ChangeEvent;
import dev.tributary.core.EventName;
import dev.tributary.core.ItemSizes;
import dev.tributary.core.StreamRecord;
import dev.tributary.core.StreamViewType;
import dev.tributary.core.UserIdentity;
import dev.tributary.engine.internal.codec.ItemCodec;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;

/**
 * The change log's value format, and its translation to the one event shape. A record stores only
 * the images its view type asked for at write time, as DynamoDB Streams does.
 */
final class ChangeRecordCodec {
  private static final byte VERSION = 1;
  private static final int FLAG_TTL = 1;
  private static final int FLAG_NEW = 2;
  private static final int FLAG_OLD = 4;
  private static final EventName[] NAMES = EventName.values();
  private static final StreamViewType[] VIEWS = StreamViewType.values();

  private ChangeRecordCodec() {}

  static byte[] encode(
      EventName eventName,
      StreamViewType viewType,
      long createdMillis,
      boolean byTtl,
      Map<String, AttributeValue> keys,
      Map<String, AttributeValue> oldImage,
      Map<String, AttributeValue> newImage) {
    return encode(
        eventName,
        viewType,
        createdMillis,
        byTtl,
        keys,
        oldImage,
        oldImage == null ? 0 : ItemSizes.itemSize(oldImage),
        newImage,
        null,
        newImage == null ? 0 : ItemSizes.itemSize(newImage));
  }

  /**
   * As above, for a writer that already has the new image's {@link ItemCodec} encoding ({@code
   * encodedNewImage}, may be null) and both images' sizes, so neither is computed twice.
   */
  static byte[] encode(
      EventName eventName,
      StreamViewType viewType,
      long createdMillis,
      boolean byTtl,
      Map<String, AttributeValue> keys,
      Map<String, AttributeValue> oldImage,
      long oldImageSize,
      Map<String, AttributeValue> newImage,
      byte[] encodedNewImage,
      long newImageSize) {
    byte[] k = ItemCodec.encode(keys);
    byte[] n =
        viewType.carriesNewImage() && newImage != null
            ? (encodedNewImage != null ? encodedNewImage : ItemCodec.encode(newImage))
            : null;
    byte[] o = viewType.carriesOldImage() && oldImage != null ? ItemCodec.encode(oldImage) : null;
    int flags = (byTtl ? FLAG_TTL : 0) | (n != null ? FLAG_NEW : 0) | (o != null ? FLAG_OLD : 0);
    long size =
        ItemSizes.itemSize(keys) + (n != null ? newImageSize : 0) + (o != null ? oldImageSize : 0);
    ByteBuffer b =
        ByteBuffer.allocate(
            4
                + 8
                + 8
                + 4
                + k.length
                + (n != null ? 4 + n.length : 0)
                + (o != null ? 4 + o.length : 0));
    b.put(VERSION).put((byte) eventName.ordinal()).put((byte) viewType.ordinal()).put((byte) flags);
    b.putLong(createdMillis).putLong(size);
    b.putInt(k.length).put(k);
    if (n != null) {
      b.putInt(n.length).put(n);
    }
    if (o != null) {
      b.putInt(o.length).put(o);
    }
    return b.array();
  }

  static ChangeEvent decode(long sequence, byte[] value, StreamIdentity stream) {
    ByteBuffer b = ByteBuffer.wrap(value);
    byte version = b.get();
    if (version != VERSION) {
      throw new IllegalStateException(
          "Unknown change record version " + version + " at sequence " + sequence);
    }
    EventName eventName = NAMES[b.get()];
    StreamViewType view = VIEWS[b.get()];
    int flags = b.get();
    long created = b.getLong();
    long size = b.getLong();
    Map<String, AttributeValue> keys = slice(b);
    Optional<Map<String, AttributeValue>> newImage =
        (flags & FLAG_NEW) != 0 ? Optional.of(slice(b)) : Optional.empty();
    Optional<Map<String, AttributeValue>> oldImage =
        (flags & FLAG_OLD) != 0 ? Optional.of(slice(b)) : Optional.empty();
    StreamRecord record =
        new StreamRecord(
            keys,
            newImage,
            oldImage,
            formatSequence(sequence),
            size,
            view,
            Instant.ofEpochMilli(created));
    return new ChangeEvent(
        eventId(stream.tableArn(), sequence),
        eventName,
        "1.1",
        "aws:dynamodb",
        stream.region(),
        stream.streamArn(),
        record,
        (flags & FLAG_TTL) != 0 ? Optional.of(UserIdentity.TTL_SERVICE) : Optional.empty(),
        false);
  }

  /** The time a record was written, read without decoding its images (for retention). */
  static long createdMillis(byte[] value) {
    return ByteBuffer.wrap(value, 4, 8).getLong();
  }

  private static Map<String, AttributeValue> slice(ByteBuffer b) {
    int len = b.getInt();
    Map<String, AttributeValue> m =
        ItemCodec.decode(b.array(), b.arrayOffset() + b.position(), len);
    b.position(b.position() + len);
    return m;
  }

  /**
   * Sequence numbers as DynamoDB prints them: decimal digits, fixed width so text order is numeric
   * order.
   */
  static String formatSequence(long sequence) {
    String digits = Long.toString(sequence);
    return "0".repeat(Math.max(0, 21 - digits.length())) + digits;
  }

  /** A deterministic eventID: the same (source, table, sequence) always gives the same id. */
  static String eventId(String tableArn, long sequence) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      sha.update(tableArn.getBytes(StandardCharsets.UTF_8));
      sha.update(ByteBuffer.allocate(8).putLong(sequence).array());
      return HexFormat.of().formatHex(sha.digest(), 0, 16);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JVM", e);
    }
  }

  /** What a decoded event needs to know about its stream. */
  record StreamIdentity(String tableArn, String streamArn, String region) {}
}
