package io.vseg.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class RegionTest {

    @Test
    void gridCellsWithoutOverlapTileTheFrameExactly() {
        int w = 854;
        int h = 480;
        List<Region> cells = Region.grid(w, h, 2, 2, 0);
        int[] cover = new int[w * h];
        for (Region r : cells) {
            for (int y = r.y(); y < r.bottom(); y++) {
                for (int x = r.x(); x < r.right(); x++) {
                    cover[y * w + x]++;
                }
            }
        }
        assertThat(cover).containsOnly(1);
    }

    @Test
    void overlapGrowsInnerEdgesOnlyAndStaysInsideTheFrame() {
        List<Region> cells = Region.grid(854, 480, 2, 2, 64);
        assertThat(cells.get(0)).isEqualTo(new Region(0, 0, 427 + 64, 240 + 64));
        assertThat(cells.get(3)).isEqualTo(new Region(427 - 64, 240 - 64, 427 + 64, 240 + 64));
        assertThat(cells).allSatisfy(r -> {
            assertThat(r.right()).isLessThanOrEqualTo(854);
            assertThat(r.bottom()).isLessThanOrEqualTo(480);
        });
    }

    @Test
    void theSegmentedAreaOfARegionsPlanIsTheUnionOfItsKeyRegions() {
        // Two key regions of a 10x10 frame overlapping on a 2x4 strip, and one propagated region.
        Plan.Regions plan = new Plan.Regions(List.of(
                new Plan.RegionPlan(new Region(0, 0, 6, 4), Plan.fullKey(), 1),
                new Plan.RegionPlan(new Region(4, 0, 6, 4), Plan.fullKey(), 1),
                new Plan.RegionPlan(new Region(0, 4, 10, 6), Plan.propagate(), 0.9)));
        assertThat(plan.keyArea(10, 10)).isEqualTo(0.4);
        assertThat(plan.keyShare()).isEqualTo(2 / 3.0);
        assertThat(new Plan.Regions(List.of(new Plan.RegionPlan(new Region(0, 0, 10, 10), Plan.propagate(), 1)))
                .keyArea(10, 10)).isZero();
    }
}
