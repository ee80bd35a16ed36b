package io.tally.domain.delivery;

import io.tally.domain.common.InvalidValueException;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Where a run's files go: e-mail (the HTML rendering as the body, the files attached), a webhook (a signed JSON POST with
 * download links) or the export store (listed under the run).
 */
public sealed interface Channel {

    /** At most this many addresses in one e-mail channel. */
    int MAX_RECIPIENTS = 20;

    String type();

    /** The channel as the API shows it. */
    Map<String, Object> json();

    record Email(List<String> to) implements Channel {

        private static final Pattern ADDRESS = Pattern.compile("[^@\\s,;<>\"]{1,64}@[^@\\s,;<>\"]{1,253}");

        public Email {
            to = List.copyOf(to);
            if (to.isEmpty() || to.size() > MAX_RECIPIENTS) {
                throw new InvalidValueException("to", "takes 1 to " + MAX_RECIPIENTS + " addresses");
            }
            for (String address : to) {
                if (!ADDRESS.matcher(address).matches()) {
                    throw new InvalidValueException("to", "'" + address + "' is not an e-mail address");
                }
            }
        }

        @Override
        public String type() {
            return "email";
        }

        @Override
        public Map<String, Object> json() {
            return new LinkedHashMap<>(Map.of("type", type(), "to", to));
        }
    }

    record Webhook(URI url) implements Channel {

        public Webhook {
            String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
            if (!scheme.equals("http") && !scheme.equals("https")) {
                throw new InvalidValueException("url", "must be an http or https URL");
            }
            if (url.getHost() == null || url.getHost().isEmpty()) {
                throw new InvalidValueException("url", "has no host");
            }
            if (url.getRawUserInfo() != null) {
                throw new InvalidValueException("url", "must not carry a user name or password");
            }
            if (url.toString().length() > 2000) {
                throw new InvalidValueException("url", "is longer than 2000 characters");
            }
        }

        @Override
        public String type() {
            return "webhook";
        }

        @Override
        public Map<String, Object> json() {
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("type", type());
            json.put("url", url.toString());
            return json;
        }
    }

    record Storage() implements Channel {

        @Override
        public String type() {
            return "storage";
        }

        @Override
        public Map<String, Object> json() {
            return new LinkedHashMap<>(Map.of("type", type()));
        }
    }

    /** A channel from its JSON; problems name the field as {@code channels[i].field}. */
    static Channel read(Object given, String field) {
        if (!(given instanceof Map<?, ?> map)) {
            throw new InvalidValueException(field, "must be an object with a type: email, webhook or storage");
        }
        Object type = map.get("type");
        try {
            return switch (type instanceof String text ? text : "") {
                case "email" -> {
                    Object to = map.get("to");
                    if (to instanceof String one) {
                        yield new Email(List.of(one));
                    }
                    if (!(to instanceof List<?> list) || !list.stream().allMatch(String.class::isInstance)) {
                        throw new InvalidValueException("to", "is required: a list of e-mail addresses");
                    }
                    yield new Email(list.stream().map(String.class::cast).toList());
                }
                case "webhook" -> {
                    if (!(map.get("url") instanceof String url)) {
                        throw new InvalidValueException("url", "is required: the receiver's http or https URL");
                    }
                    try {
                        yield new Webhook(new URI(url));
                    } catch (URISyntaxException e) {
                        throw new InvalidValueException("url", "'" + url + "' is not a URL");
                    }
                }
                case "storage" -> new Storage();
                default -> throw new InvalidValueException("type", type == null ? "is required: email, webhook or storage"
                        : "'" + type + "' is not a channel; one of email, webhook, storage");
            };
        } catch (InvalidValueException problem) {
            throw problem.forField(field + "." + problem.field());
        }
    }

    /** The channels of a schedule: 1 to 10, at most one storage. */
    static List<Channel> readAll(Object given) {
        if (!(given instanceof List<?> list) || list.isEmpty() || list.size() > 10) {
            throw new InvalidValueException("channels", "is required: 1 to 10 channels, each {\"type\": \"email\", \"to\": [...]},"
                    + " {\"type\": \"webhook\", \"url\": ...} or {\"type\": \"storage\"}");
        }
        List<Channel> channels = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            channels.add(read(list.get(i), "channels[" + i + "]"));
        }
        if (channels.stream().filter(Storage.class::isInstance).count() > 1) {
            throw new InvalidValueException("channels", "names storage more than once");
        }
        return List.copyOf(channels);
    }
}
