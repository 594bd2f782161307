package io.vseg.runtime.video;

import io.vseg.api.FrameResult;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The per-frame trace, one JSON object per line: frame index and name, the method (the pipeline's scheduler,
 * propagator and fuser, as {@code dvsnet.confidence+dff.flow-warp+netwarp}), the plan, whether it was a key, and
 * milliseconds per component. Each line is flushed as written, so a run that stops keeps its trace.
 */
public final class Trace implements AutoCloseable {
    private final BufferedWriter out;
    private final String method;

    public Trace(Path file, String method) throws IOException {
        this.method = Json.escape(method);
        this.out = Files.newBufferedWriter(file, StandardCharsets.UTF_8);
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
