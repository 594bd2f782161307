package io.vseg.runtime.pipeline;

import io.vseg.runtime.config.ConfigProblem;
import io.vseg.runtime.config.PipelineSpec;
import java.util.Locale;

/** Whose classes a pipeline's labels index: {@code vseg.output.classes}. */
public enum OutputClasses {
    /** The extractor's classes (semantic segmentation). */
    EXTRACTOR,
    /**
     * The objects given with each sequence (semi-supervised video object segmentation): background, then one
     * class per object id of the sequence's masks; a component (such as FEELVOS's fuser) produces their scores.
     */
    OBJECTS;

    static final String KEY = "vseg.output.classes";

    /** The setting of {@code spec}. */
    static OutputClasses of(PipelineSpec spec) {
        String value = spec.config().getString(KEY);
        try {
            return valueOf(value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new ConfigProblem(spec.source() + ": " + KEY + ": extractor or objects, got '" + value + "'", e);
        }
    }
}
