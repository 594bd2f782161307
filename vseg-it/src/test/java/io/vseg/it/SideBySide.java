package io.vseg.it;

import io.vseg.api.Frame;
import io.vseg.api.FrameResult;
import io.vseg.api.SequenceInputs;
import io.vseg.runtime.dataset.Dataset;
import io.vseg.runtime.eval.ConfusionMatrix;
import io.vseg.runtime.eval.MaskIou;
import io.vseg.runtime.pipeline.Pipeline;
import io.vseg.runtime.video.FrameSource;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The accuracy half of {@code vseg bench}'s protocol for several methods at once: every sequence is decoded once,
 * and a reference pipeline (every-frame inference) and each method run on the same frames. Per method: agreement
 * (mIoU of its labels against the reference's, one confusion matrix over all frames, as {@code Benchmark} pools
 * it), the mean share of the frame area segmented fresh, and on DAVIS J of object 1 (DAVIS 2016's single object),
 * the mean over sequences of the per-frame IoU. No timing: these are the deterministic figures the README states,
 * measured without running the reference once per method.
 */
final class SideBySide {
    /** One method's figures. */
    record Figures(double agreement, double area, double keyShare, double j, Map<String, Double> agreementBySequence) {
    }

    private SideBySide() {
    }

    /**
     * @param reference every-frame inference; its own figures come first in the result (agreement 1)
     * @param methods   the methods, in order
     * @param maxFrames frames per sequence (0: all)
     */
    static List<Figures> run(Dataset dataset, Pipeline reference, List<Pipeline> methods, int maxFrames)
            throws IOException {
        List<Pipeline> all = new ArrayList<>();
        all.add(reference);
        all.addAll(methods);
        int n = all.size();
        int classes = reference.extractor().classes().size();
        List<ConfusionMatrix> pooled = new ArrayList<>();
        List<Map<String, Double>> bySequence = new ArrayList<>();
        double[] area = new double[n];
        double[] keys = new double[n];
        double[] jSum = new double[n];
        int frames = 0;
        int annotated = 0;
        for (int m = 0; m < n; m++) {
            pooled.add(new ConfusionMatrix(classes, -1));
            bySequence.add(new LinkedHashMap<>());
        }
        for (String seq : dataset.sequences()) {
            SequenceInputs inputs = dataset.inputs(seq);
            all.forEach(p -> p.reset(inputs));
            List<ConfusionMatrix> agreement = new ArrayList<>();
            for (int m = 0; m < n; m++) {
                agreement.add(new ConfusionMatrix(classes, -1));
            }
            double[] seqJ = new double[n];
            int seqAnnotated = 0;
            try (FrameSource source = dataset.open(seq)) {
                for (int read = 0; maxFrames <= 0 || read < maxFrames; read++) {
                    Optional<Frame> next = source.next();
                    if (next.isEmpty()) {
                        break;
                    }
                    Frame frame = next.get();
                    Optional<int[]> truth = dataset.labels(seq, source.frameName(frame.index()), frame.width(), frame.height());
                    int[] ref = null;
                    for (int m = 0; m < n; m++) {
                        FrameResult r = all.get(m).process(frame);
                        int[] labels = r.segmentation().labels();
                        ref = m == 0 ? labels : ref;
                        agreement.get(m).add(ref, labels);
                        area[m] += r.segmentedArea();
                        keys[m] += r.isKey() ? 1 : 0;
                        if (truth.isPresent() && dataset.labelKind() == Dataset.LabelKind.OBJECTS) {
                            seqJ[m] += MaskIou.of(truth.get(), labels, 1);
                        }
                    }
                    frames++;
                    seqAnnotated += truth.isPresent() ? 1 : 0;
                }
            }
            for (int m = 0; m < n; m++) {
                pooled.get(m).addAll(agreement.get(m));
                bySequence.get(m).put(seq, agreement.get(m).meanIou());
                if (seqAnnotated > 0) {
                    jSum[m] += seqJ[m] / seqAnnotated;
                }
            }
            annotated += seqAnnotated > 0 ? 1 : 0;
        }
        List<Figures> out = new ArrayList<>();
        for (int m = 0; m < n; m++) {
            out.add(new Figures(pooled.get(m).meanIou(), area[m] / frames, keys[m] / frames,
                    annotated == 0 ? Double.NaN : jSum[m] / annotated, Map.copyOf(bySequence.get(m))));
        }
        return out;
    }
}
