package io.vseg.learn;

import static java.util.Objects.requireNonNull;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.vseg.api.Features;
import io.vseg.api.Frame;
import io.vseg.api.Segmentation;
import io.vseg.api.spi.TrainingClip;
import io.vseg.api.spi.TrainingContext;
import io.vseg.api.tensor.FlowField;
import io.vseg.api.tensor.Tensor;
import io.vseg.api.tensor.Tensors;
import java.nio.ByteBuffer;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * The training data of a recurrent, flow-based fuser, computed once: for every frame of every clip, the per-frame
 * model's output at one stage (what the fuser combines), the frame and the backward flow to the frame before on that
 * stage's grid, and the labels there where the data has them. Windows of consecutive frames of it are the sequences
 * of backpropagation through time.
 */
public final class FrameSequences {

    /**
     * One frame on the stage's grid.
     *
     * @param input  the per-frame model's stage (C, H, W)
     * @param image  the frame (3, H / d, W / d), RGB in [0, 1] ({@link Grids#image}), on the grid {@code d} times
     *               coarser than the stage's that {@link #compute} was asked for
     * @param flow   backward flow from this frame to the one before (its {@code p + flow(p)} lands there), on the
     *               grid; zero for a sequence's first frame
     * @param labels the ground truth on the grid (H * W class indices), where the data has it
     */
    public record Step(Tensor input, Tensor image, FlowField flow, Optional<int[]> labels) {
        public Step {
            requireNonNull(input, "input is null");
            requireNonNull(image, "image is null");
            requireNonNull(flow, "flow is null");
            requireNonNull(labels, "labels is null");
        }

        /**
         * What a fuser is trained towards here: with {@code labels}, the ground truth where the data has it and the
         * per-frame model's labels elsewhere; without, the per-frame model's labels.
         */
        public int[] target(boolean labels) {
            return labels ? this.labels.orElseGet(() -> Tensors.argmax(input)) : Tensors.argmax(input);
        }
    }

    /** A clip's steps, in order. */
    public record Sequence(String name, List<Step> steps) {
        public Sequence {
            steps = List.copyOf(steps);
        }
    }

    private final List<Sequence> sequences;

    public FrameSequences(List<Sequence> sequences) {
        this.sequences = List.copyOf(sequences);
    }

    /**
     * Runs the context's per-frame model and flow over every clip.
     *
     * @param stage          the stage the fuser works on ({@code logits}, or an intermediate one)
     * @param imageDownscale how much coarser than the stage's grid the frames are kept ({@link #imageGrid})
     */
    public static FrameSequences compute(TrainingContext ctx, String stage, int imageDownscale) {
        requireNonNull(ctx, "ctx is null");
        requireNonNull(stage, "stage is null");
        if (imageDownscale < 1) {
            throw new IllegalArgumentException("image downscale: must be positive, got " + imageDownscale);
        }
        List<Sequence> out = new ArrayList<>();
        long start = System.nanoTime();
        int frames = 0;
        for (TrainingClip clip : ctx.clips()) {
            List<Step> steps = new ArrayList<>(clip.size());
            Frame previous = null;
            for (int i = 0; i < clip.size(); i++) {
                Frame frame = clip.frame(i);
                Features f = stage.equals(Features.LOGITS) ? ctx.predict(frame.image())
                        : ctx.stages(frame.image(), Set.of(stage));
                if (!f.has(stage)) {
                    throw new IllegalArgumentException("the per-frame model has no stage '" + stage + "' (it has "
                            + f.names() + ")");
                }
                Tensor input = f.tensor(stage);
                int h = input.height();
                int w = input.width();
                FlowField flow = previous == null ? FlowField.zero(w, h)
                        : ctx.flow(frame.image(), previous.image()).resized(h, w);
                Optional<int[]> labels = clip.annotation(i).map(seg -> Grids.labels(seg, h, w));
                Tensor image = Grids.image(frame.image(), imageGrid(h, imageDownscale), imageGrid(w, imageDownscale));
                steps.add(new Step(input, image, flow, labels));
                previous = frame;
            }
            out.add(new Sequence(clip.name(), steps));
            frames += clip.size();
            ctx.progress(String.format(Locale.ROOT, "prepared %s: %d frames (%d in all, %.0f s)", clip.name(),
                    clip.size(), frames, (System.nanoTime() - start) / 1e9));
        }
        return new FrameSequences(out);
    }

    /** The size along one axis of a grid {@code downscale} times coarser than a stage of {@code size} pixels. */
    public static int imageGrid(int size, int downscale) {
        return Math.max(1, size / downscale);
    }

