package io.tally.application.service.schedule;

import io.tally.application.port.out.delivery.DeliveryOutcome;
import io.tally.application.port.out.delivery.DownloadLinkPort;
import io.tally.application.port.out.delivery.MailSenderPort;
import io.tally.application.port.out.delivery.WebhookSenderPort;
import io.tally.application.port.out.schedule.ScheduleJobsPort;
import io.tally.domain.common.InvalidValueException;
import io.tally.domain.tenant.TenantId;
import java.net.URI;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** In-memory stand-ins for the job runner and the outbound channels of schedules, recording what they were asked. */
final class ScheduleFakes {

    private ScheduleFakes() {
    }

    static final class Jobs implements ScheduleJobsPort {
        final List<UUID> runs = new ArrayList<>();
        final Map<UUID, Instant> deliveries = new LinkedHashMap<>();
        final Map<UUID, Instant> armed = new LinkedHashMap<>();

        @Override
        public void arm(TenantId tenant, UUID schedule, Instant fireTime) {
            armed.put(schedule, fireTime);
        }

        @Override
        public boolean armIfAbsent(TenantId tenant, UUID schedule, Instant fireTime) {
            return armed.putIfAbsent(schedule, fireTime) == null;
        }

        @Override
        public void disarm(UUID schedule) {
            armed.remove(schedule);
        }

        @Override
        public void queueRun(TenantId tenant, UUID run) {
            runs.add(run);
        }

        @Override
        public void queueDelivery(TenantId tenant, UUID delivery, Instant at) {
            deliveries.put(delivery, at);
        }
    }

    static final class Mail implements MailSenderPort {
        final List<Message> sent = new ArrayList<>();
        long max = 1_000;
        boolean configured = true;

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

    static final class Webhooks implements WebhookSenderPort {
        final Deque<DeliveryOutcome> outcomes = new ArrayDeque<>();
        final List<Map<String, Object>> payloads = new ArrayList<>();
        final List<String> ids = new ArrayList<>();

        @Override
        public void checkTarget(URI url) {
            if (url.getHost().startsWith("10.")) {
                throw new InvalidValueException("url", url.getHost() + " is a private address");
            }
        }

        @Override
        public DeliveryOutcome post(URI url, String id, String secret, Map<String, Object> payload) {
            ids.add(id);
            payloads.add(payload);
            return outcomes.isEmpty() ? DeliveryOutcome.success("HTTP 204") : outcomes.poll();
        }
    }

    /** Links of a fixed form; a signature verifies when it is "good". */
    static final class Links implements DownloadLinkPort {

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
