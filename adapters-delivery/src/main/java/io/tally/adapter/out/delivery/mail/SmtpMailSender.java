package io.tally.adapter.out.delivery.mail;

import io.micronaut.context.annotation.Value;
import io.tally.application.port.out.delivery.DeliveryOutcome;
import io.tally.application.port.out.delivery.MailSenderPort;
import jakarta.activation.DataHandler;
import jakarta.inject.Singleton;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import jakarta.mail.util.ByteArrayDataSource;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Date;
import java.util.Locale;
import java.util.Optional;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.angus.mail.smtp.SMTPSendFailedException;
import org.eclipse.angus.mail.smtp.SMTPTransport;

/**
 * E-mail through the SMTP server of {@code TALLY_SMTP_URL} (Jakarta Mail, Angus): {@code smtp://user:pass@host:port} is
 * SMTP upgraded with STARTTLS when the server offers it, {@code smtps://…} is TLS from the start. The sender is
 * {@code TALLY_SMTP_FROM}. Every connection, read and write has a timeout ({@code TALLY_SMTP_TIMEOUT}, 10 s). The
 * outcome carries the server's last reply ({@code 250 2.0.0 OK …}) or its refusal.
 */
@Singleton
public class SmtpMailSender implements MailSenderPort {

    private static final Pattern SIZE = Pattern.compile("(?i)\\s*(\\d+)\\s*(b|kb|mb|gb)?\\s*");

    private final Optional<Server> server;
    private final long maxAttachmentBytes;
    private final Duration timeout;

    SmtpMailSender(@Value("${tally.smtp.url:}") String url, @Value("${tally.smtp.from:}") String from,
                   @Value("${tally.smtp.max-attachment:10MB}") String maxAttachment, @Value("${tally.smtp.timeout:10s}") Duration timeout) {
        this.server = url.isBlank() ? Optional.empty() : Optional.of(Server.parse(url.strip(), from.strip()));
        this.maxAttachmentBytes = bytes(maxAttachment);
        this.timeout = timeout;
    }

    /** The SMTP server of a URL, with the sender's address. */
    record Server(boolean tls, String host, int port, Optional<String> user, Optional<String> password, InternetAddress from) {

        static Server parse(String url, String from) {
            URI uri;
            try {
                uri = new URI(url);
            } catch (URISyntaxException e) {
                throw new IllegalArgumentException("TALLY_SMTP_URL is not a URL such as smtp://user:password@mail.example.com:587");
            }
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if (!scheme.equals("smtp") && !scheme.equals("smtps")) {
                throw new IllegalArgumentException("TALLY_SMTP_URL must start with smtp:// (STARTTLS when offered) or smtps:// (TLS)");
            }
            if (uri.getHost() == null) {
                throw new IllegalArgumentException("TALLY_SMTP_URL names no host");
            }
            if (from.isBlank()) {
                throw new IllegalArgumentException("TALLY_SMTP_FROM must be set with TALLY_SMTP_URL: the address mails are sent from");
            }
            Optional<String> user = Optional.empty();
            Optional<String> password = Optional.empty();
            if (uri.getRawUserInfo() != null) {
                String[] parts = uri.getRawUserInfo().split(":", 2);
                user = Optional.of(URLDecoder.decode(parts[0], StandardCharsets.UTF_8));
                password = parts.length > 1 ? Optional.of(URLDecoder.decode(parts[1], StandardCharsets.UTF_8)) : Optional.empty();
            }
            boolean tls = scheme.equals("smtps");
            InternetAddress sender;
            try {
                sender = new InternetAddress(from, true);
            } catch (MessagingException e) {
                throw new IllegalArgumentException("TALLY_SMTP_FROM is not an e-mail address: " + from);
            }
            return new Server(tls, uri.getHost(), uri.getPort() > 0 ? uri.getPort() : tls ? 465 : 25, user, password, sender);
        }
    }

    static long bytes(String size) {
        Matcher matcher = SIZE.matcher(size);
        if (!matcher.matches()) {
            throw new IllegalArgumentException("TALLY_SMTP_MAX_ATTACHMENT must be a size such as 10MB or 512KB, not '" + size + "'");
        }
        long amount = Long.parseLong(matcher.group(1));
        String unit = matcher.group(2) == null ? "b" : matcher.group(2).toLowerCase(Locale.ROOT);
        return switch (unit) {
            case "kb" -> amount * 1_000;
            case "mb" -> amount * 1_000_000;
            case "gb" -> amount * 1_000_000_000;
            default -> amount;
        };
    }

