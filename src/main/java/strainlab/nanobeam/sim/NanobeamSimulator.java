package strainlab.nanobeam.sim;

/**
 * Kinematic nanobeam diffraction of an epitaxial film: the thickness-fringe intensity of the film, summed over the
 * hollow cone of incident directions passed by the zone plate, projected onto the detector through the Ewald
 * sphere (the construction of the authors' published simulation, rewritten).
 *
 * <h2>Geometry</h2>
 * Image pixel (row r, column c) of the n×n image (n = {@code detectorPixels}; with detector up-sampling u₁ the
 * n·u₁ sub-pixels are simulated and block-averaged):
 * <ul>
 *   <li><b>column</b> c runs along the scattering plane, with 2θ increasing with c: exit angle
 *       γ_c = asin(x_c·p/R) + (2θ_B − α), x_c = c − (n·u₁−1)/2, with p the effective pixel and R the distance;
 *       Qx_c = K(cos α − cos γ_c), Qz_c = K(sin γ_c + sin α), α = θ_B = asin(λl/2c), K = 2π/λ;</li>
 *   <li><b>row</b> r runs perpendicular to the scattering plane: Qy_r = y_r·p/R·K, y_r = r − (n·u₁−1)/2.</li>
 * </ul>
 * The incident directions form an m×m grid (m = n·u₂) with angular step p·u₁/(u₂R) around the central ray; point
 * (a, b) has offsets (o_a, o_b) = (a − (m−1)/2, b − (m−1)/2) and shifts the reciprocal-space origin by
 * OQx = −o_a·s·K·sin α, OQz = o_a·s·K·cos α, OQy = o_b·s·K (s = p·u₁/u₂/R); it is inside the beam when its
 * angle √(o_a²+o_b²)·s lies strictly between the central-stop and zone-plate half-angles.
 *
 * <h2>Intensity</h2>
 * I(r,c) = Σ_{a,b in the annulus} t·sinc²(t·(Qz_c − G/(1+e) − OQz_a)/2)
 * · [|Qx_c + G_t·ω − OQx_a| &lt; w] · [|Qy_r + G_t·χ − OQy_b| &lt; w],
 * with G = 2πl/c, sinc(u) = sin u/u and sinc(0) = 1 exactly, w the window half-width and G_t = G
 * ({@link TiltConvention#PUBLISHED_LIBRARY}) or G/(1+e) ({@link TiltConvention#CORRECTED}); ω and χ in radians.
 * Consequences: strain moves intensity along 2θ inside a ring fixed by the tilts; positive ω moves the ring to lower
 * column index, positive χ to lower row index. All arithmetic is float64 and follows the published operation order
 * so that the sharp window tests decide the same way.
 *
 * <p>Instances are immutable and thread-safe. The sum factorises: the Qy window depends on (r, b) only and the
 * fringe and Qx window on (c, a) only, so a pattern costs O(n·m) instead of O(n²·m²).
 */
public final class NanobeamSimulator {
    private final NanobeamInstrument instrument;
    private final FilmSample sample;
    private final TiltConvention convention;

    private final int nDet;       // detector sub-pixels per axis (n·u1)
    private final int nBeam;      // beam grid points per axis (n·u2)
    private final double g0;      // 2π/c·l
    private final double[] detQx;
    private final double[] detQz;
    private final double[] detQy;
    private final double[] beamQx;
    private final double[] beamQz;
    private final double[] beamQy;
    private final boolean[][] annulus; // [b][a]
    private final int[][] annulusPrefix; // [b][a]: number of b' < b with annulus[b'][a]
    private final double thickness;
    private final double window;

