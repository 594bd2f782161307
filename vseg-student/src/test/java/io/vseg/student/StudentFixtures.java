package io.vseg.student;

import io.vseg.api.ClassSet;
import io.vseg.api.Features;
import io.vseg.api.Frame;
import io.vseg.api.Image;
import io.vseg.api.Segmentation;
import io.vseg.api.spi.ComponentContext;
import io.vseg.api.spi.TrainingClip;
import io.vseg.api.spi.TrainingContext;
import io.vseg.api.tensor.FlowField;
import io.vseg.api.tensor.Tensor;
import io.vseg.testkit.TestInputs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;

/**
 * Small synthetic inputs for the student's unit tests: textured frames with a bright disc moving across them,
 * and a "teacher" that knows exactly where the disc is. (The real teacher on real video is exercised by
 * the zoo model's tests.)
 */
final class StudentFixtures {
    static final ClassSet CLASSES = ClassSet.of("background", "person");
    static final int WIDTH = 128;
    static final int HEIGHT = 96;

    private StudentFixtures() {
    }

    /** A fetched model file, or the test is skipped (scripts/setup.sh fetches them). */
    static Path model(String file) {
        Path p = Path.of(System.getProperty("vseg.models", "../models")).resolve(file).toAbsolutePath().normalize();
        TestInputs.require(Files.isRegularFile(p), "model not fetched: " + p + " (scripts/setup.sh fetches it)");
        return p;
    }

    /** A tiny architecture, quick to train. */
    static StudentArchitecture tiny() {
        return new StudentArchitecture(8, 8, 16, 1, 8, 2);
    }

    /** Frame {@code t}: noise texture, and a disc of radius 20 whose centre moves 3 px right per frame. */
    static Image frame(int t) {
        Random r = new Random(1000 + t);
        byte[] rgb = new byte[WIDTH * HEIGHT * 3];
        for (int y = 0; y < HEIGHT; y++) {
            for (int x = 0; x < WIDTH; x++) {
                boolean in = inDisc(t, x + 0.5, y + 0.5);
                for (int c = 0; c < 3; c++) {
                    int base = in ? 200 + 20 * c : 40 + (x + y) % 50;
                    rgb[(y * WIDTH + x) * 3 + c] = (byte) Math.max(0, Math.min(255, base + r.nextInt(30) - 15));
                }
            }
        }
        return Image.wrap(WIDTH, HEIGHT, rgb);
    }

    static boolean inDisc(int t, double x, double y) {
        double cx = 30 + 3 * t;
        double cy = 48;
        return (x - cx) * (x - cx) + (y - cy) * (y - cy) < 20 * 20;
    }

    /** The teacher's logits for frame {@code t}, on a 64x48 grid: +4 / -4 for the disc. */
    static Tensor teacher(int t) {
        int w = 64;
        int h = 48;
        float[] v = new float[2 * w * h];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                boolean in = inDisc(t, (x + 0.5) * WIDTH / w, (y + 0.5) * HEIGHT / h);
                v[y * w + x] = in ? -4 : 4;
                v[w * h + y * w + x] = in ? 4 : -4;
            }
        }
        return Tensor.wrap(2, h, w, v);
    }

    static ComponentContext componentContext(Path base) {
        return new ComponentContext() {
            @Override
            public Path resolve(String path) {
                return base.resolve(path);
            }

            @Override
            public int threads() {
                return 2;
            }

            @Override
            public String configPath() {
                return "test";
            }
        };
    }

    /** A training context over one synthetic clip of {@code frames} frames. */
    static final class Context implements TrainingContext {
        private final Path output;
        private final int frames;
        final List<String> lines = new ArrayList<>();

        Context(Path output, int frames) {
            this.output = output;
            this.frames = frames;
        }

        @Override
        public List<TrainingClip> clips() {
            return List.of(new TrainingClip() {
                @Override
                public String name() {
                    return "disc";
                }

                @Override
                public int size() {
                    return frames;
                }

                @Override
                public Frame frame(int index) {
                    return new Frame(index, index * 40_000L, StudentFixtures.frame(index));
                }

                @Override
                public Optional<Segmentation> annotation(int index) {
                    return Optional.empty();
                }
            });
        }

        @Override
        public ClassSet classes() {
            return CLASSES;
        }

        @Override
        public Features predict(Image image) {
            for (int t = 0; t < frames; t++) {
                if (java.util.Arrays.equals(StudentFixtures.frame(t).toByteArray(), image.toByteArray())) {
                    return Features.of(Features.LOGITS, StudentFixtures.teacher(t), 2);
                }
            }
            throw new IllegalArgumentException("not a fixture frame");
        }

        @Override
        public FlowField flow(Image target, Image source) {
            throw new UnsupportedOperationException("distillation uses no flow");
        }

        @Override
        public long seed() {
            return 7;
        }

        @Override
        public int threads() {
            return 2;
        }

        @Override
        public Path output() {
            return output;
        }

        @Override
        public String teacher() {
            return "synthetic disc";
        }

        @Override
        public String command() {
            return "test";
        }

        @Override
        public void progress(String line) {
            lines.add(line);
        }
    }
}
