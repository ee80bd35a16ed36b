package io.tally.adapter.out.export.pdf;

import static org.assertj.core.api.Assertions.assertThat;

import io.tally.domain.report.RenderOptions;
import io.tally.domain.report.Report;
import io.tally.domain.report.Section;
import io.tally.domain.report.Table;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Arrays;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Render times, warm (opt-in: {@code -Dtest=PdfRenderingBenchmarkTest -Dpdf.benchmark=true}). Prints the median
 * and slowest of several runs after warm-up renders, writing to a stream that discards the bytes.
 */
@EnabledIfSystemProperty(named = "pdf.benchmark", matches = "true")
class PdfRenderingBenchmarkTest {

    private final PdfReportRenderer renderer = new PdfReportRenderer();

    @Test
    void rendersAThirtyDayActivityReportQuickly() throws IOException {
        double median = measure("30-day activity, Latin only", () -> PdfFixtures.activity("Acme Corp", "agent-dan"), 30, 50);
        measure("30-day activity, with a CJK name", () -> PdfFixtures.activity("王小明"), 10, 30);

        assertThat(median).isLessThan(300);
    }

    @Test
    void rendersTenThousandRowsQuickly() throws IOException {
        double held = measure("10,000 rows x 6 columns, held", () -> PdfFixtures.history(10_000), 3, 5);
        double streamed = measure("10,000 rows x 6 columns, streamed", () -> PdfFixtures.report("Acme", List.of(),
                List.of(Section.of("Usage history", Table.streamed(PdfFixtures.historyColumns(), consumer -> {
                    for (int i = 0; i < 10_000; i++) {
                        consumer.accept(PdfFixtures.historyRow(i));
                    }
                })))), 3, 5);

        assertThat(Math.max(held, streamed)).isLessThan(2_000);
    }

    private double measure(String name, Supplier<Report> reports, int warmUps, int runs) throws IOException {
        for (int i = 0; i < warmUps; i++) {
            renderer.render(reports.get(), RenderOptions.defaults(), OutputStream.nullOutputStream());
        }
        double[] millis = new double[runs];
        long bytes = 0;
        for (int i = 0; i < runs; i++) {
            Report report = reports.get();
            Counting out = new Counting();
            long start = System.nanoTime();
            renderer.render(report, RenderOptions.defaults(), out);
            millis[i] = (System.nanoTime() - start) / 1e6;
            bytes = out.count;
        }
        Arrays.sort(millis);
        double median = millis[runs / 2];
        System.out.printf("%-40s median %7.1f ms, slowest %7.1f ms, %,d bytes%n", name, median, millis[runs - 1], bytes);
        return median;
    }

    /** Counts the bytes written and drops them. */
    private static final class Counting extends OutputStream {
        private long count;

        @Override
        public void write(int b) {
            count++;
        }

        @Override
        public void write(byte[] bytes, int offset, int length) {
            count += length;
        }
    }
}
