package io.vseg.runtime.bench;

import io.vseg.api.Frame;
import io.vseg.api.FrameResult;
import io.vseg.api.Plan;
import io.vseg.api.SequenceInputs;
import io.vseg.api.spi.FlowEstimator;
import io.vseg.api.tensor.FlowField;
import io.vseg.runtime.dataset.Dataset;
import io.vseg.runtime.eval.BoundaryF;
import io.vseg.runtime.eval.ConfusionMatrix;
import io.vseg.runtime.eval.MaskIou;
import io.vseg.runtime.eval.TemporalConsistency;
import io.vseg.runtime.pipeline.FrameException;
import io.vseg.runtime.pipeline.OutputClasses;
import io.vseg.runtime.pipeline.Pipeline;
import io.vseg.runtime.pipeline.SequenceException;
import io.vseg.runtime.video.FrameSource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.IntConsumer;

/**
 * The one measuring protocol of vseg: a pipeline against a baseline (every-frame inference of the same
 * model) on the same decoded frames, in one process, the two processing each frame in turn so that a slow
 * spell of a shared machine slows both alike. Per method, the first {@code warmup} frames run once untimed;
 * then every frame of every sequence is timed (compute only; decoding is measured apart, once).
 *
 * <p>Scores per sequence: agreement (mIoU against the baseline's labels), optionally temporal consistency
 * (with one fixed flow estimator for all methods), and against the dataset's labels J and F per object
 * (object masks) or mIoU (class labels), on the frames {@link ScoredFrames} selects (by default every frame;
 * the DAVIS benchmark's frames 1..n-2 for semi-supervised object segmentation).
 */
public final class Benchmark {
    private final Pipeline baseline;
    private final Pipeline pipeline;
    private final String name;
    private final String baselineName;
    private final int warmup;
    private final FlowEstimator tcFlow;

    /**
     * @param tcFlow the fixed flow estimator for temporal consistency, or null to skip TC
     */
    public Benchmark(Pipeline baseline, Pipeline pipeline, String name, int warmup, FlowEstimator tcFlow) {
        this(baseline, Evaluator.BASELINE, pipeline, name, warmup, tcFlow);
    }

    /** As above, with the baseline's row named {@code baselineName} (when it is another configuration). */
    public Benchmark(Pipeline baseline, String baselineName, Pipeline pipeline, String name, int warmup,
                     FlowEstimator tcFlow) {
        this.baseline = baseline;
        this.baselineName = baselineName;
        this.pipeline = pipeline;
        this.name = name;
        this.warmup = Math.max(0, warmup);
        this.tcFlow = tcFlow;
    }

    /** Per-method accumulation. */
    private static final class Tally {
        final List<Long> frameNanos = new ArrayList<>();
        final Map<String, Long> componentNanos = new TreeMap<>();
        final Map<String, SequenceScores> sequences = new LinkedHashMap<>();
        ConfusionMatrix agreement;
        ConfusionMatrix labels;
        int keys;
        int fullKeys;
        double segmentedArea;

        void addClasses(Scorer scorer) {
            if (agreement == null) {
                agreement = scorer.agreement;
                labels = scorer.classes;
            } else {
                // Sequences may differ in their number of classes (their objects, vseg.output.classes = objects).
                agreement = agreement.widened(scorer.agreement.classes());
                labels = labels.widened(scorer.classes.classes());
                agreement.addAll(scorer.agreement);
                labels.addAll(scorer.classes);
            }
        }

        void add(FrameResult r) {
            fullKeys += r.plan() instanceof Plan.Key k && k.isFull() ? 1 : 0;
            frameNanos.add(r.totalNanos());
            r.nanos().forEach((k, v) -> componentNanos.merge(k, v, Long::sum));
            keys += r.isKey() ? 1 : 0;
            segmentedArea += r.segmentedArea();
        }
    }

    /** Per-method, per-sequence scoring. */
    static final class Scorer {
        final ConfusionMatrix agreement;
        final ConfusionMatrix classes;
        final Map<Integer, double[]> objectSums = new TreeMap<>(); // id -> {J sum, F sum, frames}
        double tcSum;
        int tcPairs;
        int scored;
        int[] previous;

