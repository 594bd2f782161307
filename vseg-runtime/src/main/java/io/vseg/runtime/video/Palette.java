package io.vseg.runtime.video;

import static java.util.Objects.requireNonNull;

import java.awt.image.IndexColorModel;
import java.util.List;
import java.util.Locale;

/**
 * Colours for class labels, in label PNGs and overlays ({@code vseg.output.palette}). Black labels are left out
 * of overlays: the frame shows through where the labels say background (VOC's label 0) or void.
 * <ul>
 *   <li>{@code voc}: the PASCAL VOC / DAVIS palette (label 0 black, 1 dark red, 2 green, ...), so that label PNGs
 *       open in the usual tools with the usual colours; label 255 (void) is white;</li>
 *   <li>{@code cityscapes}: the 19 Cityscapes train classes in their usual colours (road purple, sidewalk pink,
 *       building grey, ...), label 19 (a trained void class, as ESPNet has) black, the rest as VOC.</li>
 * </ul>
 */
public final class Palette {
    private static final int[][] CITYSCAPES = {
        {128, 64, 128}, {244, 35, 232}, {70, 70, 70}, {102, 102, 156}, {190, 153, 153}, {153, 153, 153},
        {250, 170, 30}, {220, 220, 0}, {107, 142, 35}, {152, 251, 152}, {70, 130, 180}, {220, 20, 60},
        {255, 0, 0}, {0, 0, 142}, {0, 0, 70}, {0, 60, 100}, {0, 80, 100}, {0, 0, 230}, {119, 11, 32}, {0, 0, 0},
    };
    private static final Palette VOC = new Palette("voc", vocColours());
    private static final Palette CITY = new Palette("cityscapes", cityscapesColours());

    private final String name;
    private final byte[] rgb;

    private Palette(String name, byte[] rgb) {
        this.name = name;
        this.rgb = rgb;
    }

    /** The VOC / DAVIS palette, the default. */
    public static Palette voc() {
        return VOC;
    }

    /** The palette of that name: {@code voc} or {@code cityscapes}. @throws IllegalArgumentException naming them */
    public static Palette named(String name) {
        requireNonNull(name, "name is null");
        return switch (name.trim().toLowerCase(Locale.ROOT)) {
            case "voc" -> VOC;
            case "cityscapes" -> CITY;
            default -> throw new IllegalArgumentException("palette: unknown '" + name + "'; palettes: "
                    + List.of("voc", "cityscapes"));
        };
    }

    public String name() {
        return name;
    }

    private static byte[] vocColours() {
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

    private static byte[] cityscapesColours() {
        byte[] p = vocColours();
        for (int label = 0; label < CITYSCAPES.length; label++) {
            for (int k = 0; k < 3; k++) {
                p[label * 3 + k] = (byte) CITYSCAPES[label][k];
            }
        }
        return p;
    }

    /** Red, green and blue of {@code label} (0..255), 0..255 each. */
    public int[] rgb(int label) {
        int l = label & 0xFF;
        return new int[] {rgb[l * 3] & 0xFF, rgb[l * 3 + 1] & 0xFF, rgb[l * 3 + 2] & 0xFF};
    }

    /** Channel {@code k} (0 red, 1 green, 2 blue) of {@code label}'s colour, 0..255. */
    int channel(int label, int k) {
        return rgb[(label & 0xFF) * 3 + k] & 0xFF;
    }

    /** Whether overlays leave {@code label} out (its colour is black). */
    boolean transparent(int label) {
        int l = (label & 0xFF) * 3;
        return rgb[l] == 0 && rgb[l + 1] == 0 && rgb[l + 2] == 0;
    }

    /** The colour model of 8-bit palette PNGs in these colours. */
    IndexColorModel colorModel() {
        byte[][] channels = new byte[3][256];
        for (int i = 0; i < 256; i++) {
            for (int k = 0; k < 3; k++) {
                channels[k][i] = rgb[i * 3 + k];
            }
        }
        return new IndexColorModel(8, 256, channels[0], channels[1], channels[2]);
    }
}
