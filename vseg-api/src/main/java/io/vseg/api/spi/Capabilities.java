package io.vseg.api.spi;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Optional;

/**
 * What an extractor's network is, as far as a scheduler, propagator, fuser or trainer needs to plan around it
 * without running it: whether it reads a fixed input size (then a region's crop costs as much as the whole frame
 * and is seen enlarged), and each stage's stride and channels (a fuser's per-channel weights, a clock's choice).
 *
 * @param inputSize the network's fixed input size, empty when it runs at the frame's own size
 * @param stages    every stage, from shallow to deep, ending with {@code logits}
 */
public record Capabilities(Optional<Size> inputSize, List<StageInfo> stages) {

    public Capabilities {
        requireNonNull(inputSize, "inputSize is null");
        stages = List.copyOf(stages);
    }

    /** A fixed network input, in pixels. */
    public record Size(int width, int height) {
        public Size {
            if (width <= 0 || height <= 0) {
                throw new IllegalArgumentException("input size must be positive, got " + width + "x" + height);
            }
        }
    }

    /**
     * One stage.
     *
     * @param name     the stage's name
     * @param stride   its stride relative to the network's input (0 when the extractor cannot tell)
     * @param channels its channel count (0 when the extractor cannot tell)
     */
    public record StageInfo(String name, double stride, int channels) {
        public StageInfo {
            requireNonNull(name, "name is null");
        }
    }

    /** What any extractor can say: its stage names, nothing else known. */
    public static Capabilities unknown(List<String> stageNames) {
        return new Capabilities(Optional.empty(), stageNames.stream().map(n -> new StageInfo(n, 0, 0)).toList());
    }

    /** Whether the network reads a fixed input size. */
    public boolean fixedInput() {
        return inputSize.isPresent();
    }

    /** The named stage. @throws IllegalArgumentException naming the stages */
    public StageInfo stage(String name) {
        return stages.stream().filter(s -> s.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no stage '" + name + "'; stages: "
                        + stages.stream().map(StageInfo::name).toList()));
    }
}
