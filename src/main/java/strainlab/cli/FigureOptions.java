package strainlab.cli;

import picocli.CommandLine.Option;
import strainlab.plot.Charts;
import strainlab.plot.FigureOutput;

/**
 * The {@code --figure-format F} and {@code --dpi N} options of the commands that write figures (a picocli mixin):
 * formats png, svg and pdf (a comma-separated list; default png) and the PNG resolution (default 72 dpi, one pixel
 * per chart pixel).
 */
final class FigureOptions {
    @Option(names = "--figure-format", paramLabel = "F",
            description = "figures as png, svg, pdf or a comma-separated list (default png)")
    private String formats = "png";
    @Option(names = "--dpi", paramLabel = "N",
            description = "PNG resolution in dots per inch (default 72: one pixel per chart pixel)")
    private int dpi = Charts.SCREEN_DPI;

    /** The figure output of the options given. */
    FigureOutput output() throws UsageException {
        try {
            return FigureOutput.parse(formats, dpi);
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
    }
}
