package io.derrick.hub.equipment.rul;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * NASA C-MAPSS FD001 (src/test/resources/cmapss, see its README): the pipeline with its defaults trains on the 100
 * training engines (the algorithm chosen by cross-validation over them alone), predicts the last cycle of the 100
 * test engines and is scored against RUL_FD001.txt. Reached: RMSE 11.72, PHM08 score 215 (published: DCNN 12.61 /
 * 274, MS-DCNN 11.44 / 196). Asserted with a margin, so a change that loses accuracy fails here.
 */
class CmapssEvaluationTest {
    @Test
    void fd001BeatsTheDcnnFigures() throws Exception {
        Path dir = Path.of(getClass().getResource("/cmapss/train_FD001.txt").toURI()).getParent();
        RulCommand.Evaluation r = RulCommand.evaluate(dir.resolve("train_FD001.txt"), dir.resolve("test_FD001.txt"),
                dir.resolve("RUL_FD001.txt"), RulTrainer.Options.defaults(), m -> { });
        System.out.println("C-MAPSS FD001\n" + r.summary());
        assertThat(r.testUnits()).isEqualTo(100);
        assertThat(r.conditions()).isEqualTo(1);
        assertThat(r.rmse()).isLessThanOrEqualTo(12.2);
        assertThat(r.score()).isLessThanOrEqualTo(235);
    }
}
