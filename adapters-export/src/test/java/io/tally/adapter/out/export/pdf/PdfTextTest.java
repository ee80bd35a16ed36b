package io.tally.adapter.out.export.pdf;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.List;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class PdfTextTest {

    private final PDDocument document = new PDDocument();
    private final Typesetter type = new Typesetter(document);

    @AfterEach
    void close() throws IOException {
        type.close();
        document.close();
    }

    @Nested
    class Cleaning {

        @Test
        void keepsTextEveryFontCanDraw() {
            assertThat(type.clean("Ærøskøbing Łódź Αθηνά Дмитрий 王小明 שלום", Style.REGULAR)).isEqualTo("Ærøskøbing Łódź Αθηνά Дмитрий 王小明 שלום");
        }

        @Test
        void dropsControlAndFormatCharacters() {
            assertThat(type.clean("a\u0000b\u0007c\u007Fd\u009Fe\u202Ef\u200Dg\uFEFFh", Style.REGULAR)).isEqualTo("abcdefgh");
            assertThat(type.clean("tab\tline\nbreak\u2028end", Style.BOLD)).isEqualTo("tab line break end");
        }

        @Test
        void replacesEachStretchOfUndrawableCharactersWithOnePlaceholder() {
            assertThat(type.clean("a🦄🦄b \uE000 \uD800 \uDBFF\uDFFF", Style.REGULAR)).isEqualTo("a□b □ □ □");
            assertThat(type.clean("flag 🇩🇪!", Style.BOLD)).isEqualTo("flag □!");
        }
    }

    @Nested
    class Measuring {

        @Test
        void cutsTextToAWidthWithAnEllipsis() {
            String fitted = type.fit("A long customer name", Style.REGULAR, 10, 60);

            assertThat(fitted).endsWith("…").startsWith("A long");
            assertThat(type.width(fitted, Style.REGULAR, 10)).isLessThanOrEqualTo(60);
            assertThat(type.fit("Short", Style.REGULAR, 10, 60)).isEqualTo("Short");
            assertThat(type.fit("Short", Style.REGULAR, 10, 2)).isEmpty();
        }

        @Test
        void wrapsAtSpaces() {
            List<String> lines = type.wrap("one two three four five six seven", Style.REGULAR, 10, 60);

            assertThat(lines).hasSizeGreaterThan(1);
            assertThat(String.join(" ", lines)).isEqualTo("one two three four five six seven");
        }

        @Test
        void splitsMixedTextIntoRunsPerFont() {
            assertThat(type.runs("Mr 王小明 Jr", Style.REGULAR)).containsExactly(new Typesetter.Run(Face.SANS, "Mr "),
                    new Typesetter.Run(Face.CJK, "王小明"), new Typesetter.Run(Face.SANS, " Jr"));
        }
    }

    @Nested
    class RightToLeft {

        @Test
        void reversesRightToLeftRunsAndKeepsNumbersAndLatinInOrder() {
            assertThat(VisualOrder.of("שלום")).isEqualTo("םולש");
            assertThat(VisualOrder.of("abc (שלום) 12")).isEqualTo("abc (םולש) 12");
            assertThat(VisualOrder.of("שלום 123 abc")).isEqualTo("abc 123 םולש");
        }

        @Test
        void mirrorsBracketsAndKeepsMarksAfterTheirLetter() {
            assertThat(VisualOrder.of("שלום (עולם)")).isEqualTo("(םלוע) םולש");
            assertThat(VisualOrder.of("בְּ")).isEqualTo("בְּ");
        }

        @Test
        void leavesLeftToRightTextAlone() {
            assertThat(VisualOrder.of("Łódź 王小明")).isEqualTo("Łódź 王小明");
        }
    }
}