        /** Whether the labels say where the objects are: J and F are scored (else they are NaN). */
        final boolean objectLabels;

        /**
         * @param objectLabels whether a label k marks object k: the output is the sequence's objects, or the
         *                     extractor's two classes (background and the object); a street-scene model's class 1
         *                     is no DAVIS object
         */
        Scorer(int classCount, int voidLabel, boolean objectLabels) {
            agreement = new ConfusionMatrix(classCount, -1);
            classes = new ConfusionMatrix(classCount, voidLabel);
            this.objectLabels = objectLabels;
        }

        /**
         * @param score whether this frame is scored against {@code truth} ({@link ScoredFrames}); the objects
         *              scored are those of the first annotated frame, scored or not (as in the DAVIS code)
         */
        void add(int[] reference, int[] labels, Optional<int[]> truth, boolean score, Dataset.LabelKind kind,
                 FlowField back, int w, int h, int classCount) {
            agreement.add(reference, labels);
            if (back != null && previous != null) {
                tcSum += TemporalConsistency.pair(previous, labels, back, w, h, classCount);
                tcPairs++;
            }
            previous = labels;
            if (truth.isEmpty()) {
                return;
            }
            int[] t = truth.get();
            if (kind == Dataset.LabelKind.OBJECTS && objectLabels && objectSums.isEmpty()) {
                new TreeSet<>(java.util.Arrays.stream(t).boxed().filter(v -> v > 0).toList())
                        .forEach(id -> objectSums.put(id, new double[3]));
            }
            if (!score) {
                return;
            }
            scored++;
            if (kind == Dataset.LabelKind.CLASSES) {
                classes.add(t, labels);
                return;
            }
            for (Map.Entry<Integer, double[]> e : objectSums.entrySet()) {
                int id = e.getKey();
                boolean[] tm = new boolean[t.length];
                boolean[] pm = new boolean[t.length];
                for (int p = 0; p < t.length; p++) {
                    tm[p] = t[p] == id;
                    pm[p] = labels[p] == id;
                }
                e.getValue()[0] += MaskIou.of(tm, pm);
                e.getValue()[1] += BoundaryF.of(tm, pm, w, h);
                e.getValue()[2]++;
            }
        }

        SequenceScores scores(int frames, Dataset.LabelKind kind) {
            double j = Double.NaN;
            double f = Double.NaN;
            if (kind == Dataset.LabelKind.OBJECTS && !objectSums.isEmpty()) {
                j = objectSums.values().stream().mapToDouble(v -> v[0] / v[2]).average().orElse(Double.NaN);
                f = objectSums.values().stream().mapToDouble(v -> v[1] / v[2]).average().orElse(Double.NaN);
            }
            double miou = kind == Dataset.LabelKind.CLASSES ? classes.meanIou() : Double.NaN;
            return new SequenceScores(frames, scored, agreement.meanIou(), tcPairs == 0 ? Double.NaN : tcSum / tcPairs, j, f,
                    miou);
        }
    }

    /** As below, scoring the frames {@link ScoredFrames#defaultFor} the dataset and the pipeline. */
    public List<MethodReport> run(Dataset dataset, int maxFrames, IntConsumer progress) {
        return run(dataset, maxFrames, null, progress);
    }

