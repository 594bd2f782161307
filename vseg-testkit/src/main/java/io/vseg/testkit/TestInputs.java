package io.vseg.testkit;

import org.junit.jupiter.api.Assumptions;

/**
 * Inputs a test needs from outside the repository: the evaluation data beside the project ({@code ../shared/data}),
 * fetched models, sample videos. Where one is missing the test is skipped, as on a user's machine; where the
 * environment variable {@value #SWITCH} is {@code 1} (CI sets it: {@code .ci/run}) it fails instead, so that a
 * wrong data path cannot turn a suite quietly green by skipping every test that measures something.
 */
public final class TestInputs {
    /** The environment variable that makes a missing input a failure. */
    public static final String SWITCH = "VSEG_REQUIRE_DATA";

    private TestInputs() {
    }

    /**
     * Skips the test (or, with {@value #SWITCH}=1, fails it) unless {@code present}.
     *
     * @param what the missing input, named with its path, as the skip or failure message
     */
    public static void require(boolean present, String what) {
        if (present) {
            return;
        }
        if (required()) {
            throw new AssertionError(what + " (" + SWITCH + "=1: every input must be present)");
        }
        Assumptions.assumeTrue(false, what);
    }

    /** Whether a missing input fails the test. */
    public static boolean required() {
        return "1".equals(System.getenv(SWITCH));
    }
}
