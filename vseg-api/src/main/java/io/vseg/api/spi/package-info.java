/**
 * The service-provider interfaces. A plugin implements {@link io.vseg.api.spi.Plugin}, which lists factories;
 * each factory creates one kind of component ({@link io.vseg.api.spi.FeatureExtractor},
 * {@link io.vseg.api.spi.FlowEstimator}, {@link io.vseg.api.spi.Scheduler}, {@link io.vseg.api.spi.Propagator},
 * {@link io.vseg.api.spi.Fuser}) from its configuration.
 */
package io.vseg.api.spi;
