package io.vseg.runtime.cli;

import io.vseg.api.Frame;
import io.vseg.api.Image;
import io.vseg.testkit.TestFrames;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameRecorder;

/**
 * The generator of {@link FuzzTest}'s cases. Fixtures are made once: a pipeline on the tiny staged ONNX network of
 * the test resources (every-frame, so a case that reaches inference costs milliseconds), a clip of the test kit's
 * moving square as PNG frames, the same clip as a real MP4 and AVI (JavaCV's recorder), a DAVIS-style root with
 * masks, and an ablation study over the clip. Case {@code i} is a command line over inputs broken one way, written
 * into its own folder; it depends only on the seed and {@code i}, so one case can be made again alone.
 */
final class FuzzCases {
    /** The staged ONNX fixture's one-file network: 32x32 input, two classes, logits. */
    static final Path ONNX = Path.of("src/test/resources/onnx/staged-full.onnx").toAbsolutePath();
    static final int WIDTH = 48;
    static final int HEIGHT = 32;
    static final int FRAMES = 4;

    /** The kinds of bad input, each with its weight among the cases. */
    static final Map<String, Integer> CATEGORIES = new LinkedHashMap<>();

    static {
        CATEGORIES.put("config", 34);
        CATEGORIES.put("video", 22);
        CATEGORIES.put("dataset", 14);
        CATEGORIES.put("ablation", 12);
        CATEGORIES.put("cli", 18);
    }

    /**
     * One generated case.
     *
     * @param mustFail whether exit status 0 is wrong (the input is broken beyond doubt)
     * @param mentions what the error must name, any one of them (empty: no requirement)
     * @param requires what the error must name besides, all of them
     * @param kept     files that must exist after the command (written before it, or before the failure)
     * @param inputs   what the case wrote, for the failure message
     */
    record Case(int index, long seed, String category, String kind, List<String> argv, boolean mustFail,
                List<String> mentions, List<String> requires, List<Path> kept, List<String> inputs) {
    }

    /** One line of a pipeline file: {@code path = value}; type N(umber), S(tring), B(oolean), L(ist). */
    record Line(String path, String value, char type) {
        String leaf() {
            return path.substring(path.lastIndexOf('.') + 1);
        }

        Line with(String newValue) {
            return new Line(path, newValue, type);
        }
    }

    private final Path root;
    private final long seed;
    private final Path frames;
    private final Path mp4;
    private final Path avi;
    private final Path davis;
    private final Path goodConfig;

    FuzzCases(Path root, long seed) throws IOException {
        this.root = root;
        this.seed = seed;
        Path fixtures = Files.createDirectories(root.resolve("fixtures"));
        List<Frame> clip = TestFrames.movingSquare(8, WIDTH, HEIGHT);
        frames = Files.createDirectories(fixtures.resolve("clip"));
        for (int i = 0; i < FRAMES; i++) {
            writeImage(clip.get(i).image(), frames.resolve(frameName(i, "png")), "png");
        }
        mp4 = fixtures.resolve("clip.mp4");
        avi = fixtures.resolve("clip.avi");
        writeVideo(clip, mp4, "mp4");
        writeVideo(clip, avi, "avi");
        davis = fixtures.resolve("davis");
        for (String seq : List.of("bear", "cows")) {
            Path images = Files.createDirectories(davis.resolve("JPEGImages/480p").resolve(seq));
            Path masks = Files.createDirectories(davis.resolve("Annotations/480p").resolve(seq));
            for (int i = 0; i < 3; i++) {
                writeImage(clip.get(i).image(), images.resolve(frameName(i, "jpg")), "jpg");
                writeMask(mask(clip.get(i).image()), WIDTH, HEIGHT, masks.resolve(frameName(i, "png")));
            }
        }
        goodConfig = fixtures.resolve("pipeline.conf");
        Files.writeString(goodConfig, render(goodLines(new Random(seed)), false));
    }

