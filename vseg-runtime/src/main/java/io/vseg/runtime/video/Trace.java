package io.vseg.runtime.video;

import io.vseg.api.FrameResult;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The per-frame trace, one JSON object per line: frame index and name, the method (the pipeline's scheduler,
 * propagator and fuser, as {@code dvsnet.confidence+dff.flow-warp+netwarp}), the plan, whether it was a key, and
 * milliseconds per component. Each line is flushed as written, so a run that stops keeps its trace.
 */
public final class Trace implements AutoCloseable {
    private final BufferedWriter out;
    private final String method;

    /** A new trace at {@code file}, replacing any there. */
    public Trace(Path file, String method) throws IOException {
        this(file, method, false);
    }

    /**
     * A trace at {@code file}: a new one, or ({@code append}) the lines already there continued, for a resumed run.
     */
    public Trace(Path file, String method, boolean append) throws IOException {
        this.method = Json.escape(method);
        this.out = append
                ? Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                        StandardOpenOption.APPEND)
                : Files.newBufferedWriter(file, StandardCharsets.UTF_8);
    }

    /** One frame's line, as far as resuming a run needs it. */
    public record Line(int frame, String name, String plan, boolean key, String text) {
        /** Whether the frame was a full key frame: every stage computed fresh, nothing deferred. */
        public boolean fullKey() {
            return key && plan.equals("key");
        }
    }

    /**
     * The complete lines at the start of a trace: frames 0, 1, 2, ... each on a line ended by a newline. Reading
     * stops at the first line that is not (the torn last line of a killed run, or anything after it).
     */
    public static List<Line> readComplete(Path file) throws IOException {
        List<Line> lines = new ArrayList<>();
        if (!Files.isRegularFile(file)) {
            return lines;
        }
        String text = Files.readString(file, StandardCharsets.UTF_8);
        int start = 0;
        while (true) {
            int end = text.indexOf('\n', start);
            if (end < 0) {
                break;
            }
            Line line = parse(text.substring(start, end), lines.size());
            if (line == null) {
                break;
            }
            lines.add(line);
            start = end + 1;
        }
        return lines;
    }

    private static final Pattern LINE = Pattern.compile(
            "\\{\"frame\":(\\d+),\"name\":\"((?:[^\"\\\\]|\\\\.)*)\",\"method\":\"(?:[^\"\\\\]|\\\\.)*\","
                    + "\"plan\":\"((?:[^\"\\\\]|\\\\.)*)\",\"key\":(true|false),\"ms\":\\{[^{}]*\\}\\}");

    /** The line of frame {@code expected}, or null when it is not one this class wrote for that frame. */
    private static Line parse(String text, int expected) {
        Matcher m = LINE.matcher(text);
        if (!m.matches() || !m.group(1).equals(Integer.toString(expected))) {
            return null;
        }
        try {
            return new Line(expected, Json.unescape(m.group(2)), Json.unescape(m.group(3)), m.group(4).equals("true"),
                    text);
        } catch (IllegalArgumentException e) {
            return null; // a malformed escape: not a line this class wrote
        }
    }

    public void write(FrameResult r, String frameName) throws IOException {
        StringBuilder sb = new StringBuilder(160);
        sb.append("{\"frame\":").append(r.frameIndex())
                .append(",\"name\":\"").append(Json.escape(frameName)).append('"')
                .append(",\"method\":\"").append(method).append('"')
                .append(",\"plan\":\"").append(Json.escape(r.plan().label())).append('"')
                .append(",\"key\":").append(r.isKey())
                .append(",\"ms\":{");
        boolean first = true;
        for (Map.Entry<String, Long> e : new TreeMap<>(r.nanos()).entrySet()) {
            sb.append(first ? "" : ",").append('"').append(Json.escape(e.getKey())).append("\":")
                    .append(String.format(Locale.ROOT, "%.3f", e.getValue() / 1e6));
            first = false;
        }
        sb.append("}}\n");
        out.write(sb.toString());
        out.flush();
    }

    @Override
    public void close() throws IOException {
        out.close();
    }
}
