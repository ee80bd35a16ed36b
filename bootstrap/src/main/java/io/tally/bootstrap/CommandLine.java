package io.tally.bootstrap;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** The options of a sub-command: {@code --name value} pairs and bare {@code --flag}s. */
final class CommandLine {

    /** A usage mistake; the message says which option is wrong. */
    static final class UsageException extends RuntimeException {
        UsageException(String message) {
            super(message);
        }
    }

    private final Map<String, String> values = new HashMap<>();
    private final Set<String> flags = new HashSet<>();

    CommandLine(List<String> args, Set<String> valueOptions, Set<String> flagOptions) {
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            String name = arg.startsWith("--") ? arg.substring(2) : null;
            if (name != null && name.contains("=")) {
                String value = name.substring(name.indexOf('=') + 1);
                name = name.substring(0, name.indexOf('='));
                requireKnown(name, valueOptions, arg);
                values.put(name, value);
            } else if (name != null && flagOptions.contains(name)) {
                flags.add(name);
            } else if (name != null && valueOptions.contains(name)) {
                if (i + 1 >= args.size()) {
                    throw new UsageException("--" + name + " needs a value");
                }
                values.put(name, args.get(++i));
            } else {
                throw new UsageException("unknown argument '" + arg + "'");
            }
        }
    }

    private static void requireKnown(String name, Set<String> valueOptions, String arg) {
        if (!valueOptions.contains(name)) {
            throw new UsageException("unknown argument '" + arg + "'");
        }
    }

    Optional<String> value(String name) {
        return Optional.ofNullable(values.get(name));
    }

    String required(String name) {
        return value(name).filter(v -> !v.isBlank()).orElseThrow(() -> new UsageException("--" + name + " is required"));
    }

    boolean flag(String name) {
        return flags.contains(name);
    }

    /** A comma- or space-separated list option. */
    List<String> list(String name) {
        return value(name).map(v -> List.of(v.trim().split("[,\\s]+"))).orElse(List.of()).stream()
                .filter(s -> !s.isEmpty()).toList();
    }
}
