package io.vseg.runtime.video;

/**
 * Colours for class labels: the PASCAL VOC / DAVIS palette (label 0 black, 1 dark red, 2 green, ...), so that
 * label PNGs open in the usual tools with the usual colours. Label 255 (void) is white.
 */
public final class Palette {
    private static final byte[] RGB = build();

    private Palette() {
    }

    private static byte[] build() {
        byte[] p = new byte[256 * 3];
        for (int label = 0; label < 256; label++) {
            int r = 0;
            int g = 0;
            int b = 0;
            int c = label;
            for (int bit = 7; bit >= 0; bit--) {
                r |= ((c) & 1) << bit;
                g |= ((c >> 1) & 1) << bit;
                b |= ((c >> 2) & 1) << bit;
                c >>= 3;
            }
            p[label * 3] = (byte) r;
            p[label * 3 + 1] = (byte) g;
            p[label * 3 + 2] = (byte) b;
        }
        p[255 * 3] = p[255 * 3 + 1] = p[255 * 3 + 2] = (byte) 255;
        return p;
    }

    /** Red, green and blue of {@code label} (0..255), 0..255 each. */
    public static int[] rgb(int label) {
        int l = label & 0xFF;
        return new int[] {RGB[l * 3] & 0xFF, RGB[l * 3 + 1] & 0xFF, RGB[l * 3 + 2] & 0xFF};
    }

    static byte[] reds() {
        return channel(0);
    }

    static byte[] greens() {
        return channel(1);
    }

    static byte[] blues() {
        return channel(2);
    }

    private static byte[] channel(int c) {
        byte[] out = new byte[256];
        for (int i = 0; i < 256; i++) {
            out[i] = RGB[i * 3 + c];
        }
        return out;
    }
}
