package io.vseg.runtime.video;

import io.vseg.api.Frame;
import io.vseg.api.Segmentation;
import io.vseg.api.io.AtomicFiles;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.bytedeco.javacv.FrameRecorder;

/**
 * An MP4 of the frames with their labels blended over them (labels the palette colours black left as they are).
 * MPEG-4 Part 2, H.264 where the FFmpeg build lacks it: written beside the compute, the preview must be cheap, and
 * the LGPL build's H.264 encoder (OpenH264) took about twice as long a frame at 854x480. The video is encoded into
 * a hidden file beside its name ({@code .overlay.mp4.tmp}), which closing finishes and renames: a run that stops
 * early still leaves a playable video of the frames done, and a killed one leaves no unplayable file under the
 * name ({@code vseg run --resume} encodes it again).
 */
public final class OverlayVideo implements AutoCloseable {
    private final Path file;
    private final Path partial;
    private final double alpha;
    private final double fps;
    private final Palette palette;
    private FFmpegFrameRecorder recorder;
    private org.bytedeco.javacv.Frame buffer;

    public OverlayVideo(Path file, double alpha, double fps, Palette palette) {
        if (!(alpha >= 0 && alpha <= 1)) {
            throw new IllegalArgumentException("overlay-alpha: must be in [0, 1], got " + alpha);
        }
        this.file = file;
        this.partial = file.resolveSibling("." + file.getFileName() + ".tmp");
        this.alpha = alpha;
        this.fps = fps > 0 ? fps : 24;
        this.palette = palette;
    }

    public void write(Frame frame, Segmentation s) throws IOException {
        write(frame, s.labels());
    }

    /** Adds {@code frame} with {@code labels} (one class index per pixel, row-major) blended over it. */
    public void write(Frame frame, int[] labels) throws IOException {
        int w = frame.width();
        int h = frame.height();
        if (recorder == null) {
            start(w, h);
        }
        ByteBuffer dst = (ByteBuffer) buffer.image[0];
        int stride = buffer.imageStride;
        if (labels.length != w * h) {
            throw new IOException(file + ": frame " + frame.index() + " is " + w + "x" + h + " but its labels have "
                    + labels.length + " pixels");
        }
        ByteBuffer src = frame.image().pixels();
        byte[] row = new byte[w * 3];
        int blend = (int) Math.round(alpha * 256); // fixed point: colour * blend + frame * keep, over 256
        int keep = 256 - blend;
        for (int y = 0; y < h; y++) {
            src.position(y * w * 3);
            src.get(row);
            for (int x = 0; x < w; x++) {
                int label = labels[y * w + x];
                if (!palette.transparent(label)) {
                    for (int k = 0; k < 3; k++) {
                        int v = row[x * 3 + k] & 0xFF;
                        row[x * 3 + k] = (byte) ((v * keep + palette.channel(label, k) * blend + 128) >> 8);
                    }
                }
            }
            dst.position(y * stride);
            dst.put(row);
        }
        dst.position(0);
        try {
            recorder.record(buffer, avutil.AV_PIX_FMT_RGB24);
        } catch (FrameRecorder.Exception e) {
            throw new IOException(file + ": frame " + frame.index() + ": cannot encode (" + e.getMessage() + ")", e);
        }
    }

    private void start(int w, int h) throws IOException {
        avutil.av_log_set_level(avutil.AV_LOG_ERROR);
        FrameRecorder.Exception last = null;
        for (int codec : new int[] {avcodec.AV_CODEC_ID_MPEG4, avcodec.AV_CODEC_ID_H264}) {
            FFmpegFrameRecorder r = new FFmpegFrameRecorder(partial.toFile(), w, h, 0);
            r.setFormat("mp4");
            r.setVideoCodec(codec);
            r.setPixelFormat(avutil.AV_PIX_FMT_YUV420P);
            r.setFrameRate(fps);
            if (codec == avcodec.AV_CODEC_ID_MPEG4) {
                r.setVideoQuality(3);
            } else {
                r.setVideoBitrate(4 * w * h);
            }
            try {
                r.start();
                recorder = r;
                break;
            } catch (FrameRecorder.Exception e) {
                last = e;
                try {
                    r.release();
                } catch (FrameRecorder.Exception ignored) {
                    // the next codec is tried regardless
                }
            }
        }
        if (recorder == null) {
            throw new IOException(file + ": no MP4 encoder available (" + last.getMessage() + ")", last);
        }
        buffer = new org.bytedeco.javacv.Frame(w, h, org.bytedeco.javacv.Frame.DEPTH_UBYTE, 3);
    }

    @Override
    public void close() throws IOException {
        if (recorder == null) {
            return;
        }
        boolean finished = false;
        try {
            recorder.stop();
            finished = true;
        } catch (FrameRecorder.Exception e) {
            throw new IOException(file + ": cannot finish the video (" + e.getMessage() + ")", e);
        } finally {
            try {
                recorder.release();
            } catch (FrameRecorder.Exception e) {
                // the video is whole once stop() returned; nothing more can be freed
            } finally {
                recorder = null;
                if (finished) {
                    AtomicFiles.rename(partial, file);
                } else {
                    Files.deleteIfExists(partial);
                }
            }
        }
    }
}
