package io.vseg.runtime.plugin;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigUtil;
import io.vseg.api.ApiVersion;
import io.vseg.api.spi.ComponentFactory;
import io.vseg.api.spi.Plugin;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.lang.module.Configuration;
import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleFinder;
import java.lang.module.ModuleReference;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Every component factory the runtime can use, found with {@link ServiceLoader} before anything else runs: the
 * plugins on the module path (the runtime's own components among them) and every jar in a plugins folder, each
 * loaded into its own {@link ModuleLayer} over the boot layer.
 *
 * <p>Discovery never dies of one plugin. Whatever is wrong with a plugin is recorded as a {@link PluginProblem}
 * naming its jar (or module), and that plugin is skipped: a jar that does not resolve, a plugin built against
 * another vseg-api (its module descriptor's {@code requires io.vseg.api} records the version it was compiled
 * against; see {@link ApiVersion}), a linkage error while listing its factories, a factory of the wrong type, an
 * invalid or blank name or description, an unreadable {@code reference.conf}. A factory whose defaults block is
 * missing from its plugin's {@code reference.conf} is skipped alone, and so is a component whose name another
 * plugin registered first (the module path first, then the jars in file-name order): the problem names both.
 *
 * <p>Each plugin module's {@code reference.conf} holds the defaults of its components; {@link #references()}
 * merges them.
 */
public final class PluginRegistry {
    private static final Pattern NAME = Pattern.compile("[a-z0-9]+(?:[.-][a-z0-9]+)*");
    private static final String API_MODULE = "io.vseg.api";

    private final Map<ComponentKind, Map<String, RegisteredComponent>> components = new EnumMap<>(ComponentKind.class);
    private final Map<String, RegisteredComponent> byName = new TreeMap<>();
    private final List<PluginProblem> problems = new ArrayList<>();
    private Config references = ConfigFactory.empty();

    private PluginRegistry() {
        for (ComponentKind kind : ComponentKind.values()) {
            components.put(kind, new TreeMap<>());
        }
    }

    /** Discovers the plugins on the module path and in {@code pluginsDir}, which may be absent or null. */
    public static PluginRegistry discover(Path pluginsDir) {
        return discover(pluginsDir, false);
    }

    /**
     * Discovers the plugins on the module path and in {@code pluginsDir}.
     *
     * @param required whether {@code pluginsDir} was named by the user, so that its absence is an error
     * @throws IllegalArgumentException when a required plugins folder does not exist
     */
    public static PluginRegistry discover(Path pluginsDir, boolean required) {
        if (required && (pluginsDir == null || !Files.isDirectory(pluginsDir))) {
            throw new IllegalArgumentException("plugins folder " + pluginsDir + " does not exist");
        }
        PluginRegistry registry = new PluginRegistry();
        ClassLoader loader = PluginRegistry.class.getClassLoader();
        ServiceLoader.load(Plugin.class, loader).stream().forEach(provider -> registry.loadBoot(provider));
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
            throw new UncheckedIOException("cannot list plugins folder " + dir + ": " + e.getMessage(), e);
        }
    }

    private void loadBoot(ServiceLoader.Provider<Plugin> provider) {
        Module module = provider.type().getModule();
        String source = module.isNamed() ? "module path (module " + module.getName() + ")" : "class path ("
                + provider.type().getName() + ")";
        try {
            if (module.isNamed()) {
                Optional<String> wrongApi = apiMismatch(module.getDescriptor());
                if (wrongApi.isPresent()) {
                    problems.add(new PluginProblem(source, wrongApi.get()));
                    return;
                }
            }
            add(provider.get(), source);
        } catch (RuntimeException | LinkageError | ServiceConfigurationError e) {
            problems.add(new PluginProblem(source, describe(e)));
        }
    }

    private void loadJar(Path jar, ClassLoader parent) {
        String source = jar.getFileName().toString();
        List<Plugin> found = new ArrayList<>();
        try {
            ModuleFinder finder = ModuleFinder.of(jar);
            Set<ModuleReference> refs = finder.findAll();
            if (refs.size() != 1) {
                problems.add(new PluginProblem(source, "expected one module in the jar, found " + refs.size()));
                return;
            }
            ModuleDescriptor descriptor = refs.iterator().next().descriptor();
            Optional<String> wrongApi = apiMismatch(descriptor);
            if (wrongApi.isPresent()) {
                problems.add(new PluginProblem(source, wrongApi.get()));
                return;
            }
            ModuleLayer boot = ModuleLayer.boot();
            Configuration cf = boot.configuration().resolveAndBind(finder, ModuleFinder.of(), Set.of(descriptor.name()));
            ModuleLayer layer = boot.defineModulesWithOneLoader(cf, parent);
            ServiceLoader.load(layer, Plugin.class).stream()
                    .filter(p -> p.type().getModule().getLayer() == layer)
                    .forEach(p -> found.add(p.get()));
            if (found.isEmpty()) {
                problems.add(new PluginProblem(source, "module " + descriptor.name() + " provides no io.vseg.api.spi.Plugin"));
                return;
            }
            for (Plugin plugin : found) {
                add(plugin, source);
            }
        } catch (RuntimeException | LinkageError | ServiceConfigurationError e) {
            problems.add(new PluginProblem(source, describe(e)));
        }
    }

    /** Why a module built against {@code io.vseg.api} at another version cannot run here, if it cannot. */
    private static Optional<String> apiMismatch(ModuleDescriptor descriptor) {
        return descriptor.requires().stream()
                .filter(r -> r.name().equals(API_MODULE))
                .flatMap(r -> r.rawCompiledVersion().stream())
                .findFirst()
                .flatMap(built -> {
                    Optional<ApiVersion> v = ApiVersion.parse(built);
                    if (v.isPresent() && ApiVersion.CURRENT.runs(v.get())) {
                        return Optional.empty();
                    }
                    return Optional.of("module " + descriptor.name() + " was built against vseg-api " + built
                            + ", this runtime has vseg-api " + ApiVersion.CURRENT.text() + " (plugins need API "
                            + ApiVersion.CURRENT.major() + ".x, at most " + ApiVersion.CURRENT + "): rebuild it");
                });
    }

    /** One line for a failure while loading a plugin; linkage errors mean it was built against another API. */
    private static String describe(Throwable e) {
        Throwable root = e instanceof ServiceConfigurationError && e.getCause() != null ? e.getCause() : e;
        String line = oneLine(root);
        if (root instanceof LinkageError) {
            return "it does not link against vseg-api " + ApiVersion.CURRENT.text() + " (built against another "
                    + "version?): " + root.getClass().getSimpleName() + ": " + line;
        }
        return line;
    }

    static String oneLine(Throwable e) {
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

    /**
     * Checks everything {@code plugin} lists, then registers it: all of it, or (on any failure here) none of it.
     * Failures of single components (missing defaults, a name taken) skip those components alone.
     */
    private void add(Plugin plugin, String source) {
        Module module = plugin.getClass().getModule();
        String moduleName = module.isNamed() ? module.getName() : "unnamed";
        String pluginName = plugin.name();
        if (pluginName == null || !NAME.matcher(pluginName).matches()) {
            throw new IllegalStateException("module " + moduleName + " names its plugin '" + pluginName
                    + "': names are lower case words joined by '.' or '-'");
        }
        Config reference = referenceOf(plugin);
        List<RegisteredComponent> listed = new ArrayList<>();
        for (ComponentKind kind : ComponentKind.values()) {
            for (Object o : kind.factoriesOf(plugin)) {
                if (!ComponentKind.factoryType(kind).isInstance(o)) {
                    throw new IllegalStateException("plugin " + pluginName + " lists a "
                            + (o == null ? "null" : o.getClass().getName()) + " among its " + kind.slot() + " factories");
                }
                ComponentFactory<?> factory = (ComponentFactory<?>) o;
                String name = factory.name();
                if (name == null || !NAME.matcher(name).matches()) {
                    throw new IllegalStateException("module " + moduleName + " names a component '" + name
                            + "': names are lower case words joined by '.' or '-'");
                }
                String description = factory.description();
                if (description == null || description.isBlank() || description.contains("\n")) {
                    throw new IllegalStateException("component " + name + " of module " + moduleName
                            + " has no one-line description()");
                }
                listed.add(new RegisteredComponent(kind, factory, moduleName, pluginName, source));
            }
        }
        for (RegisteredComponent c : listed) {
            String block = defaultsPath(c);
            if (!reference.hasPathOrNull(block)) {
                problems.add(new PluginProblem(source, "component " + c.name() + " of module " + moduleName
                        + " has no defaults: its reference.conf lacks " + block));
                continue;
            }
            register(c);
        }
        references = references.withFallback(reference);
    }

    /** Where a component's defaults live: {@code vseg.components."<name>"}, or {@code vseg.trainers."<name>"}. */
    public static String defaultsPath(RegisteredComponent c) {
        return (c.kind() == ComponentKind.TRAINER ? "vseg.trainers." : "vseg.components.") + ConfigUtil.quoteString(c.name());
    }

    private void register(RegisteredComponent component) {
        // Pipeline components share one namespace; trainers have their own (a trainer is usually named after the
        // component it trains).
        Map<String, RegisteredComponent> namespace = component.kind() == ComponentKind.TRAINER
                ? components.get(ComponentKind.TRAINER) : byName;
        RegisteredComponent first = namespace.putIfAbsent(component.name(), component);
        if (first != null) {
            problems.add(new PluginProblem(component.source(), "component name '" + component.name()
                    + "' is provided twice: by module " + first.module() + " (" + first.source() + ") and by module "
                    + component.module() + " (" + component.source() + "); the first is used"));
            return;
        }
        components.get(component.kind()).put(component.name(), component);
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
            throw new UncheckedIOException("cannot read reference.conf of module " + module.getName() + ": "
                    + e.getMessage(), e);
        } catch (ConfigException e) {
            throw new IllegalStateException("reference.conf of module " + module.getName() + " does not parse: "
                    + e.getMessage(), e);
        }
    }

    /** The pipeline component of that name, if any kind has it (trainers aside). */
    public Optional<RegisteredComponent> find(String name) {
        return Optional.ofNullable(byName.get(name));
    }

    /** The components of one kind, by name. */
    public Map<String, RegisteredComponent> components(ComponentKind kind) {
        return Collections.unmodifiableMap(components.get(kind));
    }

    /** Every component, trainers included, ordered by kind then name. */
    public List<RegisteredComponent> all() {
        return components.values().stream().flatMap(m -> m.values().stream())
                .sorted(Comparator.comparing(RegisteredComponent::kind).thenComparing(RegisteredComponent::name))
                .toList();
    }

    /** The plugins and components that did not load. */
    public List<PluginProblem> problems() {
        return List.copyOf(problems);
    }

    /**
     * For "unknown component" messages: {@code "; not loaded: ..."} listing the problems, or nothing when every
     * plugin loaded.
     */
    public String notLoaded() {
        return problems.isEmpty() ? "" : "; not loaded: " + problems.stream().map(PluginProblem::toString)
                .collect(Collectors.joining("; "));
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
