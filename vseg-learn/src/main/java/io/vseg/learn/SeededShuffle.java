package io.vseg.learn;

import ai.djl.training.dataset.RandomAccessDataset;
import ai.djl.training.dataset.Sampler;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Random;

/**
 * A new order of a dataset's samples every epoch, from a generator of its own: DJL's random sampler draws from a
 * generator shared by the whole process, which anything else running may advance, so a fit would not repeat for
 * its seed. Use it in a {@code BatchSampler}.
 */
public final class SeededShuffle implements Sampler.SubSampler {
    private final Random random;

    public SeededShuffle(long seed) {
        this.random = new Random(seed);
    }

    @Override
    public Iterator<Long> sample(RandomAccessDataset dataset) {
        List<Long> order = new ArrayList<>();
        for (long i = 0; i < dataset.size(); i++) {
            order.add(i);
        }
        Collections.shuffle(order, random);
        return order.iterator();
    }
}
