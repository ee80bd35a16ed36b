package io.tally.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.dhatim.fastexcel.reader.CellType;
import org.dhatim.fastexcel.reader.ReadableWorkbook;
import org.dhatim.fastexcel.reader.ReadingOptions;
import org.dhatim.fastexcel.reader.Row;
import org.dhatim.fastexcel.reader.Sheet;
import org.junit.jupiter.api.Test;

/**
 * The built-in sales figures, worked out by hand, for a marketplace in Asia/Tokyo over the seven local days from S, nine
 * days before today on the test clock. Every event is at 12:00 Tokyo time. Amounts per currency, never converted.
 *
 * <pre>
 * order  day    buyer vendor product category  amount     items
 * o0     S−20   b1    v1     mug     kitchen   20.00 EUR  1      (before the period: b1's first order)
 * o1     S      b1    v1     mug     kitchen   30.00 EUR  2      b1 returns
 * o2     S+1    b2    v1     tee     apparel   25.50 EUR  1      b2's first
 * o3     S+1    b2    v2     poster  decor     12.25 EUR  3      b2's second
 * o4     S+2    b3    v2     tee     apparel   40.00 USD  2      b3's first
 * o5     S+3    b4    v3     mug     kitchen   15.99 USD  1      b4's first
 *
 * refund  day   order  amount
 * r3      S+2   o0     5.00 EUR    (an order of before the period, refunded in it)
 * r1      S+4   o2     10.50 EUR   (part of it)
 * r2      S+5   o4     40.00 USD   (all of it)
 * </pre>
 * Gross EUR 67.75, USD 55.99; refunds EUR 15.50, USD 40.00; net EUR 52.25, USD 15.99. A refund carries only its order,
 * amount and currency: its vendor, product, category and buyer are its order's.
 */
@MicronautTest(transactional = false)
class SalesAnalyticsIT extends ApiTestSupport {

    static final ZoneId TOKYO = ZoneId.of("Asia/Tokyo");
    static final String JSON = "application/json";

    LocalDate s;
    String viewer;

    @BeforeEach
    void theWeek() {
        s = TestClock.today(TOKYO).minusDays(9);
        viewer = Tokens.user(tenant, "viewer");
        assertThat(api.put("/internal/v1/customers/market", Tokens.service(tenant, "customers:write"),
                "{\"display_name\": \"Maker Market\", \"timezone\": \"Asia/Tokyo\"}").status()).isIn(200, 201);
        order("o0", s.minusDays(20), "b1", "v1", "mug", "kitchen", "20.00", "EUR", 1);
        order("o1", s, "b1", "v1", "mug", "kitchen", "30.00", "EUR", 2);
        order("o2", s.plusDays(1), "b2", "v1", "tee", "apparel", "25.50", "EUR", 1);
        order("o3", s.plusDays(1), "b2", "v2", "poster", "decor", "12.25", "EUR", 3);
        order("o4", s.plusDays(2), "b3", "v2", "tee", "apparel", "40.00", "USD", 2);
        order("o5", s.plusDays(3), "b4", "v3", "mug", "kitchen", "15.99", "USD", 1);
        refund("r3", s.plusDays(2), "o0", "5.00", "EUR");
        refund("r1", s.plusDays(4), "o2", "10.50", "EUR");
        refund("r2", s.plusDays(5), "o4", "40.00", "USD");
    }

    void order(String id, LocalDate day, String buyer, String vendor, String product, String category, String amount, String currency,
               int items) {
        send(id, "order.placed", day, Map.of("order_id", id, "buyer", buyer, "vendor", vendor, "product", product, "category", category,
                "amount", new BigDecimal(amount), "currency", currency, "items", items));
    }

    void refund(String id, LocalDate day, String order, String amount, String currency) {
        send(id, "order.refunded", day, Map.of("order_id", order, "amount", new BigDecimal(amount), "currency", currency));
    }

    void send(String id, String type, LocalDate day, Map<String, Object> data) {
        String time = day.atTime(12, 0).atZone(TOKYO).toOffsetDateTime().format(DateTimeFormatter.ISO_OFFSET_DATE_TIME);
        Api.Reply reply = api.postEvents(Tokens.service(tenant, "events:write"), Events.event(id, "shop", type, "market", time, data));
        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
    }