    /**
     * @param maxFrames frames per sequence (0 = all)
     * @param scored    the frames of each sequence scored against the dataset's labels; null for
     *                  {@link ScoredFrames#defaultFor} the dataset and the pipeline's output
     * @param progress  told the number of frames done (both methods count) after each
     */
    public List<MethodReport> run(Dataset dataset, int maxFrames, ScoredFrames scored, IntConsumer progress) {
        ScoredFrames selection = scored != null ? scored : ScoredFrames.defaultFor(dataset, pipeline.output());
        Tally base = new Tally();
        Tally method = new Tally();
        long decodeNanos = 0;
        int frames = 0;
        int done = 0;
        boolean warm = false;
        for (String seq : dataset.sequences()) {
            List<Frame> decoded = new ArrayList<>();
            List<String> names = new ArrayList<>();
            decodeNanos += decode(dataset, seq, maxFrames, decoded, names);
            frames += decoded.size();
            SequenceInputs inputs = inputs(dataset, seq);
            if (!warm) {
                warm(baseline, decoded, seq, names, inputs);
                warm(pipeline, decoded, seq, names, inputs);
                warm = true;
            }
            baseline.reset(inputs);
            pipeline.reset(inputs);
            // The labels index the extractor's classes, or (vseg.output.classes = objects) this sequence's objects.
            int classCount = Math.max(baseline.outputClasses().size(), pipeline.outputClasses().size());
            boolean objectLabels = pipeline.output() == OutputClasses.OBJECTS || classCount == 2;
            Scorer baseScore = new Scorer(classCount, dataset.voidLabel(), objectLabels);
            Scorer methodScore = new Scorer(classCount, dataset.voidLabel(), objectLabels);
            for (int i = 0; i < decoded.size(); i++) {
                Frame frame = decoded.get(i);
                // Whichever runs second on a frame finds it warm in the caches: alternate who goes first.
                FrameResult r;
                FrameResult m;
                try {
                    if (i % 2 == 0) {
                        r = baseline.process(frame);
                        m = pipeline.process(frame);
                    } else {
                        m = pipeline.process(frame);
                        r = baseline.process(frame);
                    }
                } catch (FrameException e) {
                    throw new SequenceException(seq + ": frame " + frame.index() + " (" + names.get(i) + "): "
                            + e.detail(), e);
                }
                base.add(r);
                method.add(m);
                int[] reference = r.segmentation().labels();
                int[] labels = m.segmentation().labels();
                Optional<int[]> truth = truth(dataset, seq, names.get(i), frame.width(), frame.height());
                if (truth.isPresent() && dataset.labelKind() == Dataset.LabelKind.CLASSES) {
                    checkClasses(truth.get(), classCount, dataset.voidLabel(), seq, frame, names.get(i));
                }
                FlowField back = tcFlow != null && i > 0 ? tcFlow(decoded.get(i - 1), frame, seq, names.get(i)) : null;
                boolean score = selection.scores(i, decoded.size());
                baseScore.add(reference, reference, truth, score, dataset.labelKind(), back, frame.width(), frame.height(),
                        classCount);
                methodScore.add(reference, labels, truth, score, dataset.labelKind(), back, frame.width(), frame.height(),
                        classCount);
                done += 2;
                progress.accept(done);
            }
            base.sequences.put(seq, baseScore.scores(decoded.size(), dataset.labelKind()));
            method.sequences.put(seq, methodScore.scores(decoded.size(), dataset.labelKind()));
            base.addClasses(baseScore);
            method.addClasses(methodScore);
        }
        double decodeMs = decodeNanos / 1e6 / Math.max(1, frames);
        double baseMean = mean(base.frameNanos);
        double baseExtract = base.componentNanos.getOrDefault("extract", 0L) / 1e6 / base.frameNanos.size();
        List<String> classNames = pipeline.output() == OutputClasses.OBJECTS
                ? objectNames(method.agreement == null ? 1 : method.agreement.classes())
                : pipeline.extractor().classes().names();
        return List.of(report(baselineName, base, 1.0, 1.0, baseExtract, classNames, decodeMs),
                report(name, method, baseMean / mean(method.frameNanos), method.agreement.meanIou(), baseExtract, classNames,
                        decodeMs));
    }

    /** The classes of object labels across sequences: the background, then each sequence's k-th object. */
    private static List<String> objectNames(int classes) {
        List<String> names = new ArrayList<>(List.of("background"));
        for (int k = 1; k < classes; k++) {
            names.add("object " + k);
        }
        return names;
    }

