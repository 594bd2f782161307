package io.vseg.runtime.ablation;

import com.typesafe.config.ConfigUtil;
import com.typesafe.config.ConfigValue;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.DoubleSummaryStatistics;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Compares methods at equal cost, as adaptive schedulers are judged: the grid's variants that differ only in the
 * study's {@code compare.along} key form one curve (say, a decision threshold, the other keys fixed), and each
 * curve's {@code plot-y} is read at the reference variant's {@code plot-x} (say, DFF interval 5's segmented area),
 * linearly between the curve's two nearest points on either side (points at the same x count as one, at their
 * mean). A curve that does not reach the reference's x on both sides is reported as not reaching it: nothing is
 * extrapolated.
 */
public final class BudgetMatch {

    /**
     * One curve at the reference's x.
     *
     * @param curve      the grid's other keys, {@code k=v,...} ({@code all} when {@code along} is the only one)
     * @param y          {@code plot-y} interpolated at the reference's x; NaN when the curve does not reach it
     * @param difference {@code y} minus the reference's {@code plot-y}
     * @param lower      the nearest point at or below the reference's x, {@code along=value (x)}; empty if none
     * @param upper      the nearest point at or above it; empty if none
     */
    public record Curve(String curve, double y, double difference, String lower, String upper) {
        public boolean reached() {
            return !Double.isNaN(y);
        }
    }

    /** The reference variant's row and every curve read at its x. */
    public record Matched(ResultRow reference, List<Curve> curves) {
        public Matched {
            curves = List.copyOf(curves);
        }
    }

    private record Point(String label, double x, double y) {
    }

    private BudgetMatch() {
    }

    /**
     * The curves of {@code rows} (in the order of {@code study.variants()}) against the reference row; empty when
     * the study compares nothing or its reference failed.
     */
    public static Optional<Matched> match(Study study, List<ResultRow> rows) {
        Study.Compare compare = study.compare();
        if (compare == null) {
            return Optional.empty();
        }
        ResultRow reference = rows.stream().filter(r -> r.ok() && r.variant().equals(compare.reference()))
                .findFirst().orElse(null);
        if (reference == null) {
            return Optional.empty();
        }
        double x0 = reference.value(study.plotX());
        double y0 = reference.value(study.plotY());
        Map<String, List<Point>> curves = new LinkedHashMap<>();
        for (int i = 0; i < rows.size() && i < study.variants().size(); i++) {
            Variant v = study.variants().get(i);
            ResultRow row = rows.get(i);
            ConfigValue along = v.set().get(compare.along());
            if (along == null || !row.ok() || Double.isNaN(row.value(study.plotX()))
                    || Double.isNaN(row.value(study.plotY()))) {
                continue;
            }
            String label = last(compare.along()) + "=" + along.unwrapped();
            curves.computeIfAbsent(curveName(study, v), k -> new ArrayList<>())
                    .add(new Point(label, row.value(study.plotX()), row.value(study.plotY())));
        }
        List<Curve> out = new ArrayList<>();
        curves.forEach((name, all) -> {
            List<Point> points = merged(all);
            Point lower = null;
            Point upper = null;
            for (Point p : points) {
                if (p.x() <= x0) {
                    lower = p;
                }
                if (p.x() >= x0 && upper == null) {
                    upper = p;
                }
            }
            double y = Double.NaN;
            if (lower == upper && lower != null) { // a point at the reference's x exactly
                y = lower.y();
            } else if (lower != null && upper != null) {
                y = lower.y() + (upper.y() - lower.y()) * (x0 - lower.x()) / (upper.x() - lower.x());
            }
            out.add(new Curve(name, y, y - y0, describe(lower), describe(upper)));
        });
        return Optional.of(new Matched(reference, out));
    }

