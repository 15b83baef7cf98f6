package strainlab.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import strainlab.dataset.DatasetSummary;
import strainlab.dataset.ShardedDataset;

/** {@code bin/strainlab dataset summary|verify DIR}: what a generated set holds, and whether it is intact. */
@Command(name = "dataset",
        header = "inspect a generated set: 'summary DIR' (label statistics), 'verify DIR' (checksums)",
        customSynopsis = {
            "usage: bin/strainlab dataset summary DIR   manifest facts and per-label min, max, mean, std, count",
            "       bin/strainlab dataset verify DIR    check every shard's size, header and CRC-32C"})
final class DatasetCommand extends Picocli {
    @Parameters(index = "0", paramLabel = "ACTION", arity = "0..1", hidden = true)
    private String action;
    @Parameters(index = "1", paramLabel = "DIR", arity = "0..1", hidden = true)
    private Path dir;

    @Override
    protected int call(PrintStream out) throws Exception {
        if (action == null) {
            throw new UsageException("missing action (summary or verify)");
        }
        if (!action.equals("summary") && !action.equals("verify")) {
            throw new UsageException("unknown action '" + action + "' (expected summary or verify)");
        }
        if (dir == null) {
            throw new UsageException("missing DIR");
        }
        if (action.equals("summary")) {
            out.println(DatasetSummary.of(dir));
            return 0;
        }
        long t0 = System.nanoTime();
        List<ShardedDataset.ShardCheck> checks = ShardedDataset.checkFolder(dir);
        long bad = 0;
        for (ShardedDataset.ShardCheck c : checks) {
            out.println(c.file() + "  " + (c.ok() ? "ok" : "FAILED: " + c.problem()));
            bad += c.ok() ? 0 : 1;
        }
        out.printf(Locale.ROOT, "%d of %d shards ok (%.1f s)%s%n", checks.size() - bad, checks.size(),
                (System.nanoTime() - t0) / 1e9, bad == 0 ? "" : "; " + dir + " is damaged or incomplete");
        return bad == 0 ? 0 : 1;
    }
}
