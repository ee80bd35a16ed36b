package io.tally.domain.report;

import java.nio.charset.StandardCharsets;
import java.text.Normalizer;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.Objects;

/**
 * The name an export is downloaded under: {@code {report}_{subject}_{YYYYMMDD}.{ext}}, such as
 * {@code activity_Acme_20261122.pdf}, so that two reports of one customer made on one day never share a name.
 * {@link #name()}
 * is the real name (any Unicode, control characters and path separators replaced); {@link #asciiFallback()}
 * is the plain {@code filename=} of Content-Disposition: ASCII letters, digits, '-', '_' and '.', no
 * leading dot, at most {@value #MAX_LENGTH} characters; {@link #contentDisposition()} carries both, the
 * real one as an RFC 5987 {@code filename*}.
 */
public record ExportFileName(String name, String asciiFallback) {

    public static final int MAX_LENGTH = 200;
    private static final DateTimeFormatter DAY = DateTimeFormatter.BASIC_ISO_DATE;

    public ExportFileName {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(asciiFallback, "asciiFallback");
    }

    /** The name of a report's export; {@code report} is the report's name in URLs (lower-case letters, digits and '-'). */
    public static ExportFileName of(String report, String subject, LocalDate day, ExportFormat format) {
        if (!report.matches("[a-z0-9-]{1,64}")) {
            throw new IllegalArgumentException("not a report name: " + report);
        }
        String suffix = "_" + DAY.format(day) + "." + format.wireName();
        String real = report + "_" + clean(subject) + suffix;
        String ascii = report + "_" + ascii(subject);
        ascii = ascii.substring(0, Math.min(ascii.length(), MAX_LENGTH - suffix.length())) + suffix;
        if (real.length() > MAX_LENGTH) {
            real = real.substring(0, real.offsetByCodePoints(0, Math.min(real.codePointCount(0, real.length()), MAX_LENGTH - suffix.length())))
                    + suffix;
        }
        return new ExportFileName(real, ascii);
    }

    /** {@code attachment; filename="…"; filename*=UTF-8''…}. */
    public String contentDisposition() {
        return "attachment; filename=\"" + asciiFallback + "\"; filename*=UTF-8''" + percentEncode(name);
    }

    /** The subject with control characters, quotes, slashes, backslashes and dots turned into '_'. */
    private static String clean(String subject) {
        StringBuilder out = new StringBuilder();
        subject.codePoints().forEach(c -> {
            boolean bad = Character.isISOControl(c) || c == '"' || c == '/' || c == '\\' || c == '.' || c == ';' || c == ':'
                    || c == '*' || c == '?' || c == '<' || c == '>' || c == '|' || Character.getType(c) == Character.FORMAT
                    || Character.isWhitespace(c);
            out.appendCodePoint(bad ? '_' : c);
        });
        return collapse(out.toString());
    }

    /** Accents dropped (Łódź → Lodz where decomposable), anything else that is not [A-Za-z0-9-] turned into '_'. */
    private static String ascii(String subject) {
        String decomposed = Normalizer.normalize(subject.replace('Ł', 'L').replace('ł', 'l').replace('Ø', 'O').replace('ø', 'o')
                .replace('Æ', 'A').replace('æ', 'a').replace('ß', 's'), Normalizer.Form.NFD);
        StringBuilder out = new StringBuilder();
        decomposed.codePoints().forEach(c -> {
            if (Character.getType(c) == Character.NON_SPACING_MARK) {
                return;
            }
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-';
            out.append(ok ? (char) c : '_');
        });
        return collapse(out.toString());
    }

    /** Runs of '_' become one; none at the ends; "export" when nothing is left. */
    private static String collapse(String value) {
        String collapsed = value.replaceAll("_+", "_").replaceAll("^_|_$", "");
        return collapsed.isEmpty() ? "export" : collapsed;
    }

    /** RFC 5987 attr-char kept, everything else as %XX of its UTF-8 bytes. */
    private static String percentEncode(String value) {
        StringBuilder out = new StringBuilder();
        HexFormat hex = HexFormat.of().withUpperCase();
        for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            boolean attrChar = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || "!#$&+-.^_`|~".indexOf(c) >= 0;
            if (attrChar) {
                out.append((char) c);
            } else {
                out.append('%').append(hex.toHexDigits((byte) c));
            }
        }
        return out.toString();
    }
}
