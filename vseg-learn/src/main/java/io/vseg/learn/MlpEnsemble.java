package io.vseg.learn;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Several {@link MlpModel}s fitted alike from different seeds, predicting the mean of their outputs. A small
 * regressor trained on a few clips lands in a different minimum for every seed, and a decision that thresholds
 * its output inherits that spread; averaging the members keeps what they agree on. One member is a plain
 * {@link MlpFit} folder. More are saved as {@code member-1/}, {@code member-2/}... (each a plain folder whose card
 * has its own seed) under a card {@code <name>.json} of format {@value #FORMAT} listing them. {@link #load} reads
 * either. Immutable and thread-safe.
 */
public final class MlpEnsemble {
    public static final String FORMAT = "vseg-mlp-ensemble/1";

    private final List<MlpModel> members;
    private final List<String> features;
    private final Config card;

    private MlpEnsemble(List<MlpModel> members, Config card) {
        this.members = List.copyOf(members);
        this.features = members.get(0).features();
        this.card = card;
    }

    /**
     * What an ensemble fit reached.
     *
     * @param model           the saved ensemble, as reloaded from the output folder
     * @param members         each member's fit, in seed order
     * @param validationError mean squared error on the validation samples of the mean of the members' chosen
     *                        epochs (before any refit)
     * @param meanError       validation error of predicting the training mean
     */
    public record Result(MlpEnsemble model, List<MlpFit.Result> members, double validationError, double meanError) {
    }

    /**
     * Fits {@code count} members with {@link MlpFit}, member {@code i} (0-based) seeded with {@code options.seed()
     * + i}, so that one member is exactly the plain fit of that seed. With {@code count = 1} the folder is that
     * plain fit's.
     *
     * @param record how the ensemble was made, stored on every card under {@code training} (each member's with its
     *               own seed)
     */
    public static Result fit(Samples train, Samples validation, List<String> features, MlpFit.Options options,
                             int count, Path folder, String name, Map<String, Object> record,
                             Consumer<String> progress) throws IOException {
        if (count < 1) {
            throw new IllegalArgumentException("members: must be >= 1, got " + count);
        }
        if (count == 1) {
            MlpFit.Result one = MlpFit.fit(train, validation, features, options, folder, name, record, progress);
            return new Result(load(folder, name), List.of(one), one.validationError(), one.meanError());
        }
        List<MlpFit.Result> fits = new ArrayList<>();
        List<String> folders = new ArrayList<>();
        List<Map<String, Object>> figures = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            long seed = options.seed() + i;
            String sub = "member-" + (i + 1);
            Map<String, Object> own = new LinkedHashMap<>(record);
            own.put("seed", seed);
            String prefix = String.format(Locale.ROOT, "member %d/%d (seed %d): ", i + 1, count, seed);
            MlpFit.Result fit = MlpFit.fit(train, validation, features, new MlpFit.Options(options.hidden(),
                            options.epochs(), options.batchSize(), options.learningRate(), options.weightDecay(), seed,
                            options.threads(), options.refit()), folder.resolve(sub), name, own,
                    line -> progress.accept(prefix + line));
            fits.add(fit);
            folders.add(sub);
            Map<String, Object> f = new LinkedHashMap<>();
            f.put("folder", sub);
            f.put("seed", seed);
            f.put("best-epoch", fit.bestEpoch());
            f.put("validation-mse", ModelCard.round(fit.validationError(), 6));
            figures.add(f);
        }
        List<MlpModel> chosen = fits.stream().map(MlpFit.Result::chosen).toList();
        double validationError = validation.squaredError(x -> mean(chosen, x));
        double meanError = fits.get(0).meanError();
        Map<String, Object> training = new LinkedHashMap<>(record);
        training.put("members", figures);
        training.put("validation-mse", ModelCard.round(validationError, 6));
        training.put("validation-mse-of-mean", ModelCard.round(meanError, 6));
        training.put("seconds", ModelCard.round(fits.stream().mapToDouble(MlpFit.Result::seconds).sum(), 1));
        Map<String, Object> card = new LinkedHashMap<>();
        card.put("format", FORMAT);
        card.put("features", features);
        card.put("members", folders);
        card.put("output", "mean of the members' outputs");
        card.put("training", training);
        ModelCard.write(folder.resolve(name + ".json"), card);
        return new Result(load(folder, name), fits, validationError, meanError);
    }

    /**
     * Loads a folder written by {@link #fit} or by {@link MlpFit}.
     *
     * @throws IllegalArgumentException naming the file when a card or parameters do not load, or the members
     *                                  take different features
     */
    public static MlpEnsemble load(Path folder, String name) {
        Path cardFile = folder.resolve(name + ".json");
        Config card = ModelCard.read(cardFile, "a folder written by vseg train");
        String format = card.getString("format");
        if (format.equals(MlpModel.FORMAT)) {
            MlpModel one = MlpModel.load(folder, name);
            return new MlpEnsemble(List.of(one), one.card());
        }
        if (!format.equals(FORMAT)) {
            throw new IllegalArgumentException(cardFile + ": format " + format + ", expected " + MlpModel.FORMAT
                    + " or " + FORMAT);
        }
        List<String> folders;
        List<String> features;
        try {
            folders = card.getStringList("members");
            features = card.getStringList("features");
        } catch (ConfigException e) {
            throw new IllegalArgumentException(cardFile + ": " + e.getMessage().replace('\n', ' '), e);
        }
        if (folders.isEmpty()) {
            throw new IllegalArgumentException(cardFile + ": members: empty");
        }
        List<MlpModel> members = new ArrayList<>();
        for (String sub : folders) {
            MlpModel m = MlpModel.load(folder.resolve(sub), name);
            if (!m.features().equals(features)) {
                throw new IllegalArgumentException(folder.resolve(sub).resolve(name + ".json") + ": features "
                        + m.features() + ", the ensemble's card says " + features);
            }
            members.add(m);
        }
        return new MlpEnsemble(members, card);
    }

    /** The mean of the members' predictions for one raw feature vector, in [0, 1]. */
    public double predict(float[] x) {
        return mean(members, x);
    }

    private static double mean(List<MlpModel> members, float[] x) {
        double sum = 0;
        for (MlpModel m : members) {
            sum += m.predict(x);
        }
        return sum / members.size();
    }

    /** The feature names, in input order. */
    public List<String> features() {
        return features;
    }

    /** The members, in seed order. */
    public List<MlpModel> members() {
        return members;
    }

    /** The ensemble's card (for one member, that member's). */
    public Config card() {
        return card;
    }
}
