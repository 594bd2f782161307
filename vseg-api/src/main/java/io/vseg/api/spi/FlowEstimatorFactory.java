package io.vseg.api.spi;

/** Creates {@link FlowEstimator}s; listed by {@link Plugin#flowEstimators()}. */
public interface FlowEstimatorFactory extends ComponentFactory<FlowEstimator> {
}
