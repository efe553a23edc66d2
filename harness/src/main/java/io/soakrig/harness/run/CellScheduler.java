package io.soakrig.harness.run;

import io.soakrig.contract.cells.CellsIndex;
import io.soakrig.analysis.verdict.RunStatus;
import io.soakrig.contract.RunLayout;
import io.soakrig.harness.process.TargetStartException;
import io.soakrig.profile.Profile;
import io.soakrig.profile.ExperimentSpec.Cell;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Plays an experiment's cells one after another, each in its own directory under {@code cells/};
 * {@code cells.json} is rewritten after every cell, so a run stopped half-way keeps the cells it
 * finished. The first cell that does not complete ends the experiment.
 *
 * <p>Which stubs a cell plays against is the {@link Stubs} strategy's: the run's own, started once
 * ({@link #sharedStubs}), or stubs of the cell's own ({@link #freshStubsPerCell}) when the cells
 * change the stubs (memory settings, instance count) or an incident changes them as it plays.
 */
final class CellScheduler {
    /** Plays one cell against a stage. */
    interface CellPlay {
        RunStatus on(Stage stage) throws IOException, InterruptedException;
    }

    /** Where a cell's traffic goes: gives {@code play} the stage the cell is played on. */
    interface Stubs {
        RunStatus play(Cell cell, Path cellDir, CellPlay play) throws IOException, InterruptedException;
    }

    private final Profile profile;
    private final Path runDir;
    private final ProgressDisplay progress;
    private final TrafficPlayer player;
    private final Stubs stubs;

    CellScheduler(Profile profile, Path runDir, ProgressDisplay progress, TrafficPlayer player, Stubs stubs) {
        this.profile = profile;
        this.runDir = runDir;
        this.progress = progress;
        this.player = player;
        this.stubs = stubs;
    }

    /** Every cell plays against the same stage, whose stubs run from the first cell to the last. */
    static Stubs sharedStubs(Stage stage) {
        return (cell, cellDir, play) -> play.on(stage);
    }

    /**
     * Each cell plays against stubs started for it (with the cell's memory settings and instance
     * count) and stopped after it, so that no crash, restart back-off or memory carries over from
     * one cell to the next.
     */
    static Stubs freshStubsPerCell(Profile profile, TargetStartup startup, RunChildren children) {
        return (cell, cellDir, play) -> {
            Stage stage;
            try {
                stage = startup.start(profile.forCell(cell), cellDir);
            } catch (TargetStartException e) {
                return new RunStatus(RunStatus.State.FAILED, "cell " + cell.id() + ": " + e.getMessage());
            }
            try (stage) {
                RunStatus status = play.on(stage);
                stage.finalSample();
                return status;
            } finally {
                children.stop(stage.targets().topology());
                children.stop(stage.targets().containers());
            }
        };
    }

    /** Plays the cells in order; returns how the last one played ended. */
    RunStatus playAll() throws IOException, InterruptedException {
        List<CellsIndex.Played> played = new ArrayList<>();
        for (Cell cell : profile.experiment().cells()) {
            Path cellDir = Files.createDirectories(RunLayout.of(runDir).cell(cell.id()).root());
            RunStatus status = stubs.play(cell, cellDir, stage -> playCell(cell, cellDir, stage, played));
            if (status.state() != RunStatus.State.COMPLETED) {
                return status;
            }
        }
        return RunStatus.completed();
    }

    private RunStatus playCell(Cell cell, Path cellDir, Stage stage, List<CellsIndex.Played> played)
            throws IOException, InterruptedException {
        progress.message("[soakrig] cell " + cell.id() + ": " + describe(cell));
        long start = System.currentTimeMillis();
        TrafficPlayer.Played play = player.play(stage, cellDir, cell);
        Long incident = play.incidentAtMillis();
        played.add(new CellsIndex.Played(cell.id(), cell.retry(), cell.failure(), cell.memory(), cell.instances(),
                start, System.currentTimeMillis(), incident, incident == null ? null : profile.incident().targets(), cell.variant()));
        CellsIndex.write(RunLayout.of(runDir).cellsIndex(), played);
        return play.status();
    }

    private static String describe(Cell cell) {
        StringBuilder d = new StringBuilder(cell.variant() == null ? "" : "variant " + cell.variant() + ", ");
        d.append("retry policy ").append(cell.retry());
        if (cell.memory() != null) {
            d.append(", memory ").append(cell.memory());
        }
        if (cell.instances() != null) {
            d.append(", ").append(cell.instances()).append(" instance(s)");
        }
        if (cell.failure() != null) {
            d.append(", failure ").append(cell.failure());
        }
        return d.toString();
    }
}
