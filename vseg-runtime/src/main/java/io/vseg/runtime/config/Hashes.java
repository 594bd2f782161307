package io.vseg.runtime.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigList;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigRenderOptions;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitOption;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Stream;

/** The digests that say whether a saved result still stands for what produced it (a run's, a study row's). */
public final class Hashes {
    /** The key under which components name their weights: a file, or a folder written by {@code vseg train}. */
    static final String MODEL_KEY = "model";
    /** How deep a model folder is read: its files are at depth 1, a staged student's ONNX stages at 2. */
    static final int FOLDER_DEPTH = 3;

    private Hashes() {
    }

    /** SHA-256 of {@code config} as rendered (concise, keys in order), in hex. */
    public static String ofConfig(Config config) {
        return sha256(config.root().render(ConfigRenderOptions.concise()));
    }

    /**
     * SHA-256 of the model files {@code spec}'s components read, in hex: every string at a key called
     * {@value #MODEL_KEY} in a component's configuration (defaults merged; lists and a chain's members included)
     * that names a file or a folder, relative paths against the working directory as components resolve them. A file
     * is read whole; a folder file by file, by name, down to {@value #FOLDER_DEPTH} levels, links followed, leaving
     * out hidden entries (a training's temporary files) and {@code *.md} (its notes). The configuration's text stays
     * the same when a model is retrained into the same folder; this does not. A value that names nothing counts as its
     * text. Other file keys (such as opencv-dnn's {@code config}) are not read.
     */
    public static String ofModels(PipelineSpec spec) {
        TreeSet<String> paths = new TreeSet<>();
        for (ComponentSpec component : spec.components().values()) {
            collect(component, paths);
        }
        MessageDigest digest = sha256();
        for (String value : paths) {
            digest.update((value + "\n").getBytes(StandardCharsets.UTF_8));
            Path path = Path.of(value).toAbsolutePath().normalize();
            if (Files.isRegularFile(path)) {
                digest.update(fileDigest(path));
            } else if (Files.isDirectory(path)) {
                try (Stream<Path> files = Files.walk(path, FOLDER_DEPTH, FileVisitOption.FOLLOW_LINKS)) {
                    List<Path> read = files.filter(f -> !f.equals(path) && countsIn(path.relativize(f)))
                            .filter(Files::isRegularFile).sorted().toList();
                    for (Path file : read) {
                        digest.update((path.relativize(file) + "\n").getBytes(StandardCharsets.UTF_8));
                        digest.update(fileDigest(file));
                    }
                } catch (IOException | UncheckedIOException e) {
                    digest.update(String.valueOf(e.getMessage()).getBytes(StandardCharsets.UTF_8));
                }
            }
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    /**
     * SHA-256 of the code that computes {@code spec}'s results, in hex ({@link CodeDigest}): the runtime's and the
     * API's modules, each component's module and the vseg modules it requires (the learning kit under a fuser, say),
     * read by their contents; the libraries they read, by name and version.
     */
    public static String ofCode(PipelineSpec spec) {
        return CodeDigest.of(spec);
    }

    /** Whether a file at {@code relative} in a model folder is part of the model: not hidden, not notes. */
    private static boolean countsIn(Path relative) {
        for (Path part : relative) {
            if (part.toString().startsWith(".")) {
                return false;
            }
        }
        return !relative.getFileName().toString().endsWith(".md");
    }

    private static void collect(ComponentSpec component, TreeSet<String> paths) {
        collect(component.config().root(), null, paths);
        for (ComponentSpec member : component.members()) {
            collect(member, paths);
        }
    }

    private static void collect(ConfigValue value, String key, TreeSet<String> paths) {
        ConfigValueType type;
        try {
            type = value.valueType();
        } catch (ConfigException.NotResolved e) {
            return;
        }
        switch (type) {
            case OBJECT -> {
                for (Map.Entry<String, ConfigValue> e : ((ConfigObject) value).entrySet()) {
                    collect(e.getValue(), e.getKey(), paths);
                }
            }
            case LIST -> {
                for (ConfigValue v : (ConfigList) value) {
                    collect(v, key, paths);
                }
            }
            case STRING -> {
                String text = (String) value.unwrapped();
                if (MODEL_KEY.equals(key) && !text.isBlank()) {
                    paths.add(text);
                }
            }
            default -> {
            }
        }
    }

    static byte[] fileDigest(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            return streamDigest(in);
        } catch (IOException e) {
            return String.valueOf(e.getMessage()).getBytes(StandardCharsets.UTF_8);
        }
    }

    static byte[] streamDigest(InputStream in) throws IOException {
        MessageDigest digest = sha256();
        byte[] buffer = new byte[1 << 16];
        for (int n; (n = in.read(buffer)) > 0; ) {
            digest.update(buffer, 0, n);
        }
        return digest.digest();
    }

    /** SHA-256 of {@code text} (UTF-8), in hex. */
    public static String sha256(String text) {
        return HexFormat.of().formatHex(sha256().digest(text.getBytes(StandardCharsets.UTF_8)));
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this JDK has no SHA-256", e);
        }
    }
}
