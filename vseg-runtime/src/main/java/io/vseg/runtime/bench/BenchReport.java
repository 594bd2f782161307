package io.vseg.runtime.bench;

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
        sb.append(String.format(Locale.ROOT, "%s on %d sequence(s), %d frames; %d threads (vseg.runtime.threads), "
                        + "%d cores, OMP_NUM_THREADS=%s; warm-up %d frames excluded; times are compute per frame, "
                        + "decode shown apart%n%n", config, sequences.size(), methods.get(0).frames(), threads, cores,
                ompThreads, warmup));
        sb.append("| method | fps | mean ms | p50 | p95 | p99 | key share | speedup | agreement mIoU | GT IoU |");
        components.forEach(c -> sb.append(' ').append(c).append(" ms |"));
        sb.append('\n').append("|---".repeat(10 + components.size())).append("|\n");
        for (MethodReport m : methods) {
            sb.append(String.format(Locale.ROOT, "| %s | %.1f | %.2f | %.2f | %.2f | %.2f | %.2f | %.2fx | %.3f | %s |",
                    m.name(), m.fps(), m.meanMs(), m.p50Ms(), m.p95Ms(), m.p99Ms(), m.keyShare(), m.speedup(),
                    m.agreement(), Double.isNaN(m.groundTruthIou()) ? "-" : String.format(Locale.ROOT, "%.3f",
                            m.groundTruthIou())));
            for (String c : components) {
                Double v = m.componentMs().get(c);
                sb.append(v == null ? " - |" : String.format(Locale.ROOT, " %.2f |", v));
            }
            sb.append('\n');
        }
        return sb.toString();
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
                    .append(", \"speedup\": ").append(num(m.speedup()))
                    .append(", \"agreement_miou\": ").append(num(m.agreement()))
                    .append(", \"gt_iou\": ").append(num(m.groundTruthIou()))
                    .append(", \"gt_iou_per_sequence\": ").append(map(m.perSequenceIou()))
                    .append(", \"component_ms\": ").append(map(m.componentMs()))
                    .append('}').append(i + 1 < methods.size() ? ",\n" : "\n");
        }
        return sb.append("  ]\n}\n").toString();
    }

    public void write(Path dir) throws IOException {
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("bench.json"), json());
        Files.writeString(dir.resolve("bench.md"), markdown());
    }

    private static String num(double v) {
        return Double.isNaN(v) || Double.isInfinite(v) ? "null" : String.format(Locale.ROOT, "%.4f", v);
    }

    private static String map(Map<String, Double> m) {
        StringBuilder sb = new StringBuilder("{");
        m.forEach((k, v) -> sb.append(sb.length() > 1 ? ", " : "").append('"').append(Json.escape(k)).append("\": ")
                .append(num(v)));
        return sb.append('}').toString();
    }
}
