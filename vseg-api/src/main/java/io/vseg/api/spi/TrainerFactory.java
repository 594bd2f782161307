package io.vseg.api.spi;

/**
 * Creates {@link Trainer}s; listed by {@link Plugin#trainers()}. Its {@link #name()} is what {@code vseg train}
 * takes, usually the name of the component it trains (trainers have their own namespace, so
 * {@code dvsnet.confidence} may name both the scheduler and its trainer). Its defaults live in the plugin's
 * {@code reference.conf} at {@code vseg.trainers."<name>"}.
 */
public interface TrainerFactory extends ComponentFactory<Trainer> {
}
