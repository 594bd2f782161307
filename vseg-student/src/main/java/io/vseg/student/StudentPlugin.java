package io.vseg.student;

import io.vseg.api.spi.ExtractorFactory;
import io.vseg.api.spi.Plugin;
import io.vseg.api.spi.TrainerFactory;
import java.util.List;

/**
 * vseg's staged student network: the {@code djl} extractor that runs a trained one stage by stage, and the
 * {@code distill} trainer that makes one from any pipeline's per-frame model.
 */
public final class StudentPlugin implements Plugin {

    @Override
    public String name() {
        return "student";
    }

    @Override
    public List<ExtractorFactory> extractors() {
        return List.of(new DjlExtractor.Factory());
    }

    @Override
    public List<TrainerFactory> trainers() {
        return List.of(new DistillTrainer.Factory());
    }
}
