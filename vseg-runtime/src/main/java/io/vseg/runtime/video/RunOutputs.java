package io.vseg.runtime.video;

import com.typesafe.config.Config;
import io.vseg.api.Frame;
import io.vseg.api.FrameResult;
import io.vseg.api.io.AtomicFiles;
import io.vseg.runtime.pipeline.FrameSink;
import java.awt.image.IndexColorModel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The files a run writes into its output folder, as {@code vseg.output} configures: {@code labels/<frame>.png},
 * {@code overlay.mp4} and {@code trace.jsonl}. Everything is written frame by frame, so a run that stops keeps
 * what it wrote; {@link #close()} finishes the video. Each label PNG arrives whole (written under a temporary
 * name, then renamed) and each trace line is flushed as written, so a run killed at any instant leaves frames
 * that are complete or absent, and a torn last trace line, which is what {@link #planResume} reads.
 */
public final class RunOutputs implements FrameSink, AutoCloseable {
    private static final String TRACE = "trace.jsonl";
    private static final String LABELS = "labels";
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
        this(dir, output, fps, method, false);
    }

    private RunOutputs(Path dir, Config output, double fps, String method, boolean resumed) throws IOException {
        Files.createDirectories(dir);
        Palette palette = Palette.named(output.getString("palette"));
        colors = palette.colorModel();
        if (output.getBoolean("labels")) {
            labels = Files.createDirectories(dir.resolve(LABELS));
        } else {
            labels = null;
        }
        overlay = output.getBoolean("overlay")
                ? new OverlayVideo(dir.resolve("overlay.mp4"), output.getDouble("overlay-alpha"), fps, palette) : null;
        trace = output.getBoolean("trace") ? new Trace(dir.resolve(TRACE), method, resumed) : null;
    }

    /**
     * Where a resumed run restarts, read from what an interrupted run left in its folder.
     *
     * @param complete the frames 0 .. complete - 1 whose outputs are all there (trace line, label PNG)
     * @param restart  the frame the run restarts at ({@code <= complete}): the last full key frame among the
     *                 complete ones when the pipeline can restart there, else 0; frames from it on are computed
     *                 (again), those before it are kept
     * @param why      one line on the choice of {@code restart}, for the user
     */
    public record Resume(int complete, int restart, String why) {
    }

    /**
     * Reads what the run in {@code dir} completed and where to restart it.
     *
     * @param resumableAtKey whether the pipeline restarted at a full key frame goes on as it would have
     * @param notResumable   when it cannot, which component keeps it from doing so (for the message)
     * @throws IllegalArgumentException when the configuration has no trace, without which nothing says which frames
     *                                  are done
     */
    public static Resume planResume(Path dir, Config output, boolean resumableAtKey, String notResumable)
            throws IOException {
        if (!output.getBoolean("trace")) {
            throw new IllegalArgumentException("vseg.output.trace = false: --resume reads the trace to know which "
                    + "frames are done");
        }
        boolean labels = output.getBoolean("labels");
        List<Trace.Line> lines = Trace.readComplete(dir.resolve(TRACE));
        int complete = 0;
        while (complete < lines.size() && (!labels
                || Files.isRegularFile(dir.resolve(LABELS).resolve(lines.get(complete).name() + ".png")))) {
            complete++;
        }
        if (complete == 0) {
            return new Resume(0, 0, "no frame was complete: starting at frame 0");
        }
        if (!labels && output.getBoolean("overlay")) {
            return new Resume(complete, 0, "restarting at frame 0: the overlay of the frames done is encoded from "
                    + "their label PNGs, and vseg.output.labels = false");
        }
        if (!resumableAtKey) {
            return new Resume(complete, 0, "restarting at frame 0: " + notResumable);
        }
        int restart = 0;
        for (int i = complete - 1; i > 0; i--) {
            if (lines.get(i).fullKey()) {
                restart = i;
                break;
            }
        }
        return new Resume(complete, restart, complete + " frames were complete; restarting at frame " + restart
                + ", the last full key frame among them");
    }

    /**
     * The outputs of a resumed run: the label PNGs stay, the trace keeps the lines of the frames before
     * {@code resume.restart()} and goes on after them, and the overlay is encoded anew ({@link #replay} gives it
     * the frames before the restart). Temporary files a killed run left are removed.
     */
    public static RunOutputs resuming(Path dir, Config output, double fps, String method, Resume resume)
            throws IOException {
        AtomicFiles.removeLeftovers(dir);
        AtomicFiles.removeLeftovers(dir.resolve(LABELS));
        if (output.getBoolean("trace")) {
            List<Trace.Line> kept = Trace.readComplete(dir.resolve(TRACE)).subList(0, resume.restart());
            StringBuilder text = new StringBuilder();
            kept.forEach(l -> text.append(l.text()).append('\n'));
            AtomicFiles.writeString(dir.resolve(TRACE), text.toString());
        }
        return new RunOutputs(dir, output, fps, method, true);
    }

    /**
     * Adds a frame the interrupted run completed to the overlay, with the labels its PNG holds (the frames
     * before the restart, in order, before any new frame).
     */
    public void replay(Frame frame, String frameName) throws IOException {
        if (overlay == null) {
            return;
        }
        // A size other than the frame's means the input changed since the interrupted run (the error says so).
        LabelPngs.LabelImage image = LabelPngs.read(labels.resolve(frameName + ".png"), frame.width(), frame.height());
        overlay.write(frame, image.values());
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
        // Each output is closed whatever the one before throws (a full disk fails the last label too): the overlay's
        // recorder is released and the trace's file closed all the same. The first failure is the one thrown.
        IOException first = null;
        try {
            finishPng();
        } catch (IOException e) {
            first = e;
        } finally {
            pngWriter.shutdown();
        }
        if (overlay != null) {
            first = closing(overlay::close, first);
        }
        if (trace != null) {
            first = closing(trace::close, first);
        }
        if (first != null) {
            throw first;
        }
    }

    /** A close that may fail. */
    private interface Close {
        void run() throws IOException;
    }

    /** Runs {@code close}; returns the first failure so far, a later one suppressed in it. */
    private static IOException closing(Close close, IOException first) {
        try {
            close.run();
            return first;
        } catch (IOException e) {
            if (first == null) {
                return e;
            }
            first.addSuppressed(e);
            return first;
        }
    }
}
