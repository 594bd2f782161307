package io.vseg.runtime.plugin;

import com.typesafe.config.Config;
import io.vseg.api.spi.Plugin;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.spi.ToolProvider;

/** Builds real plugin jars for discovery tests: writes a module's sources, compiles them with javac, jars them. */
final class PluginJars {
    private PluginJars() {
    }

    /**
     * A plugin module {@code module} whose plugin provides one fuser named {@code component}, in
     * {@code dir/<jarName>}.
     */
    static Path fuserPlugin(Path work, Path dir, String jarName, String module, String component) throws IOException {
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
                import io.vseg.api.spi.Fuser;
                import io.vseg.api.spi.FuserFactory;
                import io.vseg.api.spi.Plugin;
                import java.util.List;

                public final class TestPlugin implements Plugin {
                    public String name() { return "%2$s"; }
                    public List<FuserFactory> fusers() {
                        return List.of(new FuserFactory() {
                            public String name() { return "%3$s"; }
                            public String description() { return "identity fuser from %2$s"; }
                            public Fuser create(Config c, ComponentContext ctx) { return (f, frame) -> f; }
                        });
                    }
                }
                """.formatted(pkg, module, component));
        Path classes = Files.createDirectories(work.resolve(module + "-classes"));
        List<String> args = new ArrayList<>(List.of("--release", "21", "-d", classes.toString(),
                "--module-path", location(Plugin.class) + java.io.File.pathSeparator + location(Config.class)));
        args.add(src.resolve("module-info.java").toString());
        args.add(pkgDir.resolve("TestPlugin.java").toString());
        tool("javac", args);
        Files.createDirectories(dir);
        Path jar = dir.resolve(jarName);
        tool("jar", List.of("--create", "--file", jar.toString(), "-C", classes.toString(), "."));
        return jar;
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
