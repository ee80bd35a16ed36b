package io.tally.adapter.out.export.csv;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.dataformat.csv.CsvFactory;
import com.fasterxml.jackson.dataformat.csv.CsvGenerator;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * {@link CsvWriter} against what the renderer wrote before it: jackson-dataformat-csv with strict quoting, CRLF rows and
 * plain big decimals, on random rows of text made of the characters that matter (separators, quotes, line breaks,
 * controls, a formula's first characters, spaces, Latin-1, CJK, emoji).
 */
class CsvWriterTest {

    private static final String ALPHABET = "ab Z09,\"\r\n\t;'=+-@#\u0000\u001f\u007f\u00e9\u00ff\u0142\u2028\u738b\uff1d\ud83d\ude00";

    private static final CsvFactory JACKSON = CsvFactory.builder()
            .enable(CsvGenerator.Feature.STRICT_CHECK_FOR_QUOTING)
            .enable(StreamWriteFeature.WRITE_BIGDECIMAL_AS_PLAIN)
            .disable(StreamWriteFeature.AUTO_CLOSE_TARGET)
            .build();

    @Test
    void writesRandomTextAndNumbersByteForByteAsJacksonsStrictQuotingDid() throws IOException {
        Random random = new Random(20);
        for (int round = 0; round < 2_000; round++) {
            List<List<Object>> rows = new ArrayList<>();
            for (int r = 0; r < 1 + random.nextInt(4); r++) {
                List<Object> row = new ArrayList<>();
                for (int f = 0; f < 1 + random.nextInt(6); f++) {
                    row.add(random.nextInt(5) == 0 ? new BigDecimal(random.nextLong()).movePointLeft(random.nextInt(8)) : text(random));
                }
                rows.add(row);
            }
            assertThat(ours(rows)).as("rows %s", rows).isEqualTo(jacksons(rows));
        }
    }

    @Test
    void quotesOnlyForCommaQuoteAndLineBreaksAndDoublesQuotes() throws IOException {
        assertThat(ours(List.of(List.of("plain text", "a,b", "say \"hi\"", "two\nlines", "cr\r", " lead", "#1", "")))).isEqualTo(
                "plain text,\"a,b\",\"say \"\"hi\"\"\",\"two\nlines\",\"cr\r\", lead,#1,\r\n");
    }

    @Test
    void aNeutralisedFormulaGetsItsApostropheInsideTheQuotes() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        CsvWriter writer = new CsvWriter(bytes);
        writer.text(true, "=HYPERLINK(\"x\")");
        writer.text(true, "-5");
        writer.endRow();
        writer.flush();
        assertThat(bytes.toString(StandardCharsets.UTF_8)).isEqualTo("\"'=HYPERLINK(\"\"x\"\")\",'-5\r\n");
    }

    @Test
    void valuesLongerThanTheBufferAreWrittenWhole() throws IOException {
        String longText = "x".repeat(70_000) + ",\"" + "\u738b".repeat(30_000);
        assertThat(ours(List.of(List.of("first", longText), List.of("next")))).isEqualTo(jacksons(List.of(List.of("first", longText),
                List.of("next"))));
    }

    @Test
    void momentsAreWrittenAsTheIsoFormatterWritesThem() throws IOException {
        ZoneId zone = ZoneId.of("Europe/Berlin");
        IsoMoments moments = new IsoMoments(zone);
        Random random = new Random(3);
        StringBuilder expected = new StringBuilder();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        CsvWriter writer = new CsvWriter(bytes);
        long start = Instant.parse("2026-03-29T00:00:00Z").getEpochSecond();
        for (int i = 0; i < 20_000; i++) {
            // mostly ascending over the spring change, sometimes far off, some with fractions
            Instant instant = i % 97 == 0 ? Instant.ofEpochSecond(random.nextLong(-30_000_000_000L, 250_000_000_000L))
                    : Instant.ofEpochSecond(start + i * 7L, i % 3 == 0 ? 0 : random.nextInt(1_000_000) * 1_000L);
            writer.moment(moments, instant);
            writer.endRow();
            expected.append(DateTimeFormatter.ISO_OFFSET_DATE_TIME.withZone(zone).format(instant)).append("\r\n");
        }
        writer.flush();
        assertThat(bytes.toString(StandardCharsets.US_ASCII)).isEqualTo(expected.toString());
    }

    private static String text(Random random) {
        StringBuilder text = new StringBuilder();
        for (int i = random.nextInt(8); i > 0; i--) {
            int at = random.nextInt(ALPHABET.length());
            char c = ALPHABET.charAt(at);
            if (Character.isHighSurrogate(c)) {
                text.append(c).append(ALPHABET.charAt(at + 1));
            } else if (!Character.isLowSurrogate(c)) {
                text.append(c);
            }
        }
        return text.toString();
    }

    private static String ours(List<List<Object>> rows) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        CsvWriter writer = new CsvWriter(bytes);
        for (List<Object> row : rows) {
            for (Object value : row) {
                if (value instanceof BigDecimal number) {
                    writer.number(number);
                } else {
                    writer.text((String) value);
                }
            }
            writer.endRow();
        }
        writer.flush();
        return bytes.toString(StandardCharsets.UTF_8);
    }

    private static String jacksons(List<List<Object>> rows) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (CsvGenerator generator = JACKSON.createGenerator(bytes, JsonEncoding.UTF8)) {
            generator.setSchema(CsvSchema.emptySchema().withLineSeparator("\r\n"));
            for (List<Object> row : rows) {
                generator.writeStartArray();
                for (Object value : row) {
                    if (value instanceof BigDecimal number) {
                        generator.writeNumber(number);
                    } else {
                        generator.writeString((String) value);
                    }
                }
                generator.writeEndArray();
            }
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }
}
