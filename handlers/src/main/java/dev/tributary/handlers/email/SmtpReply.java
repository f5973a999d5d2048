package dev.tributary.handlers.email;

import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.MessagingException;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;
import org.eclipse.angus.mail.smtp.SMTPAddressFailedException;
import org.eclipse.angus.mail.smtp.SMTPSendFailedException;
import org.eclipse.angus.mail.smtp.SMTPSenderFailedException;

/**
 * What a failed send means, from the relay's reply code: 4xx is transient (try again later), 5xx
 * permanent (this message will never be accepted). No reply code means the connection itself
 * failed: transient, and for every message not yet sent.
 */
record SmtpReply(Kind kind, int code, String text) {
  enum Kind {
    TRANSIENT,
    PERMANENT,
    CONNECTION,
    AUTHENTICATION
  }

  static SmtpReply classify(MessagingException e) {
    Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<Throwable, Boolean>());
    for (Throwable t = e; t != null && seen.add(t); t = next(t)) {
      if (t instanceof AuthenticationFailedException) {
        return new SmtpReply(Kind.AUTHENTICATION, 535, t.getMessage());
      }
      int code = code(t);
      if (code >= 400 && code < 500) {
        return new SmtpReply(Kind.TRANSIENT, code, t.getMessage());
      }
      if (code >= 500 && code < 600) {
        return new SmtpReply(Kind.PERMANENT, code, t.getMessage());
      }
    }
    return new SmtpReply(Kind.CONNECTION, -1, String.valueOf(e.getMessage()));
  }

  private static int code(Throwable t) {
    if (t instanceof SMTPAddressFailedException a) {
      return a.getReturnCode();
    } else if (t instanceof SMTPSenderFailedException s) {
      return s.getReturnCode();
    } else if (t instanceof SMTPSendFailedException s) {
      return s.getReturnCode();
    }
    return -1;
  }

  private static Throwable next(Throwable t) {
    if (t instanceof MessagingException m && m.getNextException() != null) {
      return m.getNextException();
    }
    return t.getCause();
  }

  @Override
  public String toString() {
    return code > 0 ? code + " " + text : text;
  }
}
