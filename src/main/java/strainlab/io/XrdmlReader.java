package strainlab.io;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.xml.sax.ErrorHandler;
import org.xml.sax.SAXException;
import org.xml.sax.SAXParseException;

/**
 * Reads the first scan of a PANalytical XRDML file (any schema version 1.x/2.x) with the JDK's DOM parser.
 *
 * <ul>
 *   <li>Abscissa: the {@code <positions axis="2Theta" unit="deg">} of the scan, given as
 *       {@code startPosition}/{@code endPosition} (evenly spaced) or {@code listPositions}. A decreasing
 *       scan is reversed. A scan whose 2θ does not move (a rocking curve) is refused.</li>
 *   <li>Intensity: {@code <counts>} or {@code <intensities>} (unit {@code counts} or {@code cps}),
 *       multiplied by {@code <beamAttenuationFactors>} when present, and divided by the counting time
 *       ({@code <commonCountingTime>} or {@code <countingTimes>}, seconds) so the result is in counts/s.</li>
 *   <li>Wavelength: {@code <usedWavelength><kAlpha1 unit="Angstrom">}.</li>
 * </ul>
 * Every problem is a {@link ScanFormatException} naming the file, the element (or the XML line and
 * column) and the problem.
 */
public final class XrdmlReader {
    private XrdmlReader() {
    }

    /** Reads the first scan of the file. */
    public static MeasuredScan read(Path path) throws IOException {
        String name = ScanFormatException.name(path);
        if (Files.isDirectory(path)) {
            throw new ScanFormatException(path.toString(), "", "is a directory, not an XRDML file");
        }
        Document doc;
        try (InputStream in = Files.newInputStream(path)) {
            doc = builder(name).parse(in);
        } catch (NoSuchFileException e) {
            throw new ScanFormatException(path.toString(), "", "no such file", e);
        } catch (SAXParseException e) {
            throw new ScanFormatException(name, "line " + e.getLineNumber() + " column " + e.getColumnNumber(),
                    "malformed XML: " + e.getMessage(), e);
        } catch (SAXException e) {
            throw new ScanFormatException(name, "", "malformed XML: " + e.getMessage(), e);
        } catch (java.io.CharConversionException | java.io.UnsupportedEncodingException e) {
            throw new ScanFormatException(name, "", "not XML text in a supported character encoding"
                    + " (XRDML files are UTF-8)", e);
        }
        return fromDocument(name, doc);
    }

    private static DocumentBuilder builder(String name) throws ScanFormatException {
        try {
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            f.setNamespaceAware(true);
            f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            f.setXIncludeAware(false);
            f.setExpandEntityReferences(false);
            DocumentBuilder b = f.newDocumentBuilder();
            b.setErrorHandler(new ErrorHandler() {
                @Override
                public void warning(SAXParseException e) {
                }

                @Override
                public void error(SAXParseException e) throws SAXException {
                    throw e;
                }

                @Override
                public void fatalError(SAXParseException e) throws SAXException {
                    throw e;
                }
            });
            return b;
        } catch (ParserConfigurationException e) {
            throw new ScanFormatException(name, "", "no XML parser available: " + e.getMessage(), e);
        }
    }

