package io.vseg.runtime.video;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.bytedeco.javacv.Frame;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Video files FFmpeg cannot read, or finds no frame in, are said in one line naming the file. */
class VideoFileSourceTest {
    @TempDir
    Path dir;

    @Test
    void aFileThatIsNoVideoIsNamedWithoutJavaCvsHintsToItsCallers() throws IOException {
        byte[] junk = new byte[2000];
        new Random(5).nextBytes(junk);
        Path file = Files.write(dir.resolve("junk.mp4"), junk);

        assertThatThrownBy(() -> new VideoFileSource(file))
                .isInstanceOf(IOException.class)
                .hasMessageStartingWith(file + ": not a readable video (")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("setFormat()").doesNotContain("FFmpegLogCallback"));
    }

    /** An MPEG transport stream of {@code frames} grey frames, {@code w x h}. */
    private Path transportStream(String name, int w, int h, int frames) throws Exception {
        Path file = dir.resolve(name);
        avutil.av_log_set_level(avutil.AV_LOG_ERROR);
        try (FFmpegFrameRecorder recorder = new FFmpegFrameRecorder(file.toFile(), w, h, 0)) {
            recorder.setFormat("mpegts");
            recorder.setVideoCodec(avcodec.AV_CODEC_ID_MPEG2VIDEO);
            recorder.setPixelFormat(avutil.AV_PIX_FMT_YUV420P);
            recorder.setFrameRate(25);
            recorder.start();
            Frame frame = new Frame(w, h, Frame.DEPTH_UBYTE, 3);
            for (int i = 0; i < frames; i++) {
                recorder.record(frame, avutil.AV_PIX_FMT_RGB24);
            }
            recorder.stop();
        }
        return file;
    }

    @Test
    void aVideoWhosePictureSizeChangesIsAnErrorAtTheFrameThatChangesIt() throws Exception {
        // Two recordings joined byte for byte, as transport streams may be: FFmpeg decodes on at the new size.
        Path a = transportStream("a.ts", 64, 48, 6);
        Path b = transportStream("b.ts", 96, 64, 6);
        Path joined = dir.resolve("joined.ts");
        Files.write(joined, Files.readAllBytes(a));
        Files.write(joined, Files.readAllBytes(b), java.nio.file.StandardOpenOption.APPEND);

        try (VideoFileSource source = new VideoFileSource(joined)) {
            int frames = 0;
            IOException error = null;
            try {
                while (source.next().isPresent()) {
                    frames++;
                }
            } catch (IOException e) {
                error = e;
            }
            assertThat(error).as("read %d frames", frames).isNotNull();
            assertThat(error.getMessage()).isEqualTo(joined + ": frame " + frames + " is 96x64 but the video is 64x48");
            assertThat(frames).isBetween(1, 6);
        }
    }

    @Test
    void aVideoWithoutFramesIsAnErrorNotAnEmptySequence() throws Exception {
        // An AVI cut right after its header: FFmpeg opens the stream, and finds no frame in it.
        Path whole = dir.resolve("whole.avi");
        avutil.av_log_set_level(avutil.AV_LOG_ERROR);
        try (FFmpegFrameRecorder recorder = new FFmpegFrameRecorder(whole.toFile(), 48, 32, 0)) {
            recorder.setFormat("avi");
            recorder.setVideoCodec(avcodec.AV_CODEC_ID_MPEG4);
            recorder.setPixelFormat(avutil.AV_PIX_FMT_YUV420P);
            recorder.setFrameRate(25);
            recorder.start();
            Frame frame = new Frame(48, 32, Frame.DEPTH_UBYTE, 3);
            for (int i = 0; i < 3; i++) {
                recorder.record(frame, avutil.AV_PIX_FMT_RGB24);
            }
            recorder.stop();
        }
        byte[] bytes = Files.readAllBytes(whole);
        int movi = new String(bytes, StandardCharsets.ISO_8859_1).indexOf("movi");
        Path file = Files.write(dir.resolve("header-only.avi"), Arrays.copyOf(bytes, movi + 4));

        try (VideoFileSource source = new VideoFileSource(file)) {
            assertThatThrownBy(source::next).isInstanceOf(IOException.class)
                    .hasMessage(file + ": no frame could be decoded");
        }
    }
}
