package io.tally.domain.privacy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tally.domain.customer.CustomerId;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class TombstoneTest {

    @Test
    void aTombstoneIsTheFirst128BitsOfTheHashInBase32() {
        // printf a | openssl dgst -sha256 -hmac 0123456789abcdef0123456789abcdef gives this hash; its first 16 bytes in
        // base 32 (RFC 4648, lower case, no padding) are viqyo4rwiwrfefelx45k2dra2q
        byte[] hash = HexFormat.of().parseHex("aa2187723645a252148bbf3aad0e20d4c3a2861235bb65a264967af9d46faec2");
        CustomerId tombstone = Tombstone.of(hash);
        assertThat(tombstone.value()).isEqualTo("erased-viqyo4rwiwrfefelx45k2dra2q");
        assertThat(Tombstone.isTombstone(tombstone)).isTrue();
    }

    @Test
    void onlyThatFormIsATombstone() {
        assertThat(Tombstone.isTombstone(CustomerId.of("zofia-kowalska"))).isFalse();
        assertThat(Tombstone.isTombstone(CustomerId.of("erased-viqyo4rwiwrfefelx45k2dra2"))).isFalse();
        assertThat(Tombstone.isTombstone(CustomerId.of("erased-viqyo4rwiwrfefelx45k2dra2Q"))).isFalse();
        assertThat(Tombstone.isTombstone(CustomerId.of("erased-viqyo4rwiwrfefelx45k2dra21"))).isFalse();
    }

    @Test
    void aShortHashIsRefused() {
        assertThatThrownBy(() -> Tombstone.of(new byte[8])).isInstanceOf(IllegalArgumentException.class);
    }
}