    Map<String, Object> query(String body) {
        Api.Reply reply = api.post("/api/v1/analytics/query", viewer, JSON, "{\"customer\": \"market\", \"from\": \"" + s + "\", \"to\": \""
                + s.plusDays(6) + "\", " + body + "}");
        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        return reply.map();
    }

    /** The total of every currency of a series split by [dimension, currency], per currency, as exact decimals. */
    static Map<String, BigDecimal> sumPerCurrency(Map<Object, Object> totals) {
        Map<String, BigDecimal> sums = new LinkedHashMap<>();
        totals.forEach((key, value) -> sums.merge((String) ((Map<?, ?>) key).get("currency"), new BigDecimal(value.toString()), BigDecimal::add));
        return sums;
    }

    @Test
    void grossRefundsAndNetPerCurrency() {
        Map<String, Object> answer = query("\"metrics\": [\"gross_sales\", \"sales_refunds\", \"net_sales\"], \"bucket\": \"week\"");

        assertThat(MetricsIT.totals(answer, 0)).containsExactly(Map.entry(Map.of("currency", "EUR"), 67.75), Map.entry(Map.of("currency", "USD"), 55.99));
        // r1 10.50 + r3 5.00 (its order is older than the period); r2 40.00 (a meter's sum, written as summed: 40)
        assertThat(MetricsIT.totals(answer, 1)).containsExactly(Map.entry(Map.of("currency", "USD"), 40), Map.entry(Map.of("currency", "EUR"), 15.50));
        assertThat(MetricsIT.totals(answer, 2)).containsExactly(Map.entry(Map.of("currency", "EUR"), 52.25), Map.entry(Map.of("currency", "USD"), 15.99));
    }

    @Test
    void ordersAverageOrderValueAndItemsPerOrder() {
        Map<String, Object> answer = query("\"metrics\": [\"orders\", \"average_order_value\", \"items_per_order\", \"active_vendors\"], "
                + "\"bucket\": \"week\"");
        List<Map<String, Object>> series = MetricsIT.series(answer);

        assertThat(((Map<?, ?>) series.get(0).get("totals")).get("value")).isEqualTo(5);
        // EUR 52.25 ÷ 3 orders = 17.4166… → 17.42; USD 15.99 ÷ 2 = 7.995 → 8.00: each currency by its own orders
        assertThat(MetricsIT.totals(answer, 1)).containsExactly(Map.entry(Map.of("currency", "EUR"), 17.42), Map.entry(Map.of("currency", "USD"), 8.00));
        // 2 + 1 + 3 + 2 + 1 = 9 items in 5 orders
        assertThat(((Map<?, ?>) series.get(2).get("totals")).get("value")).isEqualTo(1.80);
        assertThat(((Map<?, ?>) series.get(3).get("totals")).get("value")).isEqualTo(3);
    }

    @Test
    void netSalesByVendorProductAndCategorySumToTheTotalToTheCent() {
        Map<Object, Object> byVendor = MetricsIT.totals(query("\"metric\": \"net_sales\", \"group_by\": [\"vendor\"], \"bucket\": \"week\""), 0);
        Map<Object, Object> byProduct = MetricsIT.totals(query("\"metric\": \"net_sales\", \"group_by\": [\"product\"], \"bucket\": \"week\""), 0);
        Map<Object, Object> byCategory = MetricsIT.totals(query("\"metric\": \"net_sales\", \"group_by\": [\"category\"], \"bucket\": \"week\""), 0);

        // v1: 30.00 + 25.50 − 10.50 − 5.00 = 40.00 EUR; v2: 12.25 EUR and 40.00 − 40.00 = 0.00 USD; v3: 15.99 USD
        assertThat(byVendor).containsExactly(Map.entry(Map.of("vendor", "v1", "currency", "EUR"), 40.00),
                Map.entry(Map.of("vendor", "v3", "currency", "USD"), 15.99), Map.entry(Map.of("vendor", "v2", "currency", "EUR"), 12.25),
                Map.entry(Map.of("vendor", "v2", "currency", "USD"), 0.00));
        // mug 30.00 − 5.00 = 25.00 EUR and 15.99 USD; tee 25.50 − 10.50 = 15.00 EUR and 0.00 USD; poster 12.25 EUR
        assertThat(byProduct).containsOnly(Map.entry(Map.of("product", "mug", "currency", "EUR"), 25.00),
                Map.entry(Map.of("product", "mug", "currency", "USD"), 15.99), Map.entry(Map.of("product", "tee", "currency", "EUR"), 15.00),
                Map.entry(Map.of("product", "tee", "currency", "USD"), 0.00), Map.entry(Map.of("product", "poster", "currency", "EUR"), 12.25));
        assertThat(byCategory).containsOnly(Map.entry(Map.of("category", "kitchen", "currency", "EUR"), 25.00),
                Map.entry(Map.of("category", "kitchen", "currency", "USD"), 15.99), Map.entry(Map.of("category", "apparel", "currency", "EUR"), 15.00),
                Map.entry(Map.of("category", "apparel", "currency", "USD"), 0.00), Map.entry(Map.of("category", "decor", "currency", "EUR"), 12.25));
        for (Map<Object, Object> breakdown : List.of(byVendor, byProduct, byCategory)) {
            assertThat(sumPerCurrency(breakdown)).containsOnly(Map.entry("EUR", new BigDecimal("52.25")), Map.entry("USD", new BigDecimal("15.99")));
        }
    }