    private static MeasuredScan fromDocument(String name, Document doc) throws ScanFormatException {
        Element root = doc.getDocumentElement();
        if (!"xrdMeasurements".equals(local(root))) {
            throw new ScanFormatException(name, "element <" + local(root) + ">",
                    "not an XRDML file: the root element must be <xrdMeasurements>");
        }
        Element measurement = first(root, "xrdMeasurement");
        if (measurement == null) {
            throw new ScanFormatException(name, "element <xrdMeasurements>", "no <xrdMeasurement> inside");
        }
        double wavelength = wavelength(name, measurement);
        Element scan = first(measurement, "scan");
        if (scan == null) {
            throw new ScanFormatException(name, "element <xrdMeasurement>", "no <scan> inside");
        }
        Element data = first(scan, "dataPoints");
        if (data == null) {
            throw new ScanFormatException(name, "element <scan>", "no <dataPoints> inside");
        }
        Element intensityEl = first(data, "counts");
        if (intensityEl == null) {
            intensityEl = first(data, "intensities");
        }
        if (intensityEl == null) {
            throw new ScanFormatException(name, "element <dataPoints>", "no <counts> or <intensities> element");
        }
        String tag = "<" + local(intensityEl) + ">";
        String iUnit = intensityEl.getAttribute("unit").trim().toLowerCase(Locale.ROOT);
        boolean perSecond;
        if (iUnit.isEmpty() || iUnit.equals("counts")) {
            perSecond = false;
        } else if (iUnit.equals("cps") || iUnit.equals("counts/s") || iUnit.equals("counts per second")) {
            perSecond = true;
        } else {
            throw new ScanFormatException(name, "element " + tag, "unsupported unit '" + intensityEl.getAttribute("unit")
                    + "' (expected counts or cps)");
        }
        double[] counts = numbers(name, intensityEl);
        int n = counts.length;
        if (n < 3) {
            throw new ScanFormatException(name, "element " + tag, "only " + n + " value(s); a scan needs at least 3");
        }
        for (int i = 0; i < n; i++) {
            if (counts[i] < 0) {
                throw new ScanFormatException(name, "element " + tag, "negative intensity " + counts[i]
                        + " at point " + (i + 1));
            }
        }
        double[] twoTheta = null;
        Element twoThetaEl = null;
        for (Element p : children(data, "positions")) {
            if (p.getAttribute("axis").trim().equalsIgnoreCase("2Theta")) {
                twoThetaEl = p;
            }
        }
        if (twoThetaEl == null) {
            throw new ScanFormatException(name, "element <dataPoints>", "no <positions axis=\"2Theta\">");
        }
        String pUnit = twoThetaEl.getAttribute("unit").trim();
        if (!(pUnit.equalsIgnoreCase("deg") || pUnit.isEmpty())) {
            throw new ScanFormatException(name, "element <positions axis=\"2Theta\">", "unsupported unit '" + pUnit
                    + "' (expected deg)");
        }
        twoTheta = positions(name, twoThetaEl, n);
        double[] times = countingTimes(name, data, n, perSecond);
        double[] attenuation = new double[n];
        java.util.Arrays.fill(attenuation, 1.0);
        Element attEl = first(data, "beamAttenuationFactors");
        if (attEl != null) {
            attenuation = numbers(name, attEl);
            if (attenuation.length != n) {
                throw new ScanFormatException(name, "element <beamAttenuationFactors>", attenuation.length
                        + " values but " + n + " intensities");
            }
            for (int i = 0; i < n; i++) {
                if (!(attenuation[i] > 0)) {
                    throw new ScanFormatException(name, "element <beamAttenuationFactors>", "factor " + attenuation[i]
                            + " at point " + (i + 1) + " must be > 0");
                }
            }
        }
        double[] cps = new double[n];
        for (int i = 0; i < n; i++) {
            cps[i] = counts[i] * attenuation[i] / times[i];
        }
        if (twoTheta[n - 1] < twoTheta[0]) {
            reverse(twoTheta);
            reverse(cps);
        }
        for (int i = 1; i < n; i++) {
            if (!(twoTheta[i] > twoTheta[i - 1])) {
                throw new ScanFormatException(name, "element <positions axis=\"2Theta\">", twoTheta[i] == twoTheta[i - 1]
                        ? "2Theta does not move (duplicated position " + twoTheta[i] + "; a rocking curve is not a 2θ–ω scan)"
                        : "positions are not monotonic near " + twoTheta[i]);
            }
        }
        return new MeasuredScan(ScanAxis.TWO_THETA_DEG, twoTheta, cps, "counts/s", wavelength, name);
    }

    private static double wavelength(String name, Element measurement) throws ScanFormatException {
        Element used = first(measurement, "usedWavelength");
        if (used == null) {
            return Double.NaN;
        }
        Element k1 = first(used, "kAlpha1");
        if (k1 == null) {
            return Double.NaN;
        }
        String unit = k1.getAttribute("unit").trim();
        double v = single(name, k1);
        double scale;
        if (unit.isEmpty() || unit.equalsIgnoreCase("Angstrom") || unit.equals("Å")) {
            scale = 1;
        } else if (unit.equalsIgnoreCase("nm")) {
            scale = 10;
        } else {
            throw new ScanFormatException(name, "element <kAlpha1>", "unsupported unit '" + unit + "' (expected Angstrom)");
        }
        if (!(v > 0)) {
            throw new ScanFormatException(name, "element <kAlpha1>", "wavelength must be > 0, got " + v);
        }
        return v * scale;
    }

