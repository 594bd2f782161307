package io.vseg.runtime.pipeline;

import com.typesafe.config.ConfigException;
import io.vseg.api.ApiVersion;
import io.vseg.api.spi.ComponentContext;
import io.vseg.api.spi.ComponentFactory;
import io.vseg.api.spi.FeatureExtractor;
import io.vseg.api.spi.FlowEstimator;
import io.vseg.api.spi.Fuser;
import io.vseg.api.spi.Propagator;
import io.vseg.api.spi.Scheduler;
import io.vseg.api.tensor.Tensors;
import io.vseg.runtime.component.ChainFuser;
import io.vseg.runtime.component.Closing;
import io.vseg.runtime.config.ComponentSpec;
import io.vseg.runtime.config.ConfigProblem;
import io.vseg.runtime.config.PipelineSpec;
import io.vseg.runtime.plugin.ComponentKind;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Makes a {@link Pipeline} from a validated {@link PipelineSpec}: each slot's factory creates its component.
 * A factory's complaint about a value becomes a {@link ConfigProblem} naming the file and the key path.
 */
public final class PipelineFactory {

    @jakarta.inject.Inject
    public PipelineFactory() {
    }

    public Pipeline create(PipelineSpec spec) {
        // The shared per-pixel operations (warping, resizing, decoding labels) use the run's threads too.
        Tensors.useThreads(spec.threads());
        List<Object> made = new ArrayList<>();
        try {
            FeatureExtractor extractor = made(made, make(spec, ComponentKind.EXTRACTOR, FeatureExtractor.class));
            FlowEstimator flow = made(made, make(spec, ComponentKind.FLOW, FlowEstimator.class));
            Scheduler scheduler = made(made, make(spec, ComponentKind.SCHEDULER, Scheduler.class));
            Propagator propagator = made(made, make(spec, ComponentKind.PROPAGATOR, Propagator.class));
            Fuser fuser = made(made, make(spec, ComponentKind.FUSER, Fuser.class));
            Map<String, String> description = new LinkedHashMap<>();
            Map<String, String> modules = new LinkedHashMap<>();
            for (ComponentKind kind : ComponentKind.slots()) {
                description.put(kind.slot(), label(spec.component(kind)));
                modules.put(kind.slot(), spec.component(kind).component().module());
            }
            return new Pipeline(extractor, flow, scheduler, propagator, fuser, description, modules,
                    OutputClasses.of(spec), () -> make(spec, ComponentKind.EXTRACTOR, FeatureExtractor.class),
                    spec.flowAhead());
        } catch (RuntimeException | Error e) {
            // The components made before the one that failed (a fuser's network, the extractor's session) go too.
            Closing.afterFailure(made.reversed(), e);
            throw e;
        }
    }

    private static <T> T made(List<Object> made, T component) {
        made.add(component);
        return component;
    }

    /** A slot's component in a method's name: its type, a chain's with its members, {@code chain[netwarp,grfp.stgru]}. */
    private static String label(ComponentSpec c) {
        return c.members().isEmpty() ? c.type()
                : c.type() + c.members().stream().map(ComponentSpec::type).toList().toString().replace(" ", "");
    }

    /**
     * One component of {@code spec} on its own, such as the extractor and flow that a trainer uses; the caller
     * closes it where it is {@link AutoCloseable}.
     */
    public <T> T component(PipelineSpec spec, ComponentKind kind, Class<T> type) {
        return make(spec, kind, type);
    }

    private static <T> T make(PipelineSpec spec, ComponentKind kind, Class<T> type) {
        return make(spec.component(kind), spec.threads(), kind, type);
    }

    private static <T> T make(ComponentSpec c, int threads, ComponentKind kind, Class<T> type) {
        ComponentFactory<?> factory = c.component().factory();
        ComponentContext context = new Context(c.path(), threads);
        List<Fuser> members = new ArrayList<>();
        Object made;
        try {
            if (!c.members().isEmpty()) {
                // A chain's members, made like slots, handed to its factory.
                for (ComponentSpec m : c.members()) {
                    members.add(make(m, threads, kind, Fuser.class));
                }
                context = new ChainMembers(c.path(), threads, List.copyOf(members));
            }
            made = factory.create(c.config(), context);
        } catch (RuntimeException | Error e) {
            // A chain's members made before the failure are closed (the chain that would own them was not made).
            Closing.afterFailure(members.reversed(), e);
            if (e instanceof Error error && !(e instanceof LinkageError)) {
                throw error;
            }
            throw translate(e, c, kind, factory);
        }
        if (!type.isInstance(made)) {
            IllegalStateException e = new IllegalStateException("factory " + factory.name() + " made a "
                    + made.getClass().getName() + ", not a " + type.getSimpleName());
            Closing.afterFailure(List.of(made), e);
            throw e;
        }
        return type.cast(made);
    }

    /**
     * A factory's failure (or a chain member's, already translated) as the one-line error naming the file and key
     * where it is the user's to fix; anything else as it is.
     */
    private static RuntimeException translate(Throwable failure, ComponentSpec c, ComponentKind kind,
                                              ComponentFactory<?> factory) {
        return switch (failure) {
            case LinkageError e -> new ConfigProblem(c.origin() + ": " + c.path() + ": " + kind.slot() + " "
                    + factory.name() + " of module " + c.component().module() + " (" + c.component().source()
                    + ") does not link against vseg-api " + ApiVersion.CURRENT.text() + " (built against another "
                    + "version?): " + e.getClass().getSimpleName() + ": " + e.getMessage(), e);
            case ConfigException e -> new ConfigProblem(c.origin() + ": " + c.path() + ": "
                    + e.getMessage().replace('\n', ' '), e);
            case IllegalArgumentException e -> new ConfigProblem(c.origin() + ": " + c.path() + "." + e.getMessage(),
                    e);
            case RuntimeException e -> e;
            default -> new IllegalStateException(failure);
        };
    }

    /** What a factory gets besides its configuration, for a component configured at {@code configPath}. */
    public static ComponentContext context(String configPath, int threads) {
        return new Context(configPath, threads);
    }

    /**
     * Relative paths resolve against the working directory, like every path on the command line: the shipped
     * configurations name files through {@code ${vseg.models}} and {@code ${vseg.zoo}}, whose defaults are relative
     * to the project, so resolving against a configuration's folder would send them astray.
     */
    private record Context(String configPath, int threads) implements ComponentContext {
        @Override
        public Path resolve(String path) {
            return Path.of(path).toAbsolutePath().normalize();
        }
    }

    /** A chain fuser's context: the members the factory made from their configurations. */
    private record ChainMembers(String configPath, int threads, List<Fuser> fusers) implements ChainFuser.Members {
        @Override
        public Path resolve(String path) {
            return Path.of(path).toAbsolutePath().normalize();
        }
    }
}
