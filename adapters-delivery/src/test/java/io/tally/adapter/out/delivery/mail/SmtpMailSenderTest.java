package io.tally.adapter.out.delivery.mail;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetupTest;
import io.tally.application.port.out.delivery.DeliveryOutcome;
import io.tally.application.port.out.delivery.MailSenderPort;
import jakarta.mail.Multipart;
import jakarta.mail.internet.MimeMessage;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SmtpMailSenderTest {

    @Test
    void readsSizesInPowersOfAThousand() {
        assertThat(SmtpMailSender.bytes("10MB")).isEqualTo(10_000_000);
        assertThat(SmtpMailSender.bytes("512 kb")).isEqualTo(512_000);
        assertThat(SmtpMailSender.bytes("1500")).isEqualTo(1_500);
        assertThatThrownBy(() -> SmtpMailSender.bytes("ten megs")).hasMessageContaining("TALLY_SMTP_MAX_ATTACHMENT");
    }

    @Test
    void readsTheServerFromItsUrl() {
        SmtpMailSender.Server plain = SmtpMailSender.Server.parse("smtp://mailer%40acme:p%40ss:word@mail.acme.test", "reports@acme.test");
        assertThat(plain.tls()).isFalse();
        assertThat(plain.port()).isEqualTo(25);
        assertThat(plain.user()).contains("mailer@acme");
        assertThat(plain.password()).contains("p@ss:word");
        SmtpMailSender.Server tls = SmtpMailSender.Server.parse("smtps://mail.acme.test:2465", "Tally <reports@acme.test>");
        assertThat(tls.tls()).isTrue();
        assertThat(tls.port()).isEqualTo(2465);
        assertThat(tls.user()).isEmpty();
        assertThat(tls.from().getPersonal()).isEqualTo("Tally");
        assertThatThrownBy(() -> SmtpMailSender.Server.parse("http://mail.acme.test", "a@b.test")).hasMessageContaining("smtp://");
        assertThatThrownBy(() -> SmtpMailSender.Server.parse("smtp://mail.acme.test", " ")).hasMessageContaining("TALLY_SMTP_FROM");
    }

    @Test
    void sendsTheHtmlAndTextWithAttachmentsAndKeepsTheServersReply() throws Exception {
        GreenMail greenMail = new GreenMail(ServerSetupTest.SMTP.dynamicPort());
        greenMail.start();
        try {
            SmtpMailSender sender = new SmtpMailSender("smtp://127.0.0.1:" + greenMail.getSmtp().getPort(), "Tally <reports@tally.test>", "10MB",
                    Duration.ofSeconds(5));
            DeliveryOutcome outcome = sender.send(new MailSenderPort.Message(List.of("ops@acme.test"), "Wöchentlich: Łódź", "<p>Hello</p>",
                    "Hello", List.of(new MailSenderPort.Attachment("Łódź_20270329.csv", "text/csv", "a,b\r\n1,2\r\n".getBytes(StandardCharsets.UTF_8)))));

            assertThat(outcome.succeeded()).isTrue();
            assertThat(outcome.reply()).hasValueSatisfying(reply -> assertThat(reply).startsWith("250"));
            MimeMessage received = greenMail.getReceivedMessages()[0];
            assertThat(received.getSubject()).isEqualTo("Wöchentlich: Łódź");
            Multipart mixed = (Multipart) received.getContent();
            assertThat(mixed.getCount()).isEqualTo(2);
            assertThat(mixed.getBodyPart(1).getFileName()).isEqualTo("Łódź_20270329.csv");
            assertThat(new String(mixed.getBodyPart(1).getInputStream().readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("a,b\r\n1,2\r\n");
        } finally {
            greenMail.stop();
        }
    }

    @Test
    void anUnreachableServerIsAFailedOutcomeNotAnException() {
        SmtpMailSender sender = new SmtpMailSender("smtp://127.0.0.1:1", "reports@tally.test", "10MB", Duration.ofSeconds(2));
        DeliveryOutcome outcome = sender.send(new MailSenderPort.Message(List.of("ops@acme.test"), "s", "<p>h</p>", "h", List.of()));
        assertThat(outcome.succeeded()).isFalse();
        assertThat(outcome.permanent()).isFalse();
        assertThat(outcome.reply()).isEqualTo(Optional.empty());
        assertThat(outcome.error()).hasValueSatisfying(error -> assertThat(error).startsWith("could not send through 127.0.0.1:1"));
    }

    @Test
    void withoutAServerNothingIsConfigured() {
        SmtpMailSender sender = new SmtpMailSender("", "", "10MB", Duration.ofSeconds(2));
        assertThat(sender.isConfigured()).isFalse();
        assertThat(sender.send(new MailSenderPort.Message(List.of("a@b.test"), "s", "h", "t", List.of())).permanent()).isTrue();
    }
}