    @Test
    void newAndReturningBuyersAndTheRepeatPurchaseRate() {
        Map<String, Object> answer = query("\"metrics\": [\"active_buyers\", \"new_buyers\", \"returning_buyers\", \"repeat_buyers\", "
                + "\"repeat_purchase_rate\"], \"bucket\": \"week\"");
        List<Map<String, Object>> series = MetricsIT.series(answer);

        // b1 (first order before the period), b2, b3, b4 (first orders in it)
        List<Object> values = series.stream().map(one -> (Object) ((Map<?, ?>) one.get("totals")).get("value")).toList();
        assertThat(values).containsExactly(4, 3, 1, 2, 50.00);
        // per day: S b1 returns; S+1 b2 new (and repeats the same day); S+2 b3 new; S+3 b4 new
        Map<String, Object> daily = query("\"metrics\": [\"new_buyers\", \"returning_buyers\"]");
        assertThat(MetricsIT.groups(MetricsIT.series(daily).get(0)).getFirst().get("values")).isEqualTo(MetricsIT.values(0, 1, 1, 1, 0, 0, 0));
        assertThat(MetricsIT.groups(MetricsIT.series(daily).get(1)).getFirst().get("values")).isEqualTo(MetricsIT.values(1, 0, 0, 0, 0, 0, 0));
    }

    @Test
    void topBuyersByNetSales() {
        Map<Object, Object> buyers = MetricsIT.totals(query("\"metric\": \"net_sales\", \"group_by\": [\"buyer\"], \"bucket\": \"week\""), 0);

        // b2 25.50 + 12.25 − 10.50 = 27.25 EUR; b1 30.00 − 5.00 (its o0's refund) = 25.00 EUR; b4 15.99 USD; b3 0.00 USD
        assertThat(buyers).containsExactly(Map.entry(Map.of("buyer", "b2", "currency", "EUR"), 27.25),
                Map.entry(Map.of("buyer", "b1", "currency", "EUR"), 25.00), Map.entry(Map.of("buyer", "b4", "currency", "USD"), 15.99),
                Map.entry(Map.of("buyer", "b3", "currency", "USD"), 0.00));
    }

    @Test
    void dailyNetSalesPerCurrencyWithRefundsOnTheirDay() {
        Map<String, Object> answer = query("\"metric\": \"net_sales\"");
        Map<Object, Object> values = new LinkedHashMap<>();
        MetricsIT.groups(MetricsIT.series(answer).getFirst()).forEach(group -> values.put(group.get("key"), group.get("values")));

        assertThat(values.get(Map.of("currency", "EUR"))).isEqualTo(MetricsIT.values(30.00, 37.75, -5.00, 0.00, -10.50, 0.00, 0.00));
        assertThat(values.get(Map.of("currency", "USD"))).isEqualTo(MetricsIT.values(0.00, 0.00, 40.00, 15.99, 0.00, -40.00, 0.00));
    }

    static Map<String, String> money(String amount, String currency) {
        return Map.of("amount", amount, "currency", currency);
    }

    /** The built-in sales-overview template over the same week, as JSON and as a workbook. */
    @Nested
    class TheReport {

        Api.Binary download(String format) {
            Api.Binary file = api.download("/api/v1/customers/market/reports/sales-overview?format=" + format + "&from=" + s + "&to="
                    + s.plusDays(6), Tokens.user(tenant, "analyst"));
            assertThat(file.status()).as(file.text()).isEqualTo(200);
            return file;
        }

