package io.vseg.plugin.dff;

import io.vseg.api.ClassSet;
import io.vseg.api.Features;
import io.vseg.api.Frame;
import io.vseg.api.FrameContext;
import io.vseg.api.FrameResult;
import io.vseg.api.Image;
import io.vseg.api.KeyState;
import io.vseg.api.tensor.FlowField;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.function.Supplier;

/** A frame context with a given flow and a given "network" for the later stages, for unit tests. */
final class TestContext implements FrameContext {
    private final Frame frame;
    private final KeyState key;
    private final FlowField flow;
    private final BiFunction<Set<String>, Features, Features> network;
    int flowCalls;

    TestContext(Frame frame, KeyState key, FlowField flow, BiFunction<Set<String>, Features, Features> network) {
        this.frame = frame;
        this.key = key;
        this.flow = flow;
        this.network = network;
    }

    static Frame frame(int index, int width, int height) {
        return new Frame(index, 0, Image.wrap(width, height, new byte[width * height * 3]));
    }

    @Override
    public Frame frame() {
        return frame;
    }

    @Override
    public Optional<KeyState> key() {
        return Optional.ofNullable(key);
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
        return flow;
    }

    @Override
    public Features features(Set<String> stages) {
        return network.apply(stages, Features.empty());
    }

    @Override
    public Features features(Set<String> stages, Features inputs) {
        return network.apply(stages, inputs);
    }

    @Override
    public List<String> stages() {
        return List.of("stage1", Features.LOGITS);
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