    private static double[] positions(String name, Element p, int n) throws ScanFormatException {
        String where = "element <positions axis=\"" + p.getAttribute("axis") + "\">";
        Element list = first(p, "listPositions");
        if (list != null) {
            double[] v = numbers(name, list);
            if (v.length != n) {
                throw new ScanFormatException(name, where, "listPositions has " + v.length + " values but there are "
                        + n + " intensities");
            }
            return v;
        }
        Element start = first(p, "startPosition");
        Element end = first(p, "endPosition");
        if (start != null && end != null) {
            double a = single(name, start);
            double b = single(name, end);
            double[] v = new double[n];
            for (int i = 0; i < n; i++) {
                v[i] = a + (b - a) * i / (n - 1);
            }
            v[n - 1] = b;
            return v;
        }
        if (first(p, "commonPosition") != null) {
            throw new ScanFormatException(name, where, "2Theta is fixed (commonPosition): a rocking curve is not a 2θ–ω scan");
        }
        throw new ScanFormatException(name, where, "neither startPosition/endPosition nor listPositions");
    }

    private static double[] countingTimes(String name, Element data, int n, boolean perSecond) throws ScanFormatException {
        double[] t = new double[n];
        if (perSecond) {
            java.util.Arrays.fill(t, 1.0);
            return t;
        }
        Element common = first(data, "commonCountingTime");
        Element list = first(data, "countingTimes");
        Element el = common != null ? common : list;
        if (el == null) {
            throw new ScanFormatException(name, "element <dataPoints>",
                    "no <commonCountingTime> or <countingTimes>: cannot normalise counts to counts/s");
        }
        String unit = el.getAttribute("unit").trim();
        if (!(unit.isEmpty() || unit.equalsIgnoreCase("seconds") || unit.equalsIgnoreCase("s"))) {
            throw new ScanFormatException(name, "element <" + local(el) + ">", "unsupported unit '" + unit
                    + "' (expected seconds)");
        }
        if (common != null) {
            java.util.Arrays.fill(t, single(name, common));
        } else {
            t = numbers(name, list);
            if (t.length != n) {
                throw new ScanFormatException(name, "element <countingTimes>", t.length + " values but " + n
                        + " intensities");
            }
        }
        for (int i = 0; i < n; i++) {
            if (!(t[i] > 0)) {
                throw new ScanFormatException(name, "element <" + local(el) + ">", "counting time " + t[i]
                        + " s at point " + (i + 1) + " must be > 0");
            }
        }
        return t;
    }

    private static double single(String name, Element e) throws ScanFormatException {
        double[] v = numbers(name, e);
        if (v.length != 1) {
            throw new ScanFormatException(name, "element <" + local(e) + ">", "expected one number, found " + v.length);
        }
        return v[0];
    }

    private static double[] numbers(String name, Element e) throws ScanFormatException {
        String text = e.getTextContent().trim();
        if (text.isEmpty()) {
            throw new ScanFormatException(name, "element <" + local(e) + ">", "is empty");
        }
        String[] tokens = text.split("\\s+");
        double[] v = new double[tokens.length];
        for (int i = 0; i < tokens.length; i++) {
            try {
                v[i] = Double.parseDouble(tokens[i]);
            } catch (NumberFormatException ex) {
                throw new ScanFormatException(name, "element <" + local(e) + ">", "non-numeric value '" + tokens[i]
                        + "' at position " + (i + 1));
            }
            if (!Double.isFinite(v[i]) || tokens[i].matches(".*[dDfF]$")) {
                throw new ScanFormatException(name, "element <" + local(e) + ">", "not a finite number: '" + tokens[i]
                        + "' at position " + (i + 1));
            }
        }
        return v;
    }

    private static String local(Node n) {
        return n.getLocalName() != null ? n.getLocalName() : n.getNodeName();
    }

    /** First descendant element with this local name, in document order. */
    private static Element first(Element parent, String localName) {
        for (Node c = parent.getFirstChild(); c != null; c = c.getNextSibling()) {
            if (c instanceof Element) {
                if (localName.equals(local(c))) {
                    return (Element) c;
                }
                Element deeper = first((Element) c, localName);
                if (deeper != null) {
                    return deeper;
                }
            }
        }
        return null;
    }

    private static List<Element> children(Element parent, String localName) {
        List<Element> out = new ArrayList<>();
        for (Node c = parent.getFirstChild(); c != null; c = c.getNextSibling()) {
            if (c instanceof Element && localName.equals(local(c))) {
                out.add((Element) c);
            }
        }
        return out;
    }

    private static void reverse(double[] a) {
        for (int i = 0, j = a.length - 1; i < j; i++, j--) {
            double t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
    }
}
