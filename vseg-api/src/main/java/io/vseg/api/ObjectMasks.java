package io.vseg.api;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * Object masks given with a sequence, such as the first frame's annotation of semi-supervised video object
 * segmentation (DAVIS): one object id per pixel, 0 for the background and {@link #VOID} for pixels to ignore.
 *
 * @param frameIndex the frame they annotate
 * @param width      mask width (the frame's)
 * @param height     mask height
 * @param ids        object id per pixel, row-major; owned by the record (callers must not change it)
 * @param objects    the object ids present, ascending, without 0 and {@link #VOID}
 */
public record ObjectMasks(int frameIndex, int width, int height, int[] ids, List<Integer> objects) {
    /** The id of pixels that belong to no object and to no background either (DAVIS marks them 255). */
    public static final int VOID = 255;

    public ObjectMasks {
        requireNonNull(ids, "ids is null");
        if (width <= 0 || height <= 0 || ids.length != width * height) {
            throw new IllegalArgumentException("masks of " + width + "x" + height + " need " + (long) width * height
                    + " ids, got " + ids.length);
        }
        objects = List.copyOf(objects);
    }

    /** Masks from per-pixel ids; the objects are the distinct ids other than 0 and {@link #VOID}. */
    public static ObjectMasks of(int frameIndex, int width, int height, int[] ids) {
        TreeSet<Integer> present = new TreeSet<>();
        for (int id : ids) {
            if (id < 0 || id > VOID) {
                throw new IllegalArgumentException("object id " + id + " is outside 0.." + VOID);
            }
            if (id != 0 && id != VOID) {
                present.add(id);
            }
        }
        return new ObjectMasks(frameIndex, width, height, ids, new ArrayList<>(present));
    }

    /** The id at (x, y). */
    public int id(int x, int y) {
        return ids[y * width + x];
    }

    /**
     * The classes of a pipeline that outputs these objects: {@code background} (label 0), then one class per
     * object, in id order and named by its id ({@code object 1}, ...); label i + 1 is object {@code objects().get(i)}.
     */
    public ClassSet classes() {
        List<String> names = new ArrayList<>(objects.size() + 1);
        names.add("background");
        objects.forEach(id -> names.add("object " + id));
        return new ClassSet(names, VOID);
    }
}
