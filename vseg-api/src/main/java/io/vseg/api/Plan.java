package io.vseg.api;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Set;

/**
 * What the runtime does for one frame, as a {@link io.vseg.api.spi.Scheduler} decides it.
 */
public sealed interface Plan permits Plan.Key, Plan.Propagate, Plan.Regions {

    /** Short name for traces and tables: {@code key}, {@code key:<stages>}, {@code propagate}, {@code regions}. */
    String label();

    /** Every stage of the extractor, computed fresh: a full key frame. */
    static Key fullKey() {
        return Key.FULL;
    }

    /**
     * Only {@code stages} computed fresh; the extractor reuses cached outputs for the others. Name
     * {@link Features#LOGITS} among them for labels of this frame: without it the previous key's logits stand (on
     * a sequence's first key, with nothing cached, the head runs all the same).
     */
    static Key key(Set<String> stages) {
        return new Key(stages);
    }

    /**
     * Pipelined: {@code now} computed fresh on this frame, with the {@code deferred} stages taken from the frame
     * before; meanwhile the runtime computes the deferred stages of this frame in the background (on a second
     * copy of the network) for the next frame to use.
     */
    static Key pipelined(Set<String> now, Set<String> deferred) {
        return new Key(now, deferred);
    }

    static Propagate propagate() {
        return Propagate.INSTANCE;
    }

    /**
     * Compute stages fresh on this frame, and make the result the new key state.
     *
     * @param stages   the stages to compute fresh; <b>empty means every stage</b> (a full key frame).
     *                 Stages not named are taken from the previous key's cached outputs where the
     *                 requested stages depend on them.
     * @param deferred stages to compute in the background from this frame's inputs, ready for the next frame
     *                 (empty for an ordinary key); this frame uses the ones deferred by the frame before
     */
    record Key(Set<String> stages, Set<String> deferred) implements Plan {
        static final Key FULL = new Key(Set.of());

        public Key {
            stages = Set.copyOf(stages);
            deferred = Set.copyOf(deferred);
            if (stages.isEmpty() && !deferred.isEmpty()) {
                throw new IllegalArgumentException("a full key defers nothing; deferred: " + deferred);
            }
            for (String d : deferred) {
                if (stages.contains(d)) {
                    throw new IllegalArgumentException("stage " + d + " is both computed now and deferred");
                }
            }
        }

        /** An ordinary key: {@code stages} fresh, nothing deferred. */
        public Key(Set<String> stages) {
            this(stages, Set.of());
        }

        /** Whether some stages are computed in the background for the next frame. */
        public boolean isPipelined() {
            return !deferred.isEmpty();
        }

        /** Whether every stage is computed fresh. */
        public boolean isFull() {
            return stages.isEmpty();
        }

        @Override
        public String label() {
            String label = isFull() ? "key" : "key:" + String.join("+", new java.util.TreeSet<>(stages));
            return isPipelined() ? label + "|later:" + String.join("+", new java.util.TreeSet<>(deferred)) : label;
        }
    }

    /** No fresh network compute: the propagator carries the key state over to this frame. */
    record Propagate() implements Plan {
        static final Propagate INSTANCE = new Propagate();

        @Override
        public String label() {
            return "propagate";
        }
    }

    /**
     * Per-region plans. Each region is processed on its crop of the frame (with its overlap) under its own
     * plan and key state; the runtime stitches the results, resolving overlaps by the higher score.
     */
    record Regions(List<RegionPlan> regions) implements Plan {
        public Regions {
            regions = List.copyOf(regions);
            if (regions.isEmpty()) {
                throw new IllegalArgumentException("a Regions plan needs at least one region");
            }
        }

        /** Share of the listed regions that are key regions. */
        public double keyShare() {
            return regions.stream().filter(r -> r.plan() instanceof Key).count() / (double) regions.size();
        }

        /**
         * Share of a {@code width x height} frame that fresh network compute covered: the union of the key
         * regions (their overlaps included) over the frame's area.
         */
        public double keyArea(int width, int height) {
            List<Region> keys = regions.stream().filter(r -> r.plan() instanceof Key).map(RegionPlan::region).toList();
            if (keys.isEmpty()) {
                return 0;
            }
            // Exact union by coordinate compression: the rectangles' edges split the frame into cells.
            java.util.TreeSet<Integer> xs = new java.util.TreeSet<>();
            java.util.TreeSet<Integer> ys = new java.util.TreeSet<>();
            for (Region r : keys) {
                xs.add(Math.min(width, r.x()));
                xs.add(Math.min(width, r.right()));
                ys.add(Math.min(height, r.y()));
                ys.add(Math.min(height, r.bottom()));
            }
            Integer[] ex = xs.toArray(Integer[]::new);
            Integer[] ey = ys.toArray(Integer[]::new);
            long covered = 0;
            for (int i = 0; i + 1 < ex.length; i++) {
                for (int j = 0; j + 1 < ey.length; j++) {
                    int cx = ex[i];
                    int cy = ey[j];
                    if (keys.stream().anyMatch(r -> r.contains(cx, cy))) {
                        covered += (long) (ex[i + 1] - ex[i]) * (ey[j + 1] - ey[j]);
                    }
                }
            }
            return (double) covered / ((long) width * height);
        }

        @Override
        public String label() {
            long keys = regions.stream().filter(r -> r.plan() instanceof Key).count();
            return "regions:" + keys + "/" + regions.size();
        }
    }

    /**
     * One region's plan.
     *
     * @param region the crop, overlap included
     * @param plan   {@link Key} or {@link Propagate}
     * @param score  the scheduler's confidence in this region's result; in overlaps the higher score wins
     */
    record RegionPlan(Region region, Plan plan, double score) {
        public RegionPlan {
            requireNonNull(region, "region is null");
            requireNonNull(plan, "plan is null");
            if (plan instanceof Regions) {
                throw new IllegalArgumentException("regions do not nest");
            }
        }
    }
}
