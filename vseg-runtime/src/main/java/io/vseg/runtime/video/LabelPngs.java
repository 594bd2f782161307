package io.vseg.runtime.video;

import io.vseg.api.Segmentation;
import io.vseg.api.io.AtomicFiles;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.awt.image.IndexColorModel;
import java.io.IOException;
import java.nio.file.Path;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;

/**
 * Label maps as 8-bit palette PNGs (pixel value = class index, colours from {@link Palette}), the format of
 * DAVIS and PASCAL VOC annotations; and reading such masks back.
 */
public final class LabelPngs {
    private static final IndexColorModel VOC = Palette.voc().colorModel();
    /** The JDK's PNG writer maps quality q to deflate level round(9 * (1 - q)): 0.89 is level 1, the fastest. */
    private static final float FAST_DEFLATE = 0.89f;

    private LabelPngs() {
    }

    /** Writes the labels of {@code s} to {@code file} in the VOC palette; labels above 255 are an error. */
    public static void write(Segmentation s, Path file) throws IOException {
        write(s, file, VOC);
    }

    /** Writes the labels of {@code s} to {@code file} with colours {@code colors} ({@link Palette#colorModel()}). */
    static void write(Segmentation s, Path file, IndexColorModel colors) throws IOException {
        BufferedImage img = new BufferedImage(s.width(), s.height(), BufferedImage.TYPE_BYTE_INDEXED, colors);
        byte[] px = ((DataBufferByte) img.getRaster().getDataBuffer()).getData();
        int[] labels = s.labels();
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] < 0 || labels[i] > 255) {
                throw new IOException(file + ": label " + labels[i] + " does not fit an 8-bit PNG");
            }
            px[i] = (byte) labels[i];
        }
        ImageWriter writer = ImageIO.getImageWritersByFormatName("png").next();
        ImageWriteParam param = writer.getDefaultWriteParam();
        // Label maps are runs of few values: the fastest deflate level packs them nearly as small as the default
        // level, in a fraction of the time.
        param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
        param.setCompressionQuality(FAST_DEFLATE);
        try {
            // Whole or not at all: a run killed while writing leaves no half PNG for --resume to trust.
            AtomicFiles.write(file, tmp -> {
                try (ImageOutputStream out = ImageIO.createImageOutputStream(tmp.toFile())) {
                    if (out == null) {
                        throw new IOException(file + ": cannot open for writing");
                    }
                    writer.setOutput(out);
                    writer.write(null, new IIOImage(img, null, null), param);
                }
            });
        } catch (IOException e) {
            throw e.getMessage() != null && e.getMessage().contains(file.toString()) ? e
                    : new IOException(file + ": " + e.getMessage(), e);
        } finally {
            writer.dispose();
        }
    }

    /** A label image as read: one value per pixel, row-major. */
    public record LabelImage(int width, int height, int[] values) {
    }

    /**
     * Reads a label PNG: the palette index per pixel for palette PNGs, the grey value for greyscale ones
     * (DAVIS 2016 masks are 0/255 greyscale or palette images). @throws IOException naming the file
     */
    public static LabelImage read(Path file) throws IOException {
        BufferedImage img;
        try {
            img = ImageIO.read(file.toFile());
        } catch (IOException | RuntimeException e) {
            // ImageIO's messages do not name the file ("Can't read input file!")
            throw new IOException(file + ": not a readable PNG (" + e.getMessage() + ")", e);
        }
        if (img == null) {
            throw new IOException(file + ": not a readable PNG");
        }
        int w = img.getWidth();
        int h = img.getHeight();
        int[] out = new int[w * h];
        img.getRaster().getSamples(0, 0, w, h, 0, out);
        return new LabelImage(w, h, out);
    }

    /**
     * Reads a label PNG that belongs to a frame of {@code width x height}. @throws IOException naming the file, also
     * when its size is another
     */
    public static LabelImage read(Path file, int width, int height) throws IOException {
        LabelImage image = read(file);
        if (image.width() != width || image.height() != height) {
            throw new IOException(file + ": labels of " + image.width() + "x" + image.height() + " for a frame of "
                    + width + "x" + height);
        }
        return image;
    }
}
