package io.vseg.runtime.bench;

import io.vseg.api.Features;
import io.vseg.api.Frame;
import io.vseg.api.spi.FeatureExtractor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Time per network stage: on each frame the full forward pass ({@code logits} from nothing), then each stage
 * alone with every other stage's output given as cached input, which is what a stage-wise scheduler pays
 * for refreshing only that stage. Frames are decoded beforehand; warm-up frames are run and not timed; the
 * order of the measurements rotates from frame to frame so that none always runs on a cold cache.
 */
public final class StageProfile {
    /** The full pass's row name. */
    public static final String FULL = "full (logits from the image)";

    private StageProfile() {
    }

    /** Milliseconds per frame of each measurement, in stage order, the full pass first. */
    public record Row(String name, double meanMs, double p50Ms, double shareOfFull) {
    }

    public static List<Row> run(FeatureExtractor extractor, List<Frame> frames, int warmup) {
        List<String> stages = extractor.stages();
        List<String> names = new ArrayList<>();
        names.add(FULL);
        names.addAll(stages);
        Map<String, long[]> times = new LinkedHashMap<>();
        int timed = Math.max(0, frames.size() - warmup);
        names.forEach(n -> times.put(n, new long[timed]));
        for (int i = 0; i < frames.size(); i++) {
            Frame frame = frames.get(i);
            Features all = extractor.extract(frame.image(), Set.copyOf(stages), Features.empty());
            for (int k = 0; k < names.size(); k++) {
                String name = names.get((k + i) % names.size());
                long t0 = System.nanoTime();
                if (name.equals(FULL)) {
                    extractor.extract(frame.image(), Set.of(Features.LOGITS), Features.empty());
                } else {
                    extractor.extract(frame.image(), Set.of(name), all);
                }
                long t = System.nanoTime() - t0;
                if (i >= warmup) {
                    times.get(name)[i - warmup] = t;
                }
            }
        }
        List<Row> rows = new ArrayList<>();
        double full = mean(times.get(FULL));
        for (String n : names) {
            long[] t = times.get(n).clone();
            Arrays.sort(t);
            double mean = mean(t);
            rows.add(new Row(n, mean, t.length == 0 ? 0 : t[t.length / 2] / 1e6, full == 0 ? 0 : mean / full));
        }
        return rows;
    }

    private static double mean(long[] t) {
        return t.length == 0 ? 0 : Arrays.stream(t).average().orElse(0) / 1e6;
    }

    /** The rows as a Markdown table. */
    public static String markdown(List<Row> rows) {
        StringBuilder sb = new StringBuilder("| stage | mean ms | p50 ms | share of full |\n|---|---|---|---|\n");
        for (Row r : rows) {
            sb.append(String.format(Locale.ROOT, "| %s | %.2f | %.2f | %.0f%% |%n", r.name(), r.meanMs(), r.p50Ms(),
                    100 * r.shareOfFull()));
        }
        return sb.toString();
    }
}
