package dev.tributary.handlers.email;

import java.nio.charset.StandardCharsets;

/**
 * The Message-ID of an event's mail: {@code <eventID@tributary>}, the same on every delivery, so a
 * receiver that dedups on Message-ID drops a resend. Characters RFC 5322 does not allow in the left
 * part (dot-atom text) are written as {@code =XX} hex, so distinct eventIDs keep distinct IDs.
 */
final class MessageIds {
  private static final String ATEXT_SPECIALS = "!#$%&'*+-/?^_`{|}~";

  private MessageIds() {}

  static String of(String eventId) {
    StringBuilder b = new StringBuilder(eventId.length() + 12).append('<');
    byte[] bytes = eventId.getBytes(StandardCharsets.UTF_8);
    boolean lastDot = true; // no leading dot, no two dots in a row
    for (int i = 0; i < bytes.length; i++) {
      int c = bytes[i] & 0xff;
      boolean dotOk = c == '.' && !lastDot && i < bytes.length - 1;
      if ((c < 128 && (Character.isLetterOrDigit(c) || ATEXT_SPECIALS.indexOf(c) >= 0)) || dotOk) {
        b.append((char) c);
      } else {
        b.append('=')
            .append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
            .append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
      }
      lastDot = c == '.' && dotOk;
    }
    return b.append("@tributary>").toString();
  }
}
