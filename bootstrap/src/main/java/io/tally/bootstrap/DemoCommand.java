package io.tally.bootstrap;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.PrintStream;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code tally demo}: fills the {@code demo} tenant of a running service through its service API, the same
 * path real services use: its settings, nine customers, {@value DemoHistory#DAYS} days of generated usage
 * history (see {@link DemoHistory}: calls and the like, a content creator's posts, a marketplace's orders), a year of
 * billing facts (see {@link DemoBilling}), plans, metrics of its own ({@link #METRICS}), shared saved queries
 * ({@link #QUERIES}), dashboards ({@link #DASHBOARDS}), a report template ({@link #TEMPLATES}) and two schedules (one to the
 * export store, one to a webhook nobody runs: see {@link #schedules}), each run once now. Safe to run again: profiles,
 * plans, metrics and templates are upserts, saved queries, dashboards and schedules are replaced by name, and events and
 * billing facts are idempotent; each run adds a run of each schedule.
 * <pre>
 *   demo [--url http://localhost:8080] [--tenant demo] [--wait PT2M]
 * </pre>
 */
final class DemoCommand {

    static final String USAGE = "usage: tally demo [--url http://localhost:8080] [--tenant demo] [--wait PT2M]";

    /** What a demo customer uses the product for, and so which events its history has. */
    enum Product {
        /** Calls, sessions, transcriptions and exports (the call-centre and coaching customers). */
        CALLS,
        /** Posts and their engagement ({@link DemoContent}). */
        CONTENT,
        /** Orders and refunds of a marketplace ({@link DemoSales}). */
        SALES
    }

    /** A demo customer: external id, display name, timezone, country, currency, plan, days since signing up, what it does. */
    record DemoCustomer(String id, String name, String timezone, String country, String currency, String plan, int signedUpDaysAgo,
                        Product product) {
    }

    /**
     * The demo tenant's customers: several timezones and currencies, CJK and accented names; a content creator and a
     * marketplace besides the call-centre and coaching customers.
     */
    static final List<DemoCustomer> CUSTOMERS = List.of(
            new DemoCustomer("acme", "Acme Analytics GmbH", "Europe/Berlin", "DE", "EUR", "team", 400, Product.CALLS),
            new DemoCustomer("wang-xiaoming", "王小明", "Asia/Taipei", "TW", "USD", "pro", 210, Product.CALLS),
            new DemoCustomer("aeroskobing", "Ærøskøbing Bryghus", "Europe/Copenhagen", "DK", "EUR", "basic", 150, Product.CALLS),
            new DemoCustomer("lodz-studio", "Studio Łódź", "Europe/Warsaw", "PL", "EUR", "basic", 95, Product.CALLS),
            new DemoCustomer("sao-paulo-cafe", "Café São Paulo", "America/Sao_Paulo", "BR", "USD", "basic", 60, Product.CALLS),
            new DemoCustomer("zoe-coaching", "Zoë Müller Coaching", "America/New_York", "US", "USD", "pro", 330, Product.CALLS),
            new DemoCustomer("tanaka-yumi", "田中 由美", "Asia/Tokyo", "JP", "USD", "team", 20, Product.CALLS),
            new DemoCustomer("lumen-studio", "Lumen Studio", "America/Los_Angeles", "US", "USD", "pro", 120, Product.CONTENT),
            new DemoCustomer("maker-market", "Maker Market", "Europe/London", "GB", "EUR", "team", 100, Product.SALES));

    /** The demo tenant's settings: its own brand, Berlin time and a German locale (A4 paper). */
    static final String SETTINGS = "{\"timezone\": \"Europe/Berlin\", \"currency\": \"EUR\", \"brand_name\": \"Demo Analytics\", \"locale\": \"de-DE\"}";

    private DemoCommand() {
    }

    /**
     * The demo plans (the customers' profiles name them): monthly transcription minutes (hard) and exports
     * (soft), calls on the team plan, one limit per billing cycle.
     */
    static final Map<String, String> PLANS = Map.of(
            "basic", "{\"name\": \"Basic\", \"limits\": [{\"meter\": \"transcription_minutes\", \"amount\": 600, \"period\": \"calendar_month\","
                    + " \"enforcement\": \"hard\", \"alert_at_pct\": [80, 100]}, {\"meter\": \"exports_generated\", \"amount\": 50,"
                    + " \"period\": \"calendar_month\", \"enforcement\": \"soft\", \"alert_at_pct\": [80, 100]}]}",
            "pro", "{\"name\": \"Pro\", \"limits\": [{\"meter\": \"transcription_minutes\", \"amount\": 3000, \"period\": \"billing_cycle\","
                    + " \"enforcement\": \"hard\"}, {\"meter\": \"exports_generated\", \"amount\": 500, \"period\": \"calendar_month\","
                    + " \"enforcement\": \"soft\"}]}",
            "team", "{\"name\": \"Team\", \"limits\": [{\"meter\": \"transcription_minutes\", \"amount\": 10000, \"period\": \"calendar_month\","
                    + " \"enforcement\": \"soft\"}, {\"meter\": \"calls\", \"amount\": 5000, \"period\": \"calendar_month\","
                    + " \"enforcement\": \"hard\"}]}");

    /**
     * The demo tenant's own metrics, over built-in ones: a rate that should fall, a price per call that keeps its
     * precision, a value per active customer, and a difference of billing figures.
     */
    static final Map<String, String> METRICS = Map.of(
            "failed_transcription_rate", "{\"name\": \"Failed transcription rate\", \"unit\": \"percent\", \"polarity\": \"lower_is_better\","
                    + " \"decimals\": 2, \"formula\": {\"ratio\": {\"numerator\": \"failed_transcriptions\", \"denominator\": \"transcriptions\","
                    + " \"scale\": 100}}}",
            "cost_per_call", "{\"name\": \"Cost per call\", \"unit\": \"money\", \"polarity\": \"lower_is_better\", \"decimals\": 4,"
                    + " \"formula\": {\"ratio\": {\"numerator\": \"call_cost\", \"denominator\": \"calls\"}}}",
            "api_calls_per_customer", "{\"name\": \"API calls per active customer\", \"unit\": \"number\", \"polarity\": \"higher_is_better\","
                    + " \"decimals\": 1, \"formula\": {\"per_customer\": \"api_calls_made\"}}",
            "net_adds", "{\"name\": \"Net adds\", \"unit\": \"count\", \"polarity\": \"higher_is_better\","
                    + " \"formula\": {\"difference\": [\"new_signups\", \"churned_customers\"]}}");

    /** The demo tenant's shared saved queries, by name: a customer's calls, and MRR by plan. */
    static final Map<String, String> QUERIES = Map.of(
            "Calls of a customer", "{\"description\": \"Daily calls of one customer against the period before\", \"visibility\": \"tenant\","
                    + " \"query\": {\"metrics\": [\"calls\", \"success_rate\", \"cost_per_call\"], \"customer\": \"{{customer}}\","
                    + " \"period\": \"{{period}}\", \"compare\": \"previous\"},"
                    + " \"params\": [{\"name\": \"customer\", \"type\": \"customer\", \"required\": true},"
                    + " {\"name\": \"period\", \"type\": \"period\", \"default\": \"last_30_days\","
                    + " \"allowed\": [\"last_7_days\", \"last_30_days\", \"this_month\", \"last_month\"]}]}",
            "MRR by plan", "{\"description\": \"Monthly recurring revenue per plan and currency, month by month\", \"visibility\": \"tenant\","
                    + " \"query\": {\"metric\": \"mrr\", \"group_by\": [\"plan\"], \"period\": \"{{period}}\", \"bucket\": \"month\"},"
                    + " \"params\": [{\"name\": \"period\", \"type\": \"period\", \"default\": \"year_to_date\"}]}");

    /**
     * The demo tenant's dashboards, by name, with a widget of every type: a customer's usage (its own filter, a
     * saved-query widget; {@code {{queries.NAME}}} is the id of the demo's saved query of that name) and the tenant's
     * overview (billing, API use, exports, agents).
     */
    static final Map<String, String> DASHBOARDS = Map.of(
            "Customer usage", "{\"description\": \"One customer's calls, transcriptions and costs\", \"visibility\": \"tenant\","
                    + " \"refresh_seconds\": 300,"
                    + " \"filters\": [{\"name\": \"customer\", \"type\": \"customer\", \"default\": \"acme\"},"
                    + " {\"name\": \"period\", \"type\": \"period\", \"default\": \"last_30_days\"}],"
                    + " \"widgets\": ["
                    + card("calls", "Calls", "calls", 0)
                    + ", " + card("success", "Success rate", "success_rate", 3)
                    + ", " + card("cost-per-call", "Cost per call", "cost_per_call", 6)
                    + ", {\"id\": \"minutes\", \"title\": \"Transcription minutes\", \"type\": \"gauge\", \"target\": 3000,"
                    + " \"position\": {\"x\": 9, \"y\": 0, \"w\": 3, \"h\": 2}, \"query\": {\"metric\": \"transcription_minutes\","
                    + " \"customer\": \"{{filters.customer}}\", \"period\": \"{{filters.period}}\"}}"
                    + ", {\"id\": \"calls-per-day\", \"title\": \"Calls, success rate and cost per day\", \"type\": \"line\","
                    + " \"position\": {\"x\": 0, \"y\": 2, \"w\": 8, \"h\": 4}, \"saved_query\": \"{{queries.Calls of a customer}}\","
                    + " \"params\": {\"customer\": \"{{filters.customer}}\", \"period\": \"{{filters.period}}\"}}"
                    + ", {\"id\": \"outcomes\", \"title\": \"Calls by outcome\", \"type\": \"pie\","
                    + " \"position\": {\"x\": 8, \"y\": 2, \"w\": 4, \"h\": 4}, \"query\": {\"metric\": \"calls\", \"group_by\": [\"outcome\"],"
                    + " \"customer\": \"{{filters.customer}}\", \"period\": \"{{filters.period}}\"}}"
                    + ", {\"id\": \"transcriptions\", \"title\": \"Transcriptions and failures per week\", \"type\": \"bar\","
                    + " \"position\": {\"x\": 0, \"y\": 6, \"w\": 6, \"h\": 4}, \"query\": {\"metrics\": [\"transcriptions\","
                    + " \"failed_transcriptions\"], \"bucket\": \"week\", \"customer\": \"{{filters.customer}}\", \"period\": \"{{filters.period}}\"}}"
                    + ", {\"id\": \"agents\", \"title\": \"Agents\", \"type\": \"table\","
                    + " \"position\": {\"x\": 6, \"y\": 6, \"w\": 6, \"h\": 4}, \"query\": {\"metrics\": [\"calls\", \"completed_calls\","
                    + " \"success_rate\", \"call_duration_avg_s\"], \"group_by\": [\"agent\"], \"customer\": \"{{filters.customer}}\","
                    + " \"period\": \"{{filters.period}}\"}}"
                    + "]}",
            "Tenant overview", "{\"description\": \"The whole tenant: revenue, use of the product and exports\", \"visibility\": \"tenant\","
                    + " \"refresh_seconds\": 900,"
                    + " \"filters\": [{\"name\": \"period\", \"type\": \"period\", \"default\": \"last_30_days\"}],"
                    + " \"widgets\": ["
                    + tenantCard("mrr", "MRR", "mrr", 0)
                    + ", " + tenantCard("paying", "Paying customers", "paying_customers", 3)
                    + ", " + tenantCard("net-adds", "Net adds", "net_adds", 6)
                    + ", {\"id\": \"failed-rate\", \"title\": \"Failed transcriptions\", \"type\": \"gauge\", \"target\": 5,"
                    + " \"position\": {\"x\": 9, \"y\": 0, \"w\": 3, \"h\": 2}, \"query\": {\"metric\": \"failed_transcription_rate\","
                    + " \"period\": \"{{filters.period}}\"}}"
                    + ", {\"id\": \"api-calls\", \"title\": \"API calls per day\", \"type\": \"line\", \"forecast\": true,"
                    + " \"position\": {\"x\": 0, \"y\": 2, \"w\": 8, \"h\": 4}, \"query\": {\"metric\": \"api_calls_made\","
                    + " \"period\": \"{{filters.period}}\"}}"
                    + ", {\"id\": \"exports\", \"title\": \"Exports by format\", \"type\": \"pie\","
                    + " \"position\": {\"x\": 8, \"y\": 2, \"w\": 4, \"h\": 4}, \"query\": {\"metric\": \"exports_generated\","
                    + " \"group_by\": [\"format\"], \"period\": \"{{filters.period}}\"}}"
                    + ", {\"id\": \"mrr-by-month\", \"title\": \"MRR by plan, month by month\", \"type\": \"bar\","
                    + " \"position\": {\"x\": 0, \"y\": 6, \"w\": 8, \"h\": 4}, \"saved_query\": \"{{queries.MRR by plan}}\","
                    + " \"params\": {}}"
                    + ", {\"id\": \"calls-by-agent\", \"title\": \"Busiest agents\", \"type\": \"table\","
                    + " \"position\": {\"x\": 8, \"y\": 6, \"w\": 4, \"h\": 4}, \"query\": {\"metrics\": [\"calls\", \"success_rate\"],"
                    + " \"group_by\": [\"agent\"], \"limit\": 8, \"period\": \"{{filters.period}}\"}}"
                    + "]}");

    /**
     * The demo tenant's own report template, by key: an agent review of a customer's calls, with a saved-query block
     * ({@code {{queries.NAME}}} as in {@link #DASHBOARDS}), a table by local hour ({@code @hour}) and a parameter.
     */
    static final Map<String, String> TEMPLATES = Map.of(
            "agent-review", "{\"title\": \"Agent review of {{customer}}\", \"description\": \"Each agent's calls, success, talk time and"
                    + " cost, the calls by local hour, and the customer's calls day by day\", \"scope\": \"customer\","
                    + " \"params\": [{\"name\": \"agents\", \"type\": \"number\", \"default\": 10}],"
                    + " \"notes\": [\"Compared with the {{days}} days before: {{previous_from}} to {{previous_to}}.\"],"
                    + " \"key_figures\": [{\"metric\": \"calls\"}, {\"metric\": \"success_rate\"}, {\"metric\": \"cost_per_call\"},"
                    + " {\"metric\": \"calls\", \"label\": \"Busiest agent\", \"top_by\": \"agent\", \"compare\": false}],"
                    + " \"sections\": ["
                    + "{\"title\": \"Agents\", \"blocks\": ["
                    + "{\"type\": \"chart\", \"chart\": \"breakdown\", \"title\": \"Calls by agent\", \"query\": {\"metric\": \"calls\","
                    + " \"group_by\": [\"agent\"]}},"
                    + " {\"type\": \"table\", \"share_of\": \"calls\", \"headings\": {\"completed_calls\": \"Completed\","
                    + " \"call_duration_avg_s\": \"Average duration (s)\"}, \"query\": {\"metrics\": [\"calls\", \"completed_calls\","
                    + " \"success_rate\", \"call_duration_avg_s\", \"cost_per_call\"], \"group_by\": [\"agent\"], \"limit\": \"{{agents}}\"}}]},"
                    + " {\"title\": \"Calls by local hour\", \"blocks\": ["
                    + "{\"type\": \"text\", \"text\": \"The hour each call started, in {{timezone}}.\"},"
                    + " {\"type\": \"table\", \"order\": \"label\", \"headings\": {\"@hour\": \"Hour\"}, \"query\": {\"metrics\":"
                    + " [\"calls\", \"success_rate\"], \"group_by\": [\"@hour\"], \"limit\": 24}}]},"
                    + " {\"title\": \"Day by day\", \"blocks\": ["
                    + "{\"type\": \"chart\", \"chart\": \"forecast\", \"title\": \"Calls per day, and the next days' forecast\","
                    + " \"saved_query\": {\"id\": \"{{queries.Calls of a customer}}\", \"params\": {\"period\": \"last_30_days\"}}}]}"
                    + "]}");

    /** A card of the dashboard's customer over its period, compared with the period before, in the first row. */
    private static String card(String id, String title, String metric, int x) {
        return "{\"id\": \"" + id + "\", \"title\": \"" + title + "\", \"type\": \"metric_card\", \"position\": {\"x\": " + x
                + ", \"y\": 0, \"w\": 3, \"h\": 2}, \"query\": {\"metric\": \"" + metric + "\", \"customer\": \"{{filters.customer}}\","
                + " \"period\": \"{{filters.period}}\"}}";
    }

    /** A card of the whole tenant over the dashboard's period, compared with the period before, in the first row. */
    private static String tenantCard(String id, String title, String metric, int x) {
        return "{\"id\": \"" + id + "\", \"title\": \"" + title + "\", \"type\": \"metric_card\", \"position\": {\"x\": " + x
                + ", \"y\": 0, \"w\": 3, \"h\": 2}, \"query\": {\"metric\": \"" + metric + "\", \"period\": \"{{filters.period}}\"}}";
    }

    static int run(List<String> args, Map<String, String> env, Clock clock, PrintStream out, PrintStream err) {
        try {
            CommandLine options = new CommandLine(args, Set.of("url", "tenant", "wait"), Set.of());
            String secret = env.get("TALLY_JWT_SECRET");
            if (secret == null || secret.isBlank()) {
                err.println("tally demo: set TALLY_JWT_SECRET to the secret the service uses");
                return 2;
            }
            String base = options.value("url").orElse("http://localhost:8080").replaceAll("/+$", "");
            String tenant = options.value("tenant").orElse("demo");
            Duration wait = options.value("wait").map(Duration::parse).orElse(Duration.ofMinutes(2));
            TokenMinter minter = new TokenMinter(secret.strip(),
                    env.getOrDefault("TALLY_JWT_ISSUER", TallyEnvironment.DEFAULT_ISSUER).strip());
            String token = minter.serviceToken(tenant, "tally-demo", List.of("customers:write", "events:write", "billing:write"), clock.instant(),
                    Duration.ofHours(1));
            String owner = minter.userToken(tenant, "demo-owner", List.of("owner"), List.of(), clock.instant(), Duration.ofHours(1));
            HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
            awaitHealthy(http, base, wait, clock);
            put(http, base + "/api/v1/tenant/settings", owner, SETTINGS);
            LocalDate today = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
            for (DemoCustomer customer : CUSTOMERS) {
                put(http, base + "/internal/v1/customers/" + URLEncoder.encode(customer.id(), StandardCharsets.UTF_8),
                        token, profileJson(customer, today));
            }
            for (Map.Entry<String, String> plan : PLANS.entrySet()) {
                definePlan(http, base, owner, plan.getKey(), plan.getValue());
            }
            List<DemoHistory.Event> history = DemoHistory.generate(clock.instant());
            long[] outcomes = new long[2];
            for (byte[] batch : DemoHistory.batches(history, 1000)) {
                String answer = post(http, base + "/internal/v1/events", token, batch);
                outcomes[0] += count(answer, "accepted");
                outcomes[1] += count(answer, "duplicates");
            }
            List<DemoBilling.Fact> billing = DemoBilling.facts(today);
            String billingToken = managedToken(http, base, owner, "billing-sync", "billing:write").orElse(token);
            for (DemoBilling.Fact fact : billing) {
                send(http, fact.method(), base + fact.path(), billingToken, fact.body());
            }
            // a goodwill reset of one customer's transcription minutes; its fixed key makes a second run a replay
            sendWithHeader(http, "POST", base + "/api/v1/admin/usage-resets", owner, "Idempotency-Key", "demo-goodwill-" + today.withDayOfMonth(1),
                    "{\"customer_ids\": [\"aeroskobing\"], \"meters\": [\"transcription_minutes\"], \"reset_type\": \"usage\","
                            + " \"reason\": \"demo: goodwill after a transcription outage\"}");
            for (Map.Entry<String, String> metric : new java.util.TreeMap<>(METRICS).entrySet()) {
                defineMetric(http, base, owner, metric.getKey(), metric.getValue());
            }
            Map<String, String> queryIds = new java.util.TreeMap<>();
            for (Map.Entry<String, String> query : new java.util.TreeMap<>(QUERIES).entrySet()) {
                queryIds.put(query.getKey(), save(http, base, owner, "/api/v1/queries", query.getKey(), query.getValue()));
            }
            Map<String, String> dashboardIds = new java.util.TreeMap<>();
            for (Map.Entry<String, String> dashboard : new java.util.TreeMap<>(DASHBOARDS).entrySet()) {
                String body = dashboard.getValue();
                for (Map.Entry<String, String> query : queryIds.entrySet()) {
                    body = body.replace("{{queries." + query.getKey() + "}}", query.getValue());
                }
                dashboardIds.put(dashboard.getKey(), save(http, base, owner, "/api/v1/dashboards", dashboard.getKey(), body));
            }
            for (Map.Entry<String, String> template : new java.util.TreeMap<>(TEMPLATES).entrySet()) {
                String body = template.getValue();
                for (Map.Entry<String, String> query : queryIds.entrySet()) {
                    body = body.replace("{{queries." + query.getKey() + "}}", query.getValue());
                }
                defineTemplate(http, base, owner, template.getKey(), body);
            }
            schedules(http, base, owner, dashboardIds.get("Tenant overview"));
            int rules = DemoAlerts.load(http, base, owner, token, clock.instant());
            consents(http, base, owner, minter.serviceToken(tenant, "tally-demo", List.of("consent:write"), clock.instant(), Duration.ofHours(1)),
                    today);
            int changes = DemoChanges.load(http, base, owner, token);
            int requests = DemoPrivacy.load(http, base, owner, token, clock.instant());
            int targets = DemoInsights.targets(http, base, owner);
            out.printf("demo: tenant '%s' (Demo Analytics, Europe/Berlin) has %d customers, %d usage events over %d days"
                    + " (%d new, %d already there), %d billing facts over a year, %d metrics, %d saved queries, %d dashboards,"
                    + " %d report template of its own, %d schedules, each run once now, and %d alert rules, evaluated as its transcription"
                    + " outage was loaded%n",
                    tenant, CUSTOMERS.size(), history.size(), DemoHistory.DAYS, outcomes[0], outcomes[1], billing.size(), METRICS.size(),
                    QUERIES.size(), DASHBOARDS.size(), TEMPLATES.size(), 2, rules);
            out.printf("demo: %d targets on calls, success rate and MRR; insights, recommendations and a forecast on the Tenant overview's"
                    + " API calls%n", targets);
            out.printf(requests == 0 ? "demo: its privacy requests were made by an earlier run%n"
                    : "demo: %d privacy requests (a rectification, an objection, an erasure, an access) handed to the job runner%n", requests);
            out.printf(changes == 0 ? "demo: its customer change was made by an earlier run%n"
                    : "demo: %d customer change (an annual promotion from basic to pro) in the admin's list%n", changes);
            return 0;
        } catch (CommandLine.UsageException | DateTimeParseException e) {
            err.println("tally demo: " + e.getMessage());
            err.println(USAGE);
            return 2;
        } catch (DemoFailedException e) {
            err.println("tally demo: " + e.getMessage());
            return 1;
        }
    }

    static String profileJson(DemoCustomer customer, LocalDate today) {
        StringWriter text = new StringWriter();
        try (JsonGenerator json = new JsonFactory().createGenerator(text)) {
            json.writeStartObject();
            json.writeStringField("display_name", customer.name());
            json.writeStringField("timezone", customer.timezone());
            json.writeStringField("country", customer.country());
            json.writeStringField("currency", customer.currency());
            json.writeStringField("plan", customer.plan());
            json.writeStringField("signed_up_at", today.minusDays(customer.signedUpDaysAgo()).atTime(9, 30)
                    .toInstant(ZoneOffset.UTC).toString());
            json.writeStringField("status", "active");
            json.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return text.toString();
    }

    private static void awaitHealthy(HttpClient http, String base, Duration wait, Clock clock) {
        Instant deadline = clock.instant().plus(wait);
        HttpRequest request = HttpRequest.newBuilder(URI.create(base + "/health")).timeout(Duration.ofSeconds(5)).GET().build();
        while (true) {
            try {
                if (http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new DemoFailedException("interrupted while waiting for " + base);
            }
            if (clock.instant().isAfter(deadline)) {
                throw new DemoFailedException("the service at " + base + " did not become healthy within " + wait);
            }
            try {
                Thread.sleep(500);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new DemoFailedException("interrupted while waiting for " + base);
            }
        }
    }

    /** Posts a batch of events; any item that is not stored fails the demo, with the service's answer. */
    static String post(HttpClient http, String url, String token, byte[] batch) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(url))
                .timeout(Duration.ofSeconds(60))
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/cloudevents-batch+json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(batch))
                .build();
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            if (response.statusCode() != 200) {
                throw new DemoFailedException("POST " + url + " answered " + response.statusCode() + ": "
                        + response.body().substring(0, Math.min(500, response.body().length())));
            }
            return response.body();
        } catch (IOException e) {
            throw new DemoFailedException("POST " + url + " failed: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DemoFailedException("interrupted");
        }
    }

    /** A top-level count ("accepted": 1000) of an ingestion answer. */
    private static long count(String answer, String field) {
        Matcher matcher = Pattern.compile("\"" + field + "\":(\\d+)").matcher(answer);
        return matcher.find() ? Long.parseLong(matcher.group(1)) : 0;
    }

    private static void put(HttpClient http, String url, String token, String body) {
        send(http, "PUT", url, token, body);
    }

    /** Replaces the plan, or defines it when the tenant does not have it yet. */
    private static void definePlan(HttpClient http, String base, String token, String key, String body) {
        HttpResponse<String> replaced = exchange(http, "PUT", base + "/api/v1/plans/" + key, token, Map.of(), body);
        if (replaced.statusCode() == 404) {
            send(http, "POST", base + "/api/v1/plans", token, "{\"key\": \"" + key + "\", " + body.substring(1));
        } else {
            requireSuccess("PUT", base + "/api/v1/plans/" + key, replaced);
        }
    }

    /** Replaces the tenant's metric, or defines it when the tenant does not have it yet. */
    private static void defineMetric(HttpClient http, String base, String token, String key, String body) {
        HttpResponse<String> replaced = exchange(http, "PUT", base + "/api/v1/metrics/" + key, token, Map.of(), body);
        if (replaced.statusCode() == 404) {
            send(http, "POST", base + "/api/v1/metrics", token, "{\"key\": \"" + key + "\", " + body.substring(1));
        } else {
            requireSuccess("PUT", base + "/api/v1/metrics/" + key, replaced);
        }
    }

    /** Replaces the tenant's report template, or defines it when the tenant does not have it yet. */
    private static void defineTemplate(HttpClient http, String base, String token, String key, String body) {
        HttpResponse<String> replaced = exchange(http, "PUT", base + "/api/v1/report-templates/" + key, token, Map.of(), body);
        if (replaced.statusCode() == 404) {
            send(http, "POST", base + "/api/v1/report-templates", token, "{\"key\": \"" + key + "\", " + body.substring(1));
        } else {
            requireSuccess("PUT", base + "/api/v1/report-templates/" + key, replaced);
        }
    }

    /**
     * A managed service token of this name, issued through the API for the demo's billing facts (so the list of service
     * tokens shows one, with its last use); none when an earlier run issued it (its token was shown that once).
     */
    static Optional<String> managedToken(HttpClient http, String base, String owner, String name, String scope) {
        if (get(http, base + "/api/v1/admin/service-tokens?limit=200", owner).contains("\"name\":\"" + name + "\"")) {
            return Optional.empty();
        }
        HttpResponse<String> issued = exchange(http, "POST", base + "/api/v1/admin/service-tokens", owner, Map.of(),
                "{\"name\": \"" + name + "\", \"scope\": \"" + scope + "\", \"ttl\": \"P365D\"}");
        requireSuccess("POST", base + "/api/v1/admin/service-tokens", issued);
        Matcher token = Pattern.compile("\"token\":\"([^\"]+)\"").matcher(issued.body());
        if (!token.find()) {
            throw new DemoFailedException("POST /api/v1/admin/service-tokens answered without a token: " + issued.body());
        }
        return Optional.of(token.group(1));
    }

    /**
     * Saves a query or a dashboard ({@code path} is its collection) under its name, or replaces the shared one of that
     * name (a new version) when there is one; returns its id.
     */
    static String save(HttpClient http, String base, String token, String path, String name, String body) {
        String named = "{\"name\": \"" + name + "\", " + body.substring(1);
        Pattern id = Pattern.compile("\"id\":\"([0-9a-f-]{36})\",\"name\":\"" + Pattern.quote(name) + "\"");
        String cursor = "";
        while (true) {
            HttpResponse<String> list = exchange(http, "GET", base + path + "?visibility=tenant&limit=200" + cursor, token, Map.of(), "");
            requireSuccess("GET", base + path, list);
            Matcher existing = id.matcher(list.body());
            if (existing.find()) {
                send(http, "PUT", base + path + "/" + existing.group(1), token, named);
                return existing.group(1);
            }
            Matcher next = Pattern.compile("\"next_cursor\":\"([^\"]+)\"").matcher(list.body());
            if (!next.find()) {
                break;
            }
            cursor = "&cursor=" + URLEncoder.encode(next.group(1), StandardCharsets.UTF_8);
        }
        HttpResponse<String> created = exchange(http, "POST", base + path, token, Map.of(), named);
        requireSuccess("POST", base + path, created);
        Matcher made = Pattern.compile("\"id\":\"([0-9a-f-]{36})\"").matcher(created.body());
        if (!made.find()) {
            throw new DemoFailedException("POST " + base + path + " answered without an id: " + created.body());
        }
        return made.group(1);
    }

    /**
     * Each demo customer's consent to product analytics, given when it signed up (the tenant does not require it, so its
     * events are stored either way); Café São Paulo withdrew its marketing consent a week ago. Customers with a history
     * already are left as they are, so a second run adds nothing.
     */
    private static void consents(HttpClient http, String base, String owner, String consent, LocalDate today) {
        for (DemoCustomer customer : CUSTOMERS) {
            String id = URLEncoder.encode(customer.id(), StandardCharsets.UTF_8);
            HttpResponse<String> known = exchange(http, "GET", base + "/api/v1/customers/" + id + "/consents", owner, Map.of(), "");
            requireSuccess("GET", base + "/api/v1/customers/" + id + "/consents", known);
            if (!known.body().contains("\"history\":[]")) {
                continue;
            }
            String signedUp = today.minusDays(customer.signedUpDaysAgo()).atTime(9, 30).atZone(java.time.ZoneId.of(customer.timezone()))
                    .toInstant().toString();
            String statement = "{\"customer\": \"" + customer.id() + "\", \"version\": \"privacy-2026-01\", \"legal_basis\": \"consent\","
                    + " \"at\": \"" + signedUp + "\", ";
            send(http, "POST", base + "/internal/v1/consents", consent, statement + "\"category\": \"analytics\", \"given\": true,"
                    + " \"purpose\": \"usage analytics and reports\"}");
            send(http, "POST", base + "/internal/v1/consents", consent, statement + "\"category\": \"marketing\", \"given\": true,"
                    + " \"purpose\": \"product news by e-mail\"}");
            if (customer.id().equals("sao-paulo-cafe")) {
                send(http, "POST", base + "/internal/v1/consents", consent, "{\"customer\": \"sao-paulo-cafe\", \"version\": \"privacy-2026-01\","
                        + " \"legal_basis\": \"consent\", \"at\": \"" + today.minusDays(7).atTime(12, 0).atZone(ZoneOffset.UTC).toInstant()
                        + "\", \"category\": \"marketing\", \"given\": false}");
            }
        }
    }

    /** Where the demo's daily overview is posted: a port on this machine where nothing listens, so its deliveries fail and are retried. */
    static final String DEMO_WEBHOOK = "http://localhost:9/tally-demo-hook";

    /**
     * The demo's schedules, each run once now: Acme's usage summary of last week as a PDF every Monday at 09:00 Berlin
     * time, kept in the export store; the tenant overview dashboard every day at 07:00 to a webhook on localhost that
     * nobody runs, so its delivery log shows failed attempts and their retries. The webhook needs the tenant's signing
     * secret: made when there is none (a schedule is refused without it).
     */
    private static void schedules(HttpClient http, String base, String owner, String overview) {
        String weekly = "{\"report\": \"usage-summary\", \"params\": {\"customer\": \"acme\", \"period\": \"last_week\"},"
                + " \"formats\": [\"pdf\"], \"cron\": \"0 9 * * 1\", \"timezone\": \"Europe/Berlin\", \"channels\": [{\"type\": \"storage\"}],"
                + " \"retention_days\": 30}";
        String daily = "{\"report\": \"dashboard:" + overview + "\", \"params\": {}, \"formats\": [\"pdf\", \"json\"],"
                + " \"cron\": \"0 7 * * *\", \"timezone\": \"Europe/Berlin\","
                + " \"channels\": [{\"type\": \"webhook\", \"url\": \"" + DEMO_WEBHOOK + "\"}, {\"type\": \"storage\"}]}";
        String weeklyId = save(http, base, owner, "/api/v1/schedules", "Weekly usage PDF for Acme", weekly);
        String dailyId;
        try {
            dailyId = save(http, base, owner, "/api/v1/schedules", "Daily overview to a webhook", daily);
        } catch (DemoFailedException noSecret) {
            send(http, "POST", base + "/api/v1/tenant/webhook-secret", owner, "");
            dailyId = save(http, base, owner, "/api/v1/schedules", "Daily overview to a webhook", daily);
        }
        send(http, "POST", base + "/api/v1/schedules/" + weeklyId + "/run", owner, "");
        send(http, "POST", base + "/api/v1/schedules/" + dailyId + "/run", owner, "");
    }

    private static void sendWithHeader(HttpClient http, String method, String url, String token, String header, String value, String body) {
        exchangeOrFail(http, method, url, token, Map.of(header, value), body);
    }

    /** Sends a JSON body with extra headers; anything but a 2xx answer fails the demo, with the service's answer. */
    static void exchangeOrFail(HttpClient http, String method, String url, String token, Map<String, String> headers, String body) {
        requireSuccess(method, url, exchange(http, method, url, token, headers, body));
    }

    /** Sends a JSON body; anything but a 2xx answer fails the demo, with the service's answer. */
    static void send(HttpClient http, String method, String url, String token, String body) {
        requireSuccess(method, url, exchange(http, method, url, token, Map.of(), body));
    }

    /** GETs a JSON body; anything but a 2xx answer fails the demo. */
    static String get(HttpClient http, String url, String token) {
        HttpResponse<String> response = exchange(http, "GET", url, token, Map.of(), "");
        requireSuccess("GET", url, response);
        return response.body();
    }

    private static void requireSuccess(String method, String url, HttpResponse<String> response) {
        if (response.statusCode() / 100 != 2) {
            throw new DemoFailedException(method + " " + url + " answered " + response.statusCode() + ": " + response.body());
        }
    }

    static HttpResponse<String> exchange(HttpClient http, String method, String url, String token, Map<String, String> headers,
                                                 String body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url))
                .timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json")
                .method(method, HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        headers.forEach(request::header);
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new DemoFailedException(method + " " + url + " failed: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DemoFailedException("interrupted");
        }
    }

    private static final class DemoFailedException extends RuntimeException {
        DemoFailedException(String message) {
            super(message);
        }
    }
}
