package io.vseg.learn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.vseg.api.Image;
import io.vseg.api.tensor.Tensor;
import java.util.Random;
import org.junit.jupiter.api.Test;

class GridsTest {

    private static Image random(int width, int height, long seed) {
        byte[] rgb = new byte[3 * width * height];
        new Random(seed).nextBytes(rgb);
        return Image.wrap(width, height, rgb);
    }

    /** The mean of the source pixels in [x0, x1) x [y0, y1), as the class comment defines a grid pixel. */
    private static double box(Image image, int c, int x0, int x1, int y0, int y1) {
        double sum = 0;
        for (int y = y0; y < y1; y++) {
            for (int x = x0; x < x1; x++) {
                sum += image.get(x, y, c);
            }
        }
        return sum / (255.0 * (x1 - x0) * (y1 - y0));
    }

    @Test
    void eachGridPixelIsTheMeanOfTheSourcePixelsUnderIt() {
        // 37x23 onto 8x5: boxes of 4 or 5 columns and 4 or 5 rows.
        Image image = random(37, 23, 3);
        Tensor grid = Grids.image(image, 5, 8);
        assertThat(grid.shape()).isEqualTo(Tensor.zeros(3, 5, 8).shape());
        for (int c = 0; c < 3; c++) {
            for (int y = 0; y < 5; y++) {
                for (int x = 0; x < 8; x++) {
                    double expected = box(image, c, x * 37 / 8, (x + 1) * 37 / 8, y * 23 / 5, (y + 1) * 23 / 5);
                    assertThat(grid.get(c, y, x)).as("channel %d at %d,%d", c, x, y)
                            .isCloseTo((float) expected, within(1e-6f));
                }
            }
        }
    }

    @Test
    void anEnlargedGridTakesTheNearestPixel() {
        Image image = random(5, 3, 4);
        Tensor grid = Grids.image(image, 7, 12);
        for (int c = 0; c < 3; c++) {
            for (int y = 0; y < 7; y++) {
                for (int x = 0; x < 12; x++) {
                    assertThat(grid.get(c, y, x)).isCloseTo(image.get(x * 5 / 12, y * 3 / 7, c) / 255f, within(1e-6f));
                }
            }
        }
    }
}
