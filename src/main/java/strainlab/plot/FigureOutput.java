package strainlab.plot;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * How a command writes its figures: one file per format (png, svg, pdf) and the PNG resolution. The default is PNG
 * at 72 dpi, the charts' own pixel size.
 *
 * @param formats file formats, each one of {@link Charts#FORMATS}
 * @param dpi PNG resolution in dots per inch
 */
public record FigureOutput(List<String> formats, int dpi) {
    /** PNG at 72 dpi. */
    public static final FigureOutput DEFAULT = new FigureOutput(List.of("png"), Charts.SCREEN_DPI);

    public FigureOutput {
        if (formats == null || formats.isEmpty()) {
            throw new IllegalArgumentException("formats: at least one of " + Charts.FORMATS);
        }
        formats = formats.stream().map(f -> f.trim().toLowerCase(Locale.ROOT)).distinct().toList();
        for (String f : formats) {
            if (!Charts.FORMATS.contains(f)) {
                throw new IllegalArgumentException("figure format '" + f + "': expected one of " + Charts.FORMATS);
            }
        }
        Charts.scale(dpi);
    }

    /** Formats from a comma-separated list such as "png,pdf", at {@code dpi}. */
    public static FigureOutput parse(String formats, int dpi) {
        return new FigureOutput(List.of(formats.split(",")), dpi);
    }

    /** Writes {@code dir/base.<format>} for every format; returns the files. */
    public List<Path> save(Figure figure, Path dir, String base) throws IOException {
        List<Path> out = new ArrayList<>();
        for (String f : formats) {
            out.add(Charts.save(figure, dir.resolve(base + "." + f), dpi));
        }
        return out;
    }

    /** The file of the first format, {@code dir/base.<format>} (e.g. to name in a report). */
    public Path first(Path dir, String base) {
        return dir.resolve(base + "." + formats.get(0));
    }

    /** File names of the figures {@code bases} in every format, then the {@code data} file names. */
    public List<String> fileNames(List<String> bases, String... data) {
        List<String> out = new ArrayList<>();
        for (String b : bases) {
            for (String f : formats) {
                out.add(b + "." + f);
            }
        }
        out.addAll(List.of(data));
        return List.copyOf(out);
    }
}
