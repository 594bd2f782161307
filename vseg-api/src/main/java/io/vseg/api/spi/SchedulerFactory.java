package io.vseg.api.spi;

/** Creates {@link Scheduler}s; listed by {@link Plugin#schedulers()}. */
public interface SchedulerFactory extends ComponentFactory<Scheduler> {
}
