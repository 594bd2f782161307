package io.vseg.runtime.ablation;

import io.vseg.api.io.AtomicFiles;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;

/**
 * Speed against accuracy, one labelled point per variant, with the Pareto front (the variants no other is
 * both faster and more accurate than) drawn through. Plain Java2D, written as PNG.
 */
public final class ParetoPlot {
    private static final int W = 1000;
    private static final int H = 700;
    private static final int LEFT = 90;
    private static final int RIGHT = 40;
    private static final int TOP = 60;
    private static final int BOTTOM = 70;
    static final Color REFERENCE_LINE = new Color(148, 103, 189);

    private ParetoPlot() {
    }

    /** A point: its label and coordinates. */
    public record Point(String label, double x, double y) {
    }

    /** The points on the Pareto front (maximize x and y), by increasing x. */
    public static List<Point> front(List<Point> points) {
        return front(points, false);
    }

    /** The points on the Pareto front (maximize y; maximize x, or minimize it where x is a cost), by increasing x. */
    public static List<Point> front(List<Point> points, boolean xIsCost) {
        double sign = xIsCost ? -1 : 1;
        List<Point> front = new ArrayList<>();
        for (Point p : points) {
            boolean dominated = points.stream().anyMatch(q -> q != p && sign * q.x() >= sign * p.x()
                    && q.y() >= p.y() && (sign * q.x() > sign * p.x() || q.y() > p.y()));
            if (!dominated) {
                front.add(p);
            }
        }
        front.sort(Comparator.comparingDouble(Point::x));
        return front;
    }

    public static void write(Path file, String title, String xLabel, String yLabel, List<Point> points)
            throws IOException {
        write(file, title, xLabel, yLabel, points, false);
    }

    /** As above; {@code xIsCost} where less x is better (such as the share of the frame segmented). */
    public static void write(Path file, String title, String xLabel, String yLabel, List<Point> points,
                             boolean xIsCost) throws IOException {
        write(file, title, xLabel, yLabel, points, xIsCost, null);
    }

