package io.vseg.api;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Optional;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The version of the vseg API, and which plugins it can run.
 *
 * <p>The API is versioned apart from the product, as {@code MAJOR.MINOR} of the {@code vseg-api} artifact.
 * Additions raise {@code MINOR} and arrive as default methods, so a plugin built against an older minor version
 * keeps working; anything else raises {@code MAJOR}. A plugin jar records the version it was built against
 * without any effort of its author: javac writes the compiled version of every required module into the jar's
 * {@code module-info.class}, and the runtime reads it from the {@code requires io.vseg.api} of the plugin's
 * module descriptor. Versions before 1.0 had no compatibility promise.
 *
 * @param major  the major version: plugins must be built against the same one
 * @param minor  the minor version: plugins must be built against this one or an older one
 * @param text   the version as written, such as {@code 1.0.0-SNAPSHOT}
 */
public record ApiVersion(int major, int minor, String text) {
    private static final Pattern FORM = Pattern.compile("(\\d+)\\.(\\d+)(?:[.\\-+].*)?");

    /** The API this code is. */
    public static final ApiVersion CURRENT = parse(stated())
            .orElseThrow(() -> new IllegalStateException("vseg-api states no version"));

    /** Parses {@code MAJOR.MINOR[.anything]}; empty for any other form. */
    public static Optional<ApiVersion> parse(String text) {
        Matcher m = FORM.matcher(text == null ? "" : text.trim());
        if (!m.matches()) {
            return Optional.empty();
        }
        return Optional.of(new ApiVersion(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), text.trim()));
    }

    /**
     * Whether a plugin built against {@code builtAgainst} runs on this API: the same major version, from 1 on,
     * and a minor version no newer than this one's.
     */
    public boolean runs(ApiVersion builtAgainst) {
        return builtAgainst.major >= 1 && builtAgainst.major == major && builtAgainst.minor <= minor;
    }

    @Override
    public String toString() {
        return major + "." + minor;
    }

    private static String stated() {
        try (InputStream in = ApiVersion.class.getResourceAsStream("version.properties")) {
            if (in == null) {
                throw new IllegalStateException("vseg-api has no version.properties");
            }
            Properties p = new Properties();
            p.load(in);
            return p.getProperty("version");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