    public List<Sequence> sequences() {
        return sequences;
    }

    /** Frames in all sequences. */
    public int frames() {
        return sequences.stream().mapToInt(s -> s.steps().size()).sum();
    }

    /**
     * The first {@code 1 - share} of every sequence (training) and the rest (validation), each part a sequence of
     * its own; a sequence too short to give both parts at least {@code minLength} frames goes to training whole.
     */
    public List<FrameSequences> splitTails(double share, int minLength) {
        if (share < 0 || share >= 1) {
            throw new IllegalArgumentException("validation share: in [0, 1), got " + share);
        }
        List<Sequence> train = new ArrayList<>();
        List<Sequence> validation = new ArrayList<>();
        for (Sequence s : sequences) {
            int n = s.steps().size();
            int held = (int) Math.round(n * share);
            if (held < minLength || n - held < minLength) {
                train.add(s);
                continue;
            }
            train.add(new Sequence(s.name(), s.steps().subList(0, n - held)));
            validation.add(new Sequence(s.name() + " (tail)", s.steps().subList(n - held, n)));
        }
        return List.of(new FrameSequences(train), new FrameSequences(validation));
    }

    /** Every run of {@code length} consecutive steps, starting every {@code stride} steps, in sequence order. */
    public List<List<Step>> windows(int length, int stride) {
        if (length < 1 || stride < 1) {
            throw new IllegalArgumentException("windows need length and stride of at least 1, got " + length
                    + " and " + stride);
        }
        List<List<Step>> out = new ArrayList<>();
        for (Sequence s : sequences) {
            for (int i = 0; i + length <= s.steps().size(); i += stride) {
                out.add(s.steps().subList(i, i + length));
            }
        }
        return out;
    }

    /**
     * One tensor of every step of every window, as an array (B, L, C, H, W) for B windows of L steps: the input
     * of a recurrent network's batch.
     */
    public static NDArray stack(NDManager manager, List<List<Step>> windows, Function<Step, Tensor> field) {
        return stack(manager, windows, (before, step) -> field.apply(step));
    }

    /**
     * One tensor of every step of every window, made from the step and the one before it in the window (null for
     * a window's first step), as an array (B, L, C, H, W).
     */
    public static NDArray stack(NDManager manager, List<List<Step>> windows, BiFunction<Step, Step, Tensor> field) {
        requireNonNull(manager, "manager is null");
        if (windows.isEmpty()) {
            throw new IllegalArgumentException("no windows to stack");
        }
        int length = windows.get(0).size();
        Tensor first = null;
        FloatBuffer out = null;
        ByteBuffer buf = null;
        for (List<Step> window : windows) {
            if (window.size() != length) {
                throw new IllegalArgumentException("windows of one length expected, got " + length + " and "
                        + window.size());
            }
            for (int t = 0; t < length; t++) {
                Tensor v = field.apply(t == 0 ? null : window.get(t - 1), window.get(t));
                if (first == null) {
                    first = v;
                    buf = NdTensors.direct(windows.size() * length * v.size());
                    out = buf.asFloatBuffer();
                } else if (!v.sameShape(first)) {
                    throw new IllegalArgumentException("tensors of one shape expected, got " + first.shape()
                            + " and " + v.shape());
                }
                out.put(v.buffer());
            }
        }
        return manager.create(buf, new Shape(windows.size(), length, first.channels(), first.height(),
                first.width()), DataType.FLOAT32);
    }

    /**
     * Labels of every step of every window as an (B, L, H, W) array of class indices (float, as DJL's losses take
     * them): {@code labels} gives a step's, such as its ground truth where the data has it.
     */
    public static NDArray stackLabels(NDManager manager, List<List<Step>> windows, Function<Step, int[]> labels) {
        requireNonNull(manager, "manager is null");
        Tensor first = windows.get(0).get(0).input();
        int length = windows.get(0).size();
        int plane = first.height() * first.width();
        ByteBuffer buf = NdTensors.direct(windows.size() * length * plane);
        FloatBuffer out = buf.asFloatBuffer();
        for (List<Step> window : windows) {
            for (Step step : window) {
                int[] values = labels.apply(step);
                if (values.length != plane) {
                    throw new IllegalArgumentException("labels of " + plane + " pixels expected, got " + values.length);
                }
                for (int v : values) {
                    out.put(v);
                }
            }
        }
        return manager.create(buf, new Shape(windows.size(), length, first.height(), first.width()),
                DataType.FLOAT32);
    }
}
