package io.vseg.runtime.bench;

import io.vseg.api.FrameResult;
import io.vseg.runtime.eval.ConfusionMatrix;
import io.vseg.runtime.eval.MaskIou;
import io.vseg.runtime.pipeline.Pipeline;
import io.vseg.runtime.video.LabelPngs;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.IntConsumer;

/**
 * Times a pipeline against a baseline (every-frame inference of the same model) on the same decoded frames,
 * in one process, the two processing each frame in turn. Per method, the first {@code warmup} frames run
 * once untimed (JIT, native allocations); then every frame of every sequence is timed. Agreement is the mIoU of the pipeline's labels against the
 * baseline's; where annotations exist, class 1's IoU against them is reported too.
 */
public final class Benchmark {
    private final Pipeline baseline;
    private final Pipeline pipeline;
    private final String name;
    private final int warmup;

    public Benchmark(Pipeline baseline, Pipeline pipeline, String name, int warmup) {
        this.baseline = baseline;
        this.pipeline = pipeline;
        this.name = name;
        this.warmup = Math.max(0, warmup);
    }

    /** Per-method accumulation. */
    private static final class Tally {
        final List<Long> frameNanos = new ArrayList<>();
        final Map<String, Long> componentNanos = new TreeMap<>();
        final Map<String, Double> sequenceIou = new LinkedHashMap<>();
        int keys;

        void add(FrameResult r) {
            frameNanos.add(r.totalNanos());
            r.nanos().forEach((k, v) -> componentNanos.merge(k, v, Long::sum));
            keys += r.isKey() ? 1 : 0;
        }
    }

    /**
     * @param progress told the number of frames done after each (both methods count)
     */
    public List<MethodReport> run(List<BenchSequence> sequences, IntConsumer progress) {
        warm(baseline, sequences.get(0));
        warm(pipeline, sequences.get(0));
        Tally base = new Tally();
        Tally method = new Tally();
        int classes = pipeline.extractor().classes().size();
        ConfusionMatrix agreement = new ConfusionMatrix(classes, -1);
        long decodeNanos = 0;
        int frames = 0;
        int done = 0;
        for (BenchSequence seq : sequences) {
            decodeNanos += seq.decodeNanos();
            frames += seq.frames().size();
            double[] baseIou = new double[seq.frames().size()];
            double[] methodIou = new double[seq.frames().size()];
            baseline.reset();
            pipeline.reset();
            // Frame by frame, the two in turn: a slow spell of a shared machine slows both alike, so the
            // speedup stays a fair ratio.
            for (int i = 0; i < seq.frames().size(); i++) {
                FrameResult r = baseline.process(seq.frames().get(i));
                base.add(r);
                int[] reference = r.segmentation().labels();
                baseIou[i] = groundTruthIou(seq, i, reference);
                FrameResult m = pipeline.process(seq.frames().get(i));
                method.add(m);
                int[] labels = m.segmentation().labels();
                agreement.add(reference, labels);
                methodIou[i] = groundTruthIou(seq, i, labels);
                done += 2;
                progress.accept(done);
            }
            if (seq.annotations() != null) {
                base.sequenceIou.put(seq.name(), Arrays.stream(baseIou).average().orElse(Double.NaN));
                method.sequenceIou.put(seq.name(), Arrays.stream(methodIou).average().orElse(Double.NaN));
            }
        }
        double decodeMs = decodeNanos / 1e6 / frames;
        double baseMean = mean(base.frameNanos);
        MethodReport b = report("every-frame", base, 1.0, 1.0, baseMean, decodeMs);
        MethodReport m = report(name, method, baseMean / mean(method.frameNanos), agreement.meanIou(), baseMean,
                decodeMs);
        return List.of(b, m);
    }

    private void warm(Pipeline p, BenchSequence seq) {
        p.reset();
        for (int i = 0; i < Math.min(warmup, seq.frames().size()); i++) {
            p.process(seq.frames().get(i));
        }
        p.reset();
    }

    private static MethodReport report(String name, Tally t, double speedup, double agreement, double baseMean,
                                       double decodeMs) {
        int n = t.frameNanos.size();
        long[] sorted = t.frameNanos.stream().mapToLong(Long::longValue).sorted().toArray();
        Map<String, Double> components = new LinkedHashMap<>();
        components.put("decode", decodeMs);
        t.componentNanos.forEach((k, v) -> components.put(k, v / 1e6 / n));
        double gt = t.sequenceIou.values().stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
        return new MethodReport(name, n, (double) t.keys / n, mean(t.frameNanos) / 1e6, percentile(sorted, 50),
                percentile(sorted, 95), percentile(sorted, 99), components, speedup, agreement, gt,
                Map.copyOf(t.sequenceIou));
    }

    private static double mean(List<Long> values) {
        return values.stream().mapToLong(Long::longValue).average().orElse(0);
    }

    /** Nearest-rank percentile, in milliseconds. */
    private static double percentile(long[] sorted, int p) {
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))] / 1e6;
    }

    private static double groundTruthIou(BenchSequence seq, int i, int[] labels) {
        if (seq.annotations() == null) {
            return Double.NaN;
        }
        Path png = seq.annotations().resolve(seq.frameNames().get(i) + ".png");
        if (!Files.isRegularFile(png)) {
            return Double.NaN;
        }
        try {
            return MaskIou.of(LabelPngs.read(png).values(), labels, 1);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
