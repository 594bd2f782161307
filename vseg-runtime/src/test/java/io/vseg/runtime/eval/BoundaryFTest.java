package io.vseg.runtime.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.vseg.runtime.TestData;
import io.vseg.runtime.video.Davis;
import io.vseg.runtime.video.LabelPngs;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * {@link BoundaryF} and {@link MaskIou} against the official DAVIS evaluation code: hand-worked boundary maps, and
 * J and F of real DAVIS mask pairs as {@code scripts/davis-official-metrics.py} (a numpy port of the official
 * {@code seg2bmap}, {@code disk}, dilation, {@code db_eval_boundary} and {@code db_eval_iou}) computes them.
 */
class BoundaryFTest {

    /** A mask from rows of text, '#' foreground. */
    private static boolean[] mask(String... rows) {
        int w = rows[0].length();
        boolean[] m = new boolean[w * rows.length];
        for (int y = 0; y < rows.length; y++) {
            for (int x = 0; x < w; x++) {
                m[y * w + x] = rows[y].charAt(x) != '.';
            }
        }
        return m;
    }

    @Test
    void theBoundaryMapMarksChangesTowardsTheEastSouthAndSouthEastAndNotTheImageBorder() {
        boolean[] m = mask(
                "......",
                "..##..",
                "..##..",
                "......",
                ".....#");
        // Worked by hand from seg2bmap. The 2x2 square (x 2..3, y 1..2): background pixels whose east, south or
        // south-east neighbour is in it are marked (x 1..3 of row 0, x 1 of rows 1 and 2), and so are its pixels
        // whose east or south neighbour is outside it (x 3 of row 1; x 2..3 of row 2); (2, 1) has all three
        // neighbours inside. The pixel in the bottom-right corner is never marked, although it is foreground
        // against the background: the last row compares with the east neighbour only ((4, 4) is marked), the
        // last column with the south one only ((5, 3) is marked), and (4, 3) has it as south-east neighbour.
        assertThat(BoundaryF.boundary(m, 6, 5)).containsExactly(mask(
                ".###..",
                ".#.#..",
                ".###..",
                "....##",
                "....#."));
    }

    @Test
    void aMaskAlongTheImageBorderHasOnlyItsInnerEdgeAsBoundary() {
        // Foreground on the right half: the background column before it (x 2) is the boundary, in every row
        // (the last row compares with the east neighbour); the image's top, bottom and right edges are not.
        assertThat(BoundaryF.boundary(mask(
                "...###",
                "...###",
                "...###"), 6, 3)).containsExactly(mask(
                "..#...",
                "..#...",
                "..#..."));
    }

    @Test
    void theToleranceIsCeilOfPoint008TimesTheDiagonalAndADiskOfThatRadius() {
        assertThat(BoundaryF.radius(854, 480)).isEqualTo(8); // ceil(7.84)
        assertThat(BoundaryF.radius(200, 120)).isEqualTo(2); // ceil(1.87)
        // skimage's disk(2): the 13 offsets with dx^2 + dy^2 <= 4; (2, 1) is outside (5 > 4). disk(8) has 197.
        int w = 9;
        boolean[] one = new boolean[w * w];
        one[4 * w + 4] = true;
        boolean[] d2 = BoundaryF.dilate(one, w, w, 2);
        assertThat(count(d2)).isEqualTo(13);
        assertThat(d2[4 * w + 6]).isTrue();
        assertThat(d2[5 * w + 5]).isTrue();
        assertThat(d2[5 * w + 6]).isFalse();
        boolean[] big = new boolean[17 * 17];
        big[8 * 17 + 8] = true;
        assertThat(count(BoundaryF.dilate(big, 17, 17, 8))).isEqualTo(197);
        // Nothing beyond the image: a pixel in the corner dilates to the quarter disk inside it (1 + 2 + 2 + 1).
        boolean[] corner = new boolean[w * w];
        corner[0] = true;
        assertThat(count(BoundaryF.dilate(corner, w, w, 2))).isEqualTo(6);
    }

    /*
     * Real DAVIS 2016 masks: the annotation of one frame against the annotation of a later frame as the
     * "segmentation". J and F from the official code's port, run from the project root:
     *
     *   python3 scripts/davis-official-metrics.py \
     *       ../shared/data/davis2016-dev/Annotations/480p/dance-twirl/00040.png \
     *       ../shared/data/davis2016-dev/Annotations/480p/dance-twirl/00041.png
     *   J 0.745348
     *   F 0.846179
     *   precision 0.817188 recall 0.877303 boundary pixels: segmentation 2653, annotation 2551; bound_pix 8
     *
     *   python3 scripts/davis-official-metrics.py \
     *       ../shared/data/davis2016-dev/Annotations/480p/kite-surf/00010.png \
     *       ../shared/data/davis2016-dev/Annotations/480p/kite-surf/00015.png
     *   J 0.303750
     *   F 0.508948
     *   precision 0.546479 recall 0.476240 boundary pixels: segmentation 4260, annotation 4798; bound_pix 8
     *
     * Both annotations touch the image border. The former boundary (foreground pixels with a background
     * 4-neighbour) gave F 0.838 and 0.471 on these pairs.
     */

    @Test
    void jAndFOfNeighbouringDanceTwirlFramesEqualTheOfficialCode() throws IOException {
        assertPair("dance-twirl", "00040", "00041", 0.745348, 0.846179, 2551, 2653);
    }

    @Test
    void jAndFOfKiteSurfFramesFiveApartEqualTheOfficialCode() throws IOException {
        assertPair("kite-surf", "00010", "00015", 0.303750, 0.508948, 4798, 4260);
    }

    private static void assertPair(String sequence, String truthFrame, String predictedFrame, double j, double f,
                                   long truthBoundary, long predictedBoundary) throws IOException {
        Path annotations = Davis.annotations(TestData.davis(), sequence);
        LabelPngs.LabelImage truthImage = LabelPngs.read(annotations.resolve(truthFrame + ".png"));
        LabelPngs.LabelImage predictedImage = LabelPngs.read(annotations.resolve(predictedFrame + ".png"));
        int w = truthImage.width();
        int h = truthImage.height();
        boolean[] truth = foreground(truthImage);
        boolean[] predicted = foreground(predictedImage);
        // The boundary maps pixel for pixel (their sizes), then the scores to the 6 decimals printed.
        assertThat(count(BoundaryF.boundary(truth, w, h))).isEqualTo(truthBoundary);
        assertThat(count(BoundaryF.boundary(predicted, w, h))).isEqualTo(predictedBoundary);
        assertThat(MaskIou.of(truth, predicted)).isCloseTo(j, within(1e-6));
        assertThat(BoundaryF.of(truth, predicted, w, h)).isCloseTo(f, within(1e-6));
    }

    /** Foreground where the value is above 0, as the DAVIS code reads a mask. */
    private static boolean[] foreground(LabelPngs.LabelImage image) {
        boolean[] m = new boolean[image.values().length];
        for (int i = 0; i < m.length; i++) {
            m[i] = image.values()[i] > 0;
        }
        return m;
    }

    private static long count(boolean[] m) {
        long n = 0;
        for (boolean v : m) {
            n += v ? 1 : 0;
        }
        return n;
    }
}