    /**
     * The points by x, those at the same x (two thresholds that chose the same frames, say) merged into one at
     * their mean y: which of them is "nearest" would otherwise be an accident of order.
     */
    private static List<Point> merged(List<Point> points) {
        List<Point> sorted = new ArrayList<>(points);
        sorted.sort(Comparator.comparingDouble(Point::x));
        List<Point> out = new ArrayList<>();
        for (int i = 0; i < sorted.size(); ) {
            int j = i;
            double sum = 0;
            List<String> labels = new ArrayList<>();
            for (; j < sorted.size() && sorted.get(j).x() == sorted.get(i).x(); j++) {
                sum += sorted.get(j).y();
                labels.add(sorted.get(j).label());
            }
            out.add(new Point(String.join(" & ", labels), sorted.get(i).x(), sum / (j - i)));
            i = j;
        }
        return out;
    }

    /** A Markdown section: one line per curve, then the mean and range of the differences. */
    static String markdown(Study study, Matched matched) {
        ResultRow reference = matched.reference();
        List<Curve> curves = matched.curves();
        if (curves.isEmpty()) {
            return "";
        }
        String x = study.plotX();
        String y = study.plotY();
        StringBuilder sb = new StringBuilder(String.format(Locale.ROOT,
                "%n## At %s's %s (%.3f)%n%nEach curve (every value of `%s`, the grid's other keys fixed) read at "
                        + "%s %.3f, linearly between its nearest points on either side; %s %s = %.3f.%n%n"
                        + "| curve | %s | difference | point below | point above |%n|---|---|---|---|---|%n",
                reference.variant(), x, reference.value(x), study.compare().along(), x, reference.value(x),
                reference.variant(), y, reference.value(y), y));
        List<Double> reached = new ArrayList<>();
        for (Curve c : curves) {
            sb.append(String.format(Locale.ROOT, "| %s | %s | %s | %s | %s |%n", c.curve(),
                    c.reached() ? String.format(Locale.ROOT, "%.4f", c.y()) : "not reached",
                    c.reached() ? String.format(Locale.ROOT, "%+.4f", c.difference()) : "-",
                    c.lower().isEmpty() ? "-" : c.lower(), c.upper().isEmpty() ? "-" : c.upper()));
            if (c.reached()) {
                reached.add(c.difference());
            }
        }
        if (reached.size() > 1) {
            DoubleSummaryStatistics d = reached.stream().mapToDouble(Double::doubleValue).summaryStatistics();
            sb.append(String.format(Locale.ROOT, "%nOver the %d curves that reach it: difference %+.4f on average, "
                    + "from %+.4f to %+.4f.%n", d.getCount(), d.getAverage(), d.getMin(), d.getMax()));
        }
        return sb.toString();
    }

    /** CSV: one line per curve. */
    static String csv(Study study, Matched matched) {
        ResultRow reference = matched.reference();
        StringBuilder sb = new StringBuilder("curve,reference," + study.plotX() + "," + study.plotY()
                + ",difference,below,above\n");
        for (Curve c : matched.curves()) {
            sb.append(ResultsTable.quote(c.curve())).append(',').append(ResultsTable.quote(reference.variant()))
                    .append(String.format(Locale.ROOT, ",%.4f,", reference.value(study.plotX())))
                    .append(c.reached() ? String.format(Locale.ROOT, "%.4f,%.4f", c.y(), c.difference()) : ",")
                    .append(',').append(ResultsTable.quote(c.lower())).append(',')
                    .append(ResultsTable.quote(c.upper())).append('\n');
        }
        return sb.toString();
    }

    private static String curveName(Study study, Variant v) {
        StringBuilder name = new StringBuilder();
        v.set().entrySet().stream().filter(e -> !e.getKey().equals(study.compare().along()))
                .sorted(Map.Entry.comparingByKey())
                .forEach(e -> name.append(name.length() > 0 ? "," : "").append(last(e.getKey())).append('=')
                        .append(e.getValue().unwrapped()));
        return name.length() == 0 ? "all" : name.toString();
    }

    private static String describe(Point p) {
        return p == null ? "" : String.format(Locale.ROOT, "%s (%.3f)", p.label(), p.x());
    }

    private static String last(String path) {
        List<String> parts = ConfigUtil.splitPath(path);
        return parts.get(parts.size() - 1);
    }
}
