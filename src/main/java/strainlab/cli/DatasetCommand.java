package strainlab.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import strainlab.dataset.DatasetSummary;
import strainlab.dataset.ShardedDataset;

/** {@code bin/strainlab dataset summary|verify DIR}: what a generated set holds, and whether it is intact. */
final class DatasetCommand implements Command {
    @Override
    public String name() {
        return "dataset";
    }

    @Override
    public String summary() {
        return "inspect a generated set: 'summary DIR' (label statistics), 'verify DIR' (checksums)";
    }

    @Override
    public String usage() {
        return """
                usage: bin/strainlab dataset summary DIR   manifest facts and per-label min, max, mean, std, count
                       bin/strainlab dataset verify DIR    check every shard's size, header and CRC-32C""";
    }

    @Override
    public int run(String[] args, PrintStream out) throws Exception {
        if (args.length == 0) {
            throw new UsageException("missing action (summary or verify)");
        }
        if (args.length != 2) {
            throw new UsageException(args.length == 1 ? "missing DIR" : "unexpected argument '" + args[2] + "'");
        }
        Path dir = Path.of(args[1]);
        switch (args[0]) {
            case "summary" -> {
                out.println(DatasetSummary.of(dir));
                return 0;
            }
            case "verify" -> {
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
            default -> throw new UsageException("unknown action '" + args[0] + "' (expected summary or verify)");
        }
    }
}
