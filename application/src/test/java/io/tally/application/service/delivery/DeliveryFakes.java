package io.tally.application.service.delivery;

import io.tally.application.port.out.delivery.DeliveryOutcome;
import io.tally.application.port.out.delivery.DownloadLinkPort;
import io.tally.application.port.out.delivery.MailSenderPort;
import io.tally.application.port.out.delivery.WebhookSenderPort;
import io.tally.domain.common.InvalidValueException;
import io.tally.domain.tenant.TenantId;
import java.net.URI;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** In-memory stand-ins for the outbound channels schedules and alerts share, recording what they were asked. */
public final class DeliveryFakes {

    private DeliveryFakes() {
    }

    /** Sends every message (recorded in {@code sent}) with "250 2.0.0 OK"; attaches files up to {@code max} bytes. */
    public static final class Mail implements MailSenderPort {
        public final List<Message> sent = new ArrayList<>();
        public long max = 1_000;
        public boolean configured = true;

        @Override
        public boolean isConfigured() {
            return configured;
        }

        @Override
        public long maxAttachmentBytes() {
            return max;
        }

        @Override
        public DeliveryOutcome send(Message message) {
            sent.add(message);
            return DeliveryOutcome.success("250 2.0.0 OK");
        }
    }

    /** Answers the outcomes queued, then success; refuses targets in 10.0.0.0/8. */
    public static final class Webhooks implements WebhookSenderPort {
        public final Deque<DeliveryOutcome> outcomes = new ArrayDeque<>();
        public final List<Map<String, Object>> payloads = new ArrayList<>();
        public final List<String> ids = new ArrayList<>();
        public final List<String> secrets = new ArrayList<>();

        @Override
        public void checkTarget(URI url) {
            if (url.getHost().startsWith("10.")) {
                throw new InvalidValueException("url", url.getHost() + " is a private address");
            }
        }

        @Override
        public DeliveryOutcome post(URI url, String id, String secret, Map<String, Object> payload) {
            ids.add(id);
            secrets.add(secret);
            payloads.add(payload);
            return outcomes.isEmpty() ? DeliveryOutcome.success("HTTP 204") : outcomes.poll();
        }
    }

    /** Links of a fixed form on https://tally.test; a signature verifies when it is "good". */
    public static final class Links implements DownloadLinkPort {

        @Override
        public URI link(TenantId tenant, UUID file, Instant expiresAt) {
            return URI.create("https://tally.test/api/v1/schedule-files/" + file + "?expires=" + expiresAt.getEpochSecond());
        }

        @Override
        public URI address(String path) {
            return URI.create("https://tally.test" + path);
        }

        @Override
        public boolean verify(TenantId tenant, UUID file, long expires, String signature) {
            return signature.equals("good");
        }
    }
}
