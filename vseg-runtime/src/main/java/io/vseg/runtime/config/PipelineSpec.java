package io.vseg.runtime.config;

import com.typesafe.config.Config;
import io.vseg.runtime.plugin.ComponentKind;
import java.util.EnumMap;
import java.util.Map;

/**
 * A pipeline configuration that passed validation: one {@link ComponentSpec} per slot, plus the whole
 * resolved configuration for the runtime's own settings ({@code vseg.runtime}, {@code vseg.output}).
 *
 * @param source     the file (or description) the configuration came from
 * @param components one per {@link ComponentKind}
 * @param config     the resolved configuration, defaults included
 */
public record PipelineSpec(String source, Map<ComponentKind, ComponentSpec> components, Config config) {
    public PipelineSpec {
        components = java.util.Collections.unmodifiableMap(new EnumMap<>(components));
    }

    public ComponentSpec component(ComponentKind kind) {
        return components.get(kind);
    }

    /** {@code vseg.runtime.threads}. */
    public int threads() {
        return config.getInt("vseg.runtime.threads");
    }

    /** Whether flow is estimated ahead: {@code vseg.runtime.flow-ahead}, with 2 threads or more. */
    public boolean flowAhead() {
        return config.getBoolean("vseg.runtime.flow-ahead") && threads() >= 2;
    }
}
