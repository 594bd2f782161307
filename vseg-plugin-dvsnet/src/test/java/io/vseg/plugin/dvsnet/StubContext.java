package io.vseg.plugin.dvsnet;

import io.vseg.api.ClassSet;
import io.vseg.api.Features;
import io.vseg.api.Frame;
import io.vseg.api.FrameContext;
import io.vseg.api.FrameResult;
import io.vseg.api.Image;
import io.vseg.api.KeyState;
import io.vseg.api.Plan;
import io.vseg.api.Segmentation;
import io.vseg.api.spi.ComponentContext;
import io.vseg.api.tensor.FlowField;
import io.vseg.api.tensor.Tensor;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.function.Supplier;

/** A frame context whose flow comes from a function of the two frames, on a grid 4x coarser than the frame. */
final class StubContext implements FrameContext {
    static final ClassSet CLASSES = ClassSet.of("background", "person");
    private final Frame frame;
    private final BiFunction<Frame, Frame, FlowField> flow;
    int flowCalls;

    StubContext(Frame frame, BiFunction<Frame, Frame, FlowField> flow) {
        this.frame = frame;
        this.flow = flow;
    }

    /** What a factory gets: paths as given, one thread. */
    static ComponentContext component(String configPath) {
        return new ComponentContext() {
            @Override
            public Path resolve(String path) {
                return Path.of(path);
            }

            @Override
            public int threads() {
                return 1;
            }

            @Override
            public String configPath() {
                return configPath;
            }
        };
    }

    /** No motion. */
    static FlowField still(Frame target, Frame source) {
        return FlowField.zero(target.width() / 4, target.height() / 4);
    }

    /**
     * A 64x48 frame of 4x4-pixel blocks of random grey (seeded by {@code texture}), the block pattern shifted left
     * by {@code shift} pixels; where {@code patch} is not null, that rectangle {x, y, w, h} comes from texture
     * {@code texture + 1}.
     */
    static Frame frame(int index, int texture, int shift, int[] patch) {
        int w = 64;
        int h = 48;
        byte[] rgb = new byte[w * h * 3];
        int[][] blocks = blocks(texture);
        int[][] other = blocks(texture + 1);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                boolean inPatch = patch != null && x >= patch[0] && x < patch[0] + patch[2] && y >= patch[1]
                        && y < patch[1] + patch[3];
                int sx = Math.min(w + 31, x + shift);
                int v = (inPatch ? other : blocks)[y / 4][sx / 4];
                for (int c = 0; c < 3; c++) {
                    rgb[(y * w + x) * 3 + c] = (byte) v;
                }
            }
        }
        return new Frame(index, index * 40_000L, Image.wrap(w, h, rgb));
    }

    private static int[][] blocks(int seed) {
        Random r = new Random(seed);
        int[][] b = new int[12][24];
        for (int[] row : b) {
            for (int i = 0; i < row.length; i++) {
                row[i] = r.nextInt(256);
            }
        }
        return b;
    }

    /** Runs one frame through the scheduler: plans, then observes a result with 2-class scores. */
    static Plan step(ConfidenceScheduler scheduler, StubContext ctx) {
        Plan plan = scheduler.plan(ctx);
        Frame f = ctx.frame();
        Tensor logits = Tensor.zeros(2, f.height() / 4, f.width() / 4);
        Segmentation seg = new Segmentation(f.width(), f.height(), new int[f.width() * f.height()], logits, CLASSES);
        scheduler.observe(new FrameResult(f.index(), plan, Features.of(Features.LOGITS, logits, 4), seg, Map.of()));
        return plan;
    }

    @Override
    public Frame frame() {
        return frame;
    }

    @Override
    public Optional<KeyState> key() {
        return Optional.empty();
    }

    @Override
    public Optional<FrameResult> previous() {
        return Optional.empty();
    }

    @Override
    public Optional<Frame> previousFrame() {
        return Optional.empty();
    }

    @Override
    public FlowField flow(Frame target, Frame source) {
        flowCalls++;
        return flow.apply(target, source);
    }

    @Override
    public Features features(Set<String> stages) {
        throw new UnsupportedOperationException("a scheduler of regions runs no network");
    }

    @Override
    public Features features(Set<String> stages, Features inputs) {
        throw new UnsupportedOperationException("a scheduler of regions runs no network");
    }

    @Override
    public List<String> stages() {
        return List.of(Features.LOGITS);
    }

    @Override
    public ClassSet classes() {
        return CLASSES;
    }

    @Override
    public <T> T time(String component, Supplier<T> work) {
        return work.get();
    }
}
