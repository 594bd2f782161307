package io.vseg.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.vseg.api.FrameContext;
import io.vseg.api.Plan;
import io.vseg.api.Region;
import io.vseg.api.spi.ComponentContext;
import io.vseg.api.spi.Plugin;
import io.vseg.api.spi.PropagatorFactory;
import io.vseg.api.spi.Scheduler;
import io.vseg.api.spi.SchedulerFactory;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiFunction;
import org.junit.jupiter.api.Test;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Event;

/**
 * The contract fails where a plugin breaks a rule, and says which factory broke which rule: each broken plugin
 * below is run through the JUnit engine, and its failed tests are compared with the ones expected. (The
 * contracts are static nested classes, which neither Surefire nor the engine runs on its own.)
 */
class PluginContractTest {

    @Test
    void aMissingReferenceBlockAndABlankDescriptionAreReportedForTheirFactories() {
        Map<String, String> failed = failures(MissingBlockAndBlankDescription.class);
        assertThat(failed).containsOnlyKeys(
                "descriptionsAreOneNonBlankLine() / scheduler broken.periodic",
                "referenceConfHoldsTheDefaultsOfEachFactory() / propagator broken.copy",
                "defaultsCreateEachComponent() / propagator broken.copy");
        assertThat(failed.get("descriptionsAreOneNonBlankLine() / scheduler broken.periodic"))
                .contains("description of scheduler broken.periodic");
        assertThat(failed.get("referenceConfHoldsTheDefaultsOfEachFactory() / propagator broken.copy"))
                .contains("vseg.components.\"broken.copy\"");
        assertThat(failed.get("defaultsCreateEachComponent() / propagator broken.copy"))
                .contains("no block at vseg.components.\"broken.copy\"");
    }

    @Test
    void namesOutsideTheRuntimesFormOrWithoutThePluginsPrefixAreReported() {
        Map<String, String> failed = failures(BadNames.class);
        String prefix = "namesAreLowerCaseAndCarryThePluginsPrefix() / ";
        assertThat(failed).containsOnlyKeys(prefix + "scheduler Bad.Upper", prefix + "propagator other.copy",
                prefix + "each name once per namespace");
        assertThat(failed.get(prefix + "propagator other.copy")).contains("is 'bad' or starts with 'bad.'");
        assertThat(failed.get(prefix + "each name once per namespace")).contains("bad.copy");
    }

    @Test
    void aBlockForAComponentThePluginDoesNotProvideIsReported() {
        assertThat(failures(StaleBlock.class)).containsOnlyKeys(
                "referenceConfHoldsTheDefaultsOfEachFactory() / no blocks of other components");
    }

    @Test
    void schedulersWhosePlansTheRuntimeCouldNotCarryOutAreReported() {
        Map<String, String> failed = failures(BadSchedulers.class);
        String prefix = "schedulersPlanValidSequences() / ";
        assertThat(failed).containsOnlyKeys(prefix + "scheduler sloppy.lazy", prefix + "scheduler sloppy.drifting",
                prefix + "scheduler sloppy.outside", prefix + "scheduler sloppy.unknown-stage");
        assertThat(failed.get(prefix + "scheduler sloppy.lazy"))
                .contains("frame 0, plan propagate: a sequence's first frame must be a key frame");
        assertThat(failed.get(prefix + "scheduler sloppy.drifting")).contains("differently after reset()");
        assertThat(failed.get(prefix + "scheduler sloppy.outside")).contains("lies outside the 96x72 frame");
        assertThat(failed.get(prefix + "scheduler sloppy.unknown-stage"))
                .contains("key stage 'stage9' is not a stage of the extractor [logits]");
    }

    @Test
    void defaultsThatNeedAFileMustFailWithAMessageStartingWithTheKey() {
        Map<String, String> failed = failures(NeedsFiles.class);
        String prefix = "defaultsCreateEachComponent() / ";
        assertThat(failed).containsOnlyKeys(prefix + "scheduler files.crash", prefix + "scheduler files.unkeyed",
                prefix + "scheduler files.fine");
        assertThat(failed.get(prefix + "scheduler files.crash")).contains("NullPointerException");
        assertThat(failed.get(prefix + "scheduler files.unkeyed")).contains("starts with a key");
        assertThat(failed.get(prefix + "scheduler files.fine")).contains("a failure with a message");
    }

    /** Failed tests of {@code contract}, as "factory method / test" to the failure's message. */
    private static Map<String, String> failures(Class<? extends PluginContract> contract) {
        EngineExecutionResults results = EngineTestKit.engine("junit-jupiter").selectors(selectClass(contract)).execute();
        results.containerEvents().assertStatistics(s -> s.failed(0));
        assertThat(results.testEvents().started().count()).as("tests run").isPositive();
        Map<String, String> failed = new LinkedHashMap<>();
        for (Event e : results.testEvents().failed().list()) {
            String rule = e.getTestDescriptor().getParent().map(p -> p.getDisplayName()).orElse("?");
            Throwable t = e.getRequiredPayload(TestExecutionResult.class).getThrowable().orElseThrow();
            failed.put(rule + " / " + e.getTestDescriptor().getDisplayName(), t.toString());
        }
        return failed;
    }

