package io.tally.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The demo's billing year is accepted as a whole, and makes every billing figure non-trivial. */
@MicronautTest(transactional = false)
class DemoBillingIT extends ApiTestSupport {

    @Test
    void theDemoYearExercisesEveryMovementInTwoCurrencies() {
        String token = Tokens.service(tenant, "billing:write");
        List<DemoBilling.Fact> facts = DemoBilling.facts(TestClock.today(ZoneOffset.UTC));
        for (DemoBilling.Fact fact : facts) {
            Api.Reply reply = fact.method().equals("PUT") ? api.put(fact.path(), token, fact.body())
                    : api.post(fact.path(), token, "application/json", fact.body());
            assertThat(reply.status()).as(fact + " → " + reply.body()).isEqualTo(201);
        }
        Map<String, Object> year = BillingIT.object(api.get("/api/v1/billing/summary?days=365", Tokens.user(tenant, "analyst")).map(), "mrr");
        for (String movement : List.of("new", "expansion", "contraction", "churn", "reactivation")) {
            assertThat(BillingIT.money(year.get(movement))).as(movement).hasSize(2)
                    .anySatisfy(amount -> assertThat(amount).doesNotStartWith("0.00"));
        }
        assertThat(BillingIT.money(year.get("end"))).hasSize(2).noneSatisfy(amount -> assertThat(amount).startsWith("0.00"));
        Map<String, Object> revenue = BillingIT.object(api.get("/api/v1/billing/summary?days=365", Tokens.user(tenant, "analyst")).map(),
                "total_revenue");
        assertThat(BillingIT.money(revenue.get("refunds"))).hasSize(2).noneSatisfy(amount -> assertThat(amount).startsWith("0.00"));
    }
}
