package strainlab.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import strainlab.nanobeam.net.ConvLayout;
import strainlab.nanobeam.net.NanobeamEnsemble;
import strainlab.nanobeam.net.NanobeamTrainingOptions;
import strainlab.nanobeam.sim.NanobeamLibrary;
import strainlab.nanobeam.sim.NanobeamSimulator;
import strainlab.nanobeam.sim.ParameterGrid;
import strainlab.training.Devices;

/** {@code bin/strainlab nanobeam train}: a NanobeamNN ensemble trained on the in-memory library (resumable). */
@Command(name = "train", customSynopsis = {
    "usage: bin/strainlab nanobeam train --out DIR [--grid 41] [--epochs 500] [--members 10] [--seed 1]",
    "         [--max-counts 7] [--lr 1e-4] [--batch 64] [--threads N] [--device auto|cpu|gpu]",
    "         [--checkpoint-every 5] [--sequential] [--conv auto|grouped|mixed|per-member]"}, description = {
    "Trains an ensemble (member m: weight seed S+m, noise seed S+m) on the in-memory library,",
    "80/10/10 split with seed 8, best-validation weights kept, into DIR/member-NN. All members",
    "train at once as one grouped network (data on the device, one line per epoch: member-mean",
    "MSEs, patterns/s); every N epochs the state goes to DIR/training-state.bin and the member",
    "folders, and re-running the same command after a kill resumes there. --sequential trains",
    "the members one after the other instead (same seeds and data; for comparison). --conv",
    "chooses how the members' convolutions run (speed only; auto: mixed on CPU, grouped on GPU)."})
final class NanobeamTrainCommand extends Picocli {
    @Option(names = "--out", paramLabel = "DIR", required = true, description = "the ensemble's folder")
    private Path dir;
    @Option(names = "--grid", paramLabel = "GRID", description = "library points per parameter (default 41)")
    private int grid = 41;
    @Option(names = "--epochs", paramLabel = "N", description = "epochs (default 500)")
    private int epochs = 500;
    @Option(names = "--members", paramLabel = "M", description = "ensemble members (default 10)")
    private int members = 10;
    @Option(names = "--seed", paramLabel = "S", description = "seed of member 0 (default 1)")
    private long seed = 1;
    @Option(names = "--max-counts", paramLabel = "C", description = "photons at the brightest pixel (default 7)")
    private double maxCounts = 7;
    @Option(names = "--lr", paramLabel = "X", description = "learning rate (default 1e-4)")
    private double lr = 1e-4;
    @Option(names = "--batch", paramLabel = "B", description = "mini-batch size (default 64)")
    private int batch = 64;
    @Option(names = "--threads", paramLabel = "N", description = "threads (default: all cores)")
    private int threads = Runtime.getRuntime().availableProcessors();
    @Option(names = "--device", paramLabel = "D", description = "auto (default), cpu or gpu")
    private String device = "auto";
    @Option(names = "--checkpoint-every", paramLabel = "N", description = "epochs between saved states (default 5)")
    private int checkpointEvery = NanobeamTrainingOptions.DEFAULT_CHECKPOINT_EVERY;
    @Option(names = "--sequential", description = "train the members one after the other")
    private boolean sequential;
    @Option(names = "--conv", paramLabel = "C", description = "auto (default), grouped, mixed or per-member")
    private String conv = "auto";

    @Override
    protected int call(PrintStream out) throws Exception {
        atLeast("--grid", grid, 2);
        atLeast("--threads", threads, 1);
        atLeast("--epochs", epochs, 1);
        atLeast("--batch", batch, 1);
        atLeast("--checkpoint-every", checkpointEvery, 1);
        atLeast("--members", members, 1);
        ConvLayout layout;
        try {
            layout = ConvLayout.parse(conv);
        } catch (IllegalArgumentException e) {
            throw new UsageException("--conv: " + e.getMessage());
        }
        NanobeamTrainingOptions opts = new NanobeamTrainingOptions(epochs, batch, lr, seed, seed, null,
                checkpointEvery, layout);
        Devices.select(device);
        long t0 = System.nanoTime();
        NanobeamLibrary lib = NanobeamLibrary.create(NanobeamSimulator.paper(), ParameterGrid.cube(grid), maxCounts,
                threads);
        out.printf(Locale.ROOT, "library %d^3 = %d patterns, maximum found in %.1f s%n", grid, lib.size(),
                (System.nanoTime() - t0) / 1e9);
        t0 = System.nanoTime();
        try (NanobeamEnsemble e = sequential
                ? NanobeamEnsemble.trainSequential(lib, members, opts, dir, device, threads, out::println)
                : NanobeamEnsemble.train(lib, members, opts, dir, device, threads, out::println)) {
            out.printf(Locale.ROOT, "trained %d member(s) into %s in %.1f min%n", e.size(), dir,
                    (System.nanoTime() - t0) / 60e9);
        }
        return 0;
    }
}
