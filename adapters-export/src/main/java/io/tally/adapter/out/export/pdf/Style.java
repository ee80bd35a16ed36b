package io.tally.adapter.out.export.pdf;

import java.util.List;

/** Regular or bold text, with the faces tried in order for each character. */
enum Style {
    REGULAR(List.of(Face.SANS, Face.CJK)),
    BOLD(List.of(Face.SANS_BOLD, Face.SANS, Face.CJK));

    private final List<Face> faces;

    Style(List<Face> faces) {
        this.faces = faces;
    }

    /** The first face that has a glyph for the code point, or null when none has. */
    Face faceFor(int codePoint) {
        for (Face face : faces) {
            if (face.file().covers(codePoint)) {
                return face;
            }
        }
        return null;
    }

    /** The face for plain ASCII text. */
    Face primary() {
        return faces.getFirst();
    }
}
