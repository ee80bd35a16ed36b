package io.tally.adapter.out.export.html;

import io.tally.adapter.out.export.presentation.Palette;

/** The page's CSS, in the report's colours: the brand band, cards, section titles, zebra tables, charts. */
final class Stylesheet {

    private Stylesheet() {
    }

    static String css(Palette palette) {
        return """
                body{margin:0;background:#f3f4f6;color:%1$s;font-family:"DejaVu Sans",-apple-system,"Segoe UI",Roboto,Helvetica,Arial,sans-serif;font-size:14px;line-height:1.45}
                .report{max-width:960px;margin:0 auto;background:#fff;padding:0 0 24px}
                .band{background:%2$s;color:%3$s;padding:22px 32px 20px}
                .band .brand{font-weight:bold;font-size:12px;opacity:.8;letter-spacing:.02em}
                .band h1{margin:6px 0 0;font-size:26px;line-height:1.2}
                .meta{display:flex;flex-wrap:wrap;gap:8px 32px;margin:18px 32px 6px;padding:0}
                .meta div{min-width:150px}
                .meta dt{font-size:10px;font-weight:bold;text-transform:uppercase;color:%4$s;letter-spacing:.04em}
                .meta dd{margin:2px 0 0}
                .meta dd.strong{font-weight:bold}
                .note{margin:4px 32px;color:%4$s;font-size:12.5px}
                .text{margin:0 0 12px;font-size:13.5px;line-height:1.45}
                .cards{display:grid;grid-template-columns:repeat(auto-fit,minmax(180px,1fr));gap:12px;margin:18px 32px 8px}
                .card{background:%5$s;border:1px solid %6$s;border-radius:8px;padding:12px 14px}
                .card .label{font-size:12px;color:%4$s}
                .card .value{font-size:24px;font-weight:bold;margin-top:4px;overflow-wrap:anywhere}
                .card .trend{font-size:11.5px;margin-top:4px}
                .good{color:%7$s;font-weight:bold}
                .bad{color:%8$s;font-weight:bold}
                .neutral{color:%4$s;font-weight:bold}
                .previous{color:%4$s}
                section{margin:22px 32px 0}
                h2{font-size:17px;margin:0 0 12px;padding-left:10px;border-left:4px solid %2$s}
                h3{font-size:13px;margin:14px 0 6px}
                table{border-collapse:collapse;width:100%%;margin:0 0 14px;font-size:13px}
                th{background:%2$s;color:%3$s;text-align:left;padding:6px 8px;font-weight:bold}
                td{padding:5px 8px;border-bottom:1px solid %9$s;vertical-align:top}
                tbody tr:nth-child(even) td{background:%10$s}
                .num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
                .empty{color:%4$s;margin:4px 0 14px}
                figure{margin:0 0 16px}
                figure svg{display:block;width:100%%;height:auto}
                .legend{display:flex;flex-wrap:wrap;gap:4px 16px;font-size:12px;margin:0 0 4px}
                .legend i{display:inline-block;width:10px;height:10px;border-radius:2px;margin-right:5px;vertical-align:-1px}
                footer{margin:26px 32px 0;padding-top:10px;border-top:1px solid %9$s;color:%4$s;font-size:11.5px}
                @media print{body{background:#fff}.report{max-width:none}}
                """.formatted(Palette.TEXT.css(), palette.brand().css(), palette.onBrand().css(), Palette.MUTED.css(), palette.brandTint().css(),
                palette.brandLine().css(), Palette.UP.css(), Palette.DOWN.css(), Palette.RULE.css(), Palette.ZEBRA.css());
    }
}