        Map<String, Object> report() {
            Api.Reply reply = api.get("/api/v1/reports/sales-overview?customer=market&format=json&from=" + s + "&to=" + s.plusDays(6),
                    Tokens.user(tenant, "analyst"));
            assertThat(reply.status()).as(reply.body()).isEqualTo(200);
            return reply.map();
        }

        @Test
        void keyFiguresPerCurrency() {
            Map<String, Object> report = report();

            assertThat(ReportJson.figureLabels(report)).containsExactly("Gross sales (EUR)", "Gross sales (USD)", "Sales refunds (EUR)",
                    "Sales refunds (USD)", "Net sales (EUR)", "Net sales (USD)", "Orders", "Average order value (EUR)",
                    "Average order value (USD)", "Items per order", "Active vendors", "New buyers", "Returning buyers", "Repeat-purchase rate");
            assertThat(ReportJson.figure(report, "Gross sales (EUR)")).containsEntry("value", money("67.75", "EUR"));
            assertThat(ReportJson.figure(report, "Sales refunds (USD)")).containsEntry("value", money("40.00", "USD"));
            assertThat(ReportJson.figure(report, "Net sales (EUR)")).containsEntry("value", money("52.25", "EUR"));
            assertThat(ReportJson.figure(report, "Net sales (USD)")).containsEntry("value", money("15.99", "USD"));
            assertThat(ReportJson.figure(report, "Average order value (EUR)")).containsEntry("value", money("17.42", "EUR"));
            assertThat(ReportJson.figure(report, "Average order value (USD)")).containsEntry("value", money("8.00", "USD"));
            assertThat(ReportJson.figure(report, "Orders")).containsEntry("value", 5);
            assertThat(ReportJson.figure(report, "Items per order")).containsEntry("value", 1.80);
            assertThat(ReportJson.figure(report, "New buyers")).containsEntry("value", 3);
            assertThat(ReportJson.figure(report, "Returning buyers")).containsEntry("value", 1);
            assertThat(ReportJson.figure(report, "Repeat-purchase rate")).containsEntry("value", 50.00);
        }

        @Test
        void salesPerCurrencyAndTheBreakdownsThatAddUpToThem() {
            Map<String, Object> report = report();

            assertThat(ReportJson.columns(report, "Sales")).containsExactly("Currency", "Gross", "Refunds", "Net", "Orders", "Average order value");
            assertThat(ReportJson.rows(report, "Sales")).containsExactly(
                    List.of("EUR", money("67.75", "EUR"), money("15.50", "EUR"), money("52.25", "EUR"), 3, money("17.42", "EUR")),
                    List.of("USD", money("55.99", "USD"), money("40.00", "USD"), money("15.99", "USD"), 2, money("8.00", "USD")));
            // a refund counts against its order's vendor; a vendor without refunds has 0.00 of them in its currency
            assertThat(ReportJson.columns(report, "By vendor")).containsExactly("Vendor", "Net", "Gross", "Refunds", "Orders");
            // currency by currency, each by net sales, largest first
            assertThat(ReportJson.rows(report, "By vendor")).containsExactly(
                    List.of("v1", money("40.00", "EUR"), money("55.50", "EUR"), money("15.50", "EUR"), 2),
                    List.of("v2", money("12.25", "EUR"), money("12.25", "EUR"), money("0.00", "EUR"), 1),
                    List.of("v3", money("15.99", "USD"), money("15.99", "USD"), money("0.00", "USD"), 1),
                    List.of("v2", money("0.00", "USD"), money("40.00", "USD"), money("40.00", "USD"), 1));
            assertThat(ReportJson.rows(report, "By product")).containsExactly(
                    List.of("mug", money("25.00", "EUR"), money("30.00", "EUR"), money("5.00", "EUR"), 1),
                    List.of("tee", money("15.00", "EUR"), money("25.50", "EUR"), money("10.50", "EUR"), 1),
                    List.of("poster", money("12.25", "EUR"), money("12.25", "EUR"), money("0.00", "EUR"), 1),
                    List.of("mug", money("15.99", "USD"), money("15.99", "USD"), money("0.00", "USD"), 1),
                    List.of("tee", money("0.00", "USD"), money("40.00", "USD"), money("40.00", "USD"), 1));
            assertThat(ReportJson.rows(report, "By category")).containsExactly(
                    List.of("kitchen", money("25.00", "EUR"), money("30.00", "EUR"), money("5.00", "EUR"), 1),
                    List.of("apparel", money("15.00", "EUR"), money("25.50", "EUR"), money("10.50", "EUR"), 1),
                    List.of("decor", money("12.25", "EUR"), money("12.25", "EUR"), money("0.00", "EUR"), 1),
                    List.of("kitchen", money("15.99", "USD"), money("15.99", "USD"), money("0.00", "USD"), 1),
                    List.of("apparel", money("0.00", "USD"), money("40.00", "USD"), money("40.00", "USD"), 1));
            // the breakdown charts, one per currency, without the vendors of nothing
            assertThat(ReportJson.of(report, "By vendor", "breakdown")).extracting(chart -> chart.get("title"))
                    .containsExactly("Net sales by vendor (EUR)", "Net sales by vendor (USD)");
        }

