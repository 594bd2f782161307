package io.vseg.runtime.component;

import static java.util.Objects.requireNonNull;

import com.typesafe.config.Config;
import io.vseg.api.Features;
import io.vseg.api.FrameContext;
import io.vseg.api.spi.ComponentContext;
import io.vseg.api.spi.Fuser;
import io.vseg.api.spi.FuserFactory;
import java.util.List;

/**
 * Fusers applied one after the other: each member fuses what the one before it produced (NetWarp, then GRFP), and
 * {@link #reset} resets them all. Configured as {@code fuser { type = chain, fusers = [ {type = netwarp, ...},
 * {type = grfp.stgru, ...} ] }}: the configuration loader validates each member like a slot (its type a fuser, its
 * keys among that fuser's defaults), and the pipeline factory creates the members and hands them to this factory
 * through its {@link Members} context.
 */
public final class ChainFuser implements Fuser, AutoCloseable {
    public static final String NAME = "chain";

    /** The context through which the runtime hands a chain its members, created from their configurations. */
    public interface Members extends ComponentContext {
        List<Fuser> fusers();
    }

    private final List<Fuser> members;

    public ChainFuser(List<Fuser> members) {
        this.members = List.copyOf(requireNonNull(members, "members is null"));
    }

    /** The members, in the order they run. */
    public List<Fuser> members() {
        return members;
    }

    @Override
    public Features fuse(Features features, FrameContext ctx) {
        Features out = features;
        for (Fuser f : members) {
            out = f.fuse(out, ctx);
        }
        return out;
    }

    @Override
    public void reset() {
        for (Fuser f : members) {
            f.reset();
        }
    }

    @Override
    public boolean resumableAtKey() {
        return members.stream().allMatch(Fuser::resumableAtKey);
    }

    @Override
    public void close() {
        Closing.all(members);
    }

    /** Its factory; defaults at {@code vseg.components.chain}. */
    public static final class Factory implements FuserFactory {
        @Override
        public String name() {
            return NAME;
        }

        @Override
        public String description() {
            return "fusers applied in order (fusers = [{type = ...}, ...]), all reset together";
        }

        @Override
        public Fuser create(Config config, ComponentContext context) {
            int listed = config.getList("fusers").size();
            List<Fuser> members = context instanceof Members m ? m.fusers() : List.of();
            if (members.size() != listed) {
                throw new IllegalArgumentException("fusers: " + listed + " members configured, " + members.size()
                        + " created (the runtime's pipeline factory creates a chain's members)");
            }
            return new ChainFuser(members);
        }
    }
}
