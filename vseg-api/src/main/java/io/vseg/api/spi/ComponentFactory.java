package io.vseg.api.spi;

import com.typesafe.config.Config;

/**
 * Creates one kind of component from its configuration. Cheap to construct: the heavy work (loading a model)
 * happens in {@link #create}.
 *
 * @param <T> the SPI the component implements
 */
public interface ComponentFactory<T> {

    /**
     * The name a pipeline's {@code type} key refers to: lower case, {@code plugin.component}
     * (for example {@code dff.interval}); the runtime's own components have no prefix.
     */
    String name();

    /** One line for {@code vseg plugins}. */
    String description();

    /**
     * A new component. {@code config} is the pipeline's section for it, over the defaults that the plugin's
     * {@code reference.conf} holds at {@code vseg.components."<name>"}; the runtime has already rejected keys
     * that the defaults do not name and values of the wrong type.
     *
     * @throws IllegalArgumentException for a value that is well-typed but unusable; the message starts with the
     *                                  key, as in {@code "threshold: must be in [0, 1], got 2"}, and the runtime
     *                                  adds the file and the slot's key path
     */
    T create(Config config, ComponentContext context);
}