        @Test
        void buyersTopBuyersAndTheDailyTrend() {
            Map<String, Object> report = report();

            assertThat(ReportJson.columns(report, "Buyers")).containsExactly("Figure", "Unit", "This period", "Previous period", "Growth %");
            assertThat(ReportJson.rows(report, "Buyers")).containsExactly(Arrays.asList("Buyers", "count", 4, 0, null),
                    Arrays.asList("New buyers", "count", 3, 0, null), Arrays.asList("Returning buyers", "count", 1, 0, null),
                    Arrays.asList("Repeat buyers", "count", 2, 0, null), Arrays.asList("Repeat-purchase rate", "percent", 50.00, null, null));
            assertThat(ReportJson.rows(report, "Top buyers")).containsExactly(List.of("b2", money("27.25", "EUR"), 2),
                    List.of("b1", money("25.00", "EUR"), 1), List.of("b4", money("15.99", "USD"), 1), List.of("b3", money("0.00", "USD"), 1));
            assertThat(ReportJson.columns(report, "Daily sales")).containsExactly("Date", "Currency", "Net sales", "Orders");
            List<List<Object>> daily = ReportJson.rows(report, "Daily sales");
            assertThat(daily).hasSize(14).contains(List.of(s.plusDays(2).toString(), "EUR", money("-5.00", "EUR"), 0),
                    List.of(s.plusDays(2).toString(), "USD", money("40.00", "USD"), 1), List.of(s.plusDays(5).toString(), "USD", money("-40.00", "USD"), 0));
        }

        @Test
        void aWorkbookHasRealNumbersMoneyWithItsCurrencyAndDates() throws IOException {
            Map<String, List<Row>> sheets = new LinkedHashMap<>();
            try (ReadableWorkbook book = new ReadableWorkbook(new ByteArrayInputStream(download("xlsx").body()),
                    new ReadingOptions(true, false))) {
                for (Sheet sheet : book.getSheets().toList()) {
                    sheets.put(sheet.getName(), sheet.read());
                }
            }

            assertThat(sheets.keySet()).containsExactly("Summary", "Sales", "By vendor", "By product", "By category", "Buyers", "Top buyers",
                    "Daily sales");
            Row header = sheets.get("By vendor").get(1);
            assertThat(header.getCellText(1)).isEqualTo("Net");
            assertThat(header.getCellText(2)).isEqualTo("Net currency");
            Row v1 = sheets.get("By vendor").get(2);
            assertThat(v1.getCellText(0)).isEqualTo("v1");
            assertThat(v1.getCell(1).getType()).isEqualTo(CellType.NUMBER);
            assertThat(v1.getCell(1).asNumber()).isEqualByComparingTo("40.00");
            assertThat(v1.getCellText(2)).isEqualTo("EUR");
            Row first = sheets.get("Daily sales").get(2);
            assertThat(first.getCell(0).asDate()).isEqualTo(s.atStartOfDay());
            assertThat(first.getCell(0).getDataFormatString()).isEqualTo("yyyy-mm-dd");
            Row aov = sheets.get("Summary").stream().filter(row -> "Average order value (EUR)".equals(row.getCellText(0))).findFirst().orElseThrow();
            assertThat(aov.getCell(1).asNumber()).isEqualByComparingTo("17.42");
            assertThat(aov.getCellText(2)).isEqualTo("EUR");
        }
    }
}
