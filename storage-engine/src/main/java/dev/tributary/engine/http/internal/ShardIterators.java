package dev.tributary.engine.http.internal;

import dev.tributary.engine.ValidationException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.Objects;

/**
 * Shard iterators as opaque, self-contained strings: the stream ARN (for readability, as DynamoDB's
 * own iterators start with it), the position (the last sequence number already read) and the issue
 * time, authenticated with an HMAC so a client can neither forge nor alter one. No server state
 * stands behind an iterator, so iterators stay valid across engine restarts as long as the key
 * does.
 *
 * <p>Format: {@code <streamArn>|1|<base64url(after:8, issuedMillis:8, mac:16)>}.
 */
public final class ShardIterators {
  private static final String VERSION = "1";
  private static final int MAC_BYTES = 16;
  static final int KEY_BYTES = 32;
  private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
  private static final Base64.Decoder B64D = Base64.getUrlDecoder();

  private final byte[] key;

  /**
   * @param key the HMAC key, at least 32 bytes; keep it stable across restarts
   */
  public ShardIterators(byte[] key) {
    Objects.requireNonNull(key, "key");
    if (key.length < KEY_BYTES) {
      throw new IllegalArgumentException(
          "The iterator key must have at least " + KEY_BYTES + " bytes, has " + key.length);
    }
    this.key = key.clone();
  }

  /** Where an iterator stands: after {@code afterSequence} in the stream {@code streamArn}. */
  public record Position(String streamArn, long afterSequence, long issuedMillis) {
    public Position {
      Objects.requireNonNull(streamArn, "streamArn");
    }
  }

  public String encode(Position p) {
    ByteBuffer b = ByteBuffer.allocate(16 + MAC_BYTES);
    b.putLong(p.afterSequence()).putLong(p.issuedMillis());
    b.put(mac(p.streamArn(), Arrays.copyOf(b.array(), 16)));
    return p.streamArn() + "|" + VERSION + "|" + B64.encodeToString(b.array());
  }

  /**
   * Decodes and authenticates an iterator; anything not issued by this key is "Invalid
   * ShardIterator".
   */
  public Position decode(String iterator) {
    int second = iterator.lastIndexOf('|');
    int first = second <= 0 ? -1 : iterator.lastIndexOf('|', second - 1);
    if (first <= 0 || !iterator.substring(first + 1, second).equals(VERSION)) {
      throw invalid();
    }
    String arn = iterator.substring(0, first);
    byte[] raw;
    try {
      raw = B64D.decode(iterator.substring(second + 1));
    } catch (IllegalArgumentException e) {
      throw invalid();
    }
    if (raw.length != 16 + MAC_BYTES) {
      throw invalid();
    }
    byte[] expected = mac(arn, Arrays.copyOf(raw, 16));
    if (!MessageDigest.isEqual(expected, Arrays.copyOfRange(raw, 16, raw.length))) {
      throw invalid();
    }
    ByteBuffer b = ByteBuffer.wrap(raw);
    return new Position(arn, b.getLong(), b.getLong());
  }

  private byte[] mac(String arn, byte[] fields) {
    byte[] a = (arn + "|" + VERSION + "|").getBytes(StandardCharsets.UTF_8);
    byte[] data = Arrays.copyOf(a, a.length + fields.length);
    System.arraycopy(fields, 0, data, a.length, fields.length);
    return Arrays.copyOf(Crypto.hmacSha256(key, data), MAC_BYTES);
  }

  private static ValidationException invalid() {
    return new ValidationException("Invalid ShardIterator");
  }

  /**
   * Reads the iterator key from {@code file}, or creates the file with a new random key (owner
   * read/write only where the file system supports it). Keep the file with the data directory, so
   * iterators outlive restarts; e.g. {@code dataDir.resolve("streams-iterator.key")} (RocksDB
   * ignores files it does not own).
   */
  public static byte[] loadOrCreateKey(Path file) {
    Objects.requireNonNull(file, "file");
    try {
      if (Files.exists(file)) {
        byte[] k = Files.readAllBytes(file);
        if (k.length < KEY_BYTES) {
          throw new IllegalStateException(
              "Shard iterator key file "
                  + file
                  + " holds "
                  + k.length
                  + " bytes; expected "
                  + KEY_BYTES
                  + ". Delete it to create a new key (outstanding iterators become invalid).");
        }
        return k;
      }
      byte[] k = new byte[KEY_BYTES];
      new SecureRandom().nextBytes(k);
      Path parent = file.toAbsolutePath().getParent();
      Files.createDirectories(parent);
      Path tmp = Files.createTempFile(parent, ".streams-iterator", ".tmp");
      try {
        Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-------"));
      } catch (UnsupportedOperationException e) {
        // not a POSIX file system: rely on the directory's permissions
      }
      Files.write(tmp, k);
      try {
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE);
      } catch (IOException e) {
        Files.deleteIfExists(tmp);
        if (Files.exists(file)) {
          return loadOrCreateKey(file); // another process won the race
        }
        throw e;
      }
      return k;
    } catch (IOException e) {
      throw new UncheckedIOException(
          "Cannot read or create shard iterator key file " + file + ": " + e.getMessage(), e);
    }
  }
}
