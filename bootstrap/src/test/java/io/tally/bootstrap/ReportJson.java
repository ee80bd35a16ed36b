package io.tally.bootstrap;

import java.util.List;
import java.util.Map;

/** Reads a report rendered as JSON: its key figures by label, a section's table columns and rows, its text. */
final class ReportJson {

    private ReportJson() {
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> figure(Map<String, Object> report, String label) {
        return ((List<Map<String, Object>>) report.get("key_figures")).stream().filter(figure -> label.equals(figure.get("label"))).findFirst()
                .orElseThrow(() -> new AssertionError("no key figure " + label + " in " + report.get("key_figures")));
    }

    @SuppressWarnings("unchecked")
    static List<String> figureLabels(Map<String, Object> report) {
        return ((List<Map<String, Object>>) report.get("key_figures")).stream().map(figure -> (String) figure.get("label")).toList();
    }

    /** The blocks of the section with this title. */
    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> blocks(Map<String, Object> report, String section) {
        return ((List<Map<String, Object>>) report.get("sections")).stream().filter(one -> section.equals(one.get("title"))).findFirst()
                .map(one -> (List<Map<String, Object>>) one.get("blocks"))
                .orElseThrow(() -> new AssertionError("no section " + section));
    }

    /** The section's first table. */
    static Map<String, Object> table(Map<String, Object> report, String section) {
        return blocks(report, section).stream().filter(block -> "table".equals(block.get("kind"))).findFirst()
                .orElseThrow(() -> new AssertionError("no table in " + section));
    }

    @SuppressWarnings("unchecked")
    static List<String> columns(Map<String, Object> report, String section) {
        return ((List<Map<String, Object>>) table(report, section).get("columns")).stream().map(column -> (String) column.get("name")).toList();
    }

    @SuppressWarnings("unchecked")
    static List<List<Object>> rows(Map<String, Object> report, String section) {
        return (List<List<Object>>) table(report, section).get("rows");
    }

    /** The section's blocks of a kind ({@code text}, {@code breakdown}, {@code time_series}…). */
    static List<Map<String, Object>> of(Map<String, Object> report, String section, String kind) {
        return blocks(report, section).stream().filter(block -> kind.equals(block.get("kind"))).toList();
    }
}
