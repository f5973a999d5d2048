package dev.tributary.engine.http.internal;

import java.util.concurrent.ThreadLocalRandom;

/** Request ids shaped like DynamoDB's: 52 characters of {@code [A-Z0-9]}. */
final class RequestIds {
  private static final char[] ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789".toCharArray();

  private RequestIds() {}

  static String next() {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    char[] id = new char[52];
    for (int i = 0; i < id.length; i++) {
      id[i] = ALPHABET[random.nextInt(ALPHABET.length)];
    }
    return new String(id);
  }
}
