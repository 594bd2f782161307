package io.vseg.runtime.flow;

import io.vseg.api.Image;
import io.vseg.api.tensor.FlowField;
import io.vseg.runtime.video.ImageFolderSource;
import io.vseg.runtime.video.LabelPngs;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

/** Reading MPI-Sintel scenes: frames, Middlebury .flo ground truth, occlusion and invalid masks. */
final class Sintel {
    static final String[] SCENES = {"alley_1", "cave_2", "market_5"};

    private Sintel() {
    }

    static Path scene(Path sintel, String scene) {
        return sintel.resolve("clean").resolve(scene);
    }

    static Image frame(Path scene, int n) throws IOException {
        return ImageFolderSource.read(scene.resolve(String.format("frame_%04d.png", n)));
    }

    /** Middlebury .flo: "PIEH", width, height, then u,v float32 little-endian per pixel. */
    static FlowField flo(Path file) throws IOException {
        byte[] all = Files.readAllBytes(file);
        ByteBuffer b = ByteBuffer.wrap(all).order(ByteOrder.LITTLE_ENDIAN);
        if (b.getFloat() != 202021.25f) {
            throw new IOException(file + ": not a .flo file");
        }
        int w = b.getInt();
        int h = b.getInt();
        float[] uv = new float[2 * w * h];
        b.asFloatBuffer().get(uv);
        return FlowField.fromInterleaved(w, h, uv);
    }

    /** A 0/255 mask as booleans (true where 255). */
    static boolean[] mask(Path png) throws IOException {
        int[] v = LabelPngs.read(png).values();
        boolean[] m = new boolean[v.length];
        for (int i = 0; i < v.length; i++) {
            m[i] = v[i] > 127;
        }
        return m;
    }
}
