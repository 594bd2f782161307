package io.vseg.runtime.config;

import io.vseg.api.Features;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.module.ModuleDescriptor;
import java.lang.module.ResolvedModule;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;
import java.security.MessageDigest;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;

/**
 * {@link Hashes#ofCode}: what says whether a saved result was computed by the code that would compute it now.
 * <ul>
 *   <li>vseg's own code by its contents: the runtime's and the API's modules, each component's module (a chain's
 *       members too) and the {@code io.vseg.*} modules each requires, transitively (an automatic module requires
 *       nothing by name, so it takes every vseg module of its layer). A module is read where it was loaded from: a
 *       jar entry by entry, names and contents in name order, leaving out {@code META-INF/MANIFEST.MF} and
 *       {@code META-INF/maven/} (which name the JDK that built it and its pom), so that a rebuild of the same
 *       sources with the same JDK keeps the digest; or a folder of classes, file by file. Any change of the sources,
 *       a comment's included (class files carry line numbers), changes it. A class on the class path counts by the
 *       jar or folder it came from.</li>
 *   <li>The libraries they read, directly or not (ONNX Runtime, OpenCV, DJL...), by module name, version and file
 *       name, and the class path's jar names (libtorch's natives), without their contents: an upgraded library
 *       changes the digest, a rebuilt one does not.</li>
 * </ul>
 * The JDK itself does not count. Contents are read once per process and location (cached by path, size and time).
 */
final class CodeDigest {
    private static final String VSEG = "io.vseg.";
    private static final Map<String, byte[]> READ = new ConcurrentHashMap<>();

    private CodeDigest() {
    }

    static String of(PipelineSpec spec) {
        // Labelled parts, in label order: the digest does not depend on the order they were found in.
        Map<String, byte[]> parts = new TreeMap<>();
        Set<Module> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        add(CodeDigest.class, parts, seen);
        add(Features.class, parts, seen);
        for (ComponentSpec component : spec.components().values()) {
            addComponent(component, parts, seen);
        }
        String classPath = System.getProperty("java.class.path", "");
        parts.put("class path", Stream.of(classPath.split(File.pathSeparator)).filter(e -> !e.isBlank())
                .map(e -> Path.of(e).getFileName().toString()).sorted().toList().toString()
                .getBytes(StandardCharsets.UTF_8));
        MessageDigest digest = Hashes.sha256();
        parts.forEach((label, bytes) -> {
            digest.update((label + "\n").getBytes(StandardCharsets.UTF_8));
            digest.update(bytes);
        });
        return HexFormat.of().formatHex(digest.digest());
    }

    private static void addComponent(ComponentSpec component, Map<String, byte[]> parts, Set<Module> seen) {
        add(component.component().factory().getClass(), parts, seen);
        for (ComponentSpec member : component.members()) {
            addComponent(member, parts, seen);
        }
    }

    /** The code of {@code type}: its module with what it requires, or (on the class path) its jar or folder. */
    private static void add(Class<?> type, Map<String, byte[]> parts, Set<Module> seen) {
        Module module = type.getModule();
        if (module.isNamed()) {
            addModule(module, parts, seen);
            return;
        }
        CodeSource source = type.getProtectionDomain().getCodeSource();
        URI location = null;
        try {
            location = source == null || source.getLocation() == null ? null : source.getLocation().toURI();
        } catch (URISyntaxException e) {
            // counted by its class name below
        }
        // Labelled by contents, not by path: the same code in another checkout has the same digest.
        byte[] code = location == null ? type.getName().getBytes(StandardCharsets.UTF_8) : contents(location);
        parts.put("class path code " + HexFormat.of().formatHex(code), code);
    }

