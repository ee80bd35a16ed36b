package io.tally.application.service.privacy;

import static org.assertj.core.api.Assertions.assertThat;

import io.tally.application.port.out.UsageHistoryPort;
import io.tally.domain.common.CountryCode;
import io.tally.domain.common.CurrencyCode;
import io.tally.domain.common.TimeZoneId;
import io.tally.domain.customer.Customer;
import io.tally.domain.customer.CustomerId;
import io.tally.domain.customer.CustomerProfile;
import io.tally.domain.customer.CustomerStatus;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class AccessArchiveTest {

    private static final Instant AT = Instant.parse("2027-02-01T10:00:00Z");

    @Test
    void csvCellsAreQuotedWhenTheyMustBeAndFormulasNeutralised() {
        assertThat(AccessArchive.csvText("plain")).isEqualTo("plain");
        assertThat(AccessArchive.csvText("a,b")).isEqualTo("\"a,b\"");
        assertThat(AccessArchive.csvText("say \"hi\"")).isEqualTo("\"say \"\"hi\"\"\"");
        assertThat(AccessArchive.csvText("two\nlines")).isEqualTo("\"two\nlines\"");
        assertThat(AccessArchive.csvText("=HYPERLINK(\"x\")")).isEqualTo("\"'=HYPERLINK(\"\"x\"\")\"");
        assertThat(AccessArchive.csvText("+48 600")).isEqualTo("'+48 600");
        assertThat(AccessArchive.csvText("")).isEmpty();
    }

    @Test
    void anEventIsOneCsvLineAndOneJsonLineWithItsDataInFull() {
        UsageHistoryPort.DataNames names = new UsageHistoryPort.DataNames(List.of("outcome", "phone"), List.of("duration_s"));
        UsageHistoryPort.Row row = new UsageHistoryPort.Row(AT, "call", "calls", "c-1", new String[] {"completed", "+48 600 100 200"},
                new BigDecimal[] {new BigDecimal("61.5")}, AT.plusSeconds(2));

        assertThat(AccessArchive.csvHeader(names)).isEqualTo("occurred_at,type,source,id,received_at,outcome,phone,duration_s\r\n");
        assertThat(AccessArchive.csvRow(row)).isEqualTo("2027-02-01T10:00:00Z,call,calls,c-1,2027-02-01T10:00:02Z,completed,'+48 600 100 200,61.5\r\n");
        assertThat(AccessArchive.jsonLine(row, names)).isEqualTo("{\"time\":\"2027-02-01T10:00:00Z\",\"type\":\"call\",\"source\":\"calls\",\"id\":\"c-1\","
                + "\"received_at\":\"2027-02-01T10:00:02Z\",\"data\":{\"outcome\":\"completed\",\"phone\":\"+48 600 100 200\",\"duration_s\":61.5}}\n");
    }

    @Test
    void theProfileAndTheReadmeSayWhatIsKept() {
        Customer customer = Customer.restore(CustomerId.of("zoe"), new CustomerProfile(Optional.of("Zoë \"Coach\" Ng"), Optional.of(TimeZoneId.of("Asia/Singapore")),
                Optional.of(CountryCode.of("SG")), Optional.of(CurrencyCode.of("SGD")), Optional.of("pro"), Optional.empty(), CustomerStatus.ACTIVE),
                AT.minusSeconds(86_400), AT, Optional.empty(), Optional.empty());

        assertThat(AccessArchive.profile(customer)).startsWith("{\"external_id\":\"zoe\",\"display_name\":\"Zoë \\\"Coach\\\" Ng\",\"timezone\":\"Asia/Singapore\","
                + "\"country\":\"SG\",\"currency\":\"SGD\",\"plan\":\"pro\",\"signed_up_at\":null,\"status\":\"active\"");
        String readme = AccessArchive.readme(customer, AT, Map.of("events.csv", 3L, "consents.json", 1L));
        assertThat(readme).contains("Customer: zoe").contains("GDPR Art. 15").contains("events.csv").contains("(3 records)").contains("(1 record)")
                .contains("billing/payments.json");
    }
}
