package io.vseg.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vseg.api.io.AtomicFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFilesTest {
    @TempDir
    Path dir;

    private long entries(Path folder) throws IOException {
        try (Stream<Path> s = Files.list(folder)) {
            return s.count();
        }
    }

    @Test
    void aWriteReplacesTheFileAndLeavesNothingElse() throws Exception {
        Path file = dir.resolve("rows.json");
        Files.writeString(file, "old");
        AtomicFiles.writeString(file, "new");
        assertThat(Files.readString(file)).isEqualTo("new");
        assertThat(entries(dir)).isEqualTo(1);
    }

    @Test
    void aWriterThatFailsLeavesTheOldFileAndNoTemporaryOne() throws Exception {
        Path file = dir.resolve("model.params");
        Files.writeString(file, "old");
        assertThatThrownBy(() -> AtomicFiles.write(file, tmp -> {
            Files.writeString(tmp, "half");
            throw new IOException("disk full");
        })).hasMessage("disk full");
        assertThat(Files.readString(file)).isEqualTo("old");
        assertThat(entries(dir)).isEqualTo(1);
    }

    @Test
    void theFileIsMadeAsAPlainWriteMakesIt() throws Exception {
        Path plain = Files.writeString(dir.resolve("plain"), "x");
        Path atomic = dir.resolve("atomic");
        AtomicFiles.writeString(atomic, "x");
        Set<PosixFilePermission> expected = Files.getPosixFilePermissions(plain);
        assertThat(Files.getPosixFilePermissions(atomic)).isEqualTo(expected);
    }

    @Test
    void filesWrittenIntoAFolderArriveWholeAndTheTemporaryFolderGoes() throws Exception {
        Path folder = dir.resolve("zoo");
        AtomicFiles.writeInto(folder, tmp -> {
            Files.writeString(tmp.resolve("a-0001.params"), "a");
            Files.writeString(tmp.resolve("card.json"), "{}");
        });
        try (Stream<Path> s = Files.list(folder)) {
            assertThat(s.map(p -> p.getFileName().toString()).sorted()).containsExactly("a-0001.params", "card.json");
        }
    }

    @Test
    void leftoversOfAKilledWriterAreRemovedAndNothingElse() throws Exception {
        Files.writeString(dir.resolve(".00007.png.3kq1.tmp"), "half");
        Files.createDirectory(dir.resolve(".zoo.81x.tmp"));
        Files.writeString(dir.resolve("00006.png"), "whole");
        Files.writeString(dir.resolve(".hidden"), "kept");
        assertThat(AtomicFiles.removeLeftovers(dir)).isEqualTo(2);
        assertThat(entries(dir)).isEqualTo(2);
    }
}