    public NanobeamSimulator(NanobeamInstrument instrument, FilmSample sample, TiltConvention convention) {
        this.instrument = java.util.Objects.requireNonNull(instrument, "instrument");
        this.sample = java.util.Objects.requireNonNull(sample, "sample");
        this.convention = java.util.Objects.requireNonNull(convention, "convention");
        int u1 = instrument.detectorUpsampling();
        int u2 = instrument.beamUpsampling();
        this.nDet = instrument.detectorPixels() * u1;
        this.nBeam = instrument.detectorPixels() * u2;
        double wavelength = instrument.wavelengthA();
        double k = 2 * Math.PI / wavelength;
        double c = sample.latticeConstantA();
        int l = sample.reflectionL();
        double sinBragg = wavelength * l / 2 / c;
        if (sinBragg >= 1) {
            throw new IllegalArgumentException("reflection 00" + l + " of c = " + c + " Å is not reachable at "
                    + instrument.energyKeV() + " keV (sin θB = " + sinBragg + ")");
        }
        double alf = StrictMath.asin(sinBragg);
        double twoTheta = 2 * alf;
        double gam0 = twoTheta - alf;
        double pixel = instrument.effectivePixelM();
        double distance = instrument.detectorDistanceM();
        this.g0 = 2 * Math.PI / c * l;
        this.thickness = sample.thicknessA();
        this.window = instrument.windowInvA();

        double detMean = (nDet - 1) / 2.0;
        detQx = new double[nDet];
        detQz = new double[nDet];
        detQy = new double[nDet];
        double cosAlf = StrictMath.cos(alf);
        double sinAlf = StrictMath.sin(alf);
        for (int i = 0; i < nDet; i++) {
            double x = i - detMean;
            double sinArg = x * pixel / distance;
            if (Math.abs(sinArg) >= 1) {
                throw new IllegalArgumentException("detector wider than ±90° at detectorDistanceM = " + distance);
            }
            double gam = StrictMath.asin(sinArg) + gam0;
            detQx[i] = k * (cosAlf - StrictMath.cos(gam));
            detQz[i] = k * (StrictMath.sin(gam) + sinAlf);
            detQy[i] = x * pixel / distance * k;
        }
        double beamMean = (nBeam - 1) / 2.0;
        beamQx = new double[nBeam];
        beamQz = new double[nBeam];
        beamQy = new double[nBeam];
        double outer = instrument.outerHalfAngleRad();
        double inner = instrument.innerHalfAngleRad();
        annulus = new boolean[nBeam][nBeam];
        for (int a = 0; a < nBeam; a++) {
            double o = a - beamMean;
            beamQx[a] = -o * pixel * u1 / u2 / distance * k * sinAlf;
            beamQz[a] = o * pixel * u1 / u2 / distance * k * cosAlf;
            beamQy[a] = o * pixel * u1 / u2 / distance * k;
        }
        for (int b = 0; b < nBeam; b++) {
            double ob = b - beamMean;
            for (int a = 0; a < nBeam; a++) {
                double oa = a - beamMean;
                double angle = Math.sqrt(ob * ob + oa * oa) * pixel * u1 / u2 / distance;
                annulus[b][a] = angle < outer && angle > inner;
            }
        }
        annulusPrefix = new int[nBeam + 1][nBeam];
        for (int b = 0; b < nBeam; b++) {
            for (int a = 0; a < nBeam; a++) {
                annulusPrefix[b + 1][a] = annulusPrefix[b][a] + (annulus[b][a] ? 1 : 0);
            }
        }
    }

    /** The paper's instrument and film with the published-library tilt convention. */
    public static NanobeamSimulator paper() {
        return new NanobeamSimulator(NanobeamInstrument.paper(), FilmSample.paper(), TiltConvention.PUBLISHED_LIBRARY);
    }

    public NanobeamInstrument instrument() {
        return instrument;
    }

    public FilmSample sample() {
        return sample;
    }

    public TiltConvention convention() {
        return convention;
    }

    /** Image side length in pixels (64 for the paper). */
    public int size() {
        return instrument.detectorPixels();
    }

    /** Number of pixels of an image, size². */
    public int pixelCount() {
        return size() * size();
    }

