package io.tally.adapter.out.delivery.webhook;

import io.micronaut.context.annotation.Value;
import io.micronaut.json.JsonMapper;
import io.tally.application.port.out.delivery.DeliveryOutcome;
import io.tally.application.port.out.delivery.WebhookSenderPort;
import io.tally.domain.common.InvalidValueException;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Webhooks as the Standard Webhooks spec signs them: a JSON POST with {@code webhook-id} (the idempotency key),
 * {@code webhook-timestamp} (epoch seconds) and {@code webhook-signature} ({@code v1,} and the base64 HMAC-SHA256 of
 * {@code id.timestamp.body} under the secret's bytes, the base64 after {@code whsec_}). A 2xx within the timeout
 * ({@code TALLY_WEBHOOK_TIMEOUT}, 10 s) is success; redirects are not followed. Targets that resolve to private,
 * loopback, link-local or other non-public addresses are refused unless {@code TALLY_WEBHOOK_ALLOW_PRIVATE=true}.
 */
@Singleton
public class HttpWebhookSender implements WebhookSenderPort {

    private final boolean allowPrivate;
    private final Duration timeout;
    private final JsonMapper json;
    private final HttpClient http;

    HttpWebhookSender(@Value("${tally.webhook.allow-private:false}") boolean allowPrivate, @Value("${tally.webhook.timeout:10s}") Duration timeout,
                      JsonMapper json) {
        this.allowPrivate = allowPrivate;
        this.timeout = timeout;
        this.json = json;
        this.http = HttpClient.newBuilder().connectTimeout(timeout).followRedirects(HttpClient.Redirect.NEVER).build();
    }

    @Override
    public void checkTarget(URI url) {
        InetAddress[] addresses;
        try {
            addresses = InetAddress.getAllByName(url.getHost());
        } catch (UnknownHostException e) {
            throw new InvalidValueException("url", "the host " + url.getHost() + " does not resolve");
        }
        if (allowPrivate) {
            return;
        }
        for (InetAddress address : addresses) {
            if (!isPublic(address)) {
                throw new InvalidValueException("url", url.getHost() + " resolves to " + address.getHostAddress() + ", a private, loopback or"
                        + " link-local address; webhooks go to public addresses unless the operator sets TALLY_WEBHOOK_ALLOW_PRIVATE=true");
            }
        }
    }

    /** Whether an address is on the public internet: not loopback, private, link-local, carrier-grade NAT, unique-local or multicast. */
    static boolean isPublic(InetAddress address) {
        if (address.isAnyLocalAddress() || address.isLoopbackAddress() || address.isLinkLocalAddress() || address.isSiteLocalAddress()
                || address.isMulticastAddress()) {
            return false;
        }
        byte[] bytes = address.getAddress();
        if (address instanceof Inet6Address) {
            return (bytes[0] & 0xfe) != 0xfc;
        }
        int first = bytes[0] & 0xff;
        int second = bytes[1] & 0xff;
        return first != 0 && !(first == 100 && second >= 64 && second < 128) && !(first == 192 && second == 0 && (bytes[2] & 0xff) == 0)
                && first < 224;
    }

    @Override
    public DeliveryOutcome post(URI url, String id, String secret, Map<String, Object> payload) {
        try {
            checkTarget(url);
        } catch (InvalidValueException refused) {
            return DeliveryOutcome.refused(refused.getMessage());
        }
        byte[] body;
        try {
            body = json.writeValueAsBytes(payload);
        } catch (IOException e) {
            throw new UncheckedIOException("a webhook payload could not be written as JSON", e);
        }
        // the wall clock, not the application's: receivers check the timestamp against their own clocks to refuse replays
        long timestamp = Instant.now().getEpochSecond();
        HttpRequest request = HttpRequest.newBuilder(url).timeout(timeout)
                .header("Content-Type", "application/json")
                .header("User-Agent", "Tally-Webhooks/1")
                .header("webhook-id", id)
                .header("webhook-timestamp", String.valueOf(timestamp))
                .header("webhook-signature", signature(secret, id, timestamp, body))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            String status = "HTTP " + response.statusCode();
            if (response.statusCode() >= 200 && response.statusCode() < 300) {
                return DeliveryOutcome.success(status);
            }
            String answer = response.body() == null ? "" : response.body().strip().replaceAll("\\s+", " ");
            return DeliveryOutcome.failure(status, "the receiver answered " + response.statusCode()
                    + (answer.isEmpty() ? "" : ": " + (answer.length() > 200 ? answer.substring(0, 200) + "…" : answer)));
        } catch (HttpTimeoutException e) {
            return DeliveryOutcome.failure(null, "no answer within " + timeout.toSeconds() + " s");
        } catch (ConnectException e) {
            return DeliveryOutcome.failure(null, "could not connect to " + url.getHost() + (url.getPort() > 0 ? ":" + url.getPort() : "")
                    + (e.getMessage() == null ? "" : ": " + e.getMessage()));
        } catch (IOException e) {
            return DeliveryOutcome.failure(null, e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return DeliveryOutcome.failure(null, "interrupted while waiting for the receiver");
        }
    }

    /** {@code v1,} and the base64 HMAC-SHA256 of {@code id.timestamp.body} under the secret's key. */
    static String signature(String secret, String id, long timestamp, byte[] body) {
        String encoded = secret.startsWith("whsec_") ? secret.substring("whsec_".length()) : secret;
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(Base64.getDecoder().decode(encoded), "HmacSHA256"));
            mac.update((id + "." + timestamp + ".").getBytes(StandardCharsets.UTF_8));
            mac.update(body);
            return "v1," + Base64.getEncoder().encodeToString(mac.doFinal());
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HMAC-SHA256 is not available", e);
        }
    }
}
