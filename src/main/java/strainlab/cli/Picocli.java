package strainlab.cli;

import java.io.PrintStream;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;
import picocli.CommandLine.Model.UsageMessageSpec;
import strainlab.crystal.Hkl;
import strainlab.crystal.Materials;
import strainlab.io.ScanAxis;

/**
 * A subcommand whose arguments are picocli annotations on its fields: {@code @Command} carries the name, the
 * one-line summary ({@code header}), the synopsis ({@code customSynopsis}) and closing notes ({@code footer});
 * {@code @Option} and {@code @Parameters} the arguments and their help. Bad arguments become
 * {@link UsageException}s worded alike for every command: {@code unknown option '--x'},
 * {@code unexpected argument 'x'}, {@code --x needs a value}, {@code --x given twice}, {@code missing --x},
 * {@code --x must be an integer, got 'v'}, {@code --x must be a number, got 'v'}. Integers may hold underscores
 * ({@code 1_500_000}). A converter of this class refuses a value with a {@link UsageException} whose message
 * follows the option's name, e.g. {@code " must be a positive number, got 'v'"}.
 */
public abstract class Picocli implements Command {
    /** Runs the subcommand once its fields hold the parsed arguments; returns the exit code. */
    protected abstract int call(PrintStream out) throws Exception;

    @Override
    public String name() {
        return line().getCommandName();
    }

    @Override
    public String summary() {
        return line().getCommandSpec().usageMessage().header()[0];
    }

    @Override
    public String usage() {
        return usage(line());
    }

    /** Parses {@code args} into a fresh instance of this command (picocli's defaults are its initial values). */
    @Override
    public int run(String[] args, PrintStream out) throws Exception {
        Picocli fresh = getClass().getDeclaredConstructor().newInstance();
        parse(line(fresh), args);
        return fresh.call(out);
    }

    /** The usage text of a picocli command: synopsis, description, arguments, options and footer (no header). */
    public static String usage(CommandLine line) {
        List<String> keys = new java.util.ArrayList<>(line.getHelpSectionKeys());
        keys.removeAll(List.of(UsageMessageSpec.SECTION_KEY_HEADER_HEADING, UsageMessageSpec.SECTION_KEY_HEADER));
        line.setHelpSectionKeys(keys);
        return line.getUsageMessage(CommandLine.Help.Ansi.OFF).stripTrailing();
    }

    /** A command line for {@code command} with this project's settings. */
    public static CommandLine line(Object command) {
        CommandLine line = new CommandLine(command);
        line.setSeparator(" ");
        line.setUnmatchedArgumentsAllowed(true);
        line.setUsageHelpWidth(120);
        line.setUsageHelpLongOptionsMaxWidth(30);
        line.registerConverter(Long.class, Picocli::integer);
        line.registerConverter(long.class, Picocli::integer);
        line.registerConverter(Integer.class, Picocli::intValue);
        line.registerConverter(int.class, Picocli::intValue);
        line.registerConverter(Hkl.class, Picocli::hkl);
        line.registerConverter(ScanAxis.class, Picocli::axis);
        java.util.stream.Stream.concat(java.util.stream.Stream.of(line), line.getSubcommands().values().stream())
                .forEach(c -> c.getCommandSpec().usageMessage().sortOptions(false).synopsisHeading(""));
        return line;
    }

    private CommandLine line() {
        return line(this);
    }

    /** Parses {@code args} into {@code line}'s command (and subcommand); an unknown argument is told first. */
    public static CommandLine.ParseResult parse(CommandLine line, String[] args) throws UsageException {
        CommandLine.ParseResult result;
        try {
            result = line.parseArgs(args);
        } catch (CommandLine.ParameterException e) {
            rejectUnmatched(e.getCommandLine());
            throw new UsageException(message(e));
        }
        rejectUnmatched(line);
        if (result.subcommand() != null) {
            rejectUnmatched(result.subcommand().commandSpec().commandLine());
        }
        return result;
    }

    private static void rejectUnmatched(CommandLine line) throws UsageException {
        if (!line.getUnmatchedArguments().isEmpty()) {
            String a = line.getUnmatchedArguments().get(0);
            boolean hasOptions = !line.getCommandSpec().options().isEmpty();
            throw new UsageException((a.startsWith("-") && hasOptions ? "unknown option '" : "unexpected argument '")
                    + a + "'");
        }
    }

