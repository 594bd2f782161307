package io.vseg.api.spi;

/** Creates {@link FeatureExtractor}s; listed by {@link Plugin#extractors()}. */
public interface ExtractorFactory extends ComponentFactory<FeatureExtractor> {
}
