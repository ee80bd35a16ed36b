package io.tally.bootstrap;

import io.tally.domain.access.Role;
import io.tally.domain.tenant.TenantId;
import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code tally token}: prints a signed dev token, using TALLY_JWT_SECRET and TALLY_JWT_ISSUER like the service.
 * <pre>
 *   token --tenant demo --roles owner [--sub alice] [--customers acme,tanaka] [--ttl PT12H]
 *   token --service --tenant demo --scope "events:write customers:write" [--sub billing] [--ttl PT12H]
 * </pre>
 */
final class TokenCommand {

    static final String USAGE = """
            usage: tally token --tenant ID [--roles viewer|analyst|manager|admin|owner] [--sub NAME] [--customers ID,ID] [--ttl PT12H]
                   tally token --service --tenant ID --scope "events:write customers:write" [--sub NAME] [--ttl PT12H]""";

    private TokenCommand() {
    }

    static int run(List<String> args, Map<String, String> env, Clock clock, PrintStream out, PrintStream err) {
        try {
            CommandLine options = new CommandLine(args, Set.of("tenant", "roles", "sub", "customers", "scope", "ttl"), Set.of("service"));
            String secret = env.get("TALLY_JWT_SECRET");
            if (secret == null || secret.isBlank()) {
                err.println("tally token: set TALLY_JWT_SECRET to the secret the service uses");
                return 2;
            }
            String issuer = env.getOrDefault("TALLY_JWT_ISSUER", TallyEnvironment.DEFAULT_ISSUER);
            TokenMinter minter = new TokenMinter(secret.strip(), issuer.isBlank() ? TallyEnvironment.DEFAULT_ISSUER : issuer.strip());
            String tenant = options.required("tenant");
            if (!TenantId.isValid(tenant)) {
                throw new CommandLine.UsageException("--tenant '" + tenant + "' is not a valid tenant id");
            }
            Duration ttl = options.value("ttl").map(TokenCommand::duration).orElse(Duration.ofHours(12));
            String token;
            if (options.flag("service")) {
                List<String> scopes = options.list("scope");
                if (scopes.isEmpty()) {
                    throw new CommandLine.UsageException("--scope is required for a service token");
                }
                token = minter.serviceToken(tenant, options.value("sub").orElse("dev-service"), scopes, clock.instant(), ttl);
            } else {
                List<String> roles = options.list("roles");
                for (String role : roles) {
                    if (Role.fromWireName(role).isEmpty()) {
                        throw new CommandLine.UsageException("unknown role '" + role + "'");
                    }
                }
                token = minter.userToken(tenant, options.value("sub").orElse("dev-user"),
                        roles.isEmpty() ? List.of(Role.VIEWER.wireName()) : roles, options.list("customers"), clock.instant(), ttl);
            }
            out.println(token);
            return 0;
        } catch (CommandLine.UsageException | TallyEnvironment.InvalidConfigurationException e) {
            err.println("tally token: " + e.getMessage());
            err.println(USAGE);
            return 2;
        }
    }

    private static Duration duration(String text) {
        try {
            Duration duration = Duration.parse(text);
            if (duration.isNegative() || duration.isZero()) {
                throw new CommandLine.UsageException("--ttl must be positive");
            }
            return duration;
        } catch (DateTimeParseException e) {
            throw new CommandLine.UsageException("--ttl '" + text + "' is not an ISO 8601 duration such as PT12H");
        }
    }
}
