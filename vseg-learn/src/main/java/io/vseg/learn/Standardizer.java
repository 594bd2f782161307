package io.vseg.learn;

import java.util.Arrays;

/**
 * Per-feature standardization, {@code (x - mean) / std}, fitted on the training samples and stored with the
 * model so that it applies the same way at inference. A feature that never varies gets std 1.
 */
public record Standardizer(float[] mean, float[] std) {
    public Standardizer {
        if (mean.length != std.length) {
            throw new IllegalArgumentException("mean and std differ in length");
        }
        mean = mean.clone();
        std = std.clone();
    }

    /** Fitted on {@code samples}. */
    public static Standardizer fit(Samples samples) {
        int f = samples.features();
        double[] sum = new double[f];
        double[] sq = new double[f];
        for (int i = 0; i < samples.size(); i++) {
            float[] x = samples.x(i);
            for (int j = 0; j < f; j++) {
                sum[j] += x[j];
                sq[j] += (double) x[j] * x[j];
            }
        }
        float[] mean = new float[f];
        float[] std = new float[f];
        int n = Math.max(1, samples.size());
        for (int j = 0; j < f; j++) {
            double m = sum[j] / n;
            double var = Math.max(0, sq[j] / n - m * m);
            mean[j] = (float) m;
            std[j] = var < 1e-12 ? 1 : (float) Math.sqrt(var);
        }
        return new Standardizer(mean, std);
    }

    public float[] apply(float[] x) {
        float[] out = new float[x.length];
        for (int j = 0; j < x.length; j++) {
            out[j] = (x[j] - mean[j]) / std[j];
        }
        return out;
    }

    @Override
    public float[] mean() {
        return mean.clone();
    }

    @Override
    public float[] std() {
        return std.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Standardizer s && Arrays.equals(mean, s.mean) && Arrays.equals(std, s.std);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(mean) + Arrays.hashCode(std);
    }

    @Override
    public String toString() {
        return "Standardizer[mean=" + Arrays.toString(mean) + ", std=" + Arrays.toString(std) + "]";
    }
}
