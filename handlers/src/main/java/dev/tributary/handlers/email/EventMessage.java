package dev.tributary.handlers.email;

import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;

/** A MIME message whose Message-ID is fixed by the event, not generated at send time. */
final class EventMessage extends MimeMessage {
  private final String messageId;

  EventMessage(Session session, String messageId) {
    super(session);
    this.messageId = messageId;
  }

  @Override
  protected void updateMessageID() throws MessagingException {
    setHeader("Message-ID", messageId);
  }
}
