package io.vseg.runtime.video;

import io.vseg.api.Frame;
import io.vseg.api.Image;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.Optional;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.FrameGrabber;

/** A video file decoded by FFmpeg (through JavaCV) into RGB frames. */
public final class VideoFileSource implements FrameSource {
    private final Path file;
    private final FFmpegFrameGrabber grabber;
    private int index;
    /** The first frame's size, which every frame must have. */
    private int firstWidth;
    private int firstHeight;

    public VideoFileSource(Path file) throws IOException {
        this.file = file;
        avutil.av_log_set_level(avutil.AV_LOG_ERROR);
        this.grabber = new FFmpegFrameGrabber(file.toFile());
        grabber.setPixelFormat(avutil.AV_PIX_FMT_RGB24);
        try {
            grabber.start();
        } catch (FrameGrabber.Exception e) {
            throw new IOException(file + ": not a readable video (" + ffmpeg(e) + ")", e);
        }
        if (grabber.getImageWidth() <= 0) {
            close();
            throw new IOException(file + ": has no video stream");
        }
    }

    /** FFmpeg's complaint, without JavaCV's hints to its own callers ("Has setFormat() been called?"). */
    private static String ffmpeg(FrameGrabber.Exception e) {
        return String.valueOf(e.getMessage()).replaceAll(" ?\\((Has setFormat\\(\\) been called\\?|For more details, make sure "
                + "FFmpegLogCallback\\.set\\(\\) has been called\\.)\\)", "").strip();
    }

    @Override
    public String name() {
        return FrameSources.sequenceName(file);
    }

    @Override
    public Optional<Frame> next() throws IOException {
        org.bytedeco.javacv.Frame f;
        try {
            f = grabber.grabImage();
        } catch (FrameGrabber.Exception e) {
            throw new IOException(file + ": frame " + index + ": cannot decode (" + ffmpeg(e) + ")", e);
        }
        if (f == null || f.image == null) {
            if (index == 0) {
                // a file FFmpeg opens but finds no picture in (cut short, or its frames cannot be decoded)
                throw new IOException(file + ": no frame could be decoded");
            }
            return Optional.empty();
        }
        int w = f.imageWidth;
        int h = f.imageHeight;
        if (index == 0) {
            firstWidth = w;
            firstHeight = h;
        } else if (w != firstWidth || h != firstHeight) {
            // FFmpeg follows a stream whose picture size changes (joined recordings); a run's outputs do not.
            throw new IOException(file + ": frame " + index + " is " + w + "x" + h + " but the video is "
                    + firstWidth + "x" + firstHeight);
        }
        ByteBuffer buf = (ByteBuffer) f.image[0];
        int stride = f.imageStride;
        byte[] rgb = new byte[w * h * 3];
        for (int y = 0; y < h; y++) {
            buf.position(y * stride);
            buf.get(rgb, y * w * 3, w * 3);
        }
        Frame frame = new Frame(index++, Math.max(0, f.timestamp), Image.wrap(w, h, rgb));
        return Optional.of(frame);
    }

    @Override
    public String frameName(int i) {
        return String.format("%05d", i);
    }

    @Override
    public int frameCount() {
        int n = grabber.getLengthInVideoFrames();
        return n > 0 ? n : -1;
    }

    @Override
    public double frameRate() {
        return grabber.getFrameRate();
    }

    @Override
    public void close() throws IOException {
        try {
            grabber.close();
        } catch (FrameGrabber.Exception e) {
            throw new IOException(file + ": " + e.getMessage(), e);
        }
    }
}
