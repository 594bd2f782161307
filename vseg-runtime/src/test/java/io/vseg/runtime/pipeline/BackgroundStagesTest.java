package io.vseg.runtime.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vseg.api.ClassSet;
import io.vseg.api.Features;
import io.vseg.api.FrameResult;
import io.vseg.api.Image;
import io.vseg.api.Plan;
import io.vseg.api.spi.FeatureExtractor;
import io.vseg.api.spi.Scheduler;
import io.vseg.runtime.component.CopyPropagator;
import io.vseg.runtime.component.NoneFuser;
import io.vseg.runtime.pipeline.PipelineTest.CountingFlow;
import io.vseg.runtime.pipeline.PipelineTest.RedExtractor;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * The deferred stages of pipelined plans, computed on a background thread by a copy of the extractor: a job still
 * pending when the sequence is reset, and a job that fails.
 */
class BackgroundStagesTest {
    /** Frame 0 of a sequence is a full key; every later frame a pipelined key deferring stage1. */
    private static final Scheduler PIPELINED = ctx -> ctx.frame().index() == 0 ? Plan.fullKey()
            : Plan.pipelined(Set.of(Features.LOGITS), Set.of("stage1"));

    private static Pipeline pipeline(Scheduler scheduler, Supplier<FeatureExtractor> copies) {
        return new Pipeline(new RedExtractor(), new CountingFlow(), scheduler, new CopyPropagator(), new NoneFuser(),
                Map.of(), copies);
    }

    /** A copy of the red extractor that runs {@code before} first on every extraction. */
    private static FeatureExtractor copy(Runnable before) {
        RedExtractor red = new RedExtractor();
        return new FeatureExtractor() {
            @Override
            public List<String> stages() {
                return red.stages();
            }

            @Override
            public ClassSet classes() {
                return red.classes();
            }

            @Override
            public Features extract(Image image, Set<String> stages, Features cached) {
                before.run();
                return red.extract(image, stages, cached);
            }
        };
    }

    @Test
    void resetDropsTheJobInFlightAndWaitsForIt() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AtomicBoolean finished = new AtomicBoolean();
        AtomicBoolean firstJob = new AtomicBoolean(true);
        try (Pipeline p = pipeline(PIPELINED, () -> copy(() -> {
            if (firstJob.getAndSet(false)) {
                started.countDown();
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                finished.set(true);
            }
        }))) {
            // Sequence A: its frame 1 is bright, and its stage1 goes to the background, where it waits.
            p.process(PipelineTest.frame(0, 4, 4, 0));
            p.process(PipelineTest.frame(1, 4, 4, 255));
            started.await();
            Thread main = Thread.currentThread();
            Thread releaser = new Thread(() -> {
                // Let the job go once reset waits for it (or, were reset not to wait, after a while).
                for (int i = 0; i < 5000 && main.getState() != Thread.State.WAITING; i++) {
                    try {
                        Thread.sleep(1);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
                release.countDown();
            });
            releaser.start();
            p.reset();
            assertThat(finished).as("reset returns once the background copy is idle").isTrue();
            releaser.join();

            // Sequence B, dark: its frame 1's head runs on B's frame 0, not on A's bright frame 1 from the background.
            FrameResult b0 = p.process(PipelineTest.frame(0, 4, 4, 0));
            FrameResult b1 = p.process(PipelineTest.frame(1, 4, 4, 0));
            FrameResult b2 = p.process(PipelineTest.frame(2, 4, 4, 255));
            FrameResult b3 = p.process(PipelineTest.frame(3, 4, 4, 0));
            assertThat(List.of(b0, b1, b2, b3)).extracting(r -> r.segmentation().count(1)).containsExactly(0, 0, 0, 16);
        }
    }

    @Test
    void aFailedJobFailsTheFrameThatWaitsForItNamingTheExtractor() {
        try (Pipeline p = pipeline(PIPELINED, () -> copy(() -> {
            throw new IllegalStateException("no memory for stage1");
        }))) {
            p.process(PipelineTest.frame(0, 4, 4, 255));
            // Frame 1 hands its stage1 to the background, where it fails; frame 1 itself is done.
            assertThat(p.process(PipelineTest.frame(1, 4, 4, 255)).segmentation().count(1)).isEqualTo(16);
            assertThatThrownBy(() -> p.process(PipelineTest.frame(2, 4, 4, 255)))
                    .isInstanceOf(FrameException.class)
                    .hasMessage("frame 2: extractor: IllegalStateException: no memory for stage1");
        }
    }

    @Test
    void aFailedJobThatAFullKeyDiscardsFailsNoFrame() {
        AtomicBoolean failed = new AtomicBoolean();
        Scheduler keyAtTwo = ctx -> ctx.frame().index() == 0 || ctx.frame().index() == 2 ? Plan.fullKey()
                : Plan.pipelined(Set.of(Features.LOGITS), Set.of("stage1"));
        try (Pipeline p = pipeline(keyAtTwo, () -> copy(() -> {
            failed.set(true);
            throw new IllegalStateException("no memory for stage1");
        }))) {
            p.process(PipelineTest.frame(0, 4, 4, 0));
            p.process(PipelineTest.frame(1, 4, 4, 0));
            // Frame 2 is a full key: frame 1's deferred stage1 is not needed, and its failure is dropped.
            assertThat(p.process(PipelineTest.frame(2, 4, 4, 255)).segmentation().count(1)).isEqualTo(16);
            assertThat(failed).isTrue();
            // Frame 3's head runs on frame 2's stage1.
            assertThat(p.process(PipelineTest.frame(3, 4, 4, 0)).segmentation().count(1)).isEqualTo(16);
        }
    }

    @Test
    void anErrorInTheBackgroundIsReportedAsTheBackgroundStagesFailure() {
        try (Pipeline p = pipeline(PIPELINED, () -> copy(() -> {
            throw new OutOfMemoryError("Java heap space");
        }))) {
            p.process(PipelineTest.frame(0, 4, 4, 0));
            p.process(PipelineTest.frame(1, 4, 4, 0));
            assertThatThrownBy(() -> p.process(PipelineTest.frame(2, 4, 4, 0)))
                    .isInstanceOf(FrameException.class).hasMessageStartingWith("frame 2: extractor: ")
                    .hasMessageContaining("background stages failed").hasMessageContaining("Java heap space");
        }
    }
}
