package io.vseg.runtime.video;

import com.typesafe.config.Config;
import io.vseg.api.Frame;
import io.vseg.api.FrameResult;
import io.vseg.runtime.pipeline.FrameSink;
import java.awt.image.IndexColorModel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The files a run writes into its output folder, as {@code vseg.output} configures: {@code labels/<frame>.png},
 * {@code overlay.mp4} and {@code trace.jsonl}. Everything is written frame by frame, so a run that stops keeps
 * what it wrote; {@link #close()} finishes the video.
 */
public final class RunOutputs implements FrameSink, AutoCloseable {
    private final Path labels;
    private final ExecutorService pngWriter = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "vseg-labels");
        t.setDaemon(true);
        return t;
    });
    private Future<Void> pendingPng;
    private final IndexColorModel colors;
    private final OverlayVideo overlay;
    private final Trace trace;

    /**
     * @param output {@code vseg.output}
     * @param method the pipeline's name in the trace ({@code Pipeline.name()})
     */
    public RunOutputs(Path dir, Config output, double fps, String method) throws IOException {
        Files.createDirectories(dir);
        Palette palette = Palette.named(output.getString("palette"));
        colors = palette.colorModel();
        if (output.getBoolean("labels")) {
            labels = Files.createDirectories(dir.resolve("labels"));
        } else {
            labels = null;
        }
        overlay = output.getBoolean("overlay")
                ? new OverlayVideo(dir.resolve("overlay.mp4"), output.getDouble("overlay-alpha"), fps, palette) : null;
        trace = output.getBoolean("trace") ? new Trace(dir.resolve("trace.jsonl"), method) : null;
    }

    @Override
    public void accept(Frame frame, FrameResult result, String frameName) throws IOException {
        if (labels != null) {
            // The label PNG is encoded on its own thread while this one blends and encodes the overlay frame; one
            // PNG at a time, so a failure is told at the next frame at the latest.
            finishPng();
            Path png = labels.resolve(frameName + ".png");
            pendingPng = pngWriter.submit(() -> {
                try {
                    LabelPngs.write(result.segmentation(), png, colors);
                } catch (IOException e) {
                    throw e.getMessage() != null && e.getMessage().contains(png.toString()) ? e
                            : new IOException(png + ": " + e.getMessage(), e);
                }
                return null;
            });
        }
        if (overlay != null) {
            overlay.write(frame, result.segmentation());
        }
        if (trace != null) {
            trace.write(result, frameName);
        }
    }

    @Override
    public void finish() throws IOException {
        finishPng();
    }

    private void finishPng() throws IOException {
        if (pendingPng == null) {
            return;
        }
        try {
            pendingPng.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while writing a label PNG", e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof IOException io ? io : new IOException(e.getCause().toString(), e.getCause());
        } finally {
            pendingPng = null;
        }
    }

    @Override
    public void close() throws IOException {
        try {
            finishPng();
        } finally {
            pngWriter.shutdown();
        }
        try {
            if (overlay != null) {
                overlay.close();
            }
        } finally {
            if (trace != null) {
                trace.close();
            }
        }
    }
}
