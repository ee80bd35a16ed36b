package io.tally.domain.privacy;

import io.tally.domain.common.InvalidValueException;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** What a data subject asks for (GDPR Arts. 15–21): a copy of their data, its erasure, its correction, a restriction of its use, an objection, or the end of a restriction. */
public enum RequestType {
    ACCESS, ERASURE, RECTIFICATION, RESTRICTION, OBJECTION, LIFT_RESTRICTION;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static RequestType fromWireName(String name, String field) {
        for (RequestType type : values()) {
            if (type.wireName().equals(name)) {
                return type;
            }
        }
        throw new InvalidValueException(field, "'" + name + "' is not a request type; they are "
                + Arrays.stream(values()).map(RequestType::wireName).collect(Collectors.joining(", ")));
    }
}
