package io.vseg.runtime.ablation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.vseg.runtime.config.ConfigProblem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Curves of a grid read at a reference variant's cost, on made-up rows whose figures are known. */
class BudgetMatchTest {

    @TempDir
    Path dir;

    private Study study(String compare) throws Exception {
        Path file = dir.resolve("study.conf");
        Files.writeString(file, """
                study {
                  pipeline = base.conf
                  dataset { path = data }
                  plot-x = segmented_area
                  variants = [ { name = fixed, set { "vseg.pipeline.scheduler.interval" = 5 } } ]
                  grid {
                    "vseg.pipeline.scheduler.threshold" = [0.8, 0.9, 0.95]
                    "vseg.pipeline.scheduler.model" = [good, narrow]
                  }
                  %s
                }
                """.formatted(compare));
        return Study.read(file);
    }

    /**
     * The fixed variant segments 0.2 of the area at agreement 0.80. Model "good" spans areas 0.1..0.3 with
     * agreement rising 0.70 -> 0.90 -> 0.95; model "narrow" only reaches areas 0.25..0.35.
     */
    private static List<ResultRow> rows(Study study) {
        Map<String, double[]> figures = Map.of(
                "fixed", new double[] {0.2, 0.80},
                "threshold=0.8,model=good", new double[] {0.1, 0.70},
                "threshold=0.9,model=good", new double[] {0.3, 0.90},
                "threshold=0.95,model=good", new double[] {0.4, 0.95},
                "threshold=0.8,model=narrow", new double[] {0.25, 0.85},
                "threshold=0.9,model=narrow", new double[] {0.3, 0.86},
                "threshold=0.95,model=narrow", new double[] {0.35, 0.9});
        List<ResultRow> rows = new ArrayList<>();
        for (Variant v : study.variants()) {
            double[] f = figures.entrySet().stream()
                    .filter(e -> List.of(e.getKey().split(",")).containsAll(List.of(v.name().split(","))))
                    .findFirst().orElseThrow().getValue();
            rows.add(new ResultRow(v.name(), true, "", Map.of("segmented_area", f[0], "agreement", f[1])));
        }
        return rows;
    }

    @Test
    void eachCurveIsInterpolatedAtTheReferencesCostAndNothingIsExtrapolated() throws Exception {
        Study study = study("compare { reference = fixed, along = \"vseg.pipeline.scheduler.threshold\" }");
        BudgetMatch.Matched matched = BudgetMatch.match(study, rows(study)).orElseThrow();
        List<BudgetMatch.Curve> curves = matched.curves();

        assertThat(curves).extracting(BudgetMatch.Curve::curve).containsExactlyInAnyOrder("model=good", "model=narrow");
        BudgetMatch.Curve good = curves.stream().filter(c -> c.curve().equals("model=good")).findFirst().orElseThrow();
        // Halfway between (0.1, 0.70) and (0.3, 0.90).
        assertThat(good.y()).isCloseTo(0.80, within(1e-9));
        assertThat(good.difference()).isCloseTo(0.0, within(1e-9));
        assertThat(good.lower()).isEqualTo("threshold=0.8 (0.100)");
        assertThat(good.upper()).isEqualTo("threshold=0.9 (0.300)");
        BudgetMatch.Curve narrow = curves.stream().filter(c -> c.curve().equals("model=narrow")).findFirst()
                .orElseThrow();
        assertThat(narrow.reached()).isFalse();
        assertThat(narrow.lower()).isEmpty();

        String md = BudgetMatch.markdown(study, matched);
        assertThat(md).contains("## At fixed's segmented_area (0.200)")
                .contains("| model=good | 0.8000 | +0.0000 |")
                .contains("| model=narrow | not reached | - |");
        assertThat(BudgetMatch.csv(study, matched).lines())
                .contains("curve,reference,segmented_area,agreement,difference,below,above")
                .contains("model=good,fixed,0.2000,0.8000,0.0000,threshold=0.8 (0.100),threshold=0.9 (0.300)");
    }

    @Test
    void pointsAtTheSameCostCountAsOneAtTheirMean() throws Exception {
        Study study = study("compare { reference = fixed, along = \"vseg.pipeline.scheduler.threshold\" }");
        List<ResultRow> rows = new ArrayList<>();
        for (Variant v : study.variants()) {
            double[] f = switch (v.name()) {
                case "fixed" -> new double[] {0.2, 0.80};
                case "threshold=0.8,model=good", "model=good,threshold=0.8" -> new double[] {0.2, 0.84};
                case "threshold=0.9,model=good", "model=good,threshold=0.9" -> new double[] {0.2, 0.82};
                default -> new double[] {0.3, 0.9};
            };
            rows.add(new ResultRow(v.name(), true, "", Map.of("segmented_area", f[0], "agreement", f[1])));
        }
        BudgetMatch.Curve good = BudgetMatch.match(study, rows).orElseThrow().curves().stream()
                .filter(c -> c.curve().equals("model=good")).findFirst().orElseThrow();
        assertThat(good.y()).isCloseTo(0.83, within(1e-9));
        assertThat(good.lower()).isEqualTo("threshold=0.8 & threshold=0.9 (0.200)").isEqualTo(good.upper());
    }

    @Test
    void aStudyWithoutCompareOrWithAFailedReferenceComparesNothing() throws Exception {
        Study plain = study("");
        assertThat(BudgetMatch.match(plain, rows(plain))).isEmpty();

        Study study = study("compare { reference = fixed, along = \"vseg.pipeline.scheduler.threshold\" }");
        List<ResultRow> rows = new ArrayList<>(rows(study));
        rows.set(0, ResultRow.failed("fixed", "broke"));
        assertThat(BudgetMatch.match(study, rows)).isEmpty();
    }

    @Test
    void compareMustNameAVariantAndAGridKey() {
        assertThatThrownBy(() -> study("compare { reference = dff, along = \"vseg.pipeline.scheduler.threshold\" }"))
                .isInstanceOf(ConfigProblem.class)
                .hasMessageContaining("study.conf: study.compare.reference: no variant is named 'dff'");
        assertThatThrownBy(() -> study("compare { reference = fixed, along = \"vseg.pipeline.scheduler.interval\" }"))
                .isInstanceOf(ConfigProblem.class)
                .hasMessageContaining(
                        "study.compare.along: 'vseg.pipeline.scheduler.interval' is not a key of study.grid");
    }
}
