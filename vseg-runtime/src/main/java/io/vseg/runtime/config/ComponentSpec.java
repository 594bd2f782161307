package io.vseg.runtime.config;

import static java.util.Objects.requireNonNull;

import com.typesafe.config.Config;
import io.vseg.runtime.plugin.RegisteredComponent;
import java.util.List;

/**
 * One pipeline slot, validated: the component chosen by its {@code type}, and its configuration over the
 * component's defaults.
 *
 * @param component the discovered factory
 * @param config    the slot's keys (without {@code type}) over the component's reference defaults, resolved
 * @param path      the key path of the slot, e.g. {@code vseg.pipeline.scheduler}
 * @param origin    where the slot was written, e.g. {@code configs/dff.conf: 4}
 * @param members   the components a composite one is made of, validated like slots (a {@code chain} fuser's
 *                  {@code fusers}); empty for any other
 */
public record ComponentSpec(RegisteredComponent component, Config config, String path, String origin,
                            List<ComponentSpec> members) {
    public ComponentSpec {
        requireNonNull(component, "component is null");
        requireNonNull(config, "config is null");
        requireNonNull(path, "path is null");
        requireNonNull(origin, "origin is null");
        members = List.copyOf(members);
    }

    public ComponentSpec(RegisteredComponent component, Config config, String path, String origin) {
        this(component, config, path, origin, List.of());
    }

    public String type() {
        return component.name();
    }
}
