package io.vseg.runtime.ablation;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigUtil;
import com.typesafe.config.ConfigValue;
import io.vseg.runtime.config.ConfigProblem;
import io.vseg.runtime.dataset.Dataset;
import io.vseg.runtime.dataset.Datasets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * An ablation study (HOCON): a base pipeline, a dataset, and the variants to run over it: an explicit list of
 * named overrides and/or a grid of values by key path (every combination). Paths in the file are relative to
 * the file's folder.
 *
 * <pre>
 * study {
 *   pipeline = "../dff.conf"
 *   dataset { path = "../../../shared/data/davis2016-dev", labels = "", void = 255, sequences = [] }
 *   warmup = 5, max-frames = 0, tc = true, plot-x = speedup, plot-y = agreement
 *   variants = [ { name = every-frame, set { "vseg.pipeline.scheduler" { type = every-frame } } } ]
 *   grid { "vseg.pipeline.scheduler.interval" = [2, 5], "vseg.pipeline.flow.preset" = [ultrafast, fast] }
 *   subset { name = person, sequences = [dance-twirl] }
 *   compare { reference = every-frame, along = "vseg.pipeline.scheduler.interval" }
 * }
 * </pre>
 *
 * <p>{@code compare} reads each curve of the grid (the variants that differ only in {@code along}) at the
 * reference variant's {@code plot-x}: see {@link BudgetMatch}.
 */