    private static long decode(Dataset dataset, String seq, int maxFrames, List<Frame> frames, List<String> names) {
        try (FrameSource source = dataset.open(seq)) {
            long nanos = 0;
            while (maxFrames <= 0 || frames.size() < maxFrames) {
                long t0 = System.nanoTime();
                Optional<Frame> f = source.next();
                nanos += System.nanoTime() - t0;
                if (f.isEmpty()) {
                    break;
                }
                frames.add(f.get());
                names.add(source.frameName(f.get().index()));
            }
            if (frames.isEmpty()) {
                throw new IOException(seq + ": no frames");
            }
            return nanos;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Class labels must be the model's classes or void: another value is said with the frame it is in. */
    private static void checkClasses(int[] labels, int classCount, int voidLabel, String seq, Frame frame, String name) {
        for (int label : labels) {
            if (label != voidLabel && (label < 0 || label >= classCount)) {
                throw new SequenceException(seq + ": frame " + frame.index() + " (" + name + "): the labels hold class "
                        + label + ", but the model has " + classCount + " classes and the void label is " + voidLabel
                        + " (--void)", null);
            }
        }
    }

    /** The fixed estimator's flow between two frames, for temporal consistency; its failure names the frame. */
    private FlowField tcFlow(Frame previous, Frame frame, String seq, String name) {
        try {
            return tcFlow.estimate(previous.image(), frame.image());
        } catch (RuntimeException e) {
            throw new SequenceException(seq + ": frame " + frame.index() + " (" + name + "): flow for temporal "
                    + "consistency: " + e.getMessage(), e);
        }
    }

    private static SequenceInputs inputs(Dataset dataset, String seq) {
        try {
            return dataset.inputs(seq);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Optional<int[]> truth(Dataset dataset, String seq, String frameName, int width, int height) {
        try {
            return dataset.labels(seq, frameName, width, height);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void warm(Pipeline p, List<Frame> frames, String seq, List<String> names, SequenceInputs inputs) {
        p.reset(inputs);
        for (int i = 0; i < Math.min(warmup, frames.size()); i++) {
            try {
                p.process(frames.get(i));
            } catch (FrameException e) {
                throw new SequenceException(seq + ": frame " + i + " (" + names.get(i) + ", warm-up): " + e.detail(), e);
            }
        }
        p.reset(inputs);
    }

    /**
     * @param baseExtract the baseline's extract milliseconds per frame, for the ideal speedup
     */
    private static MethodReport report(String name, Tally t, double speedup, double agreement, double baseExtract,
                                       List<String> classNames, double decodeMs) {
        int n = t.frameNanos.size();
        long[] sorted = t.frameNanos.stream().mapToLong(Long::longValue).sorted().toArray();
        Map<String, Double> components = new LinkedHashMap<>();
        components.put("decode", decodeMs);
        t.componentNanos.forEach((k, v) -> components.put(k, v / 1e6 / n));
        double unavoidable = components.getOrDefault("extract", 0.0) + components.getOrDefault("flow", 0.0);
        double ideal = unavoidable == 0 ? Double.NaN : baseExtract / unavoidable;
        Map<String, double[]> classes = new LinkedHashMap<>();
        double[] agreed = t.agreement == null ? new double[0] : t.agreement.classIou();
        double[] labelled = t.labels == null ? new double[0] : t.labels.classIou();
        for (int c = 0; c < Math.min(classNames.size(), agreed.length); c++) {
            classes.put(classNames.get(c), new double[] {agreed[c], labelled[c]});
        }
        return new MethodReport(name, n, (double) t.keys / n, (double) t.fullKeys / n, t.segmentedArea / n,
                mean(t.frameNanos) / 1e6, percentile(sorted, 50), percentile(sorted, 95), percentile(sorted, 99),
                // In the order run: Map.copyOf's order changes from JVM to JVM, and with it bench.json's order and
                // the last digits of means over sequences.
                components, speedup, agreement, ideal, classes,
                Collections.unmodifiableMap(new LinkedHashMap<>(t.sequences)));
    }

    private static double mean(List<Long> values) {
        return values.stream().mapToLong(Long::longValue).average().orElse(0);
    }

    /** Nearest-rank percentile, in milliseconds. */
    private static double percentile(long[] sorted, int p) {
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))] / 1e6;
    }
}
