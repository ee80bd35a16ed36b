package io.tally.adapter.out.persistence.privacy;

import static org.assertj.core.api.Assertions.assertThat;

import io.tally.domain.customer.CustomerId;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ErasureKeysTest {

    private static final byte[] KEY = "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] OTHER_KEY = "fedcba9876543210fedcba9876543210".getBytes(StandardCharsets.US_ASCII);

    @Test
    void theTombstoneIsTheKeyedHashOfTheId() {
        // printf a | openssl dgst -sha256 -hmac 0123456789abcdef0123456789abcdef gives aa2187723645a252148bbf3aad0e20d4…
        assertThat(ErasureKeys.tombstone(KEY, CustomerId.of("a")).value()).isEqualTo("erased-viqyo4rwiwrfefelx45k2dra2q");
    }

    @Test
    void theSameIdUnderTheSameKeyGivesTheSameTombstoneAndAnotherIdOrKeyAnother() {
        CustomerId tombstone = ErasureKeys.tombstone(KEY, CustomerId.of("zofia-kowalska"));
        assertThat(ErasureKeys.tombstone(KEY, CustomerId.of("zofia-kowalska"))).isEqualTo(tombstone);
        assertThat(tombstone.value()).doesNotContain("zofia");
        assertThat(ErasureKeys.tombstone(KEY, CustomerId.of("zofia-kowalsk"))).isNotEqualTo(tombstone);
        assertThat(ErasureKeys.tombstone(OTHER_KEY, CustomerId.of("zofia-kowalska"))).isNotEqualTo(tombstone);
    }
}
