import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipFile;

/**
 * Reads a report's XLSX as LibreOffice saw it (one CSV per sheet, written by {@code soffice --headless --convert-to csv}
 * with every sheet) beside the report's own CSV, and checks that they hold the same key figures and tables cell for
 * cell (numbers by value, a percent cell's "34.72%" as 34.72), and that the sums LibreOffice reads of the columns named
 * on the command line equal a key figure, currency by currency.
 *
 * <pre>java bench/XlsxInLibreOffice.java REPORT.xlsx REPORT.csv SHEETS_DIR [SECTION:COLUMN=KEY_FIGURE …]</pre>
 * SHEETS_DIR holds {@code <xlsx name>-<sheet>.csv}. Prints what it compared and the sums; exits 1 on any difference.
 */
public class XlsxInLibreOffice {

    public static void main(String[] args) throws IOException {
        Path xlsx = Path.of(args[0]);
        Path csv = Path.of(args[1]);
        Path sheets = Path.of(args[2]);
        String base = xlsx.getFileName().toString().replaceFirst("\\.xlsx$", "");

        List<String> sheetNames = sheetNames(xlsx);
        Map<String, List<List<String>>> workbook = new LinkedHashMap<>();
        for (String name : sheetNames) {
            workbook.put(name, rows(Files.readString(sheets.resolve(base + "-" + name + ".csv"), StandardCharsets.UTF_8)));
        }
        List<List<String>> fromXlsx = new ArrayList<>();
        List<List<String>> summary = workbook.get(sheetNames.get(0));
        fromXlsx.addAll(summary.subList(indexOfHeader(summary, "Figure"), summary.size()));
        for (String name : sheetNames.subList(1, sheetNames.size())) {
            fromXlsx.addAll(workbook.get(name));
        }
        List<List<String>> report = rows(Files.readString(csv, StandardCharsets.UTF_8));
        List<List<String>> fromCsv = new ArrayList<>(report.subList(indexOfHeader(report, "Figure"), report.size()));

        int failures = 0;
        int cells = 0;
        int numbers = 0;
        for (int i = 0; i < Math.max(fromXlsx.size(), fromCsv.size()); i++) {
            List<String> x = i < fromXlsx.size() ? fromXlsx.get(i) : List.of();
            List<String> c = i < fromCsv.size() ? fromCsv.get(i) : List.of();
            for (int j = 0; j < Math.max(x.size(), c.size()); j++) {
                String a = j < x.size() ? x.get(j) : "";
                String b = j < c.size() ? c.get(j) : "";
                cells++;
                BigDecimal na = number(a);
                BigDecimal nb = number(b);
                if (na != null && nb != null) {
                    numbers++;
                    if (na.compareTo(nb) != 0) {
                        failures++;
                        System.out.println("differs: row " + (i + 1) + " " + c + " column " + (j + 1) + ": XLSX " + a + ", CSV " + b);
                    }
                } else if (!a.equals(b)) {
                    failures++;
                    System.out.println("differs: row " + (i + 1) + " column " + (j + 1) + ": XLSX '" + a + "', CSV '" + b + "'");
                }
            }
        }
        System.out.println(base + ": " + sheetNames.size() + " sheets " + sheetNames + "; " + fromXlsx.size() + " rows, " + cells
                + " cells (" + numbers + " numbers) compared with the CSV, " + failures + " different");

        Map<String, BigDecimal> keyFigures = new LinkedHashMap<>();
        for (List<String> row : summary.subList(indexOfHeader(summary, "Figure") + 1, summary.size())) {
            if (row.size() > 1 && number(row.get(1)) != null) {
                keyFigures.put(row.get(0), number(row.get(1)));
            }
        }
        for (String check : List.of(args).subList(3, args.length)) {
            String[] parts = check.split("[:=]", 3);
            Map<String, BigDecimal> sums = columnSums(workbook.get(parts[0]), parts[1]);
            for (Map.Entry<String, BigDecimal> sum : sums.entrySet()) {
                String figure = sum.getKey().isEmpty() ? parts[2] : parts[2] + " (" + sum.getKey() + ")";
                BigDecimal expected = keyFigures.get(figure);
                boolean equal = expected != null && expected.compareTo(sum.getValue()) == 0;
                failures += equal ? 0 : 1;
                System.out.println("sum of " + parts[0] + " / " + parts[1] + (sum.getKey().isEmpty() ? "" : " in " + sum.getKey()) + " = "
                        + sum.getValue().toPlainString() + (equal ? " = " : " ≠ ") + figure + " " + (expected == null ? "(none)" : expected.toPlainString()));
            }
        }
        System.exit(failures == 0 ? 0 : 1);
    }

