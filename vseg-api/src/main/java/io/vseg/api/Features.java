package io.vseg.api;

import static java.util.Objects.requireNonNull;

import io.vseg.api.tensor.Tensor;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.Set;

/**
 * The outputs of a network's stages for one frame: an immutable, ordered map from stage name to a
 * {@link Stage} (tensor plus its stride relative to the frame). The stage named {@value #LOGITS} holds
 * per-class scores; the runtime decodes every frame's labels from it.
 */
public final class Features {
    /** Name of the stage holding class scores, {@code [classes, h, w]}. */
    public static final String LOGITS = "logits";

    private static final Features EMPTY = new Features(Map.of());

    /**
     * One stage's output.
     *
     * @param tensor the values
     * @param stride frame pixels per tensor pixel (e.g. 8 for a stride-8 stage); for a network that resizes
     *               its input to a fixed size this is the horizontal ratio of frame width to tensor width
     */
    public record Stage(Tensor tensor, double stride) {
        public Stage {
            requireNonNull(tensor, "tensor is null");
            if (!(stride > 0)) {
                throw new IllegalArgumentException("stride must be > 0, got " + stride);
            }
        }
    }

    private final Map<String, Stage> stages;

    private Features(Map<String, Stage> stages) {
        this.stages = stages;
    }

    /** No stages. */
    public static Features empty() {
        return EMPTY;
    }

    /** Features holding one stage. */
    public static Features of(String name, Tensor tensor, double stride) {
        return EMPTY.with(name, tensor, stride);
    }

    /** A copy with stage {@code name} added, or replaced in place if present. */
    public Features with(String name, Tensor tensor, double stride) {
        requireNonNull(name, "name is null");
        Map<String, Stage> copy = new LinkedHashMap<>(stages);
        copy.put(name, new Stage(tensor, stride));
        return new Features(Collections.unmodifiableMap(copy));
    }

    /** A copy with every stage of {@code other} added, replacing stages of the same name. */
    public Features withAll(Features other) {
        if (other.stages.isEmpty()) {
            return this;
        }
        if (stages.isEmpty()) {
            return other;
        }
        Map<String, Stage> copy = new LinkedHashMap<>(stages);
        copy.putAll(other.stages);
        return new Features(Collections.unmodifiableMap(copy));
    }

    /** Only the named stages that are present, in this object's order. */
    public Features only(Set<String> names) {
        Map<String, Stage> copy = new LinkedHashMap<>();
        stages.forEach((k, v) -> {
            if (names.contains(k)) {
                copy.put(k, v);
            }
        });
        return new Features(Collections.unmodifiableMap(copy));
    }

    public boolean has(String name) {
        return stages.containsKey(name);
    }

    /** The stage's tensor. @throws NoSuchElementException naming the stages present */
    public Tensor tensor(String name) {
        return stage(name).tensor();
    }

    /** The stage. @throws NoSuchElementException naming the stages present */
    public Stage stage(String name) {
        Stage s = stages.get(name);
        if (s == null) {
            throw new NoSuchElementException("no stage '" + name + "'; present: " + stages.keySet());
        }
        return s;
    }

    public Optional<Stage> find(String name) {
        return Optional.ofNullable(stages.get(name));
    }

    /** The {@value #LOGITS} stage's tensor. */
    public Tensor logits() {
        return tensor(LOGITS);
    }

    /** Stage names in order. */
    public Set<String> names() {
        return stages.keySet();
    }

    /** Stages in order. */
    public Map<String, Stage> asMap() {
        return stages;
    }

    public boolean isEmpty() {
        return stages.isEmpty();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Features f && f.stages.equals(stages);
    }

    @Override
    public int hashCode() {
        return stages.hashCode();
    }

    @Override
    public String toString() {
        java.util.StringJoiner sj = new java.util.StringJoiner(", ", "Features{", "}");
        stages.forEach((k, v) -> sj.add(k + "=" + v.tensor().shape() + "/" + v.stride()));
        return sj.toString();
    }
}
