package strainlab.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a two-column text scan: abscissa (2θ, θ or Q) and intensity, one point per line.
 *
 * <ul>
 *   <li>Columns are separated by whitespace (spaces, tabs) or by commas, the same on every line.</li>
 *   <li>Lines starting with {@code #} or {@code ;} are comments; text after {@code #} on a data line is
 *       ignored. Blank lines are skipped. Windows (CRLF) line ends and a UTF-8 BOM are accepted.</li>
 *   <li>Non-numeric lines before the first data line are headers. A header's first column name can give
 *       the unit ({@code 2theta}, {@code theta}, {@code omega}, {@code q}, {@code q_nm}); a comment or header
 *       {@code axis = 2theta} or {@code wavelength = 1.5406} (Å) is also understood.</li>
 *   <li>Abscissae must increase strictly; intensities must be finite and ≥ 0; at least 3 points.</li>
 * </ul>
 * Every violation is a {@link ScanFormatException} naming the file, the line and the problem.
 */
public final class TextScanReader {
    private static final Pattern NUMBER = Pattern.compile("[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?");
    private static final Pattern NOT_FINITE = Pattern.compile("[+-]?(nan|inf|infinity)", Pattern.CASE_INSENSITIVE);
    private static final Pattern KEY_VALUE = Pattern.compile(
            "^\\s*(axis|unit|x_unit|wavelength|wavelength_a|lambda)\\s*[=:]\\s*(\\S+)", Pattern.CASE_INSENSITIVE);

    private TextScanReader() {
    }

    /** Reads a scan whose unit is given by its header, or 2θ in degrees when the file does not say. */
    public static MeasuredScan read(Path path) throws IOException {
        return read(path, null);
    }

    /**
     * Reads a scan in the given unit.
     *
     * @param axis the abscissa unit, or null to take it from the header (default 2θ in degrees)
     * @throws ScanFormatException when the file is malformed, or its header names a different unit
     */
    public static MeasuredScan read(Path path, ScanAxis axis) throws IOException {
        String name = ScanFormatException.name(path);
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(path);
        } catch (NoSuchFileException e) {
            throw new ScanFormatException(path.toString(), "", "no such file", e);
        }
        return parse(name, decode(bytes), axis);
    }

    /**
     * Parses text already in memory (the file name is used in messages only).
     *
     * @param axis the abscissa unit, or null to take it from the header (default 2θ in degrees)
     */
    public static MeasuredScan parse(String name, String text, ScanAxis axis) throws ScanFormatException {
        if (text.startsWith("\uFEFF")) {
            text = text.substring(1);
        }
        String[] lines = text.split("\r\n|\r|\n", -1);
        if (text.isBlank()) {
            throw new ScanFormatException(name, "", "file is empty");
        }
        ScanAxis headerAxis = null;
        int headerAxisLine = 0;
        double wavelength = Double.NaN;
        Boolean commaSeparated = null;
        int separatorLine = 0;
        List<double[]> points = new ArrayList<>();
        int[] lineOf = new int[lines.length];
        int lastDataLine = 0;
        for (int i = 0; i < lines.length; i++) {
            int lineNo = i + 1;
            String raw = lines[i];
            String trimmed = raw.strip();
            if (trimmed.isEmpty()) {
                continue;
            }
            boolean comment = trimmed.startsWith("#") || trimmed.startsWith(";");
            Matcher kv = KEY_VALUE.matcher(comment ? trimmed.substring(1) : trimmed);
            if ((comment || points.isEmpty()) && kv.find()) {
                String key = kv.group(1).toLowerCase(Locale.ROOT);
                String value = kv.group(2);
                if (key.startsWith("wavelength") || key.equals("lambda")) {
                    wavelength = parseWavelength(name, lineNo, value);
                } else {
                    headerAxis = parseAxis(name, lineNo, value);
                    headerAxisLine = lineNo;
                }
                continue;
            }
            if (comment) {
                continue;
            }
            int hash = trimmed.indexOf('#');
            String content = (hash >= 0 ? trimmed.substring(0, hash) : trimmed).strip();
            if (content.isEmpty()) {
                continue;
            }
            boolean hasComma = content.indexOf(',') >= 0;
            String[] fields = hasComma ? content.split(",", -1) : content.split("\\s+");
            String first = fields[0].strip();
            boolean numericStart = NUMBER.matcher(first).matches() || NOT_FINITE.matcher(first).matches();
            if (!numericStart) {
                if (points.isEmpty()) {
                    ScanAxis h = axisFromColumnName(first);
                    if (h != null) {
                        headerAxis = h;
                        headerAxisLine = lineNo;
                    }
                    continue;
                }
                throw ScanFormatException.at(name, lineNo, "non-numeric value '" + first
                        + "' after the data started (expected: angle intensity)");
            }
            if (commaSeparated == null) {
                commaSeparated = hasComma;
                separatorLine = lineNo;
            } else if (commaSeparated != hasComma) {
                throw ScanFormatException.at(name, lineNo, "mixed separators: line " + separatorLine
                        + " separates columns with " + (commaSeparated ? "commas" : "whitespace") + ", this line with "
                        + (hasComma ? "commas" : "whitespace"));
            }
            if (hasComma) {
                for (String f : fields) {
                    if (f.strip().contains(" ") || f.strip().contains("\t")) {
                        throw ScanFormatException.at(name, lineNo,
                                "mixed separators: both commas and whitespace separate columns");
                    }
                }
            }
            if (fields.length != 2) {
                throw ScanFormatException.at(name, lineNo, fields.length == 1
                        ? "only one column; expected 2 (angle, intensity)"
                        : fields.length + " columns; expected 2 (angle, intensity)");
            }
            double x = number(name, lineNo, fields[0].strip(), "angle");
            double y = number(name, lineNo, fields[1].strip(), "intensity");
            if (y < 0) {
                throw ScanFormatException.at(name, lineNo, "negative intensity " + fields[1].strip());
            }
            if (!points.isEmpty()) {
                double prev = points.get(points.size() - 1)[0];
                if (x == prev) {
                    throw ScanFormatException.at(name, lineNo, "duplicated angle " + fields[0].strip()
                            + " (also on line " + lastDataLine + ")");
                }
                if (x < prev) {
                    throw ScanFormatException.at(name, lineNo, "angles not increasing: "
                            + fields[0].strip() + " after " + prev + " on line " + lastDataLine);
                }
            }
            lineOf[points.size()] = lineNo;
            lastDataLine = lineNo;
            points.add(new double[]{x, y});
        }
        if (points.isEmpty()) {
            throw new ScanFormatException(name, "", "no data lines (only header or comments)");
        }
        if (points.size() < 3) {
            throw new ScanFormatException(name, "line " + lastDataLine, "only " + points.size()
                    + " data point(s); a scan needs at least 3");
        }
        ScanAxis unit = axis;
        if (axis == null) {
            unit = headerAxis == null ? ScanAxis.TWO_THETA_DEG : headerAxis;
        } else if (headerAxis != null && headerAxis != axis) {
            throw new ScanFormatException(name, "line " + headerAxisLine, "header says the abscissa is "
                    + headerAxis.label() + " but " + axis.label() + " was requested");
        }
        if (unit.needsWavelength() && Double.isNaN(wavelength)) {
            throw new ScanFormatException(name, "", "abscissa is " + unit.label()
                    + " but no 'wavelength = ...' (Å) is given in the header");
        }
        double[] xs = new double[points.size()];
        double[] ys = new double[points.size()];
        for (int k = 0; k < xs.length; k++) {
            xs[k] = points.get(k)[0];
            ys[k] = points.get(k)[1];
            if (unit.needsWavelength()) {
                try {
                    unit.toThetaRad(xs[k], wavelength);
                } catch (IllegalArgumentException e) {
                    throw ScanFormatException.at(name, lineOf[k], e.getMessage());
                }
            }
        }
        return new MeasuredScan(unit, xs, ys, "counts", wavelength, name);
    }

    private static double number(String name, int line, String text, String what) throws ScanFormatException {
        if (text.isEmpty()) {
            throw ScanFormatException.at(name, line, "empty " + what + " field");
        }
        if (NOT_FINITE.matcher(text).matches()) {
            throw ScanFormatException.at(name, line, what + " is not a finite number: '" + text + "'");
        }
        if (!NUMBER.matcher(text).matches()) {
            throw ScanFormatException.at(name, line, "non-numeric " + what + " '" + text + "'");
        }
        double v = Double.parseDouble(text);
        if (!Double.isFinite(v)) {
            throw ScanFormatException.at(name, line, what + " overflows: '" + text + "'");
        }
        return v;
    }

    private static double parseWavelength(String name, int line, String value) throws ScanFormatException {
        String v = value.replaceAll("(?i)(Å|A|angstrom)$", "");
        if (!NUMBER.matcher(v).matches() || !(Double.parseDouble(v) > 0) || !Double.isFinite(Double.parseDouble(v))) {
            throw ScanFormatException.at(name, line, "wavelength must be a positive number in Å, got '"
                    + value + "'");
        }
        return Double.parseDouble(v);
    }

    private static ScanAxis parseAxis(String name, int line, String value) throws ScanFormatException {
        try {
            return ScanAxis.parse(value);
        } catch (IllegalArgumentException e) {
            throw ScanFormatException.at(name, line, e.getMessage());
        }
    }

    /** Unit implied by a column name such as {@code 2Theta(deg)}, {@code Omega}, {@code Q(1/nm)}; null if none. */
    static ScanAxis axisFromColumnName(String column) {
        String c = column.toLowerCase(Locale.ROOT).replace("θ", "theta").replace("ω", "omega")
                .replace("-", "").replace("_", "").replace(" ", "");
        if (c.startsWith("2theta") || c.startsWith("twotheta") || c.startsWith("tth")) {
            return ScanAxis.TWO_THETA_DEG;
        }
        if (c.startsWith("theta") || c.startsWith("omega")) {
            return ScanAxis.THETA_DEG;
        }
        if (c.equals("q") || c.startsWith("q(") || c.startsWith("q[")) {
            return c.contains("nm") ? ScanAxis.Q_PER_NM : ScanAxis.Q_PER_A;
        }
        return null;
    }

    private static String decode(byte[] bytes) {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            return new String(bytes, StandardCharsets.ISO_8859_1);
        }
    }
}
