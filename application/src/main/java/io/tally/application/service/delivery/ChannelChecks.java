package io.tally.application.service.delivery;

import io.tally.application.port.out.TenantStorePort;
import io.tally.application.port.out.delivery.MailSenderPort;
import io.tally.application.port.out.delivery.WebhookSenderPort;
import io.tally.domain.common.InvalidValueException;
import io.tally.domain.delivery.Channel;
import io.tally.domain.tenant.TenantId;
import java.util.List;
import java.util.Objects;

/**
 * The checks of channels when schedules and alert rules are saved: e-mail only when SMTP is configured, a webhook only to a
 * target that may be called and once the tenant has a signing secret. Problems name their field ({@code channels[1].url}).
 */
public final class ChannelChecks {

    private final MailSenderPort mail;
    private final WebhookSenderPort webhooks;
    private final TenantStorePort tenants;

    public ChannelChecks(MailSenderPort mail, WebhookSenderPort webhooks, TenantStorePort tenants) {
        this.mail = Objects.requireNonNull(mail, "mail");
        this.webhooks = Objects.requireNonNull(webhooks, "webhooks");
        this.tenants = Objects.requireNonNull(tenants, "tenants");
    }

    public void check(TenantId tenant, List<Channel> channels) {
        for (int i = 0; i < channels.size(); i++) {
            String field = "channels[" + i + "]";
            switch (channels.get(i)) {
                case Channel.Email ignored -> {
                    if (!mail.isConfigured()) {
                        throw new InvalidValueException(field + ".type", "e-mail is not configured on this server: its operator sets"
                                + " TALLY_SMTP_URL and TALLY_SMTP_FROM");
                    }
                }
                case Channel.Webhook webhook -> {
                    try {
                        webhooks.checkTarget(webhook.url());
                    } catch (InvalidValueException refused) {
                        throw refused.forField(field + ".url");
                    }
                    if (tenants.webhookSecret(tenant).isEmpty()) {
                        throw new InvalidValueException(field + ".type", "the tenant has no webhook signing secret yet: its owner makes"
                                + " one with POST /api/v1/tenant/webhook-secret, so that receivers can verify what Tally sends");
                    }
                }
                case Channel.Storage ignored -> {
                }
            }
        }
    }
}
