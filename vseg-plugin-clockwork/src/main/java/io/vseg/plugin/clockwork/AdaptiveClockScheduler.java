package io.vseg.plugin.clockwork;

import com.typesafe.config.Config;
import io.vseg.api.Features;
import io.vseg.api.FrameContext;
import io.vseg.api.Plan;
import io.vseg.api.spi.ComponentContext;
import io.vseg.api.spi.Scheduler;
import io.vseg.api.spi.SchedulerFactory;
import io.vseg.api.tensor.Tensor;
import io.vseg.api.tensor.Tensors;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Clockwork with an adaptive clock: every frame computes the shallow stages and a cheap signal (a class-score
 * map such as the student's {@code scores2}, or any intermediate stage); when the signal has changed by
 * {@code threshold} or more since the last refresh, the deep stages are refreshed, else the head runs on the
 * shallow stages and the cached deep ones. A class-score signal's change is the share of pixels whose argmax
 * label differs; another stage's is its mean absolute difference over its mean magnitude. With no deep stages
 * configured (a model that is one graph), a refresh is a full key frame and other frames reuse the output.
 */
public final class AdaptiveClockScheduler implements Scheduler {
    private final String signal;
    private final double threshold;
    private final Set<String> deep;
    private Tensor reference;
    private double lastChange;
    private int refreshes;
    private int frames;

    public AdaptiveClockScheduler(String signal, double threshold, Set<String> deep) {
        if (threshold < 0) {
            throw new IllegalArgumentException("threshold: must be >= 0, got " + threshold);
        }
        if (deep.contains(Features.LOGITS) || deep.contains(signal)) {
            throw new IllegalArgumentException("deep: must leave out logits and the signal stage '" + signal + "'");
        }
        this.signal = signal;
        this.threshold = threshold;
        this.deep = Set.copyOf(deep);
    }

    @Override
    public Plan plan(FrameContext ctx) {
        if (frames == 0) {
            Stages.check(ctx, List.of(signal), "signal");
            Stages.check(ctx, deep, "deep");
        }
        frames++;
        Set<String> shallow = shallow(ctx.stages());
        Tensor now = ctx.features(shallow).tensor(signal);
        lastChange = reference == null ? Double.POSITIVE_INFINITY : change(now, reference, ctx.classes().size());
        if (lastChange >= threshold) {
            reference = now;
            refreshes++;
            return Plan.fullKey();
        }
        if (deep.isEmpty()) {
            return Plan.propagate();
        }
        Set<String> fresh = new LinkedHashSet<>(shallow);
        fresh.add(Features.LOGITS);
        return Plan.key(fresh);
    }

    /** Every stage outside {@code deep} and the head: what runs on every frame (memoized for the key step). */
    private Set<String> shallow(List<String> stages) {
        Set<String> s = new LinkedHashSet<>();
        if (deep.isEmpty()) {
            s.add(signal);
            return s;
        }
        for (String stage : stages) {
            if (!deep.contains(stage) && !stage.equals(Features.LOGITS)) {
                s.add(stage);
            }
        }
        s.add(signal);
        return s;
    }

    /** How much {@code now} differs from {@code before}: label change share or normalized mean change. */
    static double change(Tensor now, Tensor before, int classes) {
        if (now.channels() != before.channels() || now.height() != before.height() || now.width() != before.width()) {
            return Double.POSITIVE_INFINITY; // the frame size changed: nothing comparable
        }
        if (now.channels() == classes) {
            int[] a = Tensors.argmax(now);
            int[] b = Tensors.argmax(before);
            int changed = 0;
            for (int i = 0; i < a.length; i++) {
                if (a[i] != b[i]) {
                    changed++;
                }
            }
            return (double) changed / a.length;
        }
        double magnitude = 0;
        for (int c = 0; c < before.channels(); c++) {
            for (int y = 0; y < before.height(); y++) {
                for (int x = 0; x < before.width(); x++) {
                    magnitude += Math.abs(before.get(c, y, x));
                }
            }
        }
        double diff = Tensors.meanAbsoluteDifference(now, before) * before.size();
        return diff / Math.max(1e-6, magnitude);
    }

    /** The change measured on the last frame (infinite on a refresh without reference). */
    public double lastChange() {
        return lastChange;
    }

    /** Refreshes since the last reset, the first frame included. */
    public int refreshes() {
        return refreshes;
    }

    @Override
    public void reset() {
        reference = null;
        refreshes = 0;
        frames = 0;
    }

    /** Its factory. */
    public static final class Factory implements SchedulerFactory {
        @Override
        public String name() {
            return "clockwork.adaptive";
        }

        @Override
        public String description() {
            return "Clockwork: refresh the deep stages when the shallow `signal` changed by `threshold` since the last";
        }

        @Override
        public Scheduler create(Config config, ComponentContext context) {
            return new AdaptiveClockScheduler(config.getString("signal"), config.getDouble("threshold"),
                    new LinkedHashSet<>(config.getStringList("deep")));
        }
    }
}