public record Study(String name, Path file, Path pipeline, Path dataset, Path labels, int voidLabel,
                   List<String> sequences, int warmup, int maxFrames, boolean tc, String plotX,
                   String plotY, List<Variant> variants, Subset subset, Compare compare) {

    /**
     * The study's dataset, opened; a problem with it is a one-line error naming {@code study.dataset}, and a subset
     * sequence the study does not run is one naming {@code study.subset.sequences} (its J column would leave it out,
     * unsaid).
     */
    public Dataset openDataset() {
        Dataset opened;
        try {
            opened = Datasets.open(dataset, labels, voidLabel, sequences);
        } catch (IllegalArgumentException e) {
            throw new ConfigProblem(file + ": study.dataset: " + e.getMessage(), e);
        }
        if (subset != null) {
            List<String> unknown = subset.sequences().stream().filter(q -> !opened.sequences().contains(q)).toList();
            if (!unknown.isEmpty()) {
                throw new ConfigProblem(file + ": study.subset.sequences: " + String.join(", ", unknown)
                        + " not among the sequences the study runs " + opened.sequences());
            }
        }
        return opened;
    }

    /**
     * Sequences whose J is also reported on its own, as column {@code j_<name>} (e.g. the sequences whose
     * annotated object is a person, for a person model); null when the study names none.
     */
    public record Subset(String name, List<String> sequences) {
        public Subset {
            sequences = List.copyOf(sequences);
        }

        public String column() {
            return "j_" + name;
        }
    }

    /**
     * Each curve of the grid read at the reference variant's cost.
     *
     * @param reference a variant's name
     * @param along     the grid key whose values trace a curve
     */
    public record Compare(String reference, String along) {
    }

    private static final Set<String> KEYS = Set.of("name", "pipeline", "dataset", "warmup", "max-frames", "tc",
            "plot-x", "plot-y", "variants", "grid", "subset", "compare");
    private static final Set<String> DATASET_KEYS = Set.of("path", "labels", "void", "sequences");
    private static final Set<String> VARIANT_KEYS = Set.of("name", "set");
    private static final Set<String> SUBSET_KEYS = Set.of("name", "sequences");
    private static final Set<String> COMPARE_KEYS = Set.of("reference", "along");
    /** What the plot's x axis may show: speed, or what a method computes fresh (a cost: less is better). */
    private static final Set<String> PLOT_X = Set.of("speedup", "segmented_area", "key_share");
    private static final Set<String> PLOT_Y = Set.of("agreement", "tc", "j", "f", "jf", "miou");

    /** Reads and checks a study file. @throws ConfigProblem naming the file and key */
    public static Study read(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new ConfigProblem(file + ": study file not found");
        }
        try {
            Config root = ConfigFactory.parseFile(file.toFile(), ConfigParseOptions.defaults().setAllowMissing(false))
                    .resolve();
            Config s = root.getConfig("study");
            checkKeys(s, KEYS, file, "study", "a study");
            Path dir = file.toAbsolutePath().getParent();
            Config d = s.getConfig("dataset");
            checkKeys(d, DATASET_KEYS, file, "study.dataset", "a dataset");
            if (s.hasPath("subset")) {
                checkKeys(s.getConfig("subset"), SUBSET_KEYS, file, "study.subset", "a subset");
            }
            if (s.hasPath("compare")) {
                checkKeys(s.getConfig("compare"), COMPARE_KEYS, file, "study.compare", "compare");
            }
            String labels = d.hasPath("labels") ? d.getString("labels") : "";
            String plotY = s.hasPath("plot-y") ? s.getString("plot-y") : "agreement";
            if (!PLOT_Y.contains(plotY)) {
                throw new ConfigProblem(file + ": study.plot-y: unknown '" + plotY + "'; available: " + PLOT_Y);
            }
            String plotX = s.hasPath("plot-x") ? s.getString("plot-x") : "speedup";
            if (!PLOT_X.contains(plotX)) {
                throw new ConfigProblem(file + ": study.plot-x: unknown '" + plotX + "'; available: " + PLOT_X);
            }
            String fileName = file.getFileName().toString();
            String name = s.hasPath("name") ? s.getString("name") : fileName.replaceFirst("\\.conf$", "");
            List<Variant> variants = variants(s, file);
            if (variants.isEmpty()) {
                throw new ConfigProblem(file + ": study: no variants; give `variants` and/or `grid`");
            }
            Map<String, String> slugs = new LinkedHashMap<>();
            for (Variant v : variants) {
                if (v.name().isBlank()) {
                    throw new ConfigProblem(file + ": study.variants: a variant's name is empty");
                }
                String other = slugs.putIfAbsent(v.slug(), v.name());
                if (other != null) {
                    // each variant's row is saved as variants/<slug>.json: one would take the other's
                    throw new ConfigProblem(file + ": study.variants: two variants named '" + other + "'"
                            + (other.equals(v.name()) ? "" : " and '" + v.name() + "' (both saved as " + v.slug()
                            + ".json)"));
                }
            }
            for (String count : List.of("warmup", "max-frames")) {
                if (s.hasPath(count) && s.getInt(count) < 0) {
                    throw new ConfigProblem(file + ": study." + count + ": 0 or more frames, got " + s.getInt(count));
                }
            }
            Compare compare = s.hasPath("compare") ? compare(s, file, variants) : null;
            return new Study(name, file, dir.resolve(path(s, "pipeline", file, "study.pipeline")).normalize(),
                    dir.resolve(path(d, "path", file, "study.dataset.path")).normalize(),
                    labels.isEmpty() ? null : dir.resolve(labels).normalize(),
                    d.hasPath("void") ? d.getInt("void") : 255,
                    d.hasPath("sequences") ? d.getStringList("sequences") : List.of(),
                    s.hasPath("warmup") ? s.getInt("warmup") : 5,
                    s.hasPath("max-frames") ? s.getInt("max-frames") : 0,
                    !s.hasPath("tc") || s.getBoolean("tc"), plotX, plotY, variants,
                    s.hasPath("subset") ? new Subset(s.getString("subset.name"), s.getStringList("subset.sequences"))
                            : null, compare);
        } catch (ConfigException e) {
            throw new ConfigProblem(ConfigProblem.oneLine(e), e);
        }
    }

    /**
     * Refuses a key of block {@code c} (at {@code where}) that is not one of {@code keys}: a misspelt one would be
     * left unread, and the study run without it (all sequences for a misspelt {@code sequences}).
     */
    private static void checkKeys(Config c, Set<String> keys, Path file, String where, String what) {
        for (String key : c.root().keySet()) {
            if (!keys.contains(key)) {
                throw new ConfigProblem(file + ": " + where + "." + key + ": unknown key; " + what + " has "
                        + new java.util.TreeSet<>(keys));
            }
        }
    }

    /** A path at {@code key} of {@code c}, which must not be blank (that would name the study's own folder). */
    private static String path(Config c, String key, Path file, String where) {
        String value = c.getString(key);
        if (value.isBlank()) {
            throw new ConfigProblem(file + ": " + where + ": empty; give a path, relative to the study's folder");
        }
        return value;
    }

    /** {@code key}, where a study sets a value by key path, if it is one. */
    private static String keyPath(String key, Path file, String where) {
        try {
            ConfigUtil.splitPath(key);
            return key;
        } catch (ConfigException.BadPath e) {
            throw new ConfigProblem(file + ": " + where + ": '" + key + "' is not a key path such as "
                    + "\"vseg.pipeline.scheduler.interval\"", e);
        }
    }

    /** Whether the plot's x is a cost (less is better) rather than a speed. */
    public boolean plotXIsCost() {
        return !plotX.equals("speedup");
    }

    private static Compare compare(Config s, Path file, List<Variant> variants) {
        Compare c = new Compare(s.getString("compare.reference"), s.getString("compare.along"));
        if (variants.stream().noneMatch(v -> v.name().equals(c.reference()))) {
            throw new ConfigProblem(file + ": study.compare.reference: no variant is named '" + c.reference() + "'");
        }
        if (!s.hasPath("grid") || !s.getObject("grid").containsKey(c.along())) {
            throw new ConfigProblem(file + ": study.compare.along: '" + c.along() + "' is not a key of study.grid");
        }
        return c;
    }

    private static List<Variant> variants(Config s, Path file) {
        List<Variant> out = new ArrayList<>();
        if (s.hasPath("variants")) {
            List<? extends Config> list = s.getConfigList("variants");
            for (int i = 0; i < list.size(); i++) {
                Config v = list.get(i);
                // Named as the other checks of a variant name it; by its place in the list if it has no name.
                checkKeys(v, VARIANT_KEYS, file, "study.variants." + (v.hasPath("name") ? v.getString("name") : i),
                        "a variant");
                Map<String, ConfigValue> set = new LinkedHashMap<>();
                String name = v.getString("name");
                if (v.hasPath("set")) {
                    v.getObject("set").forEach((k, value) -> set.put(keyPath(k, file, "study.variants." + name
                            + ".set"), value));
                }
                out.add(new Variant(name, set));
            }
        }
        if (s.hasPath("grid")) {
            List<Map<String, ConfigValue>> combos = new ArrayList<>();
            combos.add(new LinkedHashMap<>());
            for (Map.Entry<String, ConfigValue> axis : s.getObject("grid").entrySet()) {
                keyPath(axis.getKey(), file, "study.grid");
                List<ConfigValue> values = s.getObject("grid").toConfig().getList(ConfigUtil.quoteString(axis.getKey()));
                if (values.isEmpty()) {
                    throw new ConfigProblem(file + ": study.grid.\"" + axis.getKey() + "\": no values");
                }
                List<Map<String, ConfigValue>> next = new ArrayList<>();
                for (Map<String, ConfigValue> combo : combos) {
                    for (ConfigValue value : values) {
                        Map<String, ConfigValue> c = new LinkedHashMap<>(combo);
                        c.put(axis.getKey(), value);
                        next.add(c);
                    }
                }
                combos = next;
            }
            for (Map<String, ConfigValue> combo : combos) {
                StringBuilder name = new StringBuilder();
                combo.forEach((k, v) -> {
                    List<String> parts = ConfigUtil.splitPath(k);
                    name.append(name.length() > 0 ? "," : "").append(parts.get(parts.size() - 1)).append('=')
                            .append(v.unwrapped());
                });
                out.add(new Variant(name.toString(), combo));
            }
        }
        return out;
    }
}
