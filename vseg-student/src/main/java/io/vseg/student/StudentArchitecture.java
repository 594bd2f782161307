package io.vseg.student;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The shape of vseg's staged student network: its layout, channel widths per stage, the depth of the expensive
 * stage and the width of the head. Everything else (kernels, strides) is fixed by {@link StudentNet}.
 *
 * <p>Layout {@code plain}: widths and depth configurable, trained from scratch.
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
 * <p>Layout {@code mobile}: MobileNetV3-style inverted residual blocks with the widths, kernels and activations of
 * the encoder of MediaPipe's selfie segmentation model (the bundled teacher), and that model's three decoder
 * levels and transposed-convolution classifier as the head, so that the whole network can start from that
 * network's weights ({@link PretrainedWeights}); the widths are fixed. Input in [0, 1]. Block: 1x1 expand + act,
 * depthwise kxk (stride s) + act, optional squeeze-excite (mean, 1x1 + ReLU, 1x1 + sigmoid, scale), 1x1 project;
 * a residual when s = 1 and the widths match. hs: hard-swish. Padding as TensorFlow's SAME (one more pixel after
 * than before on stride 2), as the source network was trained. Fusion (deep, skip) to c channels: y = 1x1 of
 * (deep x2 up, bilinear) to c; z = y + skip * SE gate of (y + skip); x = ReLU(1x1 z); out = x + ReLU(3x3
 * depthwise x).
 * <pre>
 * stage    layers                                                                            stride  reads
 * stem     3x3 conv 3 -> 16 stride 2 + hs                                                    2       image
 * stage1   block 16 -> 16 (expand 16, 3x3, stride 2, ReLU, SE 8)                             4       stem
 * stage2   block 16 -> 24 (expand 72, 3x3, stride 2, ReLU); block 24 -> 24 (expand 88, 3x3, ReLU)  8  stage1
 * scores2  1x1 conv 24 -> classes                                                            8       stage2
 * stage3   block 24 -> 32 (expand 96, 5x5, stride 2, hs, SE 24); blocks 32 -> 32 (expand 128, 128, 96,
 *          96; 5x5, hs, SE expand/4); 1x1 32 -> 128 + ReLU times sigmoid(1x1 32 -> 128 of the mean)  16  stage2
 * logits   fusion (stage3, stage2) to 24; fusion (that, stage1) to 16; fusion (that, stem) to 16;
 *          2x2 transposed conv stride 2, 16 -> classes                                       1       stem, stage1,
 *                                                                                                    stage2, stage3
 * </pre>
 *
 * @param layout  plain or mobile
 * @param stage1  channels of stage1 (even)
 * @param stage2  channels of stage2
 * @param stage3  channels of stage3
 * @param depth   3x3 layers of stage3 after its strided one
 * @param head    channels of the head's fused skips (plain; mobile: 16, the last fusion's)
 * @param classes output classes
 */
public record StudentArchitecture(Layout layout, int stage1, int stage2, int stage3, int depth, int head,
                                  int classes) {
    public static final String STEM = "stem";
    public static final String STAGE1 = "stage1";
    public static final String STAGE2 = "stage2";
    public static final String SCORES2 = "scores2";
    public static final String STAGE3 = "stage3";

    /** How the stages are built. */
    public enum Layout {
        PLAIN, MOBILE;

        /** {@code plain} or {@code mobile}; anything else is reported naming the key. */
        public static Layout parse(String key, String value) {
            for (Layout l : values()) {
                if (l.name().equalsIgnoreCase(value)) {
                    return l;
                }
            }
            throw new IllegalArgumentException(key + ": plain or mobile, got '" + value + "'");
        }

        public String id() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** The plain layout with the given widths. */
    public StudentArchitecture(int stage1, int stage2, int stage3, int depth, int head, int classes) {
        this(Layout.PLAIN, stage1, stage2, stage3, depth, head, classes);
    }

    /** The mobile layout (the widths of the selfie model's encoder and decoder) for {@code classes} classes. */
    public static StudentArchitecture mobile(int classes) {
        return new StudentArchitecture(Layout.MOBILE, MobileLayout.STAGE1_OUT, MobileLayout.STAGE2_OUT,
                MobileLayout.STAGE3_OUT, MobileLayout.STAGE3.size() - 1, MobileLayout.FUSE1_OUT, classes);
    }

    public StudentArchitecture {
        if (layout == Layout.MOBILE && (stage1 != MobileLayout.STAGE1_OUT || stage2 != MobileLayout.STAGE2_OUT
                || stage3 != MobileLayout.STAGE3_OUT || depth != MobileLayout.STAGE3.size() - 1
                || head != MobileLayout.FUSE1_OUT)) {
            throw new IllegalArgumentException("layout mobile has the fixed widths of the selfie model (channels "
                    + "16, 24, 128, head 16, depth 4), got " + stage1 + ", " + stage2 + ", " + stage3 + ", head "
                    + head + ", depth " + depth);
        }
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

    /**
     * The stages from shallow to deep, ending with {@code logits}. The mobile layout starts with its stem (stride
     * 2), which the head's last fusion reads, and its logits are at full input resolution.
     */
    public List<Stage> stages() {
        if (layout == Layout.MOBILE) {
            return List.of(
                    new Stage(STEM, 2, MobileLayout.STEM, List.of()),
                    new Stage(STAGE1, 4, stage1, List.of(STEM)),
                    new Stage(STAGE2, 8, stage2, List.of(STAGE1)),
                    new Stage(SCORES2, 8, classes, List.of(STAGE2)),
                    new Stage(STAGE3, 16, stage3, List.of(STAGE2)),
                    new Stage("logits", 1, classes, List.of(STEM, STAGE1, STAGE2, STAGE3)));
        }
        return List.of(
                new Stage(STAGE1, 4, stage1, List.of()),
                new Stage(STAGE2, 8, stage2, List.of(STAGE1)),
                new Stage(SCORES2, 8, classes, List.of(STAGE2)),
                new Stage(STAGE3, 16, stage3, List.of(STAGE2)),
                new Stage("logits", 4, classes, List.of(STAGE1, STAGE2, STAGE3)));
    }

    /** Input normalization per RGB channel, (pixel / 255 - mean) / std: ImageNet's (plain), none (mobile). */
    public float[] mean() {
        return layout == Layout.MOBILE ? new float[] {0, 0, 0} : new float[] {0.485f, 0.456f, 0.406f};
    }

    /** See {@link #mean()}. */
    public float[] std() {
        return layout == Layout.MOBILE ? new float[] {1, 1, 1} : new float[] {0.229f, 0.224f, 0.225f};
    }

    /** Multiply-accumulates per stage for an input of {@code width x height} (multiples of 16). */
    public List<Long> macs(int width, int height) {
        long p2 = (long) (width / 2) * (height / 2);
        long p4 = (long) (width / 4) * (height / 4);
        long p8 = p4 / 4;
        long p16 = p8 / 4;
        long sc = p8 * classes * stage2;
        if (layout == Layout.MOBILE) {
            long[] e = MobileLayout.macs(width, height);
            return List.of(e[0], e[1], e[2], sc, e[3], MobileLayout.headMacs(width, height, classes));
        }
        long lg = p16 * head * stage3 + p8 * head * stage2 + p4 * head * stage1 + p4 * classes * head;
        int half = stage1 / 2;
        long s1 = p2 * half * 3 * 9 + p4 * stage1 * half * 9;
        long s2 = p8 * stage2 * stage1 * 9 + p8 * stage2 * stage2 * 9;
        long s3 = p16 * stage3 * stage2 * 9 + depth * p16 * stage3 * stage3 * 9;
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
