package io.vseg.runtime.ablation;

import java.util.List;
import java.util.Locale;

/** A study's results as CSV (for tools) and a Markdown table (for people), one row per variant. */
public final class ResultsTable {
    private ResultsTable() {
    }

    /** The standard metrics, then any extra ones the rows carry (such as {@code j_person}). */
    static List<String> columns(List<ResultRow> rows) {
        java.util.LinkedHashSet<String> cols = new java.util.LinkedHashSet<>(List.of(ResultRow.METRICS));
        rows.forEach(r -> cols.addAll(r.values().keySet()));
        return List.copyOf(cols);
    }

    public static String csv(List<ResultRow> rows) {
        List<String> columns = columns(rows);
        StringBuilder sb = new StringBuilder("variant,status");
        for (String m : columns) {
            sb.append(',').append(m);
        }
        sb.append(",error\n");
        for (ResultRow r : rows) {
            sb.append(quote(r.variant())).append(',').append(r.ok() ? "ok" : "failed");
            for (String m : columns) {
                double v = r.value(m);
                sb.append(',').append(Double.isNaN(v) ? "" : String.format(Locale.ROOT, "%.4f", v));
            }
            sb.append(',').append(quote(r.error())).append('\n');
        }
        return sb.toString();
    }

    public static String markdown(String title, List<ResultRow> rows) {
        List<String> shown = new java.util.ArrayList<>(List.of("speedup", "agreement", "tc", "j", "f", "jf", "miou"));
        columns(rows).stream().filter(c -> !List.of(ResultRow.METRICS).contains(c)).forEach(shown::add);
        shown.addAll(List.of("key_share", "full_key_share", "fps", "p50_ms", "p95_ms"));
        StringBuilder sb = new StringBuilder("## ").append(title).append("\n\n| variant | status |");
        for (String m : shown) {
            sb.append(' ').append(m).append(" |");
        }
        sb.append('\n').append("|---".repeat(shown.size() + 2)).append("|\n");
        for (ResultRow r : rows) {
            sb.append("| ").append(r.variant()).append(" | ").append(r.ok() ? "ok" : "failed: " + r.error().replace("|", "/"))
                    .append(" |");
            for (String m : shown) {
                double v = r.value(m);
                sb.append(Double.isNaN(v) ? " - |" : String.format(Locale.ROOT, " %.3f |", v));
            }
            sb.append('\n');
        }
        return sb.toString();
    }

    static String quote(String s) {
        return s.contains(",") || s.contains("\"") || s.contains("\n") ? "\"" + s.replace("\"", "\"\"") + "\"" : s;
    }
}
