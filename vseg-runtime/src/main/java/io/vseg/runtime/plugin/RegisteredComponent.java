package io.vseg.runtime.plugin;

import static java.util.Objects.requireNonNull;

import io.vseg.api.spi.ComponentFactory;

/**
 * A component factory as discovered: what it makes, and where it came from.
 *
 * @param kind    the SPI it implements
 * @param factory the factory
 * @param module  the JPMS module that provides it ({@code unnamed} on the class path)
 * @param plugin  the providing {@link io.vseg.api.spi.Plugin}'s name
 * @param source  where the module was loaded from: {@code module path} or the plugin jar's file name
 */
public record RegisteredComponent(ComponentKind kind, ComponentFactory<?> factory, String module, String plugin,
                                  String source) {
    public RegisteredComponent {
        requireNonNull(kind, "kind is null");
        requireNonNull(factory, "factory is null");
        requireNonNull(module, "module is null");
        requireNonNull(plugin, "plugin is null");
        requireNonNull(source, "source is null");
    }

    public String name() {
        return factory.name();
    }
}
