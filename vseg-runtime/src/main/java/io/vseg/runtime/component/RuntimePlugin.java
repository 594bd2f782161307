package io.vseg.runtime.component;

import io.vseg.api.spi.ExtractorFactory;
import io.vseg.api.spi.FlowEstimatorFactory;
import io.vseg.api.spi.FuserFactory;
import io.vseg.api.spi.Plugin;
import io.vseg.api.spi.PropagatorFactory;
import io.vseg.api.spi.SchedulerFactory;
import io.vseg.runtime.engine.OnnxExtractor;
import io.vseg.runtime.engine.OpenCvDnnExtractor;
import io.vseg.runtime.flow.DisFlowEstimator;
import io.vseg.runtime.flow.FarnebackFlowEstimator;
import java.util.List;

/** The runtime's own components, registered like any plugin's so that nothing is special-cased. */
public final class RuntimePlugin implements Plugin {

    @Override
    public String name() {
        return "runtime";
    }

    @Override
    public List<ExtractorFactory> extractors() {
        return List.of(new OpenCvDnnExtractor.Factory(), new OnnxExtractor.Factory());
    }

    @Override
    public List<FlowEstimatorFactory> flowEstimators() {
        return List.of(new DisFlowEstimator.Factory(), new FarnebackFlowEstimator.Factory());
    }

    @Override
    public List<SchedulerFactory> schedulers() {
        return List.of(new EveryFrameScheduler.Factory());
    }

    @Override
    public List<PropagatorFactory> propagators() {
        return List.of(new CopyPropagator.Factory());
    }

    @Override
    public List<FuserFactory> fusers() {
        return List.of(new NoneFuser.Factory(), new ChainFuser.Factory());
    }
}
