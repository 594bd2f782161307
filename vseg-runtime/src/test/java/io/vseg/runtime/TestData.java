package io.vseg.runtime;

import io.vseg.testkit.TestInputs;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where tests find the real data ({@code ../shared/data}: DAVIS 2016, MPI-Sintel) and the fetched models.
 * Absent on a user's machine: tests that need them are skipped, not failed.
 */
public final class TestData {
    private TestData() {
    }

    public static Path data() {
        return Path.of(System.getProperty("vseg.data", "../../shared/data")).toAbsolutePath().normalize();
    }

    /** The MPI-Sintel folder, or the test is skipped ({@link TestInputs}). */
    public static Path sintel() {
        Path p = data().resolve("sintel");
        TestInputs.require(Files.isDirectory(p), "MPI-Sintel data not present at " + p);
        return p;
    }

    /** The DAVIS 2016 root, or the test is skipped. */
    public static Path davis() {
        Path p = data().resolve("davis2016-dev");
        TestInputs.require(Files.isDirectory(p.resolve("JPEGImages")), "DAVIS data not present at " + p);
        return p;
    }

    /** A fetched model file, or the test is skipped (run scripts/setup.sh to fetch them). */
    public static Path model(String file) {
        Path p = Path.of(System.getProperty("vseg.models", "../models")).resolve(file).toAbsolutePath().normalize();
        TestInputs.require(Files.isRegularFile(p), "model not fetched: " + p + " (scripts/setup.sh fetches it)");
        return p;
    }
}
