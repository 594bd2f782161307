package io.vseg.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigResolveOptions;
import com.typesafe.config.ConfigUtil;
import com.typesafe.config.ConfigValueType;
import io.vseg.api.Frame;
import io.vseg.api.Plan;
import io.vseg.api.spi.ComponentContext;
import io.vseg.api.spi.ComponentFactory;
import io.vseg.api.spi.Plugin;
import io.vseg.api.spi.Scheduler;
import io.vseg.api.spi.SchedulerFactory;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.MalformedURLException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.opentest4j.AssertionFailedError;

/**
 * The rules every plugin's factories must keep, as one JUnit test a plugin runs by subclassing it and naming its
 * {@link #plugin()}. They are what the runtime and its users rely on without reading the plugin's code:
 * <ol type="a">
 *   <li>names: the plugin's and every factory's name is lower-case words joined by {@code .} or {@code -} (the
 *       runtime rejects anything else at discovery), and a factory's name is the plugin's name or starts with it
 *       and a dot ({@code dff.interval}), so that names say where a component comes from and plugins cannot
 *       clash; only the runtime's own components ({@value #RUNTIME}) go unprefixed. Pipeline components share one
 *       namespace and trainers have another; within each a name is used once.</li>
 *   <li>descriptions: one non-blank line, for {@code vseg plugins}.</li>
 *   <li>defaults: the plugin's {@code reference.conf} holds a block at {@code vseg.components."<name>"} for each
 *       pipeline component and at {@code vseg.trainers."<name>"} for each trainer (the runtime rejects any key a
 *       pipeline sets that the defaults do not name), and no block for a component the plugin does not
 *       provide.</li>
 *   <li>the defaults alone create the component. Where they cannot because a file the user supplies is missing
 *       (a trained model), the plugin says so in {@link #defaultsNeedFiles}; creation must then fail with a
 *       message (an {@link IllegalArgumentException} starting with the key, as {@link ComponentFactory#create}
 *       asks, or an {@link UncheckedIOException}), not with any other exception.</li>
 *   <li>schedulers: created from their defaults and run through {@link FakeFrameContext}s over a synthetic
 *       sequence, as the runtime's frame loop would run them, every plan is one the runtime can carry out: a key
 *       (or a key in every region) on the first frame, stage names the extractor has, regions inside the frame,
 *       no propagation without a key state; and after {@link Scheduler#reset()} the same sequence gets the same
 *       plans again, its first frame a key, since a reset scheduler must not remember the sequence before.</li>
 * </ol>
 * Each rule is a {@link TestFactory} giving one test per plugin or factory, named after it, so a report says which
 * factory broke which rule.
 *
 * <pre>{@code
 * class DffPluginContractTest extends PluginContract {
 *     protected Plugin plugin() {
 *         return new DffPlugin();
 *     }
 * }
 * }</pre>
 */
public abstract class PluginContract {
    /** The name of the runtime's own plugin, whose components have no prefix. */
    public static final String RUNTIME = "runtime";

    /** Names the runtime accepts: lower-case words joined by '.' or '-'. */
    public static final Pattern NAME = Pattern.compile("[a-z0-9]+([.-][a-z0-9]+)*");

    /** A message that starts with a configuration key, as {@code "threshold: must be in [0, 1]"}. */
    private static final Pattern KEYED_MESSAGE = Pattern.compile("([a-z0-9-]+(?:\\.[a-z0-9-]+)*): .*", Pattern.DOTALL);

    /** The plugin under test. */
    protected abstract Plugin plugin();

    /**
     * The plugin's {@code reference.conf}, unresolved: by default the one in the plugin's own module (or, on the
     * class path, its own jar or folder). Not {@code ConfigFactory.parseResources}, which merges every
     * {@code reference.conf} its class loader sees, so that another module's blocks could hide a missing one.
     */
    protected Config reference() {
        Class<?> type = plugin().getClass();
        Module module = type.getModule();
        if (module.isNamed()) {
            try (InputStream in = module.getResourceAsStream("reference.conf")) {
                return in == null ? ConfigFactory.empty() : ConfigFactory.parseReader(
                        new InputStreamReader(in, StandardCharsets.UTF_8),
                        ConfigParseOptions.defaults().setOriginDescription(module.getName() + "/reference.conf"));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read reference.conf of module " + module.getName(), e);
            }
        }
        CodeSource source = type.getProtectionDomain().getCodeSource();
        if (source == null || source.getLocation() == null) {
            return ConfigFactory.empty();
        }
        return ConfigFactory.parseURL(ownResource(source.getLocation()), ConfigParseOptions.defaults().setAllowMissing(true));
    }

    private static URL ownResource(URL location) {
        try {
            if ("file".equals(location.getProtocol()) && Files.isDirectory(Path.of(location.toURI()))) {
                return Path.of(location.toURI()).resolve("reference.conf").toUri().toURL();
            }
            return URI.create("jar:" + location.toExternalForm() + "!/reference.conf").toURL();
        } catch (URISyntaxException | MalformedURLException e) {
            throw new IllegalStateException("cannot locate reference.conf beside " + location, e);
        }
    }

