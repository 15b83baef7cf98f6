package strainlab.cli;

import java.util.List;

/** The registry of subcommands, in the order {@code --help} lists them. Add one line per subcommand. */
final class Commands {
    private Commands() {
    }

    static List<Command> all() {
        return List.of(
                new InfoCommand(),
                new SimulateCommand(),
                new BenchCommand(),
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
                new FiguresCommand()
        );
    }
}
