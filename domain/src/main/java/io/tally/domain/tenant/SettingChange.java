package io.tally.domain.tenant;

import java.util.Objects;

/** One setting that a change of settings altered, with its old and new value as shown to people ("" when absent). */
public record SettingChange(String setting, String from, String to) {

    public SettingChange {
        Objects.requireNonNull(setting, "setting");
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
    }
}
