package io.vseg.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ObjectMasksTest {

    @Test
    void theObjectsAreTheIdsOtherThanBackgroundAndVoidAndNameTheOutputClasses() {
        ObjectMasks m = ObjectMasks.of(0, 3, 2, new int[] {0, 7, 3, 255, 3, 0});
        assertThat(m.objects()).containsExactly(3, 7);
        assertThat(m.id(1, 0)).isEqualTo(7);
        assertThat(m.classes().names()).containsExactly("background", "object 3", "object 7");
        assertThat(m.classes().voidLabel()).isEqualTo(ObjectMasks.VOID);
    }

    @Test
    void idsOutsideTheRangeAndWrongSizesAreRejected() {
        assertThatThrownBy(() -> ObjectMasks.of(0, 2, 1, new int[] {0, 256})).hasMessageContaining("256");
        assertThatThrownBy(() -> ObjectMasks.of(0, 2, 2, new int[] {0, 1})).hasMessageContaining("2x2");
    }
}