    /** The sheets' names in the workbook's order. */
    static List<String> sheetNames(Path xlsx) throws IOException {
        try (ZipFile zip = new ZipFile(xlsx.toFile())) {
            String workbook = new String(zip.getInputStream(zip.getEntry("xl/workbook.xml")).readAllBytes(), StandardCharsets.UTF_8);
            List<String> names = new ArrayList<>();
            Matcher sheet = Pattern.compile("<sheet [^>]*name=\"([^\"]*)\"").matcher(workbook);
            while (sheet.find()) {
                names.add(sheet.group(1).replace("&quot;", "\"").replace("&apos;", "'").replace("&lt;", "<").replace("&gt;", ">")
                        .replace("&amp;", "&"));
            }
            return names;
        }
    }

    /** Per currency (the column "COLUMN currency", or "" without one), the sum of a column in every table of a sheet that has it. */
    static Map<String, BigDecimal> columnSums(List<List<String>> sheet, String column) {
        Map<String, BigDecimal> sums = new LinkedHashMap<>();
        int at = -1;
        int currency = -1;
        for (List<String> row : sheet) {
            if (row.contains(column) && number(row.get(row.indexOf(column))) == null) {
                at = row.indexOf(column);
                currency = row.indexOf(column + " currency");
            } else if (at >= 0 && at < row.size() && number(row.get(at)) != null) {
                sums.merge(currency < 0 ? "" : row.get(currency), number(row.get(at)), BigDecimal::add);
            } else if (row.size() == 1) {
                at = -1;
            }
        }
        return sums;
    }

    static int indexOfHeader(List<List<String>> rows, String first) {
        for (int i = 0; i < rows.size(); i++) {
            if (!rows.get(i).isEmpty() && rows.get(i).get(0).equals(first)) {
                return i;
            }
        }
        throw new IllegalStateException("no row starting with " + first);
    }

    static BigDecimal number(String text) {
        String plain = text.endsWith("%") ? text.substring(0, text.length() - 1) : text;
        if (!plain.matches("-?\\d+(\\.\\d+)?")) {
            return null;
        }
        return new BigDecimal(plain);
    }

    /** RFC 4180 rows without their empty trailing fields; rows left empty (blank lines, ",,,") are dropped. */
    static List<List<String>> rows(String text) {
        List<List<String>> rows = new ArrayList<>();
        List<String> row = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < text.length(); i++) {
            char ch = text.charAt(i);
            if (quoted) {
                if (ch == '"' && i + 1 < text.length() && text.charAt(i + 1) == '"') {
                    field.append('"');
                    i++;
                } else if (ch == '"') {
                    quoted = false;
                } else {
                    field.append(ch);
                }
            } else if (ch == '"') {
                quoted = true;
            } else if (ch == ',') {
                row.add(field.toString());
                field.setLength(0);
            } else if (ch == '\n') {
                row.add(field.toString());
                field.setLength(0);
                addRow(rows, row);
                row = new ArrayList<>();
            } else if (ch != '\r') {
                field.append(ch);
            }
        }
        row.add(field.toString());
        addRow(rows, row);
        return rows;
    }

    private static void addRow(List<List<String>> rows, List<String> row) {
        int end = row.size();
        while (end > 0 && row.get(end - 1).isEmpty()) {
            end--;
        }
        if (end > 0) {
            rows.add(new ArrayList<>(row.subList(0, end)));
        }
    }
}
