package io.tally.adapter.in.http;

import io.tally.domain.privacy.ConsentRecord;
import java.util.LinkedHashMap;
import java.util.Map;

/** A consent statement as both APIs show it: the service API with its customer, a customer's history without. */
public final class ConsentResponse {

    private ConsentResponse() {
    }

    public static Map<String, Object> of(ConsentRecord record, boolean withCustomer) {
        Map<String, Object> json = new LinkedHashMap<>();
        if (withCustomer) {
            json.put("customer", record.customer().value());
        }
        json.put("category", record.category());
        json.put("given", record.given());
        json.put("version", record.version());
        json.put("legal_basis", record.legalBasis().wireName());
        json.put("purpose", record.purpose().orElse(null));
        json.put("at", record.at().toString());
        json.put("recorded_at", record.recordedAt().toString());
        return json;
    }
}
