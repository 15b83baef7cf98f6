package strainlab.cli;

import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * The registry of subcommands, in the order {@code --help} lists them. Add one line per subcommand. {@code bench}
 * comes from the benchmark source set ({@value #BENCH}) when it is on the class path; production code does not
 * depend on it.
 */
final class Commands {
    /** The {@code bench} subcommand's class, in src/bench/java. */
    static final String BENCH = "strainlab.bench.BenchCommand";

    private Commands() {
    }

    static List<Command> all() {
        return Stream.of(
                new InfoCommand(),
                new SimulateCommand(),
                bench(),
                new GenerateCommand(),
                new DatasetCommand(),
                new TrainCommand(),
                new ModelsCommand(),
                new PredictCommand(),
                new EvaluateCommand(),
                new CrossNoiseCommand(),
                new SizeStudyCommand(),
                new NanobeamCommand(),
                new AnalyzeCommand(),
                new RadmaxCommand(),
                new FiguresCommand()
        ).filter(Objects::nonNull).toList();
    }

    private static Command bench() {
        try {
            return (Command) Class.forName(BENCH).getDeclaredConstructor().newInstance();
        } catch (ClassNotFoundException e) {
            return null;
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(BENCH + " cannot be created", e);
        }
    }
}
