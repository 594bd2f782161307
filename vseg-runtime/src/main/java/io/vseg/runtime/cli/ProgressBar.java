package io.vseg.runtime.cli;

import io.vseg.runtime.pipeline.RunStats;
import io.vseg.runtime.pipeline.SequenceRunner;
import java.io.PrintStream;
import java.util.Locale;

/**
 * Progress on stderr: a bar redrawn in place on a terminal; on a log (no terminal), a line every tenth of the
 * way so that CI logs stay short.
 */
final class ProgressBar implements SequenceRunner.Progress {
    private final PrintStream err;
    private final String label;
    private final boolean terminal = System.console() != null;
    private int lastDecile = -1;

    ProgressBar(PrintStream err, String label) {
        this.err = err;
        this.label = label;
    }

    @Override
    public void frameDone(int done, int total, RunStats s) {
        String fps = s == null ? "" : String.format(Locale.ROOT, "%.1f fps compute, %d key", s.computeFps(), s.keyFrames());
        if (terminal) {
            String bar = total > 0 ? bar(done, total) + " " : "";
            err.print("\r" + label + " " + bar + done + (total > 0 ? "/" + total : "") + " frames" + (fps.isEmpty() ? "" : ", " + fps) + "   ");
            if (done == total) {
                err.println();
            }
        } else if (total > 0) {
            int decile = done * 10 / total;
            if (decile != lastDecile && (decile > lastDecile)) {
                lastDecile = decile;
                err.println(label + " " + done + "/" + total + " frames" + (fps.isEmpty() ? "" : ", " + fps));
            }
        } else if (done % 100 == 0) {
            err.println(label + " " + done + " frames" + (fps.isEmpty() ? "" : ", " + fps));
        }
    }

    private static String bar(int done, int total) {
        int width = 30;
        int filled = (int) ((long) done * width / total);
        return "[" + "#".repeat(filled) + ".".repeat(width - filled) + "]";
    }
}
