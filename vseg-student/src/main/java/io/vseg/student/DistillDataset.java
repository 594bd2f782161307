package io.vseg.student;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.dataset.Batch;
import ai.djl.training.dataset.Dataset;
import ai.djl.translate.Batchifier;
import ai.djl.util.Progress;
import io.vseg.api.Image;
import io.vseg.api.Segmentation;
import io.vseg.api.tensor.Tensor;
import io.vseg.api.tensor.Tensors;
import io.vseg.learn.NdTensors;
import java.nio.ByteBuffer;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Random;
import java.util.function.Function;

/**
 * Distillation batches for DJL's {@code EasyTrain}: each sample is a window of a frame ({@link Crop}) as the
 * network input, and as the target the teacher's probabilities in the same window, blended with the one-hot
 * ground truth where there is some ({@code (1 - g) * teacher + g * truth}). Training draws a new random window
 * and flip per sample and epoch, optionally another frame's objects pasted over it and a colour change, with
 * the teacher run afresh on the result; every random choice comes from a seed that depends only on (seed,
 * epoch, sample). Validation takes the centred window, targets the teacher alone, and never shuffles.
 */
final class DistillDataset implements Dataset {

    /**
     * Training augmentation beyond the window and the flip.
     *
     * @param colour           strength of the random colour change ({@link Photometric}), 0 for none
     * @param pasteProbability chance of blending another frame's objects over the sample
     * @param teacher          labels each augmented image afresh (class probabilities), or null to use the
     *                         teacher's labels of the original frame
     */
    record Augment(double colour, double pasteProbability, Function<Image, Tensor> teacher) {
        static final Augment NONE = new Augment(0, 0, null);
    }

    private final List<DistillSample> samples;
    private final int width;
    private final int height;
    /** The network's input normalization ({@link StudentArchitecture#mean()}, {@link StudentArchitecture#std()}). */
    private final float[] mean;
    private final float[] std;
    private final int classes;
    private final int batchSize;
    private final boolean training;
    private final long seed;
    private final double minScale;
    private final boolean flip;
    private final double truthWeight;
    private final Augment augment;
    private int epoch;

    DistillDataset(List<DistillSample> samples, int width, int height, StudentArchitecture arch, int batchSize,
                   boolean training, long seed, double minScale, boolean flip, double truthWeight, Augment augment) {
        this.samples = List.copyOf(samples);
        this.width = width;
        this.height = height;
        this.mean = arch.mean();
        this.std = arch.std();
        this.classes = arch.classes();
        this.batchSize = batchSize;
        this.training = training;
        this.seed = seed;
        this.minScale = minScale;
        this.flip = flip;
        this.truthWeight = truthWeight;
        this.augment = augment;
    }

    int size() {
        return samples.size();
    }

    int batches() {
        return (samples.size() + batchSize - 1) / batchSize;
    }

    @Override
    public Iterable<Batch> getData(NDManager manager) {
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < samples.size(); i++) {
            order.add(i);
        }
        int thisEpoch = epoch;
        if (training) {
            Collections.shuffle(order, new Random(seed * 1_000_003L + thisEpoch));
            epoch++;
        }
        return () -> new Iterator<>() {
            private int next;

            @Override
            public boolean hasNext() {
                return next < order.size();
            }

            @Override
            public Batch next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                List<Integer> ids = order.subList(next, Math.min(order.size(), next + batchSize));
                next += ids.size();
                return batch(manager.newSubManager(), ids, thisEpoch, next, order.size());
            }
        };
    }

    private Batch batch(NDManager manager, List<Integer> ids, int thisEpoch, long progress, long total) {
        int b = ids.size();
        int n = width * height;
        ByteBuffer input = NdTensors.direct(b * 3 * n);
        FloatBuffer in = input.asFloatBuffer();
        float[] target = new float[b * classes * n];
        for (int k = 0; k < b; k++) {
            int id = ids.get(k);
            DistillSample s = samples.get(id);
            if (!training) {
                Crop crop = Crop.centre(s.image().width(), s.image().height(), width, height);
                NdTensors.normalize(crop.rgb(s.image(), width, height), width, height, mean, std, in, k * 3 * n);
                crop.scores(s.teacher(), width, height, target, k * classes * n);
                continue;
            }
            Random random = new Random(seed ^ (thisEpoch * 0x9E3779B97F4A7C15L) ^ (id * 0xC2B2AE3D27D4EB4FL));
            Crop crop = Crop.random(random, s.image().width(), s.image().height(), width, height, minScale, flip);
            byte[] rgb = crop.rgb(s.image(), width, height);
            boolean pasted = random.nextDouble() < augment.pasteProbability() && samples.size() > 1;
            if (pasted) {
                paste(random, rgb);
            }
            if (augment.colour() > 0) {
                Photometric.random(random, augment.colour()).apply(rgb);
            }
            NdTensors.normalize(rgb, width, height, mean, std, in, k * 3 * n);
            if (augment.teacher() != null) {
                Tensor t = Tensors.resize(augment.teacher().apply(Image.wrap(width, height, rgb)), height, width);
                t.buffer().get(target, k * classes * n, classes * n);
            } else {
                crop.scores(s.teacher(), width, height, target, k * classes * n);
            }
            if (!pasted && s.truth() != null && truthWeight > 0) {
                blendTruth(crop, s.truth(), target, k * classes * n);
            }
        }
        ByteBuffer targetBuffer = NdTensors.direct(target.length);
        targetBuffer.asFloatBuffer().put(target);
        NDArray data = manager.create(input, new Shape(b, 3, height, width), DataType.FLOAT32);
        NDArray labels = manager.create(targetBuffer, new Shape(b, classes, height, width), DataType.FLOAT32);
        return new Batch(manager, new NDList(data), new NDList(labels), b, Batchifier.STACK, Batchifier.STACK,
                progress, total, ids);
    }

    /**
     * Blends a random window of another frame over {@code rgb}, weighted per pixel by the teacher's belief that
     * the pixel is not background (class 0) there: the other frame's objects on this frame's background.
     */
    private void paste(Random random, byte[] rgb) {
        DistillSample other = samples.get(random.nextInt(samples.size()));
        Crop crop = Crop.random(random, other.image().width(), other.image().height(), width, height, minScale, flip);
        byte[] over = crop.rgb(other.image(), width, height);
        int n = width * height;
        float[] scores = new float[classes * n];
        crop.scores(other.teacher(), width, height, scores, 0);
        for (int p = 0; p < n; p++) {
            double alpha = Math.max(0, Math.min(1, 1 - scores[p]));
            for (int c = 0; c < 3; c++) {
                int i = p * 3 + c;
                rgb[i] = (byte) Math.round(alpha * (over[i] & 0xFF) + (1 - alpha) * (rgb[i] & 0xFF));
            }
        }
    }

    private void blendTruth(Crop crop, Segmentation truth, float[] target, int offset) {
        int[] labels = crop.labels(truth, width, height);
        int n = width * height;
        for (int p = 0; p < n; p++) {
            int label = labels[p];
            if (label < 0 || label >= classes) {
                continue; // void: the teacher alone
            }
            for (int c = 0; c < classes; c++) {
                int i = offset + c * n + p;
                target[i] = (float) ((1 - truthWeight) * target[i] + (c == label ? truthWeight : 0));
            }
        }
    }

    @Override
    public void prepare(Progress progress) {
        // samples are in memory already
    }
}
