package io.vseg.runtime.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class ConfusionMatrixTest {

    @Test
    void perClassIouAndMeanFromAHandComputedCase() {
        ConfusionMatrix m = new ConfusionMatrix(3, 255);
        // reference: 0 0 1 1 1 2 255 ; predicted: 0 1 1 1 2 2 0
        m.add(new int[] {0, 0, 1, 1, 1, 2, 255}, new int[] {0, 1, 1, 1, 2, 2, 0});
        // class 0: TP 1, FN 1 (0->1), FP 0 -> 1/2; class 1: TP 2, FP 1, FN 1 -> 2/4;
        // class 2: TP 1, FP 1 -> 1/2. The void pixel is not counted.
        assertThat(m.iou(0)).isEqualTo(0.5);
        assertThat(m.iou(1)).isEqualTo(0.5);
        assertThat(m.iou(2)).isEqualTo(0.5);
        assertThat(m.meanIou()).isEqualTo(0.5);
        assertThat(m.pixelAccuracy()).isCloseTo(4 / 6.0, within(1e-12));
    }

    @Test
    void classesAbsentFromBothSidesDoNotCount() {
        ConfusionMatrix m = new ConfusionMatrix(4, -1);
        m.add(new int[] {0, 0, 1}, new int[] {0, 0, 1});
        assertThat(m.iou(3)).isNaN();
        assertThat(m.meanIou()).isEqualTo(1.0);
    }

    @Test
    void maskIouOfAnObjectAgainstOneClass() {
        assertThat(MaskIou.of(new int[] {255, 255, 0, 0}, new int[] {1, 0, 1, 0}, 1)).isEqualTo(1 / 3.0);
        assertThat(MaskIou.of(new int[] {0, 0}, new int[] {0, 0}, 1)).isEqualTo(1.0);
    }

    @Test
    void aVoidClassAmongTheModelsClassesIsLeftOutOfTheMean() {
        // Three classes, the last the model's trained void class (as ESPNet's class 19), named by --void 2.
        ConfusionMatrix m = new ConfusionMatrix(3, 2);
        int[] reference = {0, 0, 1, 1, 2, 2};
        int[] predicted = {0, 2, 1, 0, 2, 1};
        m.add(reference, predicted);
        // Reference void pixels are not counted. Class 0: TP 1, FN 1 (predicted void), FP 1 -> 1/3.
        // Class 1: TP 1, FN 1, FP 0 -> 1/2. The void class is out of the mean, though it was predicted once.
        assertThat(m.iou(0)).isCloseTo(1 / 3.0, within(1e-12));
        assertThat(m.iou(1)).isCloseTo(1 / 2.0, within(1e-12));
        assertThat(m.meanIou()).isCloseTo((1 / 3.0 + 1 / 2.0) / 2, within(1e-12));
        assertThat(m.classIou()[2]).isNaN();
    }
}
