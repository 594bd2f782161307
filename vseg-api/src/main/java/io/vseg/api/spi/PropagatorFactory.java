package io.vseg.api.spi;

/** Creates {@link Propagator}s; listed by {@link Plugin#propagators()}. */
public interface PropagatorFactory extends ComponentFactory<Propagator> {
}
