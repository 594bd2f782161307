package io.vseg.runtime.ablation;

import java.util.List;
import java.util.Locale;

/** A study's results as CSV (for tools) and a Markdown table (for people), one row per variant. */
public final class ResultsTable {
    private ResultsTable() {
    }

    public static String csv(List<ResultRow> rows) {
        StringBuilder sb = new StringBuilder("variant,status");
        for (String m : ResultRow.METRICS) {
            sb.append(',').append(m);
        }
        sb.append(",error\n");
        for (ResultRow r : rows) {
            sb.append(quote(r.variant())).append(',').append(r.ok() ? "ok" : "failed");
            for (String m : ResultRow.METRICS) {
                double v = r.value(m);
                sb.append(',').append(Double.isNaN(v) ? "" : String.format(Locale.ROOT, "%.4f", v));
            }
            sb.append(',').append(quote(r.error())).append('\n');
        }
        return sb.toString();
    }

    public static String markdown(String title, List<ResultRow> rows) {
        String[] shown = {"speedup", "agreement", "tc", "j", "f", "jf", "miou", "key_share", "fps", "p50_ms", "p95_ms"};
        StringBuilder sb = new StringBuilder("## ").append(title).append("\n\n| variant | status |");
        for (String m : shown) {
            sb.append(' ').append(m).append(" |");
        }
        sb.append('\n').append("|---".repeat(shown.length + 2)).append("|\n");
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

    private static String quote(String s) {
        return s.contains(",") || s.contains("\"") || s.contains("\n") ? "\"" + s.replace("\"", "\"\"") + "\"" : s;
    }
}