    private static void addModule(Module module, Map<String, byte[]> parts, Set<Module> seen) {
        if (!seen.add(module)) {
            return;
        }
        ModuleLayer layer = module.getLayer();
        ResolvedModule resolved = layer == null ? null
                : layer.configuration().findModule(module.getName()).orElse(null);
        URI location = resolved == null ? null : resolved.reference().location().orElse(null);
        byte[] code = location == null ? module.getDescriptor().toNameAndVersion().getBytes(StandardCharsets.UTF_8)
                : contents(location);
        // By name and contents, not by path: two layers' modules of one name both count.
        parts.put("module " + module.getName() + " " + HexFormat.of().formatHex(code), code);
        if (resolved == null) {
            return;
        }
        ModuleDescriptor descriptor = module.getDescriptor();
        Set<String> vseg = new HashSet<>();
        if (descriptor.isAutomatic()) {
            for (ModuleLayer l = layer; l != null; l = l.parents().isEmpty() ? null : l.parents().get(0)) {
                l.modules().stream().map(Module::getName).filter(n -> n.startsWith(VSEG)).forEach(vseg::add);
            }
        } else {
            descriptor.requires().stream().map(ModuleDescriptor.Requires::name).filter(n -> n.startsWith(VSEG))
                    .forEach(vseg::add);
        }
        for (String name : vseg) {
            layer.findModule(name).ifPresent(m -> addModule(m, parts, seen));
        }
        addLibraries(resolved, parts, new HashSet<>());
    }

    /** The modules {@code module} reads, transitively, leaving out vseg's and the JDK's: name, version, file. */
    private static void addLibraries(ResolvedModule module, Map<String, byte[]> parts, Set<String> visited) {
        for (ResolvedModule read : module.reads()) {
            String name = read.name();
            if (name.startsWith(VSEG) || name.startsWith("java.") || name.startsWith("jdk.") || !visited.add(name)) {
                continue;
            }
            String file = read.reference().location().map(u -> u.getPath() == null ? u.toString()
                    : Path.of(u.getPath()).getFileName().toString()).orElse("");
            parts.put("library " + name, (read.reference().descriptor().toNameAndVersion() + " " + file)
                    .getBytes(StandardCharsets.UTF_8));
            addLibraries(read, parts, visited);
        }
    }

    /** A jar's entries or a folder's files, each one's name and contents, in name order; cached per file state. */
    private static byte[] contents(URI location) {
        if (!"file".equals(location.getScheme())) {
            return location.toString().getBytes(StandardCharsets.UTF_8);
        }
        Path path = Path.of(location);
        String state;
        try {
            state = path + " " + Files.size(path) + " " + Files.getLastModifiedTime(path).toMillis();
        } catch (IOException e) {
            return String.valueOf(e.getMessage()).getBytes(StandardCharsets.UTF_8);
        }
        return READ.computeIfAbsent(state, s -> read(path));
    }

    private static byte[] read(Path location) {
        MessageDigest digest = Hashes.sha256();
        try {
            if (Files.isDirectory(location)) {
                try (Stream<Path> files = Files.walk(location)) {
                    for (Path file : files.filter(Files::isRegularFile).sorted().toList()) {
                        digest.update((location.relativize(file) + "\n").getBytes(StandardCharsets.UTF_8));
                        digest.update(Hashes.fileDigest(file));
                    }
                }
            } else {
                try (JarFile jar = new JarFile(location.toFile())) {
                    List<JarEntry> entries = jar.stream().filter(e -> !e.isDirectory())
                            .filter(e -> !e.getName().equals("META-INF/MANIFEST.MF")
                                    && !e.getName().startsWith("META-INF/maven/"))
                            .sorted(Comparator.comparing(JarEntry::getName)).toList();
                    for (JarEntry entry : entries) {
                        digest.update((entry.getName() + "\n").getBytes(StandardCharsets.UTF_8));
                        try (InputStream in = jar.getInputStream(entry)) {
                            digest.update(Hashes.streamDigest(in));
                        }
                    }
                }
            }
        } catch (IOException | UncheckedIOException e) {
            digest.update(String.valueOf(e.getMessage()).getBytes(StandardCharsets.UTF_8));
        }
        return digest.digest();
    }
}
