package io.vseg.runtime.student;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The shape of vseg's staged student network: channel widths per stage, the depth of the expensive stage and
 * the width of the head. Everything else (kernels, strides) is fixed by {@link StudentNet}.
 *
 * <pre>
 * stage    layers (3x3 conv + batch norm + ReLU unless noted)             stride  reads
 * stage1   3 -> stage1/2 (stride 2), stage1/2 -> stage1 (stride 2)        4       image
 * stage2   stage1 -> stage2 (stride 2), stage2 -> stage2                  8       stage1
 * scores2  1x1 conv stage2 -> classes (class scores, for adaptive clocks) 8       stage2
 * stage3   stage2 -> stage3 (stride 2), depth x (stage3 -> stage3)        16      stage2
 * logits   1x1 stage3 -> head, x2 up + 1x1 stage2 -> head, ReLU,           4       stage1, stage2, stage3
 *          x2 up + 1x1 stage1 -> head, ReLU, 1x1 head -> classes
 * </pre>
 *
 * @param stage1  channels of stage1 (even)
 * @param stage2  channels of stage2
 * @param stage3  channels of stage3
 * @param depth   3x3 layers of stage3 after its strided one
 * @param head    channels of the head's fused skips
 * @param classes output classes
 */
public record StudentArchitecture(int stage1, int stage2, int stage3, int depth, int head, int classes) {
    public static final String STAGE1 = "stage1";
    public static final String STAGE2 = "stage2";
    public static final String SCORES2 = "scores2";
    public static final String STAGE3 = "stage3";

    public StudentArchitecture {
        if (stage1 < 2 || stage1 % 2 != 0) {
            throw new IllegalArgumentException("channels.stage1: an even number >= 2, got " + stage1);
        }
        positive("channels.stage2", stage2);
        positive("channels.stage3", stage3);
        positive("channels.head", head);
        positive("classes", classes);
        if (depth < 0) {
            throw new IllegalArgumentException("depth: >= 0, got " + depth);
        }
    }

    private static void positive(String key, int v) {
        if (v < 1) {
            throw new IllegalArgumentException(key + ": must be positive, got " + v);
        }
    }

    /** One stage: its name, stride against the network input, channels, and the stages it reads. */
    public record Stage(String name, int stride, int channels, List<String> inputs) {
    }

    /** The stages from shallow to deep, ending with {@code logits}. */
    public List<Stage> stages() {
        return List.of(
                new Stage(STAGE1, 4, stage1, List.of()),
                new Stage(STAGE2, 8, stage2, List.of(STAGE1)),
                new Stage(SCORES2, 8, classes, List.of(STAGE2)),
                new Stage(STAGE3, 16, stage3, List.of(STAGE2)),
                new Stage("logits", 4, classes, List.of(STAGE1, STAGE2, STAGE3)));
    }

    /** Multiply-accumulates per stage for an input of {@code width x height} (multiples of 16). */
    public List<Long> macs(int width, int height) {
        long p2 = (long) (width / 2) * (height / 2);
        long p4 = (long) (width / 4) * (height / 4);
        long p8 = p4 / 4;
        long p16 = p8 / 4;
        int half = stage1 / 2;
        long s1 = p2 * half * 3 * 9 + p4 * stage1 * half * 9;
        long s2 = p8 * stage2 * stage1 * 9 + p8 * stage2 * stage2 * 9;
        long sc = p8 * classes * stage2;
        long s3 = p16 * stage3 * stage2 * 9 + depth * p16 * stage3 * stage3 * 9;
        long lg = p16 * head * stage3 + p8 * head * stage2 + p4 * head * stage1 + p4 * classes * head;
        return List.of(s1, s2, sc, s3, lg);
    }

    /** The layer table with multiply-accumulates per stage, as Markdown, for the model card and the README. */
    public String table(int width, int height) {
        List<Long> macs = macs(width, height);
        List<String> rows = new ArrayList<>();
        rows.add("| stage | stride | channels | reads | MMAC at " + width + "x" + height + " |");
        rows.add("|---|---|---|---|---|");
        List<Stage> stages = stages();
        for (int i = 0; i < stages.size(); i++) {
            Stage s = stages.get(i);
            rows.add(String.format(Locale.ROOT, "| %s | %d | %d | %s | %.1f |", s.name(), s.stride(), s.channels(),
                    s.inputs().isEmpty() ? "image" : String.join(", ", s.inputs()), macs.get(i) / 1e6));
        }
        return String.join("\n", rows) + "\n";
    }
}
