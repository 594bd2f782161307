package io.vseg.runtime.config;

import static java.util.Objects.requireNonNull;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigOrigin;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigRenderOptions;
import com.typesafe.config.ConfigUtil;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import io.vseg.runtime.plugin.ComponentKind;
import io.vseg.runtime.plugin.PluginRegistry;
import io.vseg.runtime.plugin.RegisteredComponent;
import io.vseg.runtime.video.Palette;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Reads a pipeline file (HOCON) over the defaults of the runtime and of every discovered plugin, and
 * validates it: slots must be known, each slot's {@code type} must name a component of that kind, every key
 * under {@code vseg} must exist in the defaults (a slot's keys in its component's defaults), and every value
 * must have the defaults' type. Each failure is a {@link ConfigProblem} naming the file, line and key path.
 */
public final class PipelineConfigLoader {
    private static final String PIPELINE = "vseg.pipeline";
    private static final String COMPONENTS = "vseg.components";
    private static final String CHAIN = "chain";
    /** The most threads {@code vseg.runtime.threads} may ask for. */
    static final int MAX_THREADS = 1024;

    private final PluginRegistry registry;

    @Inject
    public PipelineConfigLoader(PluginRegistry registry) {
        this.registry = requireNonNull(registry, "registry is null");
    }

    /** Loads {@code file} with {@code overrides} on top (e.g. one variant of an ablation grid). */
    public PipelineSpec load(Path file, Config overrides) {
        return load(overrides.withFallback(parse(file)), file.toString());
    }

