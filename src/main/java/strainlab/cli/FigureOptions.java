package strainlab.cli;

import java.util.List;
import java.util.Map;
import strainlab.plot.Charts;
import strainlab.plot.FigureOutput;

/**
 * The {@code --figure-format F} and {@code --dpi N} options of the commands that write figures: formats png, svg
 * and pdf (a comma-separated list; default png) and the PNG resolution (default 72 dpi, one pixel per chart pixel).
 */
final class FigureOptions {
    private String formats = "png";
    private int dpi = Charts.SCREEN_DPI;

    /**
     * Reads {@code args[i]} when it is one of the two options, with its value; returns the index of the value, or
     * -1 when {@code args[i]} is another argument.
     */
    int take(String[] args, int i) throws UsageException {
        String a = args[i];
        if (!a.equals("--figure-format") && !a.equals("--dpi")) {
            return -1;
        }
        if (i + 1 >= args.length) {
            throw new UsageException(a + " needs a value");
        }
        String v = args[i + 1];
        if (a.equals("--figure-format")) {
            formats = v;
        } else {
            try {
                dpi = Integer.parseInt(v);
            } catch (NumberFormatException e) {
                throw new UsageException("--dpi: expected a whole number, got '" + v + "'");
            }
        }
        output();
        return i + 1;
    }

    /** The figure output of {@code --figure-format} and {@code --dpi} among parsed options (defaults if absent). */
    static FigureOutput of(Map<String, String> options) throws UsageException {
        FigureOptions f = new FigureOptions();
        for (String k : List.of("--figure-format", "--dpi")) {
            if (options.containsKey(k)) {
                f.take(new String[] {k, options.get(k)}, 0);
            }
        }
        return f.output();
    }

    /** The figure output of the options read. */
    FigureOutput output() throws UsageException {
        try {
            return FigureOutput.parse(formats, dpi);
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
    }
}
