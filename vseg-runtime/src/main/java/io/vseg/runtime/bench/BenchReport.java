package io.vseg.runtime.bench;

import io.vseg.api.io.AtomicFiles;
import io.vseg.runtime.report.HtmlReport;
import io.vseg.runtime.video.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * A benchmark's figures as a Markdown table (for people) and JSON (for tools), with the settings that qualify
 * every number: threads, cores, warm-up, sequences, frames.
 */
public record BenchReport(String config, List<String> sequences, int threads, int cores, String ompThreads,
                          int warmup, List<MethodReport> methods) {

    public String markdown() {
        Set<String> components = new LinkedHashSet<>();
        methods.forEach(m -> components.addAll(m.componentMs().keySet()));
        StringBuilder sb = new StringBuilder();
        int scored = methods.get(0).sequences().values().stream().mapToInt(SequenceScores::scored).sum();
        sb.append(String.format(Locale.ROOT, "%s on %d sequence(s), %d frames%s; %d threads (vseg.runtime.threads), "
                        + "%d cores, OMP_NUM_THREADS=%s; warm-up %d frames excluded; times are compute per frame, "
                        + "decode shown apart%n%n", config, sequences.size(), methods.get(0).frames(),
                scored == 0 ? "" : " (" + scored + " scored against the labels)", threads, cores, ompThreads, warmup));
        sb.append("| method | fps | mean ms | p50 | p95 | p99 | key share | full key share | segmented area | speedup | ideal | overhead | agreement mIoU | TC | J | F | J&F | mIoU |");
        components.forEach(c -> sb.append(' ').append(c).append(" ms |"));
        sb.append('\n').append("|---".repeat(18 + components.size())).append("|\n");
        for (MethodReport m : methods) {
            sb.append(String.format(Locale.ROOT, "| %s | %.1f | %.2f | %.2f | %.2f | %.2f | %.2f | %.2f | %.3f | %.2fx | %s | %s | %.3f | %s | %s | %s | %s | %s |",
                    m.name(), m.fps(), m.meanMs(), m.p50Ms(), m.p95Ms(), m.p99Ms(), m.keyShare(), m.fullShare(),
                    m.segmentedArea(), m.speedup(), times(m.idealSpeedup()), percent(m.overhead()),
                    m.agreement(), cell(m.tc()), cell(m.j()), cell(m.f()), cell(m.jf()), cell(m.miou())));
            for (String c : components) {
                Double v = m.componentMs().get(c);
                sb.append(v == null ? " - |" : String.format(Locale.ROOT, " %.2f |", v));
            }
            sb.append('\n');
        }
        sb.append(String.format(Locale.ROOT, "%nideal: the baseline's extract time over the method's extract + flow "
                + "time per frame (the framework's own work at no cost); overhead: (total - extract - flow) / extract.%n"));
        return sb.toString();
    }

    /**
     * Per class: each method's IoU of agreement with the baseline, and IoU against the dataset's class labels
     * where it has them (the void class left out).
     */
    public String perClassMarkdown() {
        boolean labelled = methods.stream().flatMap(m -> m.classes().values().stream()).anyMatch(v -> !Double.isNaN(v[1]));
        StringBuilder sb = new StringBuilder("| class |");
        methods.forEach(m -> sb.append(' ').append(m.name()).append(" agreement |"));
        if (labelled) {
            methods.forEach(m -> sb.append(' ').append(m.name()).append(" IoU |"));
        }
        sb.append('\n').append("|---".repeat(1 + methods.size() * (labelled ? 2 : 1))).append("|\n");
        for (String c : methods.get(0).classes().keySet()) {
            sb.append("| ").append(c).append(" |");
            methods.forEach(m -> sb.append(' ').append(cell(m.classes().get(c)[0])).append(" |"));
            if (labelled) {
                methods.forEach(m -> sb.append(' ').append(cell(m.classes().get(c)[1])).append(" |"));
            }
            sb.append('\n');
        }
        return sb.toString();
    }

    private static String times(double v) {
        return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%.2fx", v);
    }

    private static String percent(double v) {
        return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%.0f%%", 100 * v);
    }

    /** Per sequence and method: frames read and scored against the labels, agreement, TC, J, F, mIoU. */
    public String perSequenceMarkdown() {
        StringBuilder sb = new StringBuilder("| sequence | method | frames | scored | agreement | TC | J | F | J&F | mIoU |\n");
        sb.append("|---|---|---|---|---|---|---|---|---|---|\n");
        for (String seq : sequences) {
            for (MethodReport m : methods) {
                SequenceScores s = m.sequences().get(seq);
                if (s != null) {
                    sb.append(String.format(Locale.ROOT, "| %s | %s | %d | %d | %.3f | %s | %s | %s | %s | %s |%n", seq,
                            m.name(), s.frames(), s.scored(), s.agreement(), cell(s.tc()), cell(s.j()), cell(s.f()),
                            cell(s.jf()), cell(s.miou())));
                }
            }
        }
        return sb.toString();
    }

    private static String cell(double v) {
        return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%.3f", v);
    }

    public String json() {
        StringBuilder sb = new StringBuilder("{\n");
        sb.append("  \"config\": \"").append(Json.escape(config)).append("\",\n");
        sb.append("  \"sequences\": [");
        for (int i = 0; i < sequences.size(); i++) {
            sb.append(i > 0 ? ", " : "").append('"').append(Json.escape(sequences.get(i))).append('"');
        }
        sb.append("],\n");
        sb.append("  \"threads\": ").append(threads).append(", \"cores\": ").append(cores)
                .append(", \"omp_num_threads\": \"").append(Json.escape(ompThreads)).append("\", \"warmup_frames\": ")
                .append(warmup).append(",\n  \"methods\": [\n");
        for (int i = 0; i < methods.size(); i++) {
            MethodReport m = methods.get(i);
            sb.append("    {\"name\": \"").append(Json.escape(m.name())).append('"')
                    .append(", \"frames\": ").append(m.frames())
                    .append(", \"fps\": ").append(num(m.fps()))
                    .append(", \"latency_ms\": {\"mean\": ").append(num(m.meanMs())).append(", \"p50\": ")
                    .append(num(m.p50Ms())).append(", \"p95\": ").append(num(m.p95Ms())).append(", \"p99\": ")
                    .append(num(m.p99Ms())).append('}')
                    .append(", \"key_share\": ").append(num(m.keyShare()))
                    .append(", \"full_key_share\": ").append(num(m.fullShare()))
                    .append(", \"segmented_area\": ").append(num(m.segmentedArea()))
                    .append(", \"speedup\": ").append(num(m.speedup()))
                    .append(", \"ideal_speedup\": ").append(num(m.idealSpeedup()))
                    .append(", \"overhead\": ").append(num(m.overhead()))
                    .append(", \"agreement_miou\": ").append(num(m.agreement()))
                    .append(", \"tc\": ").append(num(m.tc()))
                    .append(", \"j\": ").append(num(m.j())).append(", \"f\": ").append(num(m.f()))
                    .append(", \"jf\": ").append(num(m.jf())).append(", \"miou\": ").append(num(m.miou()))
                    .append(", \"per_sequence\": ").append(sequences(m.sequences()))
                    .append(", \"component_ms\": ").append(map(m.componentMs()))
                    .append(", \"classes\": ").append(classes(m.classes()))
                    .append('}').append(i + 1 < methods.size() ? ",\n" : "\n");
        }
        return sb.append("  ]\n}\n").toString();
    }

    /**
     * Writes {@code <stem>.json}, {@code <stem>.md} (the summary, the per-sequence and the per-class tables) and
     * the same as a page to open in a browser, {@code <stem>.html}, into dir.
     */
    public void write(Path dir, String stem) throws IOException {
        Files.createDirectories(dir);
        String md = markdown() + "\n" + perSequenceMarkdown() + "\n" + perClassMarkdown();
        AtomicFiles.writeString(dir.resolve(stem + ".json"), json());
        AtomicFiles.writeString(dir.resolve(stem + ".md"), md);
        AtomicFiles.writeString(dir.resolve(stem + ".html"),
                HtmlReport.page("vseg " + stem + ": " + config, List.of(), md, List.of()));
    }

    private static String num(double v) {
        return Double.isNaN(v) || Double.isInfinite(v) ? "null" : String.format(Locale.ROOT, "%.4f", v);
    }

    private static String sequences(Map<String, SequenceScores> m) {
        StringBuilder sb = new StringBuilder("{");
        m.forEach((k, s) -> sb.append(sb.length() > 1 ? ", " : "").append('"').append(Json.escape(k))
                .append("\": {\"frames\": ").append(s.frames()).append(", \"scored\": ").append(s.scored())
                .append(", \"agreement\": ").append(num(s.agreement()))
                .append(", \"tc\": ").append(num(s.tc())).append(", \"j\": ").append(num(s.j()))
                .append(", \"f\": ").append(num(s.f())).append(", \"miou\": ").append(num(s.miou())).append('}'));
        return sb.append('}').toString();
    }

    private static String classes(Map<String, double[]> m) {
        StringBuilder sb = new StringBuilder("{");
        m.forEach((k, v) -> sb.append(sb.length() > 1 ? ", " : "").append('"').append(Json.escape(k))
                .append("\": {\"agreement_iou\": ").append(num(v[0])).append(", \"iou\": ").append(num(v[1])).append('}'));
        return sb.append('}').toString();
    }

    private static String map(Map<String, Double> m) {
        StringBuilder sb = new StringBuilder("{");
        m.forEach((k, v) -> sb.append(sb.length() > 1 ? ", " : "").append('"').append(Json.escape(k)).append("\": ")
                .append(num(v)));
        return sb.append('}').toString();
    }
}
