package io.vseg.plugin.clockwork;

import io.vseg.api.ClassSet;
import io.vseg.api.Features;
import io.vseg.api.Frame;
import io.vseg.api.FrameContext;
import io.vseg.api.FrameResult;
import io.vseg.api.Image;
import io.vseg.api.KeyState;
import io.vseg.api.tensor.FlowField;
import io.vseg.api.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * A frame context over a staged "network" [stage1, stage2, scores2, stage3, logits] whose scores2 says person
 * where a frame's red channel is bright; records which stages were asked for.
 */
final class StubContext implements FrameContext {
    static final List<String> STAGES = List.of("stage1", "stage2", "scores2", "stage3", Features.LOGITS);
    private final Frame frame;
    final List<Set<String>> requests = new ArrayList<>();

    StubContext(Frame frame) {
        this.frame = frame;
    }

    /** A 4x4 frame, red = 255 in the left {@code brightColumns} columns. */
    static Frame frame(int index, int brightColumns) {
        byte[] rgb = new byte[4 * 4 * 3];
        for (int p = 0; p < 16; p++) {
            rgb[p * 3] = (byte) (p % 4 < brightColumns ? 255 : 0);
        }
        return new Frame(index, index * 40_000L, Image.wrap(4, 4, rgb));
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
        throw new UnsupportedOperationException();
    }

    @Override
    public Features features(Set<String> stages) {
        return features(stages, Features.empty());
    }

    @Override
    public Features features(Set<String> stages, Features inputs) {
        requests.add(Set.copyOf(stages));
        Features out = Features.empty();
        for (String s : stages) {
            float[] v = new float[2 * 16];
            for (int p = 0; p < 16; p++) {
                boolean bright = frame.image().get(p % 4, p / 4, 0) > 127;
                v[p] = bright ? 0 : 1;
                v[16 + p] = bright ? 1 : 0;
            }
            out = out.with(s, Tensor.wrap(2, 4, 4, v), 1);
        }
        return out;
    }

    @Override
    public List<String> stages() {
        return STAGES;
    }

    @Override
    public ClassSet classes() {
        return ClassSet.of("background", "person");
    }

    @Override
    public <T> T time(String component, Supplier<T> work) {
        return work.get();
    }
}
