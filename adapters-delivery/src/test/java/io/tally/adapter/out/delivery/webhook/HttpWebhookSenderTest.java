package io.tally.adapter.out.delivery.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class HttpWebhookSenderTest {

    @Test
    void signsIdTimestampAndBodyAsStandardWebhooksSays() {
        // worked out with Python's hmac: base64(HMAC-SHA256(base64decode(secret), b'msg_p5jXN8AQM9LWM0D4loKWxJek.1614265330.{"test": 2432232314}'))
        String signature = HttpWebhookSender.signature("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw7Q0X7ZGsnLw=", "msg_p5jXN8AQM9LWM0D4loKWxJek",
                1614265330L, "{\"test\": 2432232314}".getBytes(StandardCharsets.UTF_8));
        assertThat(signature).isEqualTo("v1,El14F8Kay2lmMCUBamR40ABiQjfRwdi83dPO96k2MAs=");
    }

    @Test
    void onlyPublicAddressesArePublic() throws UnknownHostException {
        for (String address : new String[] {"127.0.0.1", "10.1.2.3", "172.16.0.1", "192.168.1.1", "169.254.169.254", "100.64.0.1", "0.0.0.0",
                "224.0.0.1", "192.0.0.8", "::1", "fe80::1", "fc00::1", "fd12:3456::1", "::"}) {
            assertThat(HttpWebhookSender.isPublic(InetAddress.getByName(address))).as(address).isFalse();
        }
        for (String address : new String[] {"8.8.8.8", "100.128.0.1", "172.32.0.1", "2001:4860:4860::8888"}) {
            assertThat(HttpWebhookSender.isPublic(InetAddress.getByName(address))).as(address).isTrue();
        }
    }
}