    /**
     * As above, with the point labelled {@code reference} (null: none) marked as the one the others are
     * compared with: a black square, and dashed purple lines through its x and y, so that the points on the
     * better side of both stand out.
     */
    public static void write(Path file, String title, String xLabel, String yLabel, List<Point> points,
                             boolean xIsCost, String reference) throws IOException {
        BufferedImage img = new BufferedImage(W, H, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, W, H);
        double x0 = points.stream().mapToDouble(Point::x).min().orElse(0);
        double x1 = points.stream().mapToDouble(Point::x).max().orElse(1);
        double y0 = points.stream().mapToDouble(Point::y).min().orElse(0);
        double y1 = points.stream().mapToDouble(Point::y).max().orElse(1);
        double px = Math.max((x1 - x0) * 0.08, 0.05);
        double py = Math.max((y1 - y0) * 0.08, 0.005);
        Axis ax = new Axis(x0 - px, x1 + px, LEFT, W - RIGHT);
        Axis ay = new Axis(y0 - py, y1 + py, H - BOTTOM, TOP);

        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
        for (double t : ticks(ax.lo, ax.hi)) {
            int x = ax.map(t);
            g.setColor(new Color(230, 230, 230));
            g.drawLine(x, TOP, x, H - BOTTOM);
            g.setColor(Color.DARK_GRAY);
            String s = String.format(Locale.ROOT, "%.2f", t);
            g.drawString(s, x - g.getFontMetrics().stringWidth(s) / 2, H - BOTTOM + 18);
        }
        for (double t : ticks(ay.lo, ay.hi)) {
            int y = ay.map(t);
            g.setColor(new Color(230, 230, 230));
            g.drawLine(LEFT, y, W - RIGHT, y);
            g.setColor(Color.DARK_GRAY);
            String s = String.format(Locale.ROOT, "%.3f", t);
            g.drawString(s, LEFT - 8 - g.getFontMetrics().stringWidth(s), y + 5);
        }
        g.setColor(Color.BLACK);
        g.drawRect(LEFT, TOP, W - LEFT - RIGHT, H - TOP - BOTTOM);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 16));
        g.drawString(title, LEFT, TOP - 25);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 14));
        g.drawString(xLabel, (LEFT + W - RIGHT) / 2 - g.getFontMetrics().stringWidth(xLabel) / 2, H - 25);
        Graphics2D gy = (Graphics2D) g.create();
        gy.rotate(-Math.PI / 2);
        gy.drawString(yLabel, -(TOP + H - BOTTOM) / 2 - g.getFontMetrics().stringWidth(yLabel) / 2, 22);
        gy.dispose();

        Point ref = points.stream().filter(p -> p.label().equals(reference)).findFirst().orElse(null);
        if (ref != null) {
            g.setColor(REFERENCE_LINE);
            g.setStroke(new BasicStroke(1.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f,
                    new float[] {6f, 5f}, 0f));
            g.drawLine(ax.map(ref.x()), TOP, ax.map(ref.x()), H - BOTTOM);
            g.drawLine(LEFT, ay.map(ref.y()), W - RIGHT, ay.map(ref.y()));
        }
        List<Point> front = front(points, xIsCost);
        g.setColor(new Color(214, 39, 40));
        g.setStroke(new BasicStroke(2f));
        for (int i = 1; i < front.size(); i++) {
            g.drawLine(ax.map(front.get(i - 1).x()), ay.map(front.get(i - 1).y()),
                    ax.map(front.get(i).x()), ay.map(front.get(i).y()));
        }
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        List<java.awt.Rectangle> taken = new ArrayList<>();
        for (Point p : points) {
            int x = ax.map(p.x());
            int y = ay.map(p.y());
            boolean onFront = front.contains(p);
            if (p == ref) {
                g.setColor(Color.BLACK);
                g.fillRect(x - 6, y - 6, 12, 12);
            } else {
                g.setColor(onFront ? new Color(214, 39, 40) : new Color(31, 119, 180));
                g.fillOval(x - 5, y - 5, 10, 10);
            }
            taken.add(new java.awt.Rectangle(x - 5, y - 5, 10, 10));
        }
        for (Point p : points) {
            int x = ax.map(p.x());
            int y = ay.map(p.y());
            int width = g.getFontMetrics().stringWidth(p.label());
            int height = g.getFontMetrics().getAscent();
            // The first of right-above, right-below, left-above, left-below that overlaps no point or label.
            int[][] spots = {{x + 8, y - 6}, {x + 8, y + 6 + height}, {x - 8 - width, y - 6}, {x - 8 - width, y + 6 + height}};
            int[] spot = spots[0];
            for (int[] s : spots) {
                java.awt.Rectangle r = new java.awt.Rectangle(s[0], s[1] - height, width, height);
                boolean inside = r.x >= LEFT && r.x + r.width <= W - RIGHT && r.y >= TOP && r.y + r.height <= H - BOTTOM;
                if (inside && taken.stream().noneMatch(r::intersects)) {
                    spot = s;
                    break;
                }
            }
            taken.add(new java.awt.Rectangle(spot[0], spot[1] - height, width, height));
            g.setColor(Color.BLACK);
            g.drawString(p.label(), spot[0], spot[1]);
        }
        g.setColor(new Color(214, 39, 40));
        g.drawString("red: Pareto front", W - RIGHT - 130, TOP - 8);
        if (ref != null) {
            g.setColor(Color.BLACK);
            String legend = "black square, dashed purple: " + ref.label();
            g.drawString(legend, W - RIGHT - 150 - g.getFontMetrics().stringWidth(legend), TOP - 8);
        }
        g.dispose();
        AtomicFiles.write(file, tmp -> ImageIO.write(img, "png", tmp.toFile()));
    }

    private record Axis(double lo, double hi, int from, int to) {
        int map(double v) {
            return (int) Math.round(from + (v - lo) / (hi - lo) * (to - from));
        }
    }

    private static List<Double> ticks(double lo, double hi) {
        double raw = (hi - lo) / 6;
        double mag = Math.pow(10, Math.floor(Math.log10(raw)));
        double step = raw / mag < 2 ? 2 * mag : raw / mag < 5 ? 5 * mag : 10 * mag;
        List<Double> out = new ArrayList<>();
        for (double t = Math.ceil(lo / step) * step; t <= hi + 1e-12; t += step) {
            out.add(t);
        }
        return out;
    }
}