    private static Plugin plugin(String name, List<SchedulerFactory> schedulers, List<PropagatorFactory> propagators) {
        return new Plugin() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public List<SchedulerFactory> schedulers() {
                return schedulers;
            }

            @Override
            public List<PropagatorFactory> propagators() {
                return propagators;
            }
        };
    }

    private static SchedulerFactory scheduler(String name, String description,
                                              BiFunction<Config, ComponentContext, Scheduler> create) {
        return new SchedulerFactory() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public String description() {
                return description;
            }

            @Override
            public Scheduler create(Config config, ComponentContext context) {
                return create.apply(config, context);
            }
        };
    }

    private static SchedulerFactory periodic(String name) {
        return scheduler(name, "a key every 2 frames", (c, ctx) -> new TinyPlugin.Periodic(2));
    }

    private static PropagatorFactory propagator(String name) {
        return new PropagatorFactory() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public String description() {
                return "the key's features";
            }

            @Override
            public io.vseg.api.spi.Propagator create(Config config, ComponentContext context) {
                return (key, ctx) -> key.features();
            }
        };
    }

    /** A scheduler planning {@code plan(position, ctx)}, its position counting frames since the last reset. */
    private static Scheduler planning(BiFunction<Integer, FrameContext, Plan> plan) {
        return new Scheduler() {
            private int position;

            @Override
            public Plan plan(FrameContext ctx) {
                return plan.apply(position++, ctx);
            }

            @Override
            public void reset() {
                position = 0;
            }
        };
    }

    static final class MissingBlockAndBlankDescription extends PluginContract {
        @Override
        protected Plugin plugin() {
            return PluginContractTest.plugin("broken",
                    List.of(scheduler("broken.periodic", "  ", (c, ctx) -> new TinyPlugin.Periodic(2))),
                    List.of(propagator("broken.copy")));
        }

        @Override
        protected Config reference() {
            return ConfigFactory.parseString("vseg.components { \"broken.periodic\" {} }");
        }
    }

    static final class BadNames extends PluginContract {
        @Override
        protected Plugin plugin() {
            return PluginContractTest.plugin("bad", List.of(periodic("Bad.Upper")),
                    List.of(propagator("other.copy"), propagator("bad.copy"), propagator("bad.copy")));
        }

        @Override
        protected Config reference() {
            return ConfigFactory.parseString(
                    "vseg.components { \"Bad.Upper\" {}, \"other.copy\" {}, \"bad.copy\" {} }");
        }
    }

    static final class StaleBlock extends PluginContract {
        @Override
        protected Plugin plugin() {
            return PluginContractTest.plugin("stale", List.of(periodic("stale.periodic")), List.of());
        }

        @Override
        protected Config reference() {
            return ConfigFactory.parseString("vseg.components { \"stale.periodic\" {}, \"stale.renamed\" {} }");
        }
    }

    static final class BadSchedulers extends PluginContract {
        @Override
        protected Plugin plugin() {
            return PluginContractTest.plugin("sloppy", List.of(
                    periodic("sloppy.periodic"),
                    scheduler("sloppy.lazy", "propagates from the start", (c, x) -> planning((i, ctx) -> Plan.propagate())),
                    scheduler("sloppy.drifting", "keys on a clock that reset() does not reset", (c, x) -> new Scheduler() {
                        private int clock;

                        @Override
                        public Plan plan(FrameContext ctx) {
                            return ctx.key().isEmpty() || clock++ % 3 == 0 ? Plan.fullKey() : Plan.propagate();
                        }
                    }),
                    scheduler("sloppy.outside", "a region past the frame's edge", (c, x) -> planning((i, ctx) ->
                            new Plan.Regions(List.of(new Plan.RegionPlan(new Region(0, 0, ctx.frame().width() + 8,
                                    ctx.frame().height()), Plan.fullKey(), 1))))),
                    scheduler("sloppy.unknown-stage", "a stage the extractor lacks", (c, x) -> planning((i, ctx) ->
                            Plan.key(Set.of("stage9"))))), List.of());
        }

        @Override
        protected Config reference() {
            return ConfigFactory.parseString("vseg.components { \"sloppy.periodic\" {}, \"sloppy.lazy\" {}, "
                    + "\"sloppy.drifting\" {}, \"sloppy.outside\" {}, \"sloppy.unknown-stage\" {} }");
        }
    }

    static final class NeedsFiles extends PluginContract {
        @Override
        protected Plugin plugin() {
            return PluginContractTest.plugin("files", List.of(
                    scheduler("files.model", "needs its model", (c, x) -> {
                        throw new IllegalArgumentException("model: " + x.resolve(c.getString("model")) + " not found");
                    }),
                    scheduler("files.crash", "crashes without its model", (c, x) -> {
                        throw new NullPointerException("no model");
                    }),
                    scheduler("files.unkeyed", "fails without naming the key", (c, x) -> {
                        throw new IllegalArgumentException("cannot load the model");
                    }),
                    scheduler("files.fine", "says it needs a file but does not", (c, x) -> new TinyPlugin.Periodic(2))),
                    List.of());
        }

        @Override
        protected Optional<String> defaultsNeedFiles(String name) {
            return Optional.of("a trained model");
        }

        @Override
        protected Config reference() {
            return ConfigFactory.parseString("vseg.components { \"files.model\" { model = \"\" }, \"files.crash\" {}, "
                    + "\"files.unkeyed\" {}, \"files.fine\" {} }");
        }
    }
}
