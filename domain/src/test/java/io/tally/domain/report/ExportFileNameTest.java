package io.tally.domain.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import org.junit.jupiter.api.Test;

class ExportFileNameTest {

    static final LocalDate DAY = LocalDate.of(2026, 11, 22);

    @Test
    void aPlainSubjectKeepsItsName() {
        ExportFileName name = ExportFileName.of("activity", "Acme", DAY, ExportFormat.CSV);
        assertThat(name.name()).isEqualTo("activity_Acme_20261122.csv");
        assertThat(name.contentDisposition())
                .isEqualTo("attachment; filename=\"activity_Acme_20261122.csv\"; filename*=UTF-8''activity_Acme_20261122.csv");
    }

    @Test
    void quotesSemicolonsAndDotsCannotAddParametersOrExtensions() {
        ExportFileName name = ExportFileName.of("activity", "a\"; filename=evil.exe", DAY, ExportFormat.PDF);
        assertThat(name.asciiFallback()).isEqualTo("activity_a_filename_evil_exe_20261122.pdf");
        assertThat(name.contentDisposition()).isEqualTo("attachment; filename=\"activity_a_filename_evil_exe_20261122.pdf\"; "
                + "filename*=UTF-8''activity_a_filename%3Devil_exe_20261122.pdf");
    }

    @Test
    void pathsAndLeadingDotsAreFlattened() {
        assertThat(ExportFileName.of("activity", "..\\..\\x", DAY, ExportFormat.CSV).asciiFallback()).isEqualTo("activity_x_20261122.csv");
        assertThat(ExportFileName.of("activity", "../../etc/passwd", DAY, ExportFormat.CSV).name()).isEqualTo("activity_etc_passwd_20261122.csv");
        assertThat(ExportFileName.of("activity", ".hidden", DAY, ExportFormat.JSON).asciiFallback()).doesNotContain("..").startsWith("activity_hidden");
    }

    @Test
    void controlCharactersNeverReachTheHeader() {
        ExportFileName name = ExportFileName.of("activity", "a\r\nSet-Cookie: x=1\u0000\u202E", DAY, ExportFormat.CSV);
        assertThat(name.contentDisposition()).doesNotContain("\r").doesNotContain("\n").doesNotContain("\u0000").doesNotContain("\u202E");
        assertThat(name.asciiFallback()).isEqualTo("activity_a_Set-Cookie_x_1_20261122.csv");
        assertThat(name.contentDisposition()).contains("filename*=UTF-8''activity_a_Set-Cookie_x%3D1_20261122.csv");
    }

    @Test
    void unicodeNamesKeepTheirRealNameAndGetAnAsciiFallback() {
        ExportFileName name = ExportFileName.of("activity", "王小明 Łódź", DAY, ExportFormat.PDF);
        assertThat(name.name()).isEqualTo("activity_王小明_Łódź_20261122.pdf");
        assertThat(name.asciiFallback()).isEqualTo("activity_Lodz_20261122.pdf");
        assertThat(name.contentDisposition()).endsWith("filename*=UTF-8''activity_%E7%8E%8B%E5%B0%8F%E6%98%8E_%C5%81%C3%B3d%C5%BA_20261122.pdf");
        assertThat(ExportFileName.of("activity", "王小明", DAY, ExportFormat.PDF).asciiFallback()).isEqualTo("activity_export_20261122.pdf");
    }

    @Test
    void longNamesAreCutToTwoHundredCharactersKeepingDateAndExtension() {
        ExportFileName name = ExportFileName.of("activity", "x".repeat(500), DAY, ExportFormat.CSV);
        assertThat(name.asciiFallback()).hasSize(ExportFileName.MAX_LENGTH).endsWith("_20261122.csv");
        assertThat(name.name()).hasSize(ExportFileName.MAX_LENGTH).endsWith("_20261122.csv");
        ExportFileName cjk = ExportFileName.of("activity", "王".repeat(500), DAY, ExportFormat.CSV);
        assertThat(cjk.name().codePointCount(0, cjk.name().length())).isEqualTo(ExportFileName.MAX_LENGTH);
    }
}