    /** At least {@code min}, else a usage error naming the option. */
    static long atLeast(String option, long value, long min) throws UsageException {
        if (value < min) {
            throw new UsageException(option + " must be ≥ " + min + ", got " + value);
        }
        return value;
    }

    /** Finite and > 0, else a usage error naming the option. */
    static double positive(String option, double value) throws UsageException {
        if (!(value > 0) || !Double.isFinite(value)) {
            throw new UsageException(option + " must be finite and > 0, got '" + value + "'");
        }
        return value;
    }

    /** Finite and ≥ 0, else a usage error naming the option. */
    static double nonNegative(String option, double value) throws UsageException {
        if (!(value >= 0) || !Double.isFinite(value)) {
            throw new UsageException(option + " must be finite and ≥ 0, got '" + value + "'");
        }
        return value;
    }

    /** {@code name} when it is null or a known material, else a usage error listing the known ones. */
    static String material(String name) throws UsageException {
        if (name != null && Materials.find(name).isEmpty()) {
            throw new UsageException("unknown material '" + name + "'; known: " + String.join(", ", Materials.names()));
        }
        return name;
    }

    /** A finite number > 0. */
    static final class PositiveNumber implements CommandLine.ITypeConverter<Double> {
        @Override
        public Double convert(String v) throws UsageException {
            try {
                double d = Double.parseDouble(v);
                if (d > 0 && Double.isFinite(d)) {
                    return d;
                }
            } catch (NumberFormatException ignored) {
                // refused below
            }
            throw new UsageException(" must be a positive number, got '" + v + "'");
        }
    }

    /** Miller indices written H,K,L, e.g. {@code 4,0,0}. */
    private static Hkl hkl(String v) throws UsageException {
        String[] f = v.split(",");
        if (f.length != 3) {
            throw new UsageException(" must be H,K,L (e.g. 4,0,0), got '" + v + "'");
        }
        try {
            return new Hkl(Integer.parseInt(f[0].trim()), Integer.parseInt(f[1].trim()),
                    Integer.parseInt(f[2].trim()));
        } catch (NumberFormatException e) {
            throw new UsageException(" must be three integers, got '" + v + "'");
        }
    }

    /** The abscissa of a text scan ({@link ScanAxis#parse}). */
    private static ScanAxis axis(String v) throws UsageException {
        try {
            return ScanAxis.parse(v);
        } catch (IllegalArgumentException e) {
            throw new UsageException(": " + e.getMessage());
        }
    }

    private static long integer(String v) {
        try {
            return Long.parseLong(v.trim().replace("_", ""));
        } catch (NumberFormatException e) {
            throw new CommandLine.TypeConversionException(v);
        }
    }

    private static int intValue(String v) {
        long x = integer(v);
        if (x != (int) x) {
            throw new CommandLine.TypeConversionException(v);
        }
        return (int) x;
    }

    /** The project's wording of a picocli parse error. */
    private static String message(CommandLine.ParameterException e) {
        if (e.getCause() instanceof UsageException u && e.getArgSpec() != null) {
            return name(e.getArgSpec()) + u.getMessage();
        }
        if (e instanceof CommandLine.OverwrittenOptionException o) {
            return name(o.getOverwritten()) + " given twice";
        }
        if (e instanceof CommandLine.MissingParameterException m) {
            if (e.getMessage().startsWith("Missing required")
                    && !e.getMessage().startsWith("Missing required parameter for option")) {
                return "missing " + String.join(", ", m.getMissing().stream().map(Picocli::name).toList());
            }
            return name(e.getArgSpec() != null ? e.getArgSpec() : m.getMissing().get(0)) + " needs a value";
        }
        ArgSpec spec = e.getArgSpec();
        String value = e.getValue();
        if (spec != null && value != null) {
            Class<?> type = spec.type().isArray() ? spec.type().getComponentType()
                    : spec.auxiliaryTypes().length > 0 ? spec.auxiliaryTypes()[0] : spec.type();
            boolean integral = type == int.class || type == long.class || type == Integer.class || type == Long.class;
            boolean decimal = type == double.class || type == Double.class;
            if (integral || decimal) {
                return name(spec) + " must be " + (integral ? "an integer" : "a number") + ", got '" + value + "'";
            }
        }
        return e.getMessage();
    }

    private static String name(ArgSpec spec) {
        if (spec instanceof OptionSpec o) {
            return o.longestName();
        }
        return spec instanceof PositionalParamSpec p ? p.paramLabel() : String.valueOf(spec);
    }
}