    /** Parses {@code file} (HOCON, includes followed) without resolving or validating it. */
    public Config parse(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new ConfigProblem(file + ": config file not found");
        }
        try {
            return ConfigFactory.parseFile(file.toFile(), ConfigParseOptions.defaults().setAllowMissing(false));
        } catch (ConfigException e) {
            throw new ConfigProblem(oneLine(e), e);
        }
    }

    /** Loads an already parsed configuration; {@code source} names it in messages. */
    public PipelineSpec load(Config user, String source) {
        Config reference;
        Config resolved;
        try {
            reference = registry.references().resolve();
            resolved = user.withFallback(registry.references()).resolve();
        } catch (ConfigException e) {
            throw new ConfigProblem(oneLine(e), e);
        }
        try {
            Config userResolved = user.resolveWith(resolved, com.typesafe.config.ConfigResolveOptions.defaults());
            checkUnknownKeys(userResolved, reference, source);
            Map<ComponentKind, ComponentSpec> components = new EnumMap<>(ComponentKind.class);
            for (ComponentKind kind : ComponentKind.slots()) {
                components.put(kind, slot(kind, resolved, reference, source));
            }
            checkTypes(resolved, reference.getConfig("vseg.runtime"), "vseg.runtime", source);
            checkTypes(resolved, reference.getConfig("vseg.output"), "vseg.output", source);
            checkValues(resolved, source);
            return new PipelineSpec(source, components, resolved);
        } catch (ConfigException e) {
            // What the checks above do not foresee, such as a section of defaults (vseg.components."onnx") set to
            // a number: Typesafe's own message names the file, the line and the path.
            throw new ConfigProblem(oneLine(e), e);
        }
    }

    private ComponentSpec slot(ComponentKind kind, Config resolved, Config reference, String source) {
        String path = PIPELINE + "." + kind.slot();
        Config slot = resolved.getConfig(path);
        ConfigValue typeValue = slot.hasPath("type") ? slot.getValue("type") : null;
        if (typeValue == null || typeValue.valueType() != ConfigValueType.STRING) {
            throw new ConfigProblem(where(slot.origin(), source) + path + ".type: a component name is required; available "
                    + kind.slot() + "s: " + registry.names(kind));
        }
        String type = slot.getString("type");
        RegisteredComponent component = registry.components(kind).get(type);
        if (component == null) {
            String other = registry.find(type).map(c -> " ('" + type + "' is a " + c.kind().slot() + ")").orElse("");
            throw new ConfigProblem(where(typeValue.origin(), source) + path + ".type: unknown " + kind.slot() + " '"
                    + type + "'" + other + "; available: " + registry.names(kind) + registry.notLoaded());
        }
        Config defaults = componentDefaults(reference, type);
        Config own = slot.withoutPath("type");
        checkKeys(own, defaults, path, kind.slot() + " '" + type + "'", source);
        Config merged = own.withFallback(resolved.hasPath(componentPath(type))
                ? resolved.getConfig(componentPath(type)) : defaults);
        checkTypes(merged.atPath(path), defaults, path, source);
        List<ComponentSpec> members = kind == ComponentKind.FUSER && type.equals(CHAIN)
                ? chainMembers(merged, path, resolved, reference, source) : List.of();
        return new ComponentSpec(component, merged, path, where(slot.origin(), source).replaceAll(": $", ""),
                members);
    }

    /**
     * The members of a {@code chain} fuser, {@code fusers = [{type = ..., ...}, ...]}, each validated like a fuser
     * slot: its type a fuser (not a chain), its keys among that fuser's defaults, their values of the defaults' types.
     */
    private List<ComponentSpec> chainMembers(Config chain, String path, Config resolved, Config reference,
                                             String source) {
        List<ComponentSpec> out = new ArrayList<>();
        List<? extends ConfigValue> list = chain.getList("fusers");
        for (int i = 0; i < list.size(); i++) {
            ConfigValue v = list.get(i);
            String memberPath = path + ".fusers." + i;
            if (v.valueType() != ConfigValueType.OBJECT) {
                throw new ConfigProblem(where(v.origin(), source) + memberPath + ": a fuser slot { type = ... } "
                        + "expected, got " + v.render(ConfigRenderOptions.concise()));
            }
            Config slot = ((ConfigObject) v).toConfig();
            ConfigValue typeValue = slot.hasPath("type") ? slot.getValue("type") : null;
            if (typeValue == null || typeValue.valueType() != ConfigValueType.STRING) {
                throw new ConfigProblem(where(v.origin(), source) + memberPath + ".type: a fuser name is required; "
                        + "available fusers: " + registry.names(ComponentKind.FUSER));
            }
            String type = slot.getString("type");
            RegisteredComponent component = registry.components(ComponentKind.FUSER).get(type);
            if (component == null || type.equals(CHAIN)) {
                throw new ConfigProblem(where(typeValue.origin(), source) + memberPath + ".type: unknown fuser '"
                        + type + "' for a chain; available: " + registry.names(ComponentKind.FUSER).stream()
                        .filter(n -> !n.equals(CHAIN)).toList() + registry.notLoaded());
            }
            Config defaults = componentDefaults(reference, type);
            Config own = slot.withoutPath("type");
            checkKeys(own, defaults, memberPath, "fuser '" + type + "'", source);
            Config merged = own.withFallback(resolved.hasPath(componentPath(type))
                    ? resolved.getConfig(componentPath(type)) : defaults);
            checkTypes(merged.atPath(memberPath), defaults, memberPath, source);
            out.add(new ComponentSpec(component, merged, memberPath, where(v.origin(), source).replaceAll(": $", "")));
        }
        return out;
    }

    /**
     * A slot's keys must be its component's. The first unknown one in the file is named, the others after it: a
     * misspelled {@code type} leaves the slot with the default component, for which every key is then unknown.
     */
    private static void checkKeys(Config own, Config defaults, String path, String component, String source) {
        List<Map.Entry<String, ConfigValue>> unknown = own.entrySet().stream()
                .filter(e -> !hasPathOrParent(defaults, e.getKey()))
                .sorted(Comparator.comparingInt((Map.Entry<String, ConfigValue> e) -> line(e.getValue().origin()))
                        .thenComparing(Map.Entry::getKey))
                .toList();
        if (!unknown.isEmpty()) {
            Map.Entry<String, ConfigValue> first = unknown.get(0);
            String more = unknown.size() == 1 ? "" : " (unknown too: " + unknown.stream().skip(1).map(Map.Entry::getKey)
                    .collect(Collectors.joining(", ")) + ")";
            throw new ConfigProblem(where(first.getValue().origin(), source) + path + "." + first.getKey()
                    + ": unknown key for " + component + "; it accepts: " + keysOf(defaults) + more);
        }
    }

    private static int line(ConfigOrigin origin) {
        return origin == null || origin.lineNumber() < 0 ? Integer.MAX_VALUE : origin.lineNumber();
    }

    private void checkUnknownKeys(Config user, Config reference, String source) {
        if (!user.hasPath("vseg")) {
            return;
        }
        for (Map.Entry<String, ConfigValue> e : user.getConfig("vseg").entrySet()) {
            String path = "vseg." + e.getKey();
            List<String> parts = ConfigUtil.splitPath(path);
            if (path.startsWith(PIPELINE + ".")) {
                boolean slot = ComponentKind.slots().stream().anyMatch(k -> k.slot().equals(parts.get(2)));
                if (slot && parts.size() == 3) {
                    throw new ConfigProblem(where(e.getValue().origin(), source) + path + ": a slot { type = ..., ... }"
                            + " expected, got " + e.getValue().render(ConfigRenderOptions.concise()));
                }
                if (parts.size() < 4 || !slot) {
                    throw new ConfigProblem(where(e.getValue().origin(), source) + path + ": unknown key; "
                            + PIPELINE + " has the slots " + ComponentKind.slots().stream()
                            .map(ComponentKind::slot).toList());
                }
                continue; // a slot's own keys are checked against its component's defaults
            }
            if (!hasPathOrParent(reference, path)) {
                throw new ConfigProblem(where(e.getValue().origin(), source) + path + ": unknown key");
            }
        }
    }

    /** Whether {@code path} exists, or lies under a list or an object-valued default such as {@code stages {}}. */
    private static boolean hasPathOrParent(Config config, String path) {
        List<String> parts = ConfigUtil.splitPath(path);
        for (int n = parts.size(); n > 0; n--) {
            String p = ConfigUtil.joinPath(parts.subList(0, n));
            if (config.hasPathOrNull(p)) {
                return n == parts.size() || config.getValue(p).valueType() == ConfigValueType.OBJECT
                        && config.getObject(p).isEmpty();
            }
        }
        return false;
    }

    private static Config componentDefaults(Config reference, String type) {
        String p = componentPath(type);
        return reference.hasPath(p) ? reference.getConfig(p).resolve() : ConfigFactory.empty();
    }

    private static String componentPath(String type) {
        return COMPONENTS + "." + ConfigUtil.quoteString(type);
    }

    private static String keysOf(Config defaults) {
        ConfigObject root = defaults.root();
        return root.isEmpty() ? "no keys" : root.keySet().stream().sorted().collect(Collectors.joining(", "));
    }

    /**
     * Where a value was written: its file and line; the configuration's own {@code source} where the value has no
     * file of its own (a default from a {@code reference.conf} resource, or values merged from several places).
     */
    private static String where(ConfigOrigin origin, String source) {
        if (origin == null || origin.filename() == null) {
            return source + ": ";
        }
        return origin.lineNumber() > 0 ? origin.filename() + ":" + origin.lineNumber() + ": " : origin.filename() + ": ";
    }

    /**
     * Every value under {@code prefix} must read as the type its default has. (Typesafe's checkValid lets a
     * string stand for any type, so "threads = lots" would pass it; the getters do not.)
     */
    private static void checkTypes(Config config, Config defaults, String prefix, String source) {
        for (Map.Entry<String, ConfigValue> d : defaults.entrySet()) {
            String path = prefix + "." + d.getKey();
            if (!config.hasPath(path)) {
                continue;
            }
            try {
                switch (d.getValue().valueType()) {
                    case NUMBER -> config.getDouble(path);
                    case BOOLEAN -> config.getBoolean(path);
                    case LIST -> config.getList(path);
                    case OBJECT -> config.getObject(path);
                    case STRING -> config.getString(path);
                    default -> { }
                }
            } catch (ConfigException.WrongType e) {
                ConfigValue v = config.getValue(path);
                throw new ConfigProblem(where(v.origin(), source) + path + ": expected a "
                        + d.getValue().valueType().name().toLowerCase(java.util.Locale.ROOT) + " like the default ("
                        + d.getValue().render(ConfigRenderOptions.concise()) + "), got "
                        + v.render(ConfigRenderOptions.concise()), e);
            }
        }
    }

    /**
     * The runtime's own settings that have a range: said here, with the file and the key, rather than when the run
     * uses them.
     */
    private static void checkValues(Config resolved, String source) {
        String threads = "vseg.runtime.threads";
        int n = resolved.getInt(threads);
        if (n < 1 || n > MAX_THREADS) {
            throw new ConfigProblem(where(resolved.getValue(threads).origin(), source) + threads + ": must be 1 to "
                    + MAX_THREADS + ", got " + n);
        }
        String alpha = "vseg.output.overlay-alpha";
        double a = resolved.getDouble(alpha);
        if (!(a >= 0 && a <= 1)) {
            throw new ConfigProblem(where(resolved.getValue(alpha).origin(), source) + alpha + ": must be in [0, 1], got "
                    + a);
        }
        String palette = "vseg.output.palette";
        try {
            Palette.named(resolved.getString(palette));
        } catch (IllegalArgumentException e) {
            throw new ConfigProblem(where(resolved.getValue(palette).origin(), source) + "vseg.output." + e.getMessage(),
                    e);
        }
    }

    static String oneLine(Throwable e) {
        return ConfigProblem.oneLine(e);
    }
}
