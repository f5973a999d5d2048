package dev.tributary.handlers.email;

import dev.tributary.core.AttributePath;
import dev.tributary.core.AttributeValue;
import dev.tributary.core.BadRecordException;
import dev.tributary.core.ChangeEvent;
import dev.tributary.core.EventName;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Turns an event into its mail: recipients, rendered subject and body, Message-ID from the eventID
 * and the event's own time as the Date, so every delivery of one event yields the same message. An
 * event that cannot make a mail (no recipient attribute, a malformed address) is a bad record.
 */
final class MailComposer {
  private final InternetAddress from;
  private final Optional<InternetAddress> fixedTo;
  private final Optional<AttributePath> toPath;
  private final MailTemplate subject;
  private final MailTemplate body;
  private final boolean html;

  MailComposer(
      InternetAddress from,
      Optional<InternetAddress> fixedTo,
      Optional<AttributePath> toPath,
      MailTemplate subject,
      MailTemplate body,
      boolean html) {
    this.from = from;
    this.fixedTo = fixedTo;
    this.toPath = toPath;
    this.subject = subject;
    this.body = body;
    this.html = html;
  }

  MimeMessage compose(Session session, ChangeEvent event) throws MessagingException {
    Map<String, Object> view = EventView.of(event);
    MimeMessage m = new EventMessage(session, MessageIds.of(event.eventId()));
    m.setFrom(from);
    m.setRecipients(Message.RecipientType.TO, recipients(event).toArray(new InternetAddress[0]));
    m.setSubject(oneLine(render(subject, view, event)), StandardCharsets.UTF_8.name());
    String text = render(body, view, event);
    if (html) {
      m.setText(text, StandardCharsets.UTF_8.name(), "html");
    } else {
      m.setText(text, StandardCharsets.UTF_8.name());
    }
    m.setSentDate(Date.from(event.dynamodb().approximateCreationDateTime()));
    m.setHeader("X-Tributary-Event-ID", event.eventId());
    return m;
  }

  List<InternetAddress> recipients(ChangeEvent event) {
    if (fixedTo.isPresent()) {
      return List.of(fixedTo.get());
    }
    AttributePath path = toPath.orElseThrow();
    boolean remove = event.eventName() == EventName.REMOVE;
    Optional<Map<String, AttributeValue>> image =
        remove ? event.dynamodb().oldImage() : event.dynamodb().newImage();
    String which = remove ? "OldImage" : "NewImage";
    AttributeValue v =
        image
            .flatMap(path::resolve)
            .orElseThrow(
                () ->
                    new BadRecordException(
                        "email: no recipient at '"
                            + path
                            + "' in the "
                            + which
                            + " of event "
                            + event.eventId()));
    List<String> texts = new ArrayList<>();
    if (v instanceof AttributeValue.S s) {
      texts.add(s.value());
    } else if (v instanceof AttributeValue.SS ss) {
      texts.addAll(ss.value());
    } else {
      throw new BadRecordException(
          "email: recipient at '"
              + path
              + "' of event "
              + event.eventId()
              + " is of type "
              + v.type()
              + "; expected S or SS");
    }
    List<InternetAddress> out = new ArrayList<>(texts.size());
    for (String t : texts) {
      try {
        out.add(new InternetAddress(t, true));
      } catch (AddressException e) {
        throw new BadRecordException(
            "email: recipient '"
                + t
                + "' at '"
                + path
                + "' of event "
                + event.eventId()
                + " is not a valid address: "
                + e.getMessage(),
            e);
      }
    }
    return out;
  }

  private static String render(MailTemplate t, Map<String, Object> view, ChangeEvent event) {
    try {
      return t.render(view);
    } catch (RuntimeException e) {
      throw new BadRecordException(
          "email: "
              + t.name()
              + " template failed for event "
              + event.eventId()
              + ": "
              + e.getMessage(),
          e);
    }
  }

  /** Header folding is the library's job; line breaks from data must not start new headers. */
  private static String oneLine(String s) {
    return s.replaceAll("[\\r\\n]+", " ").strip();
  }
}
