package io.tally.application.port.out.delivery;

import java.util.List;
import java.util.Objects;

/** Sends e-mail through the configured SMTP server. */
public interface MailSenderPort {

    /** Whether an SMTP server is configured; without one, e-mail channels are refused. */
    boolean isConfigured();

    /** The largest file sent as an attachment; a larger one goes as a link. */
    long maxAttachmentBytes();

    /** Sends one message; never throws for a refusal or an unreachable server, it answers the outcome. */
    DeliveryOutcome send(Message message);

    record Message(List<String> to, String subject, String html, String text, List<Attachment> attachments) {

        public Message {
            to = List.copyOf(to);
            Objects.requireNonNull(subject, "subject");
            Objects.requireNonNull(html, "html");
            Objects.requireNonNull(text, "text");
            attachments = List.copyOf(attachments);
        }
    }

    record Attachment(String fileName, String mediaType, byte[] content) {

        public Attachment {
            Objects.requireNonNull(fileName, "fileName");
            Objects.requireNonNull(mediaType, "mediaType");
            Objects.requireNonNull(content, "content");
        }
    }
}