    /**
     * Why the defaults of factory {@code name} cannot create its component without a file the user supplies (a
     * trained model, a network); empty, the default, where they can.
     */
    protected Optional<String> defaultsNeedFiles(String name) {
        return Optional.empty();
    }

    /**
     * The network schedulers are tried with: its stages must include those the schedulers' defaults name (a
     * Clockwork scheduler names deep stages). A {@link FakeExtractor#logitsOnly()} by default.
     */
    protected FakeExtractor extractor() {
        return FakeExtractor.logitsOnly();
    }

    /** The sequence schedulers are tried on: by default 8 frames of {@link TestFrames#movingSquare} at 96x72. */
    protected List<Frame> sequence() {
        return TestFrames.movingSquare(8, 96, 72);
    }

    /** What a factory is given besides its configuration: paths resolved against the working directory. */
    protected ComponentContext componentContext(String configPath) {
        return FakeComponentContext.of(configPath);
    }

    /** One factory and where its defaults live. */
    private record Entry(String kind, String root, ComponentFactory<?> factory) {
        String name() {
            return factory.name();
        }

        boolean isTrainer() {
            return root.equals("trainers");
        }

        String path() {
            return ConfigUtil.joinPath("vseg", root, factory.name());
        }

        String label() {
            return kind + " " + factory.name();
        }
    }

    private List<Entry> entries() {
        Plugin plugin = plugin();
        List<Entry> entries = new ArrayList<>();
        plugin.extractors().forEach(f -> entries.add(new Entry("extractor", "components", f)));
        plugin.flowEstimators().forEach(f -> entries.add(new Entry("flow", "components", f)));
        plugin.schedulers().forEach(f -> entries.add(new Entry("scheduler", "components", f)));
        plugin.propagators().forEach(f -> entries.add(new Entry("propagator", "components", f)));
        plugin.fusers().forEach(f -> entries.add(new Entry("fuser", "components", f)));
        plugin.trainers().forEach(f -> entries.add(new Entry("trainer", "trainers", f)));
        return entries;
    }

    /** (a) Names: the runtime's form, the plugin's prefix, each used once per namespace. */
    @TestFactory
    public Stream<DynamicTest> namesAreLowerCaseAndCarryThePluginsPrefix() {
        String plugin = plugin().name();
        List<DynamicTest> tests = new ArrayList<>();
        tests.add(DynamicTest.dynamicTest("plugin " + plugin, () -> assertThat(plugin)
                .as("the plugin's name").isNotNull().matches(NAME)));
        for (Entry e : entries()) {
            tests.add(DynamicTest.dynamicTest(e.label(), () -> {
                assertThat(e.name()).as("the name of %s", e.factory().getClass().getName()).isNotNull().matches(NAME);
                if (!RUNTIME.equals(plugin) && prefixedNames()) {
                    assertThat(e.name().equals(plugin) || e.name().startsWith(plugin + "."))
                            .as("%s is '%s' or starts with '%s.'", e.label(), plugin, plugin).isTrue();
                }
            }));
        }
        tests.add(DynamicTest.dynamicTest("each name once per namespace", () -> {
            Map<String, Integer> components = new HashMap<>();
            Map<String, Integer> trainers = new HashMap<>();
            for (Entry e : entries()) {
                (e.isTrainer() ? trainers : components).merge(e.name(), 1, Integer::sum);
            }
            assertThat(components).as("pipeline components named more than once")
                    .allSatisfy((name, n) -> assertThat(n).as(name).isOne());
            assertThat(trainers).as("trainers named more than once")
                    .allSatisfy((name, n) -> assertThat(n).as(name).isOne());
        }));
        return tests.stream();
    }

    /** (b) Descriptions: one non-blank line. */
    @TestFactory
    public Stream<DynamicTest> descriptionsAreOneNonBlankLine() {
        return entries().stream().map(e -> DynamicTest.dynamicTest(e.label(), () ->
                assertThat(e.factory().description()).as("description of %s", e.label())
                        .isNotBlank().doesNotContain("\n").doesNotContain("\r")));
    }

    /** (c) reference.conf: a block per factory, none for components the plugin does not provide. */
    @TestFactory
    public Stream<DynamicTest> referenceConfHoldsTheDefaultsOfEachFactory() {
        Config reference = reference();
        List<Entry> entries = entries();
        List<DynamicTest> tests = new ArrayList<>();
        for (Entry e : entries) {
            tests.add(DynamicTest.dynamicTest(e.label(), () -> {
                assertThat(reference.hasPathOrNull(e.path()))
                        .as("the plugin's reference.conf has a block at %s", e.path()).isTrue();
                assertThat(reference.getValue(e.path()).valueType())
                        .as("%s in the plugin's reference.conf is a block { ... }", e.path())
                        .isEqualTo(ConfigValueType.OBJECT);
            }));
        }
        tests.add(DynamicTest.dynamicTest("no blocks of other components", () -> {
            for (String root : List.of("components", "trainers")) {
                Set<String> provided = new TreeSet<>();
                entries.stream().filter(e -> e.root().equals(root)).forEach(e -> provided.add(e.name()));
                String path = "vseg." + root;
                Set<String> blocks = reference.hasPath(path) ? new TreeSet<>(reference.getObject(path).keySet())
                        : Set.of();
                assertThat(blocks).as("blocks under %s in the plugin's reference.conf that no factory of it reads", path)
                        .isSubsetOf(provided);
            }
        }));
        return tests.stream();
    }

