package io.vseg.runtime.ablation;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import io.vseg.api.io.AtomicFiles;
import io.vseg.runtime.bench.MethodReport;
import io.vseg.runtime.config.ConfigProblem;
import io.vseg.runtime.video.Json;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * One variant's line in a study's results: its figures, or the error that stopped it. Saved as a small JSON
 * file per variant with the key of what it was measured on, which is what lets a re-run skip the variants
 * already done, and only those.
 *
 * @param values metric name -> value (NaN where not measured)
 */
public record ResultRow(String variant, boolean ok, String error, Map<String, Double> values) {

    /** The metrics, in table order. */
    public static final String[] METRICS = {"speedup", "agreement", "tc", "j", "f", "jf", "miou", "key_share",
        "full_key_share", "segmented_area", "fps", "mean_ms", "p50_ms", "p95_ms", "p99_ms", "frames", "threads"};

    /**
     * @param extra further columns, e.g. {@code j_person}
     */
    public static ResultRow of(String variant, MethodReport m, int threads, Map<String, Double> extra) {
        Map<String, Double> v = new LinkedHashMap<>();
        v.put("speedup", m.speedup());
        v.put("agreement", m.agreement());
        v.put("tc", m.tc());
        v.put("j", m.j());
        v.put("f", m.f());
        v.put("jf", m.jf());
        v.put("miou", m.miou());
        v.put("key_share", m.keyShare());
        v.put("full_key_share", m.fullShare());
        v.put("segmented_area", m.segmentedArea());
        v.put("fps", m.fps());
        v.put("mean_ms", m.meanMs());
        v.put("p50_ms", m.p50Ms());
        v.put("p95_ms", m.p95Ms());
        v.put("p99_ms", m.p99Ms());
        v.put("frames", (double) m.frames());
        v.put("threads", (double) threads);
        v.putAll(extra);
        return new ResultRow(variant, true, "", v);
    }

    public static ResultRow failed(String variant, String error) {
        return new ResultRow(variant, false, error.replace('\n', ' '), Map.of());
    }

    public double value(String metric) {
        return values.getOrDefault(metric, Double.NaN);
    }

    /** A row as saved, with the key of the configuration and data it was measured on. */
    public record Saved(ResultRow row, String key) {
    }

    /**
     * Saves the row, whole or not at all, with {@code key}: what a re-run compares to tell whether the row still
     * stands for the variant's configuration and data.
     */
    public void write(Path file, String key) throws IOException {
        StringBuilder sb = new StringBuilder("{\"variant\": \"").append(Json.escape(variant))
                .append("\", \"key\": \"").append(Json.escape(key)).append("\", \"ok\": ")
                .append(ok).append(", \"error\": \"").append(Json.escape(error)).append("\", \"values\": {");
        boolean first = true;
        for (Map.Entry<String, Double> e : values.entrySet()) {
            sb.append(first ? "" : ", ").append('"').append(e.getKey()).append("\": ")
                    // The shortest text that reads back as the same double: a resumed study's tables are the fresh
                    // run's to the last digit (rounded here, a value could round the other way in a table).
                    .append(Double.isFinite(e.getValue()) ? Double.toString(e.getValue()) : "null");
            first = false;
        }
        AtomicFiles.writeString(file, sb.append("}}\n").toString());
    }

    /**
     * Reads a saved row. @throws IOException naming the file when it is not one (cut short, edited, or saved by
     * a vseg that wrote no key)
     */
    public static Saved read(Path file) throws IOException {
        try {
            Config c = ConfigFactory.parseFile(file.toFile(), ConfigParseOptions.defaults().setAllowMissing(false));
            Map<String, Double> v = new LinkedHashMap<>();
            Config values = c.getConfig("values");
            // By the object's keys, not key paths: a column such as j_<subset name> may hold a dot.
            for (Map.Entry<String, ConfigValue> e : values.root().entrySet()) {
                ConfigValueType type = e.getValue().valueType();
                if (type != ConfigValueType.NULL && type != ConfigValueType.NUMBER) {
                    throw new IOException(file + ": not a saved result row (values." + e.getKey() + " is "
                            + type.name().toLowerCase(Locale.ROOT) + ", not a number)");
                }
                v.put(e.getKey(), type == ConfigValueType.NULL ? Double.NaN
                        : ((Number) e.getValue().unwrapped()).doubleValue());
            }
            return new Saved(new ResultRow(c.getString("variant"), c.getBoolean("ok"), c.getString("error"), v),
                    c.getString("key"));
        } catch (ConfigException e) {
            throw new IOException(file + ": not a saved result row (" + ConfigProblem.oneLine(e) + ")", e);
        }
    }
}
