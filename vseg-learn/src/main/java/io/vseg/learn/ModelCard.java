package io.vseg.learn;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigRenderOptions;
import com.typesafe.config.ConfigValueFactory;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

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
        Files.writeString(file, json + "\n", StandardCharsets.UTF_8);
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

    /** {@code value} rounded to {@code digits} decimals, for figures on a card. */
    public static double round(double value, int digits) {
        double scale = Math.pow(10, digits);
        return Math.round(value * scale) / scale;
    }
}
