/**
 * The service-provider interfaces. A plugin implements {@link io.vseg.api.spi.Plugin}, which lists factories;
 * each factory creates one kind of component ({@link io.vseg.api.spi.FeatureExtractor},
 * {@link io.vseg.api.spi.FlowEstimator}, {@link io.vseg.api.spi.Scheduler}, {@link io.vseg.api.spi.Propagator},
 * {@link io.vseg.api.spi.Fuser}, {@link io.vseg.api.spi.Trainer}) from its configuration. A trainer sees the
 * runtime through a {@link io.vseg.api.spi.TrainingContext}.
 */
package io.vseg.api.spi;
