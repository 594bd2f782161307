package io.vseg.plugin.dvsnet;

import io.vseg.api.Frame;
import io.vseg.testkit.TestFrames;
import java.util.Random;

/**
 * The synthetic video DVSNet's tests run on: 64x48 frames of 4x4-pixel blocks of random grey, which optical flow
 * and the motion features can lock on, shifted to make motion and patched to make a local change.
 */
final class TexturedFrames {
    private TexturedFrames() {
    }

    /**
     * A 64x48 frame of 4x4-pixel blocks of random grey (seeded by {@code texture}), the block pattern shifted left
     * by {@code shift} pixels; where {@code patch} is not null, that rectangle {x, y, w, h} comes from texture
     * {@code texture + 1}.
     */
    static Frame frame(int index, int texture, int shift, int[] patch) {
        int w = 64;
        int h = 48;
        int[][] blocks = blocks(texture);
        int[][] other = blocks(texture + 1);
        return TestFrames.painted(index, w, h, (x, y) -> {
            boolean inPatch = patch != null && x >= patch[0] && x < patch[0] + patch[2] && y >= patch[1]
                    && y < patch[1] + patch[3];
            int sx = Math.min(w + 31, x + shift);
            int v = (inPatch ? other : blocks)[y / 4][sx / 4];
            return v << 16 | v << 8 | v;
        });
    }

    private static int[][] blocks(int seed) {
        Random r = new Random(seed);
        int[][] b = new int[12][24];
        for (int[] row : b) {
            for (int i = 0; i < row.length; i++) {
                row[i] = r.nextInt(256);
            }
        }
        return b;
    }
}
