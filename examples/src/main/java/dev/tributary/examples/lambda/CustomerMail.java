package dev.tributary.examples.lambda;

/**
 * Where the function sends mail. On AWS this would wrap SES; the example passes one that prints
 * (and, once, times out).
 */
public interface CustomerMail {
  /** Sends one message; throws when the mail service cannot take it now. */
  void send(String to, String subject);
}