    @Override
    public boolean isConfigured() {
        return server.isPresent();
    }

    @Override
    public long maxAttachmentBytes() {
        return maxAttachmentBytes;
    }

    @Override
    public DeliveryOutcome send(MailSenderPort.Message message) {
        if (server.isEmpty()) {
            return DeliveryOutcome.refused("e-mail is not configured on this server (TALLY_SMTP_URL)");
        }
        Server smtp = server.get();
        String protocol = smtp.tls() ? "smtps" : "smtp";
        Properties properties = new Properties();
        String prefix = "mail." + protocol + ".";
        properties.put("mail.transport.protocol", protocol);
        properties.put(prefix + "host", smtp.host());
        properties.put(prefix + "port", String.valueOf(smtp.port()));
        properties.put(prefix + "auth", String.valueOf(smtp.user().isPresent()));
        properties.put(prefix + "connectiontimeout", String.valueOf(timeout.toMillis()));
        properties.put(prefix + "timeout", String.valueOf(timeout.toMillis()));
        properties.put(prefix + "writetimeout", String.valueOf(timeout.toMillis()));
        if (!smtp.tls()) {
            properties.put(prefix + "starttls.enable", "true");
        }
        properties.put("mail.mime.encodefilename", "true");
        Session session = Session.getInstance(properties);
        try {
            MimeMessage mime = mime(session, smtp.from(), message);
            try (Transport transport = session.getTransport(protocol)) {
                transport.connect(smtp.host(), smtp.port(), smtp.user().orElse(null), smtp.password().orElse(null));
                transport.sendMessage(mime, mime.getAllRecipients());
                String reply = transport instanceof SMTPTransport sent ? sent.getLastServerResponse() : "sent";
                return DeliveryOutcome.success(reply == null ? "sent" : reply.strip());
            }
        } catch (SMTPSendFailedException refused) {
            return DeliveryOutcome.failure(String.valueOf(refused.getReturnCode()), "the SMTP server refused the mail: " + oneLine(refused.getMessage()));
        } catch (MessagingException failed) {
            Throwable cause = failed.getCause() != null ? failed.getCause() : failed;
            return DeliveryOutcome.failure(null, "could not send through " + smtp.host() + ":" + smtp.port() + ": " + oneLine(failed.getMessage())
                    + (cause != failed ? " (" + cause.getClass().getSimpleName() + ": " + oneLine(cause.getMessage()) + ")" : ""));
        }
    }

    private static MimeMessage mime(Session session, InternetAddress from, MailSenderPort.Message message) throws MessagingException {
        MimeMessage mime = new MimeMessage(session);
        mime.setFrom(from);
        for (String to : message.to()) {
            mime.addRecipient(MimeMessage.RecipientType.TO, new InternetAddress(to));
        }
        mime.setSubject(message.subject(), StandardCharsets.UTF_8.name());
        mime.setSentDate(new Date());
        MimeMultipart alternative = new MimeMultipart("alternative");
        MimeBodyPart text = new MimeBodyPart();
        text.setText(message.text(), StandardCharsets.UTF_8.name());
        alternative.addBodyPart(text);
        MimeBodyPart html = new MimeBodyPart();
        html.setContent(message.html(), "text/html; charset=UTF-8");
        alternative.addBodyPart(html);
        MimeMultipart mixed = new MimeMultipart("mixed");
        MimeBodyPart body = new MimeBodyPart();
        body.setContent(alternative);
        mixed.addBodyPart(body);
        for (MailSenderPort.Attachment attachment : message.attachments()) {
            MimeBodyPart part = new MimeBodyPart();
            part.setDataHandler(new DataHandler(new ByteArrayDataSource(attachment.content(), attachment.mediaType())));
            part.setFileName(attachment.fileName());
            part.setDisposition(MimeBodyPart.ATTACHMENT);
            mixed.addBodyPart(part);
        }
        mime.setContent(mixed);
        mime.saveChanges();
        return mime;
    }

    private static String oneLine(String text) {
        return text == null ? "" : text.strip().replaceAll("\\s+", " ");
    }
}
