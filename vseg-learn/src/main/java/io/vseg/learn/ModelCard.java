package io.vseg.learn;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigRenderOptions;
import com.typesafe.config.ConfigValueFactory;
import io.vseg.api.io.AtomicFiles;
import io.vseg.api.spi.TrainingContext;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The card beside a trained model's parameters: a JSON file with its {@code format}, what it needs to be rebuilt
 * (architecture, inputs, normalization) and how it was made ({@code training}: command, data, seed, figures).
 */
public final class ModelCard {
    private ModelCard() {
    }

    /** Writes {@code card} as formatted JSON. */
    public static void write(Path file, Map<String, Object> card) throws IOException {
        String json = ConfigValueFactory.fromMap(card).render(ConfigRenderOptions.concise().setJson(true)
                .setFormatted(true));
        Files.createDirectories(file.toAbsolutePath().getParent());
        AtomicFiles.writeString(file, json + "\n");
    }

    /**
     * Reads a card and checks its format.
     *
     * @param what names the model for messages, such as {@code "a folder written by vseg train distill"}
     * @throws IllegalArgumentException naming the file when it is missing, unreadable or of another format
     */
    public static Config read(Path file, String format, String what) {
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException(file + " not found (" + what + ")");
        }
        try {
            Config card = ConfigFactory.parseFile(file.toFile()).resolve();
            String found = card.getString("format");
            if (!format.equals(found)) {
                throw new IllegalArgumentException(file + ": format " + found + ", expected " + format);
            }
            return card;
        } catch (ConfigException e) {
            throw new IllegalArgumentException(file + ": " + e.getMessage().replace('\n', ' '), e);
        }
    }

    /**
     * Reads the card of a model folder as a component's {@code model} setting names it, and takes its fields with
     * {@code fields}: a missing, unreadable or foreign card and a missing or mistyped field are each an
     * {@link IllegalArgumentException} starting with {@code model:} and naming the card.
     */
    public static <T> T read(Path file, String format, String what, Function<Config, T> fields) {
        Config card;
        try {
            card = read(file, format, what);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("model: " + e.getMessage(), e);
        }
        try {
            return fields.apply(card);
        } catch (ConfigException | IllegalArgumentException e) {
            throw new IllegalArgumentException("model: " + file + ": " + e.getMessage().replace('\n', ' '), e);
        }
    }

    /** Floats as a list the card can hold, each written as its shortest decimal. */
    public static List<Double> floats(float[] values) {
        List<Double> out = new ArrayList<>(values.length);
        for (float f : values) {
            out.add(Double.parseDouble(Float.toString(f)));
        }
        return out;
    }

    /** The inverse of {@link #floats}. */
    public static float[] floats(List<? extends Number> values) {
        float[] out = new float[values.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = values.get(i).floatValue();
        }
        return out;
    }

    /**
     * {@code record} completed with the best epoch so far: its number, its validation figure under
     * {@code metric}, its training loss and the minutes since {@code started} ({@link System#nanoTime}).
     */
    public static Map<String, Object> withEpoch(Map<String, Object> record, TrainingLoop.Epoch epoch, String metric,
                                                long started) {
        Map<String, Object> r = new LinkedHashMap<>(record);
        r.put("best-epoch", epoch.number());
        r.put(metric, round(epoch.validation(), 4));
        if (epoch.number() > 0) {
            r.put("train-loss", round(epoch.trainLoss(), 4));
        }
        r.put("minutes", round((System.nanoTime() - started) / 60e9, 2));
        return r;
    }

    /**
     * The start of a trained model's record: the command, the per-frame model (under {@code modelKey}), seed,
     * threads, the clips with their frame counts, and the trainer's {@code settings}. The trainer adds its figures.
     */
    public static Map<String, Object> trainingRecord(TrainingContext ctx, String modelKey, Config settings) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("command", ctx.command());
        r.put(modelKey, ctx.teacher());
        r.put("seed", ctx.seed());
        r.put("threads", ctx.threads());
        List<String> clips = new ArrayList<>();
        ctx.clips().forEach(c -> clips.add(c.name() + " (" + c.size() + " frames)"));
        r.put("data", clips);
        r.put("hyperparameters", settings.root().unwrapped());
        return r;
    }

    /** {@code value} rounded to {@code digits} decimals, for figures on a card. */
    public static double round(double value, int digits) {
        double scale = Math.pow(10, digits);
        return Math.round(value * scale) / scale;
    }
}