    /** (d) The defaults create each component, or fail with a message where they need a user's file. */
    @TestFactory
    public Stream<DynamicTest> defaultsCreateEachComponent() {
        Config reference = resolved(reference());
        return entries().stream().map(e -> DynamicTest.dynamicTest(e.label(), () -> {
            Config defaults = defaults(reference, e);
            ComponentContext context = componentContext(e.path());
            Optional<String> needs = defaultsNeedFiles(e.name());
            if (needs.isEmpty()) {
                Object component = create(e, defaults, context);
                assertThat(component).as("%s created from its defaults", e.label()).isNotNull();
                close(component);
                return;
            }
            Throwable failure = catchThrowable(() -> close(e.factory().create(defaults, context)));
            assertThat(failure).as("%s from its defaults, which need a file (%s): a failure with a message",
                    e.label(), needs.get()).isNotNull();
            assertThat(failure).as("what %s throws from defaults that need a file", e.label())
                    .isInstanceOfAny(IllegalArgumentException.class, UncheckedIOException.class);
            assertThat(failure.getMessage()).as("the message of %s", failure).isNotBlank();
            if (failure instanceof IllegalArgumentException) {
                Matcher m = KEYED_MESSAGE.matcher(failure.getMessage());
                assertThat(m.matches() && defaults.hasPathOrNull(m.group(1)))
                        .as("the message '%s' starts with a key of %s, as 'model: ...'", failure.getMessage(), e.path())
                        .isTrue();
            }
        }));
    }

    /** (e) Schedulers plan what the runtime can carry out, and forget the sequence on reset. */
    @TestFactory
    public Stream<DynamicTest> schedulersPlanValidSequences() {
        Config reference = resolved(reference());
        return entries().stream()
                .filter(e -> e.factory() instanceof SchedulerFactory && defaultsNeedFiles(e.name()).isEmpty())
                .map(e -> DynamicTest.dynamicTest(e.label(), () -> {
                    Scheduler scheduler = (Scheduler) create(e, defaults(reference, e), componentContext(e.path()));
                    List<Frame> frames = sequence();
                    assertThat(frames).as("the sequence schedulers are tried on").hasSizeGreaterThan(1);
                    SchedulerRun run = new SchedulerRun(scheduler, extractor());
                    List<Plan> first = run.run(frames);
                    run.reset();
                    List<Plan> again = run.run(frames);
                    if (!again.equals(first)) {
                        throw new AssertionFailedError(e.label() + " plans the sequence differently after reset(): "
                                + labels(first) + " before, " + labels(again) + " after", labels(first),
                                labels(again));
                    }
                }));
    }

    private static List<String> labels(List<Plan> plans) {
        return plans.stream().map(Plan::label).toList();
    }

    /**
     * The runtime's settings that plugins' defaults may name, as {@code ${vseg.models}} and {@code ${vseg.zoo}}:
     * the folders of fetched and of vseg-trained models (the runtime's reference.conf defines them).
     */
    private static final Config RUNTIME_SETTINGS = ConfigFactory.parseString("vseg { models = models, zoo = zoo }");

    private static Config resolved(Config reference) {
        return reference.withFallback(RUNTIME_SETTINGS).resolve(ConfigResolveOptions.defaults().setAllowUnresolved(true));
    }

    /**
     * Whether component names must carry the plugin's name as their prefix ({@code dff.interval} of plugin
     * {@code dff}). A plugin that took over components the runtime once provided keeps their names, so that
     * configurations and commands go on working, and says so here.
     */
    protected boolean prefixedNames() {
        return true;
    }

    private static Config defaults(Config reference, Entry e) {
        if (!reference.hasPath(e.path()) || reference.getValue(e.path()).valueType() != ConfigValueType.OBJECT) {
            throw new AssertionFailedError("the plugin's reference.conf has no block at " + e.path());
        }
        return reference.getConfig(e.path());
    }

    private static Object create(Entry e, Config defaults, ComponentContext context) {
        Object[] component = new Object[1];
        assertThatCode(() -> component[0] = e.factory().create(defaults, context))
                .as("%s from its defaults at %s", e.label(), e.path()).doesNotThrowAnyException();
        return component[0];
    }

    private static void close(Object component) throws Exception {
        if (component instanceof AutoCloseable c) {
            c.close();
        }
    }
}
