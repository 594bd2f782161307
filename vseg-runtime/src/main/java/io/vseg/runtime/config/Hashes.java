package io.vseg.runtime.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigRenderOptions;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** The digests that say whether a saved result still stands for what produced it (a run's, a study row's). */
public final class Hashes {
    private Hashes() {
    }

    /** SHA-256 of {@code config} as rendered (concise, keys in order), in hex. */
    public static String ofConfig(Config config) {
        return sha256(config.root().render(ConfigRenderOptions.concise()));
    }

    /** SHA-256 of {@code text} (UTF-8), in hex. */
    public static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this JDK has no SHA-256", e);
        }
    }
}
