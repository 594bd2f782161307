package io.vseg.runtime.ablation;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigValue;
import java.util.Map;

/**
 * One pipeline of a study: a name and the values it sets on the base pipeline, by key path. A value replaces
 * what is at its path (a whole slot, when the path names one), so a variant can swap a component's type
 * without inheriting the old component's keys.
 */
public record Variant(String name, Map<String, ConfigValue> set) {
    public Variant {
        set = Map.copyOf(set);
    }

    /** The base configuration with this variant's values set. */
    public Config apply(Config base) {
        Config c = base;
        for (Map.Entry<String, ConfigValue> e : new java.util.TreeMap<>(set).entrySet()) {
            c = c.withValue(e.getKey(), e.getValue());
        }
        return c;
    }

    /** A file-name-safe form of the name. */
    public String slug() {
        return name.replaceAll("[^A-Za-z0-9._=-]+", "_");
    }
}
