package io.vseg.runtime.plugin;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigParseOptions;
import io.vseg.api.spi.ComponentFactory;
import io.vseg.api.spi.Plugin;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.lang.module.Configuration;
import java.lang.module.ModuleFinder;
import java.lang.module.ModuleReference;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Every component factory the runtime can use, found with {@link ServiceLoader}: the plugins on the module
 * path (the runtime's own components among them) and every jar in a plugins folder, each loaded into its own
 * {@link ModuleLayer} over the boot layer. A jar that fails to resolve or load is recorded as a
 * {@link PluginProblem} and skipped; two components of one name are a {@link PluginConflictException}.
 *
 * <p>Each plugin module's {@code reference.conf} holds the defaults of its components; {@link #references()}
 * merges them.
 */
public final class PluginRegistry {
    private static final Pattern NAME = Pattern.compile("[a-z0-9]+(?:[.-][a-z0-9]+)*");
    private static final String BOOT = "module path";

    private final Map<ComponentKind, Map<String, RegisteredComponent>> components = new EnumMap<>(ComponentKind.class);
    private final Map<String, RegisteredComponent> byName = new TreeMap<>();
    private final List<PluginProblem> problems = new ArrayList<>();
    private Config references = ConfigFactory.empty();

    private PluginRegistry() {
        for (ComponentKind kind : ComponentKind.values()) {
            components.put(kind, new TreeMap<>());
        }
    }

    /**
     * Discovers the plugins on the module path and in {@code pluginsDir} (which may be absent).
     *
     * @throws PluginConflictException when two components share a name
     */
    public static PluginRegistry discover(Path pluginsDir) {
        PluginRegistry registry = new PluginRegistry();
        ClassLoader loader = PluginRegistry.class.getClassLoader();
        for (Plugin plugin : ServiceLoader.load(Plugin.class, loader)) {
            registry.register(plugin, BOOT);
        }
        if (pluginsDir != null && Files.isDirectory(pluginsDir)) {
            for (Path jar : jarsIn(pluginsDir)) {
                registry.loadJar(jar, loader);
            }
        }
        return registry;
    }

    private static List<Path> jarsIn(Path dir) {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.getFileName().toString().endsWith(".jar")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list plugins folder " + dir, e);
        }
    }

    private void loadJar(Path jar, ClassLoader parent) {
        List<Plugin> found = new ArrayList<>();
        try {
            ModuleFinder finder = ModuleFinder.of(jar);
            Set<ModuleReference> refs = finder.findAll();
            if (refs.size() != 1) {
                problems.add(new PluginProblem(jar, "expected one module in the jar, found " + refs.size()));
                return;
            }
            String moduleName = refs.iterator().next().descriptor().name();
            ModuleLayer boot = ModuleLayer.boot();
            Configuration cf = boot.configuration().resolveAndBind(finder, ModuleFinder.of(), Set.of(moduleName));
            ModuleLayer layer = boot.defineModulesWithOneLoader(cf, parent);
            ServiceLoader.load(layer, Plugin.class).stream()
                    .filter(p -> p.type().getModule().getLayer() == layer)
                    .forEach(p -> found.add(p.get()));
            if (found.isEmpty()) {
                problems.add(new PluginProblem(jar, "module " + moduleName + " provides no io.vseg.api.spi.Plugin"));
                return;
            }
            // Touch everything a plugin provides while its failures still count against this jar alone.
            for (Plugin plugin : found) {
                plugin.name();
                for (ComponentKind kind : ComponentKind.values()) {
                    kind.factoriesOf(plugin).forEach(f -> ((ComponentFactory<?>) f).name());
                }
            }
        } catch (PluginConflictException e) {
            throw e;
        } catch (RuntimeException | Error e) {
            problems.add(new PluginProblem(jar, oneLine(e)));
            return;
        }
        for (Plugin plugin : found) {
            register(plugin, jar.getFileName().toString());
        }
    }

    private static String oneLine(Throwable e) {
        StringBuilder sb = new StringBuilder();
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (sb.length() > 0) {
                sb.append(": ");
            }
            String msg = t.getMessage();
            sb.append(msg == null ? t.getClass().getSimpleName() : msg.replace('\n', ' '));
            if (t.getCause() == t) {
                break;
            }
        }
        return sb.toString();
    }

    private void register(Plugin plugin, String source) {
        Module module = plugin.getClass().getModule();
        String moduleName = module.isNamed() ? module.getName() : "unnamed";
        for (ComponentKind kind : ComponentKind.values()) {
            for (Object o : kind.factoriesOf(plugin)) {
                if (!ComponentKind.factoryType(kind).isInstance(o)) {
                    throw new IllegalStateException("plugin " + plugin.name() + " lists a " + o.getClass().getName()
                            + " among its " + kind.slot() + " factories");
                }
                ComponentFactory<?> factory = (ComponentFactory<?>) o;
                String name = factory.name();
                if (name == null || !NAME.matcher(name).matches()) {
                    throw new IllegalStateException("module " + moduleName + " names a component '" + name
                            + "': names are lower case words joined by '.' or '-'");
                }
                RegisteredComponent component = new RegisteredComponent(kind, factory, moduleName, plugin.name(), source);
                // Pipeline components share one namespace; trainers have their own (a trainer is usually named
                // after the component it trains).
                Map<String, RegisteredComponent> namespace = kind == ComponentKind.TRAINER ? components.get(kind) : byName;
                RegisteredComponent clash = namespace.putIfAbsent(name, component);
                if (clash != null) {
                    throw new PluginConflictException("component name '" + name + "' is provided twice: by module "
                            + clash.module() + " (" + clash.source() + ") and by module " + moduleName + " (" + source + ")");
                }
                if (kind != ComponentKind.TRAINER) {
                    components.get(kind).put(name, component);
                }
            }
        }
        references = references.withFallback(referenceOf(plugin));
    }

    private static Config referenceOf(Plugin plugin) {
        Module module = plugin.getClass().getModule();
        if (!module.isNamed()) {
            return ConfigFactory.defaultReference(plugin.getClass().getClassLoader());
        }
        try (InputStream in = module.getResourceAsStream("reference.conf")) {
            if (in == null) {
                return ConfigFactory.empty();
            }
            return ConfigFactory.parseReader(new InputStreamReader(in, StandardCharsets.UTF_8),
                    ConfigParseOptions.defaults().setOriginDescription(module.getName() + "/reference.conf"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read reference.conf of module " + module.getName(), e);
        }
    }

    /** The pipeline component of that name, if any kind has it (trainers aside). */
    public Optional<RegisteredComponent> find(String name) {
        return Optional.ofNullable(byName.get(name));
    }

    /** The components of one kind, by name. */
    public Map<String, RegisteredComponent> components(ComponentKind kind) {
        return java.util.Collections.unmodifiableMap(components.get(kind));
    }

    /** Every component, trainers included, ordered by kind then name. */
    public List<RegisteredComponent> all() {
        return components.values().stream().flatMap(m -> m.values().stream())
                .sorted(Comparator.comparing(RegisteredComponent::kind).thenComparing(RegisteredComponent::name))
                .toList();
    }

    /** The plugin jars that did not load. */
    public List<PluginProblem> problems() {
        return List.copyOf(problems);
    }

    /** The merged {@code reference.conf} of every loaded plugin module (unresolved). */
    public Config references() {
        return references;
    }

    /** Names of the components of {@code kind}, for error messages. */
    public Collection<String> names(ComponentKind kind) {
        return components.get(kind).keySet();
    }
}
