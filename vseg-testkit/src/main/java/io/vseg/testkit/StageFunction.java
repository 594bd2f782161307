package io.vseg.testkit;

import io.vseg.api.Features;
import io.vseg.api.Image;
import io.vseg.api.spi.FeatureExtractor;
import java.util.Set;

/**
 * The network a fake context runs, as one function: {@link FeatureExtractor#extract}'s contract without the rest
 * of an extractor. A test that needs a particular network (a "task layer" that doubles its input, a teacher that
 * reads one pixel per cell) writes it as a lambda instead of a whole {@link FeatureExtractor}.
 */
@FunctionalInterface
public interface StageFunction {

    /**
     * Computes {@code stages} on {@code image}, taking the stages they depend on from {@code inputs} where present
     * there (as {@link FeatureExtractor#extract} does with its cached outputs).
     *
     * @return at least the requested stages
     */
    Features compute(Image image, Set<String> stages, Features inputs);

    /** The function that runs {@code extractor}. */
    static StageFunction of(FeatureExtractor extractor) {
        java.util.Objects.requireNonNull(extractor, "extractor is null");
        return extractor::extract;
    }
}
