package io.vseg.runtime.plugin;

import com.typesafe.config.Config;
import io.vseg.api.spi.Plugin;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.spi.ToolProvider;

/**
 * Builds real plugin jars for discovery tests: writes a module's sources, compiles them with javac against the
 * API (or a copy of it relabelled with another version), jars them. The plugin provides one fuser (or one
 * propagator), and may carry classes of its own for the component's expression to use.
 */
public final class PluginJars {
    private final Path work;
    private final String module;
    private String component;
    private String description;
    private String expression = "(f, frame) -> f";
    private String kind = "Fuser";
    private final Map<String, String> sources = new LinkedHashMap<>();
    private boolean reference = true;
    private String apiVersion;
    private String dropClass;

    private PluginJars(Path work, String module) {
        this.work = work;
        this.module = module;
        this.component = module.replace("test.", "") + ".identity";
        this.description = "identity fuser from " + module;
    }

    /** A plugin module {@code module} (classes and sources under {@code work}) with an identity fuser. */
    public static PluginJars plugin(Path work, String module) {
        return new PluginJars(work, module);
    }

    /** The shorthand the tests started with: a plugin providing an identity fuser named {@code component}. */
    public static Path fuserPlugin(Path work, Path dir, String jarName, String module, String component) throws IOException {
        return plugin(work, module).component(component).jar(dir, jarName);
    }

    public PluginJars component(String name) {
        this.component = name;
        return this;
    }

    public PluginJars description(String text) {
        this.description = text;
        return this;
    }

    /** The fuser, as a Java expression of type {@code Fuser}. */
    public PluginJars fuser(String expression) {
        this.expression = expression;
        this.kind = "Fuser";
        return this;
    }

    /** A propagator instead of the fuser, as a Java expression of type {@code Propagator}. */
    public PluginJars propagator(String expression) {
        this.expression = expression;
        this.kind = "Propagator";
        if (description != null && description.startsWith("identity fuser from ")) {
            this.description = "propagator from " + module;
        }
        return this;
    }

    /**
     * A class {@code simpleName} of the plugin's package, {@code code} its declaration (imports may precede it;
     * the package line is added), for the component's expression to use.
     */
    public PluginJars source(String simpleName, String code) {
        sources.put(simpleName, code);
        return this;
    }

    /** Leaves the defaults block of the component out of the module's {@code reference.conf}. */
    public PluginJars withoutDefaults() {
        this.reference = false;
        return this;
    }

    /** Compiles against a copy of the API module labelled {@code version}, as if built against that release. */
    public PluginJars builtAgainst(String version) {
        this.apiVersion = version;
        return this;
    }

    /** Leaves the compiled class {@code simpleName} of the plugin's package out of the jar: a linkage error. */
    public PluginJars without(String simpleName) {
        this.dropClass = simpleName;
        return this;
    }

    public Path jar(Path dir, String jarName) throws IOException {
        String pkg = module.replace('-', '_');
        Path src = Files.createDirectories(work.resolve(module + "-src"));
        Path pkgDir = Files.createDirectories(src.resolve(pkg.replace('.', '/')));
        Files.writeString(src.resolve("module-info.java"), """
                module %s {
                    requires io.vseg.api;
                    provides io.vseg.api.spi.Plugin with %s.TestPlugin;
                }
                """.formatted(module, pkg));
        Files.writeString(pkgDir.resolve("TestPlugin.java"), """
                package %1$s;

                import com.typesafe.config.Config;
                import io.vseg.api.spi.ComponentContext;
                import io.vseg.api.spi.%3$s;
                import io.vseg.api.spi.%3$sFactory;
                import io.vseg.api.spi.Plugin;
                import java.util.List;

                public final class TestPlugin implements Plugin {
                    public String name() { return "%2$s"; }
                    public List<%3$sFactory> %4$ss() { return List.of(new TestFactory()); }
                }
                """.formatted(pkg, module.replace("test.", ""), kind, kind.toLowerCase(Locale.ROOT)));
        Files.writeString(pkgDir.resolve("TestFactory.java"), """
                package %1$s;

                import com.typesafe.config.Config;
                import io.vseg.api.spi.ComponentContext;
                import io.vseg.api.spi.%5$s;
                import io.vseg.api.spi.%5$sFactory;

                final class TestFactory implements %5$sFactory {
                    public String name() { return "%2$s"; }
                    public String description() { return %3$s; }
                    public %5$s create(Config c, ComponentContext ctx) { return %4$s; }
                }
                """.formatted(pkg, component, description == null ? "null" : "\"" + description + "\"", expression,
                        kind));
        for (Map.Entry<String, String> e : sources.entrySet()) {
            Files.writeString(pkgDir.resolve(e.getKey() + ".java"), "package " + pkg + ";\n\n" + e.getValue());
        }
        Path classes = Files.createDirectories(work.resolve(module + "-classes"));
        String api = apiVersion == null ? location(Plugin.class) : relabelledApi(apiVersion).toString();
        List<String> args = new ArrayList<>(List.of("--release", "21", "-d", classes.toString(),
                "--module-path", api + File.pathSeparator + location(Config.class)));
        args.add(src.resolve("module-info.java").toString());
        args.add(pkgDir.resolve("TestPlugin.java").toString());
        args.add(pkgDir.resolve("TestFactory.java").toString());
        sources.keySet().forEach(name -> args.add(pkgDir.resolve(name + ".java").toString()));
        tool("javac", args);
        if (reference) {
            Files.writeString(classes.resolve("reference.conf"), "vseg.components { \"" + component + "\" {} }\n");
        }
        if (dropClass != null) {
            Files.delete(classes.resolve(pkg.replace('.', '/')).resolve(dropClass + ".class"));
        }
        Files.createDirectories(dir);
        Path jar = dir.resolve(jarName);
        tool("jar", List.of("--create", "--file", jar.toString(), "-C", classes.toString(), "."));
        return jar;
    }

    /** The API's classes jarred with another module version, which javac then records as compiled against. */
    private Path relabelledApi(String version) throws IOException {
        Path jar = work.resolve("vseg-api-" + version + ".jar");
        if (!Files.exists(jar)) {
            Path api = Path.of(location(Plugin.class));
            List<String> args = Files.isDirectory(api)
                    ? List.of("--create", "--file", jar.toString(), "--module-version", version, "-C", api.toString(), ".")
                    : List.of("--create", "--file", jar.toString(), "--module-version", version, "-C",
                    unpack(api).toString(), ".");
            tool("jar", args);
        }
        return jar;
    }

    private Path unpack(Path apiJar) throws IOException {
        Path dir = Files.createDirectories(work.resolve("api-classes"));
        tool("jar", List.of("--extract", "--file", apiJar.toString(), "--dir", dir.toString()));
        return dir;
    }

    private static String location(Class<?> c) {
        try {
            return Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void tool(String name, List<String> args) {
        ToolProvider tool = ToolProvider.findFirst(name).orElseThrow(() -> new IllegalStateException("no " + name));
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        PrintStream ps = new PrintStream(log, true);
        int rc = tool.run(ps, ps, args.toArray(new String[0]));
        if (rc != 0) {
            throw new IllegalStateException(name + " failed: " + log);
        }
    }
}
