package io.vseg.api.spi;

import io.vseg.api.ClassSet;
import io.vseg.api.Features;
import io.vseg.api.Image;
import java.util.List;
import java.util.Set;

/**
 * An image network run stage by stage. A monolithic model has one stage, {@link Features#LOGITS}; a staged
 * one lists its stages from shallow to deep, ending with {@code logits}.
 *
 * <p>Implementations need not be thread-safe: the runtime calls one extractor from one thread at a time.
 */
public interface FeatureExtractor extends AutoCloseable {

    /** Stage names from shallow to deep; the last is {@link Features#LOGITS}. */
    List<String> stages();

    /** The classes whose scores {@code logits} holds, in channel order. */
    ClassSet classes();

    /**
     * Fixed input size and each stage's stride and channels, as far as the extractor knows them without
     * running; by default the stage names alone.
     *
     * @since 1.0
     */
    default Capabilities capabilities() {
        return Capabilities.unknown(stages());
    }

    /**
     * Computes {@code stages} on {@code image}.
     *
     * <p>Each requested stage is computed fresh. A stage it depends on is taken from {@code cached} when
     * present there and not itself requested (this is how a propagated or clock-held deep stage feeds the
     * later layers), and otherwise computed fresh too. The result holds at least the requested stages, and
     * may hold the fresh intermediate ones it computed on the way.
     *
     * @param stages the stages to compute; never empty
     * @param cached outputs to reuse as inputs, possibly {@link Features#empty()}
     */
    Features extract(Image image, Set<String> stages, Features cached);

    /** Frees native resources. */
    @Override
    default void close() {
    }
}