    /** The seed of case {@code index}: the run's seed and the index mixed (SplitMix64's finaliser). */
    static long caseSeed(long seed, int index) {
        long z = seed + 0x9E3779B97F4A7C15L * (index + 1);
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    Case make(int index) throws IOException {
        long s = caseSeed(seed, index);
        Random r = new Random(s);
        int total = CATEGORIES.values().stream().mapToInt(Integer::intValue).sum();
        int pick = r.nextInt(total);
        String category = null;
        for (Map.Entry<String, Integer> e : CATEGORIES.entrySet()) {
            pick -= e.getValue();
            if (pick < 0) {
                category = e.getKey();
                break;
            }
        }
        Path dir = Files.createDirectories(root.resolve("case-" + index));
        Builder b = new Builder(index, s, category, dir, r);
        switch (category) {
            case "config" -> config(b);
            case "video" -> video(b);
            case "dataset" -> dataset(b);
            case "ablation" -> ablation(b);
            default -> cli(b);
        }
        return b.build();
    }

    /** A case being made. */
    private final class Builder {
        final int index;
        final long seed;
        final String category;
        final Path dir;
        final Random r;
        String kind = "";
        final List<String> argv = new ArrayList<>();
        boolean mustFail;
        final List<String> mentions = new ArrayList<>();
        final List<String> requires = new ArrayList<>();
        final List<Path> kept = new ArrayList<>();
        final List<String> inputs = new ArrayList<>();

        Builder(int index, long seed, String category, Path dir, Random r) {
            this.index = index;
            this.seed = seed;
            this.category = category;
            this.dir = dir;
            this.r = r;
        }

        Case build() {
            return new Case(index, seed, category, kind, List.copyOf(argv), mustFail, List.copyOf(mentions),
                    List.copyOf(requires), List.copyOf(kept), List.copyOf(inputs));
        }

        void args(String... a) {
            argv.addAll(Arrays.asList(a));
        }

        void mention(String... m) {
            mentions.addAll(Arrays.asList(m));
        }

        Path text(String name, String content) throws IOException {
            Path p = dir.resolve(name);
            Files.createDirectories(p.getParent());
            Files.writeString(p, content, StandardCharsets.UTF_8);
            inputs.add(name + " = \"\"\"" + content + "\"\"\"");
            return p;
        }

        Path bytes(String name, byte[] content, String what) throws IOException {
            Path p = dir.resolve(name);
            Files.createDirectories(p.getParent());
            Files.write(p, content);
            inputs.add(name + ": " + what + " (" + content.length + " bytes)");
            return p;
        }

        void note(String what) {
            inputs.add(what);
        }

        /** The output folder; half the time it exists already, holding a file that must survive the command. */
        Path output() throws IOException {
            Path out = dir.resolve("out");
            if (r.nextBoolean()) {
                Files.createDirectories(out);
                Path keep = Files.writeString(out.resolve("keep.txt"), "written before the command\n");
                kept.add(keep);
                note("out/keep.txt exists before the command");
            }
            return out;
        }

        <T> T pick(List<T> values) {
            return values.get(r.nextInt(values.size()));
        }

        @SafeVarargs
        final <T> T pick(T... values) {
            return values[r.nextInt(values.length)];
        }
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Pipeline files

    private static List<Line> goodLines(Random r) {
        List<Line> l = new ArrayList<>();
        String x = "vseg.pipeline.extractor.";
        l.add(new Line(x + "type", "onnx", 'S'));
        l.add(new Line(x + "model", quote(ONNX.toString()), 'S'));
        l.add(new Line(x + "input-width", "32", 'N'));
        l.add(new Line(x + "input-height", "32", 'N'));
        l.add(new Line(x + "output-kind", "logits", 'S'));
        l.add(new Line(x + "channel-order", "rgb", 'S'));
        l.add(new Line(x + "resize", "bytes", 'S'));
        l.add(new Line(x + "mean", "[0, 0, 0]", 'L'));
        l.add(new Line(x + "std", "[1, 1, 1]", 'L'));
        l.add(new Line(x + "scale", "0.00392156862745098", 'N'));
        l.add(new Line(x + "classes", "[background, person]", 'L'));
        if (r.nextBoolean()) {
            l.add(new Line("vseg.pipeline.flow.type", "opencv-dis", 'S'));
            l.add(new Line("vseg.pipeline.flow.preset", "ultrafast", 'S'));
            l.add(new Line("vseg.pipeline.flow.downscale", "1", 'N'));
        } else {
            l.add(new Line("vseg.pipeline.flow.type", "opencv-farneback", 'S'));
            l.add(new Line("vseg.pipeline.flow.downscale", "1", 'N'));
            l.add(new Line("vseg.pipeline.flow.pyr-scale", "0.5", 'N'));
            l.add(new Line("vseg.pipeline.flow.levels", "3", 'N'));
            l.add(new Line("vseg.pipeline.flow.window", "15", 'N'));
            l.add(new Line("vseg.pipeline.flow.iterations", "3", 'N'));
            l.add(new Line("vseg.pipeline.flow.poly-n", "5", 'N'));
            l.add(new Line("vseg.pipeline.flow.poly-sigma", "1.2", 'N'));
        }
        l.add(new Line("vseg.pipeline.scheduler.type", "every-frame", 'S'));
        l.add(new Line("vseg.pipeline.propagator.type", "copy", 'S'));
        if (r.nextInt(4) == 0) {
            l.add(new Line("vseg.pipeline.fuser.type", "chain", 'S'));
            l.add(new Line("vseg.pipeline.fuser.fusers", r.nextBoolean() ? "[]" : "[ { type = none } ]", 'L'));
        } else {
            l.add(new Line("vseg.pipeline.fuser.type", "none", 'S'));
        }
        l.add(new Line("vseg.runtime.threads", "1", 'N'));
        l.add(new Line("vseg.output.labels", "true", 'B'));
        l.add(new Line("vseg.output.overlay", r.nextInt(4) == 0 ? "true" : "false", 'B'));
        l.add(new Line("vseg.output.trace", "true", 'B'));
        l.add(new Line("vseg.output.palette", r.nextBoolean() ? "voc" : "cityscapes", 'S'));
        l.add(new Line("vseg.output.overlay-alpha", "0.5", 'N'));
        l.add(new Line("vseg.output.classes", "extractor", 'S'));
        return l;
    }

    /** The lines as HOCON: one {@code path = value} a line, or grouped into blocks by their parent path. */
    static String render(List<Line> lines, boolean blocks) {
        StringBuilder sb = new StringBuilder();
        if (!blocks) {
            lines.forEach(l -> sb.append(l.path()).append(" = ").append(l.value()).append('\n'));
            return sb.toString();
        }
        String open = null;
        for (Line l : lines) {
            int dot = l.path().lastIndexOf('.');
            String parent = dot < 0 ? "" : l.path().substring(0, dot);
            if (!parent.equals(open)) {
                if (open != null) {
                    sb.append("}\n");
                }
                sb.append(parent).append(" {\n");
                open = parent;
            }
            sb.append("  ").append(l.path().substring(dot + 1)).append(" = ").append(l.value()).append('\n');
        }
        if (open != null) {
            sb.append("}\n");
        }
        return sb.toString();
    }

    static String quote(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    /** Misspells {@code word}: a letter dropped, doubled, swapped, changed or capitalised, or '-' as '_'. */
    static String misspell(String word, Random r) {
        for (int attempt = 0; attempt < 20; attempt++) {
            StringBuilder w = new StringBuilder(word);
            int i = r.nextInt(w.length());
            switch (r.nextInt(6)) {
                case 0 -> {
                    if (w.length() > 2) {
                        w.deleteCharAt(i);
                    }
                }
                case 1 -> w.insert(i, w.charAt(i));
                case 2 -> {
                    if (i + 1 < w.length()) {
                        char c = w.charAt(i);
                        w.setCharAt(i, w.charAt(i + 1));
                        w.setCharAt(i + 1, c);
                    }
                }
                case 3 -> w.setCharAt(i, (char) ('a' + r.nextInt(26)));
                case 4 -> w.setCharAt(0, Character.toUpperCase(w.charAt(0)));
                default -> {
                    int dash = word.indexOf('-');
                    if (dash >= 0) {
                        w.setCharAt(dash, '_');
                    } else {
                        w.append('s');
                    }
                }
            }
            String s = w.toString();
            if (!s.equals(word) && Character.isLetter(s.charAt(0))) {
                return s;
            }
        }
        return word + "x";
    }

    /** Keys a misspelling must not land on: every key of the runtime's own defaults (those would be valid). */
    private static final List<String> KNOWN = List.of("vseg", "pipeline", "extractor", "flow", "scheduler",
            "propagator", "fuser", "runtime", "output", "type", "model", "config", "input-width", "input-height",
            "variants", "channel-order", "resize", "mean", "std", "scale", "output-kind", "output-layout", "stages",
            "classes", "outputs", "preset", "downscale", "pyr-scale", "levels", "window", "iterations", "poly-n",
            "poly-sigma", "threads", "labels", "overlay", "trace", "palette", "overlay-alpha", "fusers", "models",
            "zoo", "components");

    private static final Map<Character, List<String>> WRONG_TYPES = Map.of(
            'N', List.of("\"wide\"", "true", "[1, 2]", "{ a = 1 }", "32px", "\"\"", "[]"),
            'S', List.of("[a, b]", "{ x = 1 }", "[]", "{}"),
            'B', List.of("maybe", "2", "[true]", "{}", "\"\"", "0.5"),
            'L', List.of("3", "\"abc\"", "{ a = 1 }", "true", "abc"));

    private static final Map<String, List<String>> OUT_OF_RANGE = Map.ofEntries(
            Map.entry("input-width", List.of("0", "-1", "-32", "1", "2", "100000", "2147483647", "2147483648", "1e10",
                    "0.5", "31.7", "65536")),
            Map.entry("input-height", List.of("0", "-1", "1", "3", "50000", "2147483647", "-2147483648", "1e30",
                    "0.25")),
            Map.entry("threads", List.of("0", "-1", "-100", "1000000", "2.5", "99999999999", "40000")),
            Map.entry("overlay-alpha", List.of("-0.1", "1.5", "100", "-1e9", "1e308", "2")),
            Map.entry("scale", List.of("0", "-1", "1e308", "1e-320", "-1e308", "1e39")),
            Map.entry("downscale", List.of("0", "-1", "-8", "1000", "0.5", "2147483648", "100000")),
            Map.entry("pyr-scale", List.of("0", "1", "1.5", "-0.5", "100")),
            Map.entry("levels", List.of("0", "-1", "1000", "2147483648")),
            Map.entry("window", List.of("0", "-1", "1", "2", "100000")),
            Map.entry("iterations", List.of("0", "-1", "1000000")),
            Map.entry("poly-n", List.of("0", "-1", "2", "4", "100")),
            Map.entry("poly-sigma", List.of("0", "-1", "1e10")),
            Map.entry("mean", List.of("[1, 2]", "[]", "[1, 2, 3, 4]", "[a, b, c]", "[1e308, -1e308, 0]",
                    "[[1], [2], [3]]")),
            Map.entry("std", List.of("[0, 1, 1]", "[-1, 1, 1]", "[1, 2]", "[]", "[1e-320, 1, 1]", "[a, b, c]",
                    "[1e39, 1, 1]")),
            Map.entry("classes", List.of("[]", "[only]", "[a, b, c, d, e, f, g, h, i, j, k, l, m, n, o, p, q, r, s, t]",
                    "[1, 2]", "[[a], [b]]", "[background, background]", "[\"\", \"\"]")),
            Map.entry("fusers", List.of("[3]", "[ { type = chain } ]", "[ {} ]", "[ { type = nope } ]",
                    "[ { type = none, bogus = 1 } ]", "[ { type = 5 } ]", "[ [none] ]", "[ { type = every-frame } ]")));

    /** Values of string keys that the component does not know. */
    private static final Map<String, List<String>> BAD_STRINGS = Map.ofEntries(
            Map.entry("output-kind", List.of("logit", "LOGITS", "\"\"", "foreground2", "5")),
            Map.entry("channel-order", List.of("rbg", "RGBA", "\"\"", "bgrx", "1")),
            Map.entry("resize", List.of("byte", "nearest", "\"\"", "FLOAT2")),
            Map.entry("preset", List.of("ultra", "slow", "\"\"", "MEDIUMX", "0")),
            Map.entry("palette", List.of("vocc", "pascal", "\"\"", "\" \"", "cityscape")),
            Map.entry("classes", List.of("objectz", "extractors", "\"\"", "both")),
            Map.entry("model", List.of("\"\"", "\"   \"", "/no/such/model.onnx", "relative/missing.onnx")));

    private void config(Builder b) throws IOException {
        Random r = b.r;
        List<Line> lines = goodLines(r);
        boolean blocks = r.nextInt(3) == 0;
        String content = null;
        Path model = null;
        switch (r.nextInt(9)) {
            case 0, 1 -> {
                // a key misspelled: the leaf, or a slot or section on its way
                int i = r.nextInt(lines.size());
                Line l = lines.get(i);
                String[] parts = l.path().split("\\.");
                int seg = parts.length - 1;
                if (r.nextInt(3) == 0) {
                    seg = 1 + r.nextInt(parts.length - 1);
                }
                String bad = misspell(parts[seg], r);
                while (KNOWN.contains(bad)) {
                    bad = misspell(bad, r);
                }
                parts[seg] = bad;
                lines.set(i, new Line(String.join(".", parts), l.value(), l.type()));
                b.kind = "misspelled-key";
                b.mustFail = true;
                b.mention(bad);
            }
            case 2 -> {
                int i = r.nextInt(lines.size());
                Line l = lines.get(i);
                String v = b.pick(WRONG_TYPES.get(l.type()));
                lines.set(i, l.with(v));
                b.kind = "wrong-type";
                b.mustFail = true;
                b.mention(l.leaf());
            }
            case 3, 4 -> {
                List<Integer> targets = new ArrayList<>();
                for (int i = 0; i < lines.size(); i++) {
                    if (OUT_OF_RANGE.containsKey(lines.get(i).leaf()) || BAD_STRINGS.containsKey(lines.get(i).leaf())) {
                        targets.add(i);
                    }
                }
                int i = b.pick(targets);
                Line l = lines.get(i);
                List<String> values = new ArrayList<>();
                values.addAll(OUT_OF_RANGE.getOrDefault(l.leaf(), List.of()));
                values.addAll(BAD_STRINGS.getOrDefault(l.leaf(), List.of()));
                lines.set(i, l.with(b.pick(values)));
                b.kind = "out-of-range";
                b.mention(l.leaf());
            }
            case 5 -> {
                // an unknown component, or one of another kind, or no name at all
                String[] slots = {"extractor", "flow", "scheduler", "propagator", "fuser"};
                String slot = b.pick(slots);
                String path = "vseg.pipeline." + slot + ".type";
                String current = lines.stream().filter(l -> l.path().equals(path)).findFirst().orElseThrow().value();
                String v = b.pick(misspell(current, r), "onnx", "every-frame", "opencv-dis", "copy", "none", "chain",
                        "dff.interval", "netwarp", "\"\"", "\"  \"", "\"x y\"", "42", "null", "ONNX", current.toUpperCase(
                                Locale.ROOT), "\"every-frame \"", "[onnx]", "{ type = onnx }");
                lines.replaceAll(l -> l.path().equals(path) ? l.with(v) : l);
                b.kind = "unknown-type";
                b.mustFail = !v.equals(current) && !(slot.equals("fuser") && (v.equals("none") || v.equals("chain")))
                        && !(slot.equals("extractor") && v.equals("onnx"))
                        && !(slot.equals("flow") && v.equals("opencv-dis"))
                        && !(slot.equals("scheduler") && v.equals("every-frame"))
                        && !(slot.equals("propagator") && v.equals("copy"));
                b.mention("type", slot);
            }
            case 6 -> {
                // a whole slot or section replaced by a value, or a key outside what the runtime knows
                String[] targets = {"vseg.pipeline.extractor", "vseg.pipeline.flow", "vseg.pipeline.fuser",
                    "vseg.pipeline", "vseg.output", "vseg.runtime", "vseg.pipeline.scheduler", "vseg.models",
                    "vseg.components.onnx", "vseg.components.\"every-frame\"", "vseg.pipeline.decoder",
                    "vseg.output.labels.png", "vseg.runtime.threads.max", "vseg.components.nope"};
                String t = b.pick(targets);
                String v = b.pick("5", "\"x\"", "[1, 2]", "true", "{ }", "{ bogus = 1 }", "null");
                lines.add(new Line(t, v, 'S'));
                b.kind = "replaced-section";
                b.mustFail = false;
                String leaf = t.substring(t.lastIndexOf('.') + 1).replace("\"", "");
                b.mention(leaf, t);
            }
            case 7 -> {
                b.kind = "garbled";
                String text = render(lines, blocks);
                switch (r.nextInt(8)) {
                    case 0 -> content = text.substring(0, r.nextInt(text.length()));
                    case 1 -> {
                        String[] junk = {"{", "}", "[", "]", "\"", "=", "${", "${nope}", "${vseg.nope}", "include \"nope.conf\"",
                            "include required(\"nope.conf\")", "\u0000", ":", ",,", "\\", "}}}}", "\"\"\"", "+=", "${?x}",
                            "include file(\"/etc\")", "a.b.c", "vseg.pipeline.extractor.model = ${vseg.pipeline}"};
                        int at = r.nextInt(text.length() + 1);
                        content = text.substring(0, at) + b.pick(junk) + text.substring(at);
                    }
                    case 2 -> {
                        char[] chars = text.toCharArray();
                        for (int k = 0; k < 1 + r.nextInt(4); k++) {
                            chars[r.nextInt(chars.length)] = "{}[]\"=:,$\\\n#".charAt(r.nextInt(12));
                        }
                        content = new String(chars);
                    }
                    case 3 -> content = "";
                    case 4 -> content = "# only a comment\n";
                    case 5 -> {
                        byte[] junk = new byte[r.nextInt(600)];
                        r.nextBytes(junk);
                        b.bytes("pipeline.conf", junk, "random bytes");
                        b.mention("pipeline.conf");
                        commandOnConfig(b, b.dir.resolve("pipeline.conf"));
                        return;
                    }
                    case 6 -> content = text.replace("\n", "\n\n").replace("=", r.nextBoolean() ? ":" : " = = ");
                    default -> content = text + "vseg.pipeline.extractor.model = ${vseg.zoo}/nope.onnx\n";
                }
                b.mention("pipeline.conf", "vseg.pipeline", "vseg.output", "vseg.runtime", "nope");
            }
            default -> {
                // the model file: absent, a folder, empty, garbage, truncated, or not a model at all
                b.kind = "bad-model";
                b.mustFail = true;
                int which = r.nextInt(6);
                String value;
                if (which == 0) {
                    value = b.dir.resolve("absent.onnx").toString();
                } else if (which == 1) {
                    value = Files.createDirectories(b.dir.resolve("folder.onnx")).toString();
                } else {
                    byte[] bytes;
                    String what;
                    if (which == 2) {
                        bytes = new byte[0];
                        what = "empty";
                    } else if (which == 3) {
                        bytes = new byte[1 + r.nextInt(3000)];
                        r.nextBytes(bytes);
                        what = "random bytes";
                    } else if (which == 4) {
                        byte[] all = Files.readAllBytes(ONNX);
                        bytes = Arrays.copyOf(all, 1 + r.nextInt(all.length - 1));
                        what = "the fixture network cut short";
                    } else {
                        bytes = "vseg.pipeline.extractor.type = onnx\n".getBytes(StandardCharsets.UTF_8);
                        what = "a text file";
                    }
                    model = b.bytes("model.onnx", bytes, what);
                    value = model.toString();
                }
                lines.replaceAll(l -> l.leaf().equals("model") ? l.with(quote(value)) : l);
                b.mention("model");
            }
        }
        if (content == null) {
            content = render(lines, blocks);
            b.requires.add("pipeline.conf"); // a key's error names the file as well
        }
        Path config = b.text("pipeline.conf", content);
        commandOnConfig(b, config);
    }

    /** A command that reads {@code config}, over the good clip. */
    private void commandOnConfig(Builder b, Path config) throws IOException {
        int which = b.r.nextInt(10);
        String c = config.toString();
        if (which < 6) {
            b.args("run", "--config", c, "--input", frames.toString(), "--output", b.output().toString());
        } else if (which < 7) {
            b.args("bench", "--config", c, "--input", frames.toString(), "--warmup", "0", "--max-frames", "2",
                    "--output", b.output().toString());
        } else if (which < 8) {
            b.args("eval", "--config", c, "--dataset", frames.toString(), "--warmup", "1", "--max-frames", "3",
                    "--output", b.output().toString());
        } else if (which < 9) {
            b.args("profile", "--config", c, "--input", frames.toString(), "--warmup", "1", "--max-frames", "3",
                    "--output", b.output().toString());
        } else {
            // the baseline's scheduler and fuser are every-frame's and none: what is wrong with them is not used
            b.args("bench", "--config", goodConfig.toString(), "--baseline", c, "--input", frames.toString(),
                    "--warmup", "0", "--max-frames", "2", "--output", b.output().toString());
            b.mustFail = false;
        }
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Video inputs

    private void video(Builder b) throws IOException {
        Random r = b.r;
        Path input;
        int failAt = -1; // a frame folder's first bad frame, whose earlier frames a run must keep
        switch (r.nextInt(15)) {
            case 13 -> {
                b.kind = "davis-sequence";
                String seq = b.pick(null, "nope", "bear/../cows", "../../fixtures", "BEAR", "bear ");
                b.note("--input the DAVIS root, --sequence " + (seq == null ? "not given" : "'" + seq + "'"));
                b.args("run", "--config", goodConfig.toString(), "--input", davis.toString(), "--output",
                        b.output().toString());
                if (seq != null) {
                    b.args("--sequence", seq);
                }
                b.mustFail = seq == null || !seq.equals("bear/../cows");
                b.mention("--sequence", "sequence");
                return;
            }
            case 14 -> {
                b.kind = "output-blocked";
                Path file = b.bytes("taken", new byte[1], "a file");
                Path out = r.nextBoolean() ? file : file.resolve("out");
                b.note("--output " + b.dir.relativize(out));
                String command = b.pick("run", "bench", "eval", "profile");
                b.args(command, "--config", goodConfig.toString(), command.equals("eval") ? "--dataset" : "--input",
                        frames.toString(), "--output", out.toString());
                if (!command.equals("run")) {
                    b.args("--warmup", "1");
                }
                b.mustFail = true;
                b.mention("taken");
                return;
            }
            case 0 -> {
                b.kind = "garbage-file";
                byte[] junk = new byte[1 + r.nextInt(8192)];
                r.nextBytes(junk);
                input = b.bytes("input" + b.pick(".mp4", ".avi", ".mkv", ".mov", ".bin", "", ".webm"), junk,
                        "random bytes");
                b.mustFail = true;
                b.mention(input.getFileName().toString());
            }
            case 1 -> {
                b.kind = "empty-file";
                input = b.bytes("input" + b.pick(".mp4", ".avi", ""), new byte[0], "empty");
                b.mustFail = true;
                b.mention(input.getFileName().toString());
            }
            case 2, 3 -> {
                b.kind = "truncated-video";
                Path real = r.nextBoolean() ? mp4 : avi;
                byte[] all = Files.readAllBytes(real);
                int n = r.nextInt(all.length);
                String ext = real.getFileName().toString().substring(4);
                input = b.bytes("cut" + ext, Arrays.copyOf(all, n), "the real " + ext + " cut at byte " + n + " of "
                        + all.length);
                b.mention(input.getFileName().toString());
            }
            case 4 -> {
                b.kind = "corrupt-video";
                Path real = r.nextBoolean() ? mp4 : avi;
                byte[] all = Files.readAllBytes(real);
                int hits = 1 + r.nextInt(40);
                StringBuilder where = new StringBuilder();
                for (int k = 0; k < hits; k++) {
                    int at = r.nextInt(all.length);
                    all[at] = (byte) r.nextInt(256);
                    where.append(k == 0 ? "" : ",").append(at);
                }
                String ext = real.getFileName().toString().substring(4);
                input = b.bytes("corrupt" + ext, all, "the real " + ext + " with bytes changed at " + where);
                b.mention(input.getFileName().toString());
            }
            case 5 -> {
                b.kind = "empty-folder";
                input = Files.createDirectories(b.dir.resolve("frames"));
                if (r.nextBoolean()) {
                    b.bytes("frames/notes.txt", "not a frame".getBytes(StandardCharsets.UTF_8), "text");
                    Files.createDirectories(input.resolve("sub.png"));
                    b.note("frames/sub.png/ is a folder");
                } else {
                    b.note("frames/ is empty");
                }
                b.mustFail = true;
                b.mention("frames");
            }
            case 6, 7, 8 -> {
                b.kind = "bad-frame";
                input = copyFrames(b);
                int k = r.nextInt(FRAMES);
                Path bad = input.resolve(frameName(k, "png"));
                byte[] good = Files.readAllBytes(bad);
                switch (r.nextInt(4)) {
                    case 0 -> b.bytes("frames/" + bad.getFileName(), new byte[0], "frame " + k + " empty");
                    case 1 -> {
                        byte[] junk = new byte[1 + r.nextInt(2000)];
                        r.nextBytes(junk);
                        b.bytes("frames/" + bad.getFileName(), junk, "frame " + k + " random bytes");
                    }
                    case 2 -> b.bytes("frames/" + bad.getFileName(), Arrays.copyOf(good, 8 + r.nextInt(good.length - 8)),
                            "frame " + k + " cut short");
                    default -> b.bytes("frames/" + bad.getFileName(), "<html>not a png</html>".getBytes(
                            StandardCharsets.UTF_8), "frame " + k + " a text file");
                }
                b.mention(bad.getFileName().toString());
                if (!b.inputs.get(b.inputs.size() - 1).contains("cut short")) {
                    b.mustFail = true;
                    failAt = k;
                }
            }
            case 9 -> {
                b.kind = "frame-sizes";
                input = copyFrames(b);
                int k = 1 + r.nextInt(FRAMES - 1);
                int w = b.pick(WIDTH + 1, WIDTH - 2, WIDTH * 2, 1, HEIGHT);
                int h = b.pick(HEIGHT, HEIGHT - 1, HEIGHT * 2, 1, WIDTH);
                if (w == WIDTH && h == HEIGHT) {
                    h++;
                }
                Path bad = input.resolve(frameName(k, "png"));
                writeImage(TestFrames.movingSquare(1, w, h).get(0).image(), bad, "png");
                b.note("frames/" + bad.getFileName() + " is " + w + "x" + h + ", the others " + WIDTH + "x" + HEIGHT);
                b.mustFail = true;
                failAt = k;
                b.mention(bad.getFileName().toString());
            }
            case 10 -> {
                b.kind = "tiny-frames";
                input = Files.createDirectories(b.dir.resolve("frames"));
                int w = b.pick(1, 2, 3, 1, 4, 200);
                int h = b.pick(1, 2, 1, 5, 1);
                List<Frame> clip = TestFrames.movingSquare(3, w, h);
                for (int i = 0; i < clip.size(); i++) {
                    writeImage(clip.get(i).image(), input.resolve(frameName(i, "png")), "png");
                }
                b.note("frames/: 3 frames of " + w + "x" + h);
                b.mention("frame", "frames");
            }
            case 11 -> {
                b.kind = "odd-images";
                input = copyFrames(b);
                int k = r.nextInt(FRAMES);
                Path target = input.resolve(frameName(k, "png"));
                String how = b.pick("grey", "jpeg-in-png", "16-bit", "alpha");
                BufferedImage img = switch (how) {
                    case "grey" -> new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_BYTE_GRAY);
                    case "16-bit" -> new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_USHORT_GRAY);
                    case "alpha" -> new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_ARGB);
                    default -> new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_3BYTE_BGR);
                };
                ImageIO.write(img, how.equals("jpeg-in-png") ? "jpg" : "png", target.toFile());
                b.note("frames/" + target.getFileName() + ": " + how);
                b.mention(target.getFileName().toString());
            }
            default -> {
                b.kind = "masks";
                input = frames;
                Path masks;
                switch (r.nextInt(6)) {
                    case 0 -> {
                        masks = b.dir.resolve("absent.png");
                        b.mustFail = true;
                    }
                    case 1 -> {
                        masks = b.bytes("masks.png", new byte[0], "empty");
                        b.mustFail = true;
                    }
                    case 2 -> {
                        byte[] junk = new byte[1 + r.nextInt(500)];
                        r.nextBytes(junk);
                        masks = b.bytes("masks.png", junk, "random bytes");
                        b.mustFail = true;
                    }
                    case 3 -> {
                        int w = b.pick(WIDTH / 2, WIDTH + 3, 1);
                        int h = b.pick(HEIGHT / 2, HEIGHT, 7);
                        masks = b.dir.resolve("masks.png");
                        writeMask(new int[w * h], w, h, masks);
                        b.note("masks.png: " + w + "x" + h + " (frames are " + WIDTH + "x" + HEIGHT + ")");
                    }
                    case 4 -> {
                        masks = Files.createDirectories(b.dir.resolve("masks.png"));
                        b.note("masks.png/ is a folder");
                        b.mustFail = true;
                    }
                    default -> {
                        masks = b.dir.resolve("masks.png");
                        BufferedImage img = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_USHORT_GRAY);
                        img.getRaster().setSample(3, 3, 0, 65535);
                        img.getRaster().setSample(4, 3, 0, 300);
                        ImageIO.write(img, "png", masks.toFile());
                        b.note("masks.png: 16-bit grey, values 0, 300, 65535");
                    }
                }
                b.mention(masks.getFileName().toString());
                b.args("run", "--config", goodConfig.toString(), "--input", input.toString(), "--masks",
                        masks.toString(), "--output", b.output().toString());
                if (r.nextBoolean()) {
                    b.note("with vseg.output.classes = objects");
                    // with no component making the objects' scores, the labels cannot be the objects': said at a frame
                    b.mention("frame 0");
                    Path config = b.text("objects.conf", "include file(" + quote(goodConfig.toString()) + ")\n"
                            + "vseg.output.classes = objects\n");
                    b.argv.set(2, config.toString());
                }
                return;
            }
        }
        int which = r.nextInt(10);
        String c = goodConfig.toString();
        String in = input.toString();
        if (which < 6) {
            Path out = b.output();
            b.args("run", "--config", c, "--input", in, "--output", out.toString());
            if (b.mustFail && failAt > 0 && Files.isDirectory(input)) {
                for (int i = 0; i < failAt; i++) {
                    b.kept.add(out.resolve("labels").resolve(frameName(i, "png")));
                }
                b.kept.add(out.resolve("trace.jsonl"));
            }
        } else if (which < 7) {
            b.args("bench", "--config", c, "--input", in, "--warmup", "1", "--output", b.output().toString());
        } else if (which < 9) {
            b.args("eval", "--config", c, "--dataset", in, "--warmup", "0", "--output", b.output().toString());
        } else {
            b.args("profile", "--config", c, "--input", in, "--warmup", "1", "--max-frames", "3", "--output",
                    b.output().toString());
            b.mention("--max-frames"); // a clip too short to profile is said in its terms
        }
    }

    private Path copyFrames(Builder b) throws IOException {
        Path to = Files.createDirectories(b.dir.resolve("frames"));
        try (Stream<Path> s = Files.list(frames)) {
            for (Path p : s.sorted().toList()) {
                Files.copy(p, to.resolve(p.getFileName()));
            }
        }
        b.note("frames/: the clip's " + FRAMES + " frames of " + WIDTH + "x" + HEIGHT);
        return to;
    }

    // ---------------------------------------------------------------------------------------------------------------
    // DAVIS-style datasets and label folders

    private void dataset(Builder b) throws IOException {
        Random r = b.r;
        if (r.nextInt(4) == 0) {
            labelFolder(b);
            return;
        }
        Path root = b.dir.resolve("davis");
        copyTree(davis, root);
        b.note("davis/: sequences bear and cows, 3 frames each (00000-00002.jpg, " + WIDTH + "x" + HEIGHT
                + ") with 0/255 masks");
        String seq = b.pick("bear", "cows");
        Path annotations = root.resolve("Annotations/480p").resolve(seq);
        Path images = root.resolve("JPEGImages/480p").resolve(seq);
        int k = r.nextInt(3);
        Path maskFile = annotations.resolve(frameName(k, "png"));
        String rel = "davis/Annotations/480p/" + seq + "/" + maskFile.getFileName();
        List<String> sequences = null;
        switch (r.nextInt(14)) {
            case 0 -> {
                b.kind = "mask-missing";
                Files.delete(maskFile);
                b.note(rel + " deleted");
            }
            case 1 -> {
                b.kind = "annotations-missing";
                deleteTree(root.resolve("Annotations"));
                b.note("davis/Annotations deleted");
            }
            case 2 -> {
                b.kind = "mask-empty";
                b.bytes(rel, new byte[0], "empty");
                b.mustFail = true;
                b.mention(maskFile.getFileName().toString());
            }
            case 3 -> {
                b.kind = "mask-garbage";
                byte[] junk = new byte[1 + r.nextInt(1000)];
                r.nextBytes(junk);
                b.bytes(rel, junk, "random bytes");
                b.mustFail = true;
                b.mention(maskFile.getFileName().toString());
            }
            case 4, 5 -> {
                b.kind = "mask-size";
                int w = b.pick(WIDTH / 2, WIDTH + 1, HEIGHT, 1, WIDTH * 2);
                int h = b.pick(HEIGHT / 2, HEIGHT + 1, WIDTH, 1, HEIGHT);
                if (w == WIDTH && h == HEIGHT) {
                    w++;
                }
                int[] values = new int[w * h];
                values[0] = 255;
                writeMask(values, w, h, maskFile);
                b.note(rel + " is " + w + "x" + h + ", its frame " + WIDTH + "x" + HEIGHT);
                b.mustFail = true;
                b.mention(maskFile.getFileName().toString());
            }
            case 6 -> {
                b.kind = "mask-values";
                BufferedImage img = new BufferedImage(WIDTH, HEIGHT, b.pick(BufferedImage.TYPE_USHORT_GRAY,
                        BufferedImage.TYPE_INT_RGB, BufferedImage.TYPE_BYTE_GRAY));
                for (int y = 0; y < HEIGHT; y++) {
                    for (int x = 0; x < WIDTH; x++) {
                        img.getRaster().setSample(x, y, 0, r.nextInt(4) == 0 ? r.nextInt(300) : 0);
                    }
                }
                ImageIO.write(img, "png", maskFile.toFile());
                b.note(rel + ": random object ids up to 300, image type " + img.getType());
            }
            case 7 -> {
                b.kind = "sequence-empty";
                deleteTree(images);
                Files.createDirectories(images);
                b.note("davis/JPEGImages/480p/" + seq + "/ emptied");
                b.mustFail = true;
                b.mention(seq);
            }
            case 8 -> {
                b.kind = "no-sequences";
                deleteTree(root.resolve("JPEGImages/480p"));
                Files.createDirectories(root.resolve("JPEGImages/480p"));
                b.note("davis/JPEGImages/480p/ emptied");
                b.mustFail = true;
                b.mention("davis", "480p", "sequence");
            }
            case 9 -> {
                b.kind = "unknown-sequence";
                sequences = List.of(b.pick("bearr", "", " bear", "bear,", "bear,,cows", ",", "BEAR", "../davis"));
                b.note("--sequences '" + sequences.get(0) + "'");
                b.mention("sequence", "--sequences");
            }
            case 10 -> {
                b.kind = "frame-corrupt";
                Path frame = images.resolve(frameName(k, "jpg"));
                byte[] junk = new byte[r.nextInt(700)];
                r.nextBytes(junk);
                b.bytes("davis/JPEGImages/480p/" + seq + "/" + frame.getFileName(), junk, "random bytes");
                b.mustFail = true;
                b.mention(frame.getFileName().toString());
            }
            case 11 -> {
                b.kind = "no-480p";
                deleteTree(root.resolve("JPEGImages/480p"));
                b.note("davis/JPEGImages/480p deleted (JPEGImages empty)");
                b.mustFail = true;
                b.mention("davis", "480p", "JPEGImages");
            }
            case 12 -> {
                b.kind = "mask-is-folder";
                Files.delete(maskFile);
                Files.createDirectories(maskFile);
                b.note(rel + " is a folder");
                b.mention(maskFile.getFileName().toString());
            }
            default -> {
                b.kind = "sequence-sizes";
                for (int i = 0; i < 3; i++) {
                    Image img = TestFrames.movingSquare(i + 1, 64, 40).get(i).image();
                    writeImage(img, images.resolve(frameName(i, "jpg")), "jpg");
                    writeMask(mask(img), 64, 40, annotations.resolve(frameName(i, "png")));
                }
                b.note("davis/*/" + seq + ": frames and masks 64x40, the other sequence's " + WIDTH + "x" + HEIGHT);
            }
        }
        boolean eval = r.nextInt(5) < 3;
        b.args(eval ? "eval" : "bench", "--config", goodConfig.toString(), eval ? "--dataset" : "--input",
                root.toString(), "--warmup", b.pick("0", "1", "5"), "--output", b.output().toString());
        if (sequences != null) {
            b.args("--sequences", sequences.get(0));
        } else if (r.nextInt(3) == 0) {
            b.args("--sequences", seq);
        }
        if (!eval && r.nextBoolean()) {
            b.args("--tc");
        }
    }

    private void labelFolder(Builder b) throws IOException {
        Random r = b.r;
        Path images = copyFrames(b);
        Path labels = Files.createDirectories(b.dir.resolve("labels"));
        for (int i = 0; i < FRAMES; i++) {
            writeMask(new int[WIDTH * HEIGHT], WIDTH, HEIGHT, labels.resolve(frameName(i, "png")));
        }
        b.note("labels/: class 0 everywhere, one PNG per frame");
        int k = r.nextInt(FRAMES);
        Path label = labels.resolve(frameName(k, "png"));
        String voidLabel = "255";
        switch (r.nextInt(7)) {
            case 0 -> {
                b.kind = "label-size";
                int w = b.pick(WIDTH / 2, WIDTH + 1, 1);
                int h = b.pick(HEIGHT / 2, HEIGHT - 1, 1);
                writeMask(new int[w * h], w, h, label);
                b.note("labels/" + label.getFileName() + " is " + w + "x" + h);
                b.mustFail = true;
                b.mention(label.getFileName().toString());
            }
            case 1 -> {
                b.kind = "label-garbage";
                byte[] junk = new byte[r.nextInt(300)];
                r.nextBytes(junk);
                b.bytes("labels/" + label.getFileName(), junk, "random bytes");
                b.mustFail = true;
                b.mention(label.getFileName().toString());
            }
            case 2 -> {
                b.kind = "label-values";
                int[] values = new int[WIDTH * HEIGHT];
                for (int i = 0; i < values.length; i++) {
                    values[i] = r.nextInt(256);
                }
                writeMask(values, WIDTH, HEIGHT, label);
                b.note("labels/" + label.getFileName() + ": random class indices 0..255");
                b.mustFail = true; // the model has 2 classes
                b.mention(String.format(Locale.ROOT, "(%05d)", k));
            }
            case 3 -> {
                b.kind = "labels-missing";
                deleteTree(labels);
                b.note("labels/ deleted");
                b.mustFail = true;
                b.mention("labels");
            }
            case 4 -> {
                b.kind = "void";
                voidLabel = b.pick("-1", "0", "1", "100000", "x", "", "2147483648");
                b.note("--void '" + voidLabel + "'");
                b.mention("--void");
            }
            case 5 -> {
                b.kind = "label-missing";
                Files.delete(label);
                b.note("labels/" + label.getFileName() + " deleted");
            }
            default -> {
                b.kind = "labels-is-file";
                deleteTree(labels);
                b.bytes("labels", new byte[10], "a file, not a folder");
                b.mustFail = true;
                b.mention("labels");
            }
        }
        b.kind = "labels-" + b.kind;
        boolean eval = r.nextBoolean();
        b.args(eval ? "eval" : "bench", "--config", goodConfig.toString(), eval ? "--dataset" : "--input",
                images.toString(), "--labels", labels.toString(), "--void", voidLabel, "--warmup", "0", "--output",
                b.output().toString());
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Ablation studies

    private void ablation(Builder b) throws IOException {
        Random r = b.r;
        Map<String, String> study = new LinkedHashMap<>();
        study.put("name", "tiny");
        study.put("pipeline", quote(goodConfig.toString()));
        study.put("dataset", "{ path = " + quote(frames.toString()) + " }");
        study.put("warmup", "0");
        study.put("max-frames", "2");
        study.put("tc", "false");
        study.put("variants", "[ { name = base, set { \"vseg.pipeline.scheduler\" { type = every-frame } } } ]");
        Path output = null;
        switch (r.nextInt(12)) {
            case 0 -> {
                b.kind = "misspelled-key";
                List<String> keys = new ArrayList<>(study.keySet());
                String key = b.pick(keys);
                String bad = misspell(key, r);
                while (List.of("name", "pipeline", "dataset", "warmup", "max-frames", "tc", "plot-x", "plot-y",
                        "variants", "grid", "subset", "compare").contains(bad)) {
                    bad = misspell(bad, r);
                }
                String value = study.remove(key);
                study.put(bad, value);
                b.mustFail = true;
                b.mention(bad, key);
            }
            case 1 -> {
                b.kind = "wrong-type";
                String key = b.pick("name", "pipeline", "dataset", "warmup", "max-frames", "tc", "variants", "plot-x",
                        "plot-y", "grid", "subset", "compare");
                String v = switch (key) {
                    case "warmup", "max-frames" -> b.pick("\"x\"", "[1]", "{}", "1e12", "-2147483649", "true");
                    case "tc" -> b.pick("maybe", "2", "[]");
                    case "variants" -> b.pick("3", "[3]", "[ { set {} } ]", "[ { name = a, set = 5 } ]", "{}",
                            "[ { name = [a] } ]", "\"x\"", "[ { name = a, set { \"vseg..x\" = 1 } } ]");
                    case "grid" -> b.pick("3", "{ \"vseg.pipeline.flow.preset\" = 3 }",
                            "{ \"vseg.pipeline.flow.preset\" = [] }", "[a]", "{ \"vseg..preset\" = [a] }",
                            "{ \"\" = [a] }");
                    case "dataset" -> b.pick("\"x\"", "{ }", "{ path = [a] }", "{ path = " + quote(frames.toString())
                            + ", void = x }", "{ path = " + quote(frames.toString()) + ", sequences = 3 }",
                            "{ path = " + quote(frames.toString()) + ", labels = [] }");
                    case "subset" -> b.pick("3", "{ name = x }", "{ sequences = [a] }", "{ name = [x], sequences = [] }");
                    case "compare" -> b.pick("1", "{ reference = base }", "{ reference = nope, along = x }",
                            "{ along = x }", "{ reference = base, along = \"vseg.pipeline.flow.preset\" }");
                    default -> b.pick("[a, b]", "{ x = 1 }", "5", "\"\"");
                };
                study.put(key, v);
                b.mention(key, "study");
            }
            case 2 -> {
                b.kind = "plot-axis";
                String key = b.pick("plot-x", "plot-y");
                String v = b.pick("speed", "\"\"", "J", "agreements", "tc", "miou", "frames", "fps");
                study.put(key, v);
                b.mention(key);
            }
            case 3 -> {
                b.kind = "pipeline-file";
                int which = r.nextInt(4);
                if (which == 0) {
                    study.put("pipeline", quote(b.dir.resolve("absent.conf").toString()));
                    b.mention("absent.conf");
                    b.mustFail = true;
                } else if (which == 1) {
                    Path bad = b.text("pipeline.conf", "vseg.pipeline.extractor { type = onnx, model = \"x\" \n");
                    study.put("pipeline", quote(bad.toString()));
                    b.mention("pipeline.conf");
                    b.mustFail = true;
                } else if (which == 2) {
                    Path bad = b.text("pipeline.conf", "include file(" + quote(goodConfig.toString()) + ")\n"
                            + "vseg.pipeline.extractor.input-widht = 3\n");
                    study.put("pipeline", quote(bad.toString()));
                    b.mention("input-widht", "FAILED");
                } else {
                    study.put("pipeline", "\"\"");
                    b.mention("pipeline");
                    b.mustFail = true;
                }
            }
            case 4 -> {
                b.kind = "dataset-path";
                String v = b.pick(b.dir.resolve("absent").toString(), "", b.dir.resolve("empty").toString());
                if (v.endsWith("empty")) {
                    Files.createDirectories(b.dir.resolve("empty"));
                }
                study.put("dataset", "{ path = " + quote(v) + " }");
                b.note("dataset path '" + v + "'");
                b.mention("absent", "empty", "dataset", "path", "no .jpg", "fixtures");
            }
            case 5 -> {
                b.kind = "bad-variant";
                String set = b.pick("{ \"vseg.pipeline.extractr.x\" = 1 }", "{ \"vseg.pipeline.scheduler\" = 5 }",
                        "{ \"vseg.pipeline.scheduler.type\" = nope }", "{ \"vseg.runtime.threads\" = 0 }",
                        "{ \"vseg.output.palette\" = nope }", "{ \"vseg..x\" = 1 }", "{ \"\" = 1 }",
                        "{ \"vseg.pipeline.extractor.input-width\" = -5 }", "{ vseg = null }");
                String name = b.pick("broken", "", "a/b", "../up", "  ", "\u00e9t\u00e9", "x".repeat(300), "con");
                study.put("variants", "[ { name = " + quote(name) + ", set " + set + " } ]");
                b.note("variant '" + name + "' sets " + set);
            }
            case 6 -> {
                b.kind = "grid";
                String grid = b.pick("{ \"vseg.pipeline.flow.preset\" = [ultrafast, nope] }",
                        "{ \"vseg.runtime.threads\" = [1, -1] }", "{ \"vseg.pipeline.nope\" = [1] }",
                        "{ \"vseg.output.overlay-alpha\" = [0.5, 7] }");
                study.put("grid", grid);
                if (r.nextBoolean()) {
                    study.put("compare", "{ reference = base, along = " + quote(grid.substring(3,
                            grid.indexOf('"', 3))) + " }");
                }
                b.note("grid " + grid);
            }
            case 7 -> {
                b.kind = "duplicate-names";
                study.put("variants", "[ { name = same, set { \"vseg.pipeline.scheduler\" { type = every-frame } } },"
                        + " { name = same, set { \"vseg.pipeline.scheduler.type\" = nope } } ]");
            }
            case 8 -> {
                b.kind = "saved-rows";
                output = Files.createDirectories(b.dir.resolve("out/variants"));
                String row = b.pick("", "{", "not json at all", "{\"variant\": \"base\"}",
                        "{\"variant\": \"base\", \"ok\": true, \"error\": \"\", \"values\": 3}",
                        "{\"variant\": \"base\", \"ok\": \"yes\", \"error\": \"\", \"values\": {}}",
                        "{\"variant\": \"base\", \"ok\": true, \"error\": \"\", \"values\": {\"speedup\": \"fast\"}}");
                b.text("out/variants/base.json", row);
                b.mention("base.json", "variants");
            }
            case 9, 10 -> {
                b.kind = "garbled";
                String text = renderStudy(study);
                String content = switch (r.nextInt(5)) {
                    case 0 -> text.substring(0, r.nextInt(text.length()));
                    case 1 -> "";
                    case 2 -> "study = 3\n";
                    case 3 -> "# no study\nname = x\n";
                    default -> {
                        int at = r.nextInt(text.length());
                        yield text.substring(0, at) + b.pick("{", "}", "]", "\"", "${nope}", "=", "include required(\"x\")")
                                + text.substring(at);
                    }
                };
                Path file = b.text("study.conf", content);
                b.mention("study.conf", "study");
                ablateCommand(b, file, output);
                return;
            }
            default -> {
                b.kind = "study-file";
                int which = r.nextInt(3);
                Path file = which == 0 ? b.dir.resolve("absent.conf") : which == 1
                        ? Files.createDirectories(b.dir.resolve("folder.conf"))
                        : b.bytes("study.conf", randomBytes(r, 400), "random bytes");
                b.note("study file " + file.getFileName() + (which == 1 ? " is a folder" : ""));
                b.mustFail = true;
                b.mention(file.getFileName().toString());
                ablateCommand(b, file, output);
                return;
            }
        }
        Path file = b.text("study.conf", renderStudy(study));
        ablateCommand(b, file, output);
    }

    private void ablateCommand(Builder b, Path study, Path existing) throws IOException {
        Path out = existing != null ? existing.getParent() : b.output();
        if (b.r.nextInt(8) == 0) {
            out = b.bytes("out-file", new byte[3], "a file where the output folder goes");
            b.mention("out-file", "study");
            b.mustFail = false;
        }
        b.args("ablate", "--study", study.toString(), "--output", out.toString());
    }

    private static String renderStudy(Map<String, String> study) {
        StringBuilder sb = new StringBuilder("study {\n");
        study.forEach((k, v) -> sb.append("  ").append(k).append(" = ").append(v).append('\n'));
        return sb.append("}\n").toString();
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Command lines

    /** Options that take a whole number, per command. */
    private static final Map<String, List<String>> NUMBERS = Map.of(
            "run", List.of("max-frames"),
            "bench", List.of("max-frames", "warmup", "void"),
            "eval", List.of("max-frames", "warmup", "void"),
            "profile", List.of("max-frames", "warmup"),
            "ablate", List.of(),
            "plugins", List.of());

    private List<String> baseArgs(String command, Builder b) throws IOException {
        String c = goodConfig.toString();
        String f = frames.toString();
        String out = b.dir.resolve("out").toString();
        return switch (command) {
            case "run" -> List.of("--config", c, "--input", f, "--output", out, "--max-frames", "2");
            case "bench" -> List.of("--config", c, "--input", f, "--warmup", "0", "--max-frames", "2", "--output", out);
            case "eval" -> List.of("--config", c, "--dataset", f, "--warmup", "0", "--max-frames", "2", "--output", out);
            case "profile" -> List.of("--config", c, "--input", f, "--warmup", "1", "--max-frames", "3", "--output", out);
            case "ablate" -> {
                Path study = b.text("study.conf", renderStudy(Map.of("pipeline", quote(c), "dataset",
                        "{ path = " + quote(f) + " }", "warmup", "0", "max-frames", "2", "tc", "false", "variants",
                        "[ { name = base, set {} } ]")));
                yield List.of("--study", study.toString(), "--output", out);
            }
            default -> List.of();
        };
    }

    private void cli(Builder b) throws IOException {
        Random r = b.r;
        String command = b.pick("run", "run", "bench", "eval", "profile", "ablate", "plugins");
        List<String> opts = new ArrayList<>(baseArgs(command, b));
        List<String> global = new ArrayList<>();
        int options = opts.size() / 2;
        switch (r.nextInt(11)) {
            case 0 -> {
                b.kind = "missing-value";
                if (options == 0) {
                    opts.add("--max-frames");
                    b.mention("--max-frames");
                } else {
                    int i = 2 * r.nextInt(options);
                    String name = opts.remove(i);
                    opts.remove(i);
                    opts.add(name);
                    b.mention(name);
                }
                b.mustFail = true;
            }
            case 1, 2 -> {
                b.kind = "not-a-number";
                List<String> numeric = NUMBERS.get(command);
                String option = numeric.isEmpty() ? "max-frames" : b.pick(numeric);
                String v = b.pick("abc", "1.5", "1e3", "0x10", "99999999999", "-", "+", " 3", "3 ", "\u0663", "--",
                        "NaN", "-2147483649", "2147483647", "-1", "0", "\u00bd", "1_000", "12abc", "\t");
                setOption(opts, option, v);
                boolean parses;
                try {
                    Integer.parseInt(v);
                    parses = true;
                } catch (NumberFormatException e) {
                    parses = false;
                }
                b.mustFail = !parses || NUMBERS.get(command).isEmpty();
                b.mention("--" + option);
                b.note("--" + option + " '" + v + "'");
            }
            case 3 -> {
                b.kind = "unknown-option";
                String known = options == 0 ? "config" : opts.get(2 * r.nextInt(options)).substring(2);
                String bad = b.pick("--" + misspell(known, r), "--", "---", "--=x", "--" + known.toUpperCase(Locale.ROOT),
                        "--" + known.replace('-', '_') + "x", "--fps", "--" + misspell(known, r) + "=3", "--stack-trace");
                int at = 2 * r.nextInt(options + 1);
                opts.add(at, bad);
                b.mustFail = true;
                int eq = bad.indexOf('=', 2);
                b.mention(eq > 2 ? bad.substring(0, eq) : bad);
            }
            case 4 -> {
                b.kind = "missing-required";
                if (options == 0) {
                    command = "run";
                    opts.addAll(List.of("--input", frames.toString(), "--output", b.dir.resolve("out").toString()));
                    b.mention("--config");
                    b.mustFail = true;
                } else {
                    // Without --output, bench, eval, profile and ablate write under the working directory: kept.
                    List<Integer> removable = new ArrayList<>();
                    for (int i = 0; i < options; i++) {
                        if (command.equals("run") || !opts.get(2 * i).equals("--output")) {
                            removable.add(2 * i);
                        }
                    }
                    int i = b.pick(removable);
                    String name = opts.remove(i);
                    opts.remove(i);
                    b.mention(name);
                    b.mustFail = !name.equals("--warmup") && !name.equals("--max-frames");
                }
            }
            case 5 -> {
                b.kind = "empty-value";
                if (options == 0) {
                    command = "run";
                    opts.addAll(baseArgs("run", b));
                    options = opts.size() / 2;
                }
                int i = 2 * r.nextInt(options);
                String name = opts.get(i);
                String v = b.pick("", " ", "\t");
                if (r.nextBoolean()) {
                    opts.set(i + 1, v);
                } else {
                    opts.set(i, name + "=" + v);
                    opts.remove(i + 1);
                }
                b.mustFail = true;
                b.mention(name);
                b.note(name + " '" + v + "'");
            }
            case 6 -> {
                b.kind = "value-is-an-option";
                if (options < 2) {
                    command = "run";
                    opts.clear();
                    opts.addAll(baseArgs("run", b));
                    options = opts.size() / 2;
                }
                // not --output's value: the next option would become the output folder, in the working directory
                int i = 2 * r.nextInt(options);
                if (opts.get(i).equals("--output")) {
                    i = i == 0 ? 2 : 0;
                }
                opts.remove(i + 1);
                b.mustFail = true;
                b.mention(opts.get(i), i + 1 < opts.size() ? opts.get(i + 1) : "--");
            }
            case 7 -> {
                b.kind = "unknown-command";
                String bad = b.pick(misspell(command, r), "", " ", "RUN", "--run", "run2", "-x", "--version", "help2");
                command = bad;
                b.mustFail = true;
                b.mention("'" + bad + "'", bad.isBlank() ? "command" : bad);
            }
            case 8 -> {
                b.kind = "plugins-folder";
                int which = r.nextInt(3);
                if (which == 0) {
                    global.add("--plugins");
                    global.add(b.dir.resolve("no-plugins").toString());
                    b.mustFail = true;
                    b.mention("no-plugins");
                } else if (which == 1) {
                    global.add("--plugins");
                    global.add(b.bytes("plugins.jar", randomBytes(r, 200), "random bytes").toString());
                    b.mustFail = true;
                    b.mention("plugins.jar");
                } else {
                    Path dir = Files.createDirectories(b.dir.resolve("plugins"));
                    b.bytes("plugins/broken.jar", randomBytes(r, 300), "random bytes");
                    global.add("--plugins");
                    global.add(dir.toString());
                    b.mention("broken.jar");
                }
            }
            case 9 -> {
                b.kind = "odd-path";
                if (options == 0) {
                    command = "run";
                    opts.addAll(baseArgs("run", b));
                    options = opts.size() / 2;
                }
                List<Integer> paths = new ArrayList<>();
                for (int i = 0; i < options; i++) {
                    String o = opts.get(2 * i);
                    if (List.of("--config", "--input", "--dataset", "--study").contains(o)) {
                        paths.add(2 * i);
                    }
                }
                int i = b.pick(paths);
                String name = "no such " + b.pick("file", "f\u00efle", "file's \"name\"", "${x}", "%s %n", "file\u200b",
                        "a\\b", "*?");
                opts.set(i + 1, b.dir.resolve(name).toString());
                b.mustFail = true;
                b.mention(name);
                b.note(opts.get(i) + " '" + name + "'");
            }
            default -> {
                b.kind = "extras";
                String extra = b.pick("--help", "-h", "stray", "--stacktrace2", "-v");
                int at = 2 * r.nextInt(options + 1);
                opts.add(at, extra);
                b.mustFail = extra.equals("--stacktrace2");
                b.mention(extra);
            }
        }
        b.argv.addAll(global);
        b.argv.add(command);
        b.argv.addAll(opts);
        if (b.argv.stream().anyMatch(a -> a.endsWith("/out"))) {
            Path out = b.dir.resolve("out");
            if (r.nextBoolean()) {
                Files.createDirectories(out);
                b.kept.add(Files.writeString(out.resolve("keep.txt"), "written before the command\n"));
                b.note("out/keep.txt exists before the command");
            }
        }
    }

    private static void setOption(List<String> opts, String option, String value) {
        int i = opts.indexOf("--" + option);
        if (i < 0) {
            opts.add("--" + option);
            opts.add(value);
        } else {
            opts.set(i + 1, value);
        }
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Files

    static String frameName(int i, String ext) {
        return String.format(Locale.ROOT, "%05d.%s", i, ext);
    }

    private static byte[] randomBytes(Random r, int max) {
        byte[] b = new byte[1 + r.nextInt(max)];
        r.nextBytes(b);
        return b;
    }

    /** The red pixels of a test-kit frame, as 0/255. */
    private static int[] mask(Image image) {
        ByteBuffer px = image.pixels();
        int[] m = new int[image.width() * image.height()];
        for (int p = 0; p < m.length; p++) {
            m[p] = (px.get(3 * p) & 0xFF) > 200 && (px.get(3 * p + 1) & 0xFF) < 60 ? 255 : 0;
        }
        return m;
    }

    static void writeImage(Image image, Path file, String format) throws IOException {
        BufferedImage img = new BufferedImage(image.width(), image.height(), BufferedImage.TYPE_INT_RGB);
        ByteBuffer px = image.pixels();
        for (int y = 0; y < image.height(); y++) {
            for (int x = 0; x < image.width(); x++) {
                int p = 3 * (y * image.width() + x);
                img.setRGB(x, y, (px.get(p) & 0xFF) << 16 | (px.get(p + 1) & 0xFF) << 8 | px.get(p + 2) & 0xFF);
            }
        }
        if (!ImageIO.write(img, format, file.toFile())) {
            throw new IOException("no ImageIO writer for " + format);
        }
    }

    /** A greyscale 8-bit PNG of {@code values}. */
    static void writeMask(int[] values, int w, int h, Path file) throws IOException {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_BYTE_GRAY);
        img.getRaster().setSamples(0, 0, w, h, 0, values);
        ImageIO.write(img, "png", file.toFile());
    }

    /** The frames as a real video file (MPEG-4 Part 2 in {@code format}: mp4 or avi), through JavaCV's FFmpeg. */
    static void writeVideo(List<Frame> clip, Path file, String format) throws IOException {
        int w = clip.get(0).width();
        int h = clip.get(0).height();
        avutil.av_log_set_level(avutil.AV_LOG_ERROR);
        try (FFmpegFrameRecorder rec = new FFmpegFrameRecorder(file.toFile(), w, h, 0)) {
            rec.setFormat(format);
            rec.setVideoCodec(avcodec.AV_CODEC_ID_MPEG4);
            rec.setPixelFormat(avutil.AV_PIX_FMT_YUV420P);
            rec.setFrameRate(25);
            rec.start();
            org.bytedeco.javacv.Frame buffer = new org.bytedeco.javacv.Frame(w, h, org.bytedeco.javacv.Frame.DEPTH_UBYTE, 3);
            for (Frame f : clip) {
                ByteBuffer dst = (ByteBuffer) buffer.image[0];
                ByteBuffer src = f.image().pixels();
                byte[] row = new byte[w * 3];
                for (int y = 0; y < h; y++) {
                    src.position(y * w * 3);
                    src.get(row);
                    dst.position(y * buffer.imageStride);
                    dst.put(row);
                }
                dst.position(0);
                rec.record(buffer, avutil.AV_PIX_FMT_RGB24);
            }
            rec.stop();
        } catch (org.bytedeco.javacv.FrameRecorder.Exception e) {
            throw new IOException(file + ": " + e.getMessage(), e);
        }
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> s = Files.walk(from)) {
            for (Path p : s.toList()) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target);
                }
            }
        }
    }

    private static void deleteTree(Path p) throws IOException {
        if (!Files.exists(p)) {
            return;
        }
        try (Stream<Path> s = Files.walk(p)) {
            for (Path q : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(q);
            }
        }
    }
}
