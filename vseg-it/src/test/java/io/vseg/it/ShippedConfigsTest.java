package io.vseg.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every configuration and study the project ships makes its pipelines, with every component's keys checked and its
 * models loaded: {@code bin/vseg check} from the project root, as the files' comments say to run them. Most shipped
 * studies are run by no test (minutes each), so a renamed key or a moved model would otherwise go unseen.
 */
class ShippedConfigsTest {
    /** Needs the models ten `vseg train dvsnet.confidence` runs write first (its header says how). */
    private static final String TRAINED_FIRST = "configs/ablation/dvsnet-seeds.conf";
    /** An include line's file: {@code include "x.conf"} or {@code include file("x.conf")}. */
    private static final Pattern INCLUDE = Pattern.compile("(?m)^\\s*include\\s+(?:file\\()?\"([^\"]+)\"");

    @TempDir
    Path logs;

    @Test
    void everyPipelineFileWithoutEvaluationDataMakesItsPipeline() throws Exception {
        Fixtures.models();
        List<String> files = shipped().stream().filter(f -> !needsEvaluationData(f)).toList();
        assertThat(files).hasSizeGreaterThanOrEqualTo(12);
        check(files);
    }

    @Test
    void everyFileNamingTheEvaluationDataMakesItsPipelinesAndOpensItsDataset() throws Exception {
        Fixtures.models();
        Fixtures.davis();
        Fixtures.espnet();
        List<String> files = shipped().stream().filter(ShippedConfigsTest::needsEvaluationData)
                .filter(f -> !f.equals(TRAINED_FIRST)).toList();
        assertThat(files).contains("configs/espnet-cityscapes-dff.conf", "configs/ablation/fusers.conf")
                .hasSizeGreaterThanOrEqualTo(8);
        check(files);
    }

    private void check(List<String> files) throws Exception {
        List<String> args = new ArrayList<>(List.of("check"));
        args.addAll(files);
        Processes.Result r = Processes.run(Processes.vseg(args), Processes.ROOT, Map.of(), logs);

        assertThat(r.rc()).as(r.output()).isZero();
        for (String f : files) {
            assertThat(r.output()).as(r.output()).containsPattern("(?m)^ok " + f.replace(".", "\\.") + ": "
                    + (f.startsWith("configs/ablation/") ? "study \\S+, \\d+ variant\\(s\\) on \\d+ sequence\\(s\\)"
                            : "pipeline extractor \\S+, flow \\S+, scheduler \\S+, propagator \\S+, fuser \\S+$"));
        }
    }

    /** The shipped files, relative to the project root: configs/*.conf and configs/ablation/*.conf. */
    private static List<String> shipped() throws Exception {
        List<String> files = new ArrayList<>();
        for (String folder : List.of("configs", "configs/ablation")) {
            try (Stream<Path> s = Files.list(Processes.ROOT.resolve(folder))) {
                s.map(p -> folder + "/" + p.getFileName()).filter(f -> f.endsWith(".conf")).sorted()
                        .forEach(files::add);
            }
        }
        return files;
    }

    /** Whether the file, or a file it includes, names ../shared (the DAVIS data or the ESPNet model). */
    private static boolean needsEvaluationData(String file) {
        return namesShared(Processes.ROOT.resolve(file));
    }

    private static boolean namesShared(Path file) {
        String text;
        try {
            text = Files.readString(file);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        Matcher include = INCLUDE.matcher(text);
        boolean included = false;
        while (include.find() && !included) {
            included = namesShared(file.resolveSibling(include.group(1)));
        }
        return text.contains("shared/") || included;
    }
}