    /**
     * The noise-free image (arbitrary units: the sum of t·sinc² over contributing beam directions) as a row-major
     * array: element {@code row·n + column}, row ⟂ scattering plane, 2θ increasing with the column.
     */
    public double[] simulate(LatticeState state) {
        double[] out = new double[pixelCount()];
        simulateInto(state, out);
        return out;
    }

    /** As {@link #simulate(LatticeState)}, writing into {@code out} (length size²). */
    public void simulateInto(LatticeState state, double[] out) {
        if (out.length != pixelCount()) {
            throw new IllegalArgumentException("out must have " + pixelCount() + " elements, got " + out.length);
        }
        double strain = state.strain();
        double gStrained = 2 * Math.PI / sample.latticeConstantA() * sample.reflectionL() / (1 + strain);
        double gTilt = convention == TiltConvention.PUBLISHED_LIBRARY ? g0 : gStrained;
        double shiftX = gTilt * Math.toRadians(state.tiltLrDeg());
        double shiftY = gTilt * Math.toRadians(state.tiltUdDeg());

        // rows: number of beam points b inside the annulus whose Qy matches row r, per beam column a. The matching b
        // form a run (beam Qy is monotonic), so the count is a difference of prefix sums over b.
        int[][] rowCount = new int[nDet][];
        for (int r = 0; r < nDet; r++) {
            double qy = detQy[r] + shiftY;
            int first = -1;
            int last = -2;
            for (int b = 0; b < nBeam; b++) {
                if (Math.abs(qy - beamQy[b]) < window) {
                    if (first < 0) {
                        first = b;
                    }
                    last = b;
                }
            }
            int[] counts = new int[nBeam];
            if (first >= 0) {
                int[] hi = annulusPrefix[last + 1];
                int[] lo = annulusPrefix[first];
                for (int a = 0; a < nBeam; a++) {
                    counts[a] = hi[a] - lo[a];
                }
            }
            rowCount[r] = counts;
        }
        int u1 = instrument.detectorUpsampling();
        int n = size();
        double[] sub = u1 == 1 ? out : new double[nDet * nDet];
        java.util.Arrays.fill(sub, 0);
        int[] cols = new int[nBeam];
        double[] fringe = new double[nBeam];
        for (int c = 0; c < nDet; c++) {
            double qx = detQx[c] + shiftX;
            double qzRel = detQz[c] - gStrained;
            int m = 0;
            for (int a = 0; a < nBeam; a++) {
                if (Math.abs(qx - beamQx[a]) < window) {
                    cols[m] = a;
                    fringe[m] = thickness * sincSquared(thickness * (qzRel - beamQz[a]) / Math.PI / 2);
                    m++;
                }
            }
            if (m == 0) {
                continue;
            }
            for (int r = 0; r < nDet; r++) {
                int[] counts = rowCount[r];
                double sum = 0;
                for (int q = 0; q < m; q++) {
                    int cnt = counts[cols[q]];
                    if (cnt != 0) {
                        sum += fringe[q] * cnt;
                    }
                }
                sub[r * nDet + c] = sum;
            }
        }
        if (u1 != 1) {
            double cells = u1 * u1;
            for (int r = 0; r < n; r++) {
                for (int c = 0; c < n; c++) {
                    double s = 0;
                    for (int i = 0; i < u1; i++) {
                        for (int j = 0; j < u1; j++) {
                            s += sub[(r * u1 + i) * nDet + c * u1 + j];
                        }
                    }
                    out[r * n + c] = s / cells;
                }
            }
        }
    }

    /**
     * numpy's normalised sinc squared, sinc(x) = sin(πx)/(πx), evaluated as numpy does (y = π·x, sin(y)/y), with
     * sinc(0) = 1 exactly.
     */
    static double sincSquared(double x) {
        if (x == 0) {
            return 1.0;
        }
        double y = Math.PI * x;
        double s = StrictMath.sin(y) / y;
        return s * s;
    }
}
