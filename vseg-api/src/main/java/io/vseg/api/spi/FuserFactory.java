package io.vseg.api.spi;

/** Creates {@link Fuser}s; listed by {@link Plugin#fusers()}. */
public interface FuserFactory extends ComponentFactory<Fuser> {
}
