package io.vseg.runtime.ablation;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vseg.runtime.config.ConfigProblem;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A study's bad entries are said when it is read, in one line naming the file and the key. */
class StudyTest {
    @TempDir
    Path dir;

    private Path study(String body) throws IOException {
        return Files.writeString(dir.resolve("study.conf"), "study {\n  pipeline = p.conf\n  dataset { path = d }\n"
                + body + "\n}\n");
    }

    @Test
    void aKeyPathThatIsNoneIsNamedWhereItIsWritten() throws IOException {
        Path grid = study("grid { \"vseg..preset\" = [a, b] }");
        // Typesafe's own BadPath says neither the file nor where in the study
        assertThatThrownBy(() -> Study.read(grid)).isInstanceOf(ConfigProblem.class)
                .hasMessageStartingWith(grid + ": study.grid: 'vseg..preset' is not a key path");
        Path set = study("variants = [ { name = a, set { \"\" = 1 } } ]");
        assertThatThrownBy(() -> Study.read(set)).isInstanceOf(ConfigProblem.class)
                .hasMessageStartingWith(set + ": study.variants.a.set: '' is not a key path");
    }

    @Test
    void aMisspeltKeyInAnyBlockIsRefusedNotLeftUnread() throws IOException {
        // Each would otherwise run something else under the study's names: the base pipeline as "dff", every
        // sequence of the dataset, a J column over the whole dataset's sequences.
        Path top = study("variant = [ { name = a } ]");
        assertThatThrownBy(() -> Study.read(top)).isInstanceOf(ConfigProblem.class)
                .hasMessageStartingWith(top + ": study.variant: unknown key; a study has [compare, dataset, grid,");
        Path sets = study("variants = [ { name = every }, { name = dff, sets { \"vseg.pipeline.x\" = 1 } } ]");
        assertThatThrownBy(() -> Study.read(sets)).isInstanceOf(ConfigProblem.class)
                .hasMessage(sets + ": study.variants.dff.sets: unknown key; a variant has [name, set]");
        Path sequence = Files.writeString(dir.resolve("seq.conf"),
                "study { pipeline = p.conf, dataset { path = d, sequence = [cows] }, variants = [ { name = a } ] }");
        assertThatThrownBy(() -> Study.read(sequence)).isInstanceOf(ConfigProblem.class)
                .hasMessage(sequence + ": study.dataset.sequence: unknown key; a dataset has [labels, path, sequences, "
                        + "void]");
        Path subset = study("variants = [ { name = a } ]\nsubset { name = person, sequence = [cows] }");
        assertThatThrownBy(() -> Study.read(subset)).isInstanceOf(ConfigProblem.class)
                .hasMessage(subset + ": study.subset.sequence: unknown key; a subset has [name, sequences]");
        Path compare = study("variants = [ { name = a } ]\ncompare { reference = a, alone = x }");
        assertThatThrownBy(() -> Study.read(compare)).isInstanceOf(ConfigProblem.class)
                .hasMessage(compare + ": study.compare.alone: unknown key; compare has [along, reference]");
    }

    @Test
    void aNegativeFrameCountIsRefused() throws IOException {
        Path warmup = study("variants = [ { name = a } ]\nwarmup = -20");
        assertThatThrownBy(() -> Study.read(warmup)).isInstanceOf(ConfigProblem.class)
                .hasMessage(warmup + ": study.warmup: 0 or more frames, got -20");
    }

    @Test
    void anEmptyPathWouldNameTheStudysFolderAndIsRefused() throws IOException {
        Path file = Files.writeString(dir.resolve("study.conf"), """
                study { pipeline = "", dataset { path = d }, variants = [ { name = a } ] }
                """);
        assertThatThrownBy(() -> Study.read(file)).isInstanceOf(ConfigProblem.class)
                .hasMessage(file + ": study.pipeline: empty; give a path, relative to the study's folder");
    }

    @Test
    void variantsNeedNamesOfTheirOwn() throws IOException {
        Path blank = study("variants = [ { name = \" \" } ]");
        assertThatThrownBy(() -> Study.read(blank)).isInstanceOf(ConfigProblem.class)
                .hasMessage(blank + ": study.variants: a variant's name is empty");
        Path twice = study("variants = [ { name = a }, { name = b }, { name = a } ]");
        assertThatThrownBy(() -> Study.read(twice)).isInstanceOf(ConfigProblem.class)
                .hasMessage(twice + ": study.variants: two variants named 'a'");
        // each row is saved as variants/<slug>.json: "a b" and "a_b" would share a file
        Path slugs = study("variants = [ { name = \"a b\" }, { name = a_b } ]");
        assertThatThrownBy(() -> Study.read(slugs)).isInstanceOf(ConfigProblem.class)
                .hasMessage(slugs + ": study.variants: two variants named 'a b' and 'a_b' (both saved as a_b.json)");
    }
}
