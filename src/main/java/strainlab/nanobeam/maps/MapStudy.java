package strainlab.nanobeam.maps;

import ai.djl.Device;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.IntConsumer;
import strainlab.nanobeam.correlate.CorrelationFitter;
import strainlab.nanobeam.net.NanobeamEnsemble;
import strainlab.nanobeam.sim.NanobeamSimulator;
import strainlab.nanobeam.sim.ParameterEstimates;
import strainlab.nanobeam.sim.ParameterGrid;
import strainlab.training.Devices;

/**
 * Figure 3, figure 2 and the speed comparison: simulate a scan of the figure-3 fields, add noise, and analyse it
 * with NanobeamNN (ensemble mean and spread) and with the correlation fit over the network's library grid, timing
 * each step. {@code bin/strainlab nanobeam map} and notebook 11 both run {@link #run}.
 */
public final class MapStudy {
    /** Patterns of the untimed first CNN call (graph set-up, allocator and kernel warm-up at the full batch shape). */
    static final int WARM_UP_PATTERNS = 2048;
    /**
     * Map patterns per correlation-fit call between two progress reports, and of the untimed first fit (JIT and
     * device warm-up).
     */
    static final int FIT_CHUNK = 4096;

    private MapStudy() {
    }

    /**
     * Settings of a map study.
     *
     * @param width     map side in pixels, ≥ 2 (64 in the paper's figure 3; 165 for the speed comparison)
     * @param fov       how the map covers the figure-3 fields
     * @param maxCounts photons at the brightest pixel of the scan (7 in the paper), finite and &gt; 0
     * @param seed      seed of the scan's Poisson noise (pixel i draws from the stream of (seed, i))
     * @param threads   threads of the pattern simulations, ≥ 1
     * @param fitDevice name of the device that holds the correlation library and computes the fit ({@code auto},
     *                  {@code cpu}, {@code gpu}, {@code gpu:N}; {@link Devices#select})
     * @param repeats   timed repetitions of the CNN inference and of the correlation fit, ≥ 1 (medians reported)
     */
    public record Settings(int width, MapFields.FieldOfView fov, double maxCounts, long seed, int threads,
                           String fitDevice, int repeats) {
        public Settings {
            if (width < 2) {
                throw new IllegalArgumentException("width must be >= 2, got " + width);
            }
            if (fov == null) {
                throw new IllegalArgumentException("fov must not be null");
            }
            if (!(maxCounts > 0) || !Double.isFinite(maxCounts)) {
                throw new IllegalArgumentException("maxCounts must be finite and > 0, got " + maxCounts);
            }
            if (threads < 1) {
                throw new IllegalArgumentException("threads must be >= 1, got " + threads);
            }
            Devices.select(fitDevice);
            if (repeats < 1) {
                throw new IllegalArgumentException("repeats must be >= 1, got " + repeats);
            }
        }
    }

    /**
     * A study run: the maps and what they cost.
     *
     * @param result              the maps; {@code result.cnnSeconds()} and {@code result.correlationSeconds()} are the
     *                            medians of the timed repetitions (the CNN after its warm-up, the fit with the library
     *                            loaded)
     * @param settings            the settings of the run
     * @param scanCountsPerUnit   photons per simulator unit of the scan (its brightest pixel is maxCounts)
     * @param scanSeconds         simulating the scan and drawing its noise
     * @param cnnWarmUpSeconds    the untimed first CNN call on up to {@value #WARM_UP_PATTERNS} patterns
     * @param cnnSeconds          every timed CNN inference over the map, in order
     * @param libraryBuildSeconds simulating, normalising and loading the correlation library
     * @param fitWarmUpSeconds    the untimed first fit of up to {@value #FIT_CHUNK} patterns
     * @param fitSeconds          every timed correlation fit of the map, in order
     * @param peakRssMb           peak resident set of the process so far (Linux VmHWM, MB) after the scan, after the
     *                            CNN and after the correlation fit; NaN where the system does not say
     */
    public record Run(MapResult result, Settings settings, double scanCountsPerUnit, double scanSeconds,
                      double cnnWarmUpSeconds, double[] cnnSeconds, double libraryBuildSeconds,
                      double fitWarmUpSeconds, double[] fitSeconds, double[] peakRssMb) {
        /** Correlation fit (median) including the library build, in seconds. */
        public double correlationTotalSeconds() {
            return libraryBuildSeconds + result.correlationSeconds();
        }
    }

    /**
     * Runs the study: the figure-3 fields of {@code settings} inside the ensemble's trained range, the scan simulated
     * with {@code scanSimulator} (the authors' figure-3 map uses the {@code CORRECTED} tilt convention) and scaled
     * so that its brightest pixel is {@code maxCounts}, Poisson noise, then NanobeamNN and the correlation fit over
     * the ensemble's trained grid simulated with {@code librarySimulator} (the convention the network was trained
     * with). {@code log} (may be null) receives progress lines.
     */
    public static Run run(NanobeamSimulator scanSimulator, NanobeamSimulator librarySimulator,
                          NanobeamEnsemble ensemble, Settings settings, Consumer<String> log) {
        Consumer<String> say = log == null ? m -> { } : log;
        int width = settings.width();
        int n = width * width;
        int len = scanSimulator.pixelCount();
        ParameterGrid grid = ensemble.trainedRange();
        ParameterEstimates truth = MapFields.figure3(width, settings.fov());
        Device fitDevice = Devices.select(settings.fitDevice());

        say.accept(String.format(Locale.ROOT, "simulating the %dx%d scan (%d patterns, %d threads)", width, width, n,
                settings.threads()));
        long t0 = System.nanoTime();
        ScanSimulation.Scan scan = ScanSimulation.countsAtMaximum(scanSimulator, truth, grid, settings.maxCounts(),
                settings.seed(), true, settings.threads(), progress("  scan", n, "patterns", say));
        double scanSeconds = seconds(t0);
        double rssScan = peakResidentMb();

        say.accept(String.format(Locale.ROOT, "NanobeamNN: %d member(s) on %d patterns, %d timed run(s)",
                ensemble.size(), n, settings.repeats()));
        t0 = System.nanoTime();
        ensemble.predict(Arrays.copyOf(scan.counts(), Math.min(n, WARM_UP_PATTERNS) * len));
        double warmSeconds = seconds(t0);
        double[] cnnRuns = new double[settings.repeats()];
        NanobeamEnsemble.Prediction cnn = null;
        for (int k = 0; k < cnnRuns.length; k++) {
            t0 = System.nanoTime();
            cnn = ensemble.predict(scan.counts());
            cnnRuns[k] = seconds(t0);
        }
        double rssCnn = peakResidentMb();
        say.accept(String.format(Locale.ROOT, "  median %.3f s (%.0f patterns/s; warm-up %.3f s)", median(cnnRuns),
                n / median(cnnRuns), warmSeconds));

        say.accept(String.format(Locale.ROOT, "correlation library: %d patterns on %s", grid.size(),
                fitDevice));
        t0 = System.nanoTime();
        ParameterEstimates corr = ParameterEstimates.zeros(n);
        double libSeconds;
        double fitWarm;
        double[] fitRuns = new double[settings.repeats()];
        try (CorrelationFitter fitter = CorrelationFitter.build(librarySimulator, grid, fitDevice,
                settings.threads(), progress("  library", grid.size(), "patterns", say))) {
            libSeconds = seconds(t0);
            t0 = System.nanoTime();
            fitter.fit(Arrays.copyOf(scan.counts(), Math.min(n, FIT_CHUNK) * len));
            fitWarm = seconds(t0);
            say.accept(String.format(Locale.ROOT, "correlation fit of %d patterns, %d timed run(s)", n,
                    settings.repeats()));
            for (int k = 0; k < fitRuns.length; k++) {
                IntConsumer fitProgress = k == 0 ? progress("  fit", n, "patterns", say) : d -> { };
                t0 = System.nanoTime();
                for (int start = 0; start < n; start += FIT_CHUNK) {
                    int m = Math.min(FIT_CHUNK, n - start);
                    ParameterEstimates part = fitter.fit(Arrays.copyOfRange(scan.counts(), start * len,
                            (start + m) * len));
                    for (int d = 0; d < 3; d++) {
                        System.arraycopy(part.parameter(d), 0, corr.parameter(d), start, m);
                    }
                    fitProgress.accept(start + m);
                }
                fitRuns[k] = seconds(t0);
            }
        }
        double rssFit = peakResidentMb();
        say.accept(String.format(Locale.ROOT, "  median %.3f s (%.0f patterns/s; library build %.3f s, warm-up %.3f s)",
                median(fitRuns), n / median(fitRuns), libSeconds, fitWarm));
        MapResult result = new MapResult(width, truth, scan.counts(), cnn.mean(), cnn.spread(), corr, median(cnnRuns),
                median(fitRuns));
        return new Run(result, settings, scan.countsPerUnit(), scanSeconds, warmSeconds, cnnRuns, libSeconds, fitWarm,
                fitRuns, new double[] {rssScan, rssCnn, rssFit});
    }

    /** The median of a non-empty array (the mean of the middle two for an even count). */
    static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        int h = s.length / 2;
        return s.length % 2 == 1 ? s[h] : (s[h - 1] + s[h]) / 2;
    }

    /**
     * Figure 2 of a map: for each chosen map pixel, its noisy input pattern and the noise-free patterns simulated
     * from the true, the NanobeamNN and the correlation-fit parameters, all on the scan's count scale.
     *
     * @param pixels          the map pixels shown
     * @param inputs          their noisy patterns (photons)
     * @param fromTruth       noise-free patterns of the true parameters
     * @param fromCnn         noise-free patterns of the NanobeamNN estimates
     * @param fromCorrelation noise-free patterns of the correlation-fit estimates
     */
    public record Figure2(int[] pixels, float[] inputs, float[] fromTruth, float[] fromCnn, float[] fromCorrelation) {
    }

    /** Figure 2 for {@code pixels} of a map, simulated with {@code simulator} at {@code countsPerUnit}. */
    public static Figure2 figure2(NanobeamSimulator simulator, MapResult r, double countsPerUnit, int[] pixels) {
        int len = simulator.pixelCount();
        float[] inputs = new float[pixels.length * len];
        ParameterEstimates t = ParameterEstimates.zeros(pixels.length);
        ParameterEstimates c = ParameterEstimates.zeros(pixels.length);
        ParameterEstimates f = ParameterEstimates.zeros(pixels.length);
        for (int q = 0; q < pixels.length; q++) {
            int i = pixels[q];
            if (i < 0 || i >= r.truth().size()) {
                throw new IllegalArgumentException("pixel " + i + " is outside the map (0.." + (r.truth().size() - 1)
                        + ")");
            }
            System.arraycopy(r.patterns(), i * len, inputs, q * len, len);
            t.set(q, r.truth().state(i).toArray());
            c.set(q, r.cnn().state(i).toArray());
            f.set(q, r.correlation().state(i).toArray());
        }
        return new Figure2(pixels.clone(), inputs, patternsAtScale(simulator, t, countsPerUnit),
                patternsAtScale(simulator, c, countsPerUnit), patternsAtScale(simulator, f, countsPerUnit));
    }

    /**
     * The map pixels figure 2 shows: the first pixel of largest and of smallest strain, of largest ω and of largest χ
     * (distinct pixels, in that order).
     */
    public static int[] figure2Pixels(ParameterEstimates truth) {
        Set<Integer> picks = new LinkedHashSet<>();
        picks.add(argExtreme(truth.strain(), true));
        picks.add(argExtreme(truth.strain(), false));
        picks.add(argExtreme(truth.tiltLrDeg(), true));
        picks.add(argExtreme(truth.tiltUdDeg(), true));
        return picks.stream().mapToInt(Integer::intValue).toArray();
    }

    private static int argExtreme(double[] v, boolean largest) {
        int best = 0;
        for (int i = 1; i < v.length; i++) {
            if (largest ? v[i] > v[best] : v[i] < v[best]) {
                best = i;
            }
        }
        return best;
    }

    /** Noise-free patterns of the given parameters times {@code countsPerUnit} (photons), row-major. */
    public static float[] patternsAtScale(NanobeamSimulator simulator, ParameterEstimates parameters,
                                          double countsPerUnit) {
        int len = simulator.pixelCount();
        float[] out = new float[parameters.size() * len];
        for (int i = 0; i < parameters.size(); i++) {
            double[] p = simulator.simulate(parameters.state(i));
            for (int q = 0; q < len; q++) {
                out[i * len + q] = (float) (p[q] * countsPerUnit);
            }
        }
        return out;
    }

    /**
     * The patterns simulated from estimated parameters, on the count scale of the inputs (each predicted pattern is
     * scaled to the total counts of its input, so that the two can be compared side by side).
     */
    public static float[] predictedPatterns(NanobeamSimulator simulator, ParameterEstimates estimates, float[] inputs) {
        int len = simulator.pixelCount();
        float[] out = new float[estimates.size() * len];
        for (int i = 0; i < estimates.size(); i++) {
            double[] p = simulator.simulate(estimates.state(i));
            double sp = 0;
            double si = 0;
            for (int q = 0; q < len; q++) {
                sp += p[q];
                si += inputs[i * len + q];
            }
            double scale = sp > 0 ? si / sp : 0;
            for (int q = 0; q < len; q++) {
                out[i * len + q] = (float) (p[q] * scale);
            }
        }
        return out;
    }

    /** Peak resident set size of this process in MB (Linux {@code VmHWM}), NaN where the system does not say. */
    public static double peakResidentMb() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmHWM:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0;
                }
            }
        } catch (IOException | NumberFormatException e) {
            return Double.NaN;
        }
        return Double.NaN;
    }

    /**
     * A thread-safe progress callback for a step of {@code total} units: logs "label: done/total unit (p %), t s" at
     * most every 10 s and once when the step completes.
     */
    static IntConsumer progress(String label, int total, String unit, Consumer<String> log) {
        long start = System.nanoTime();
        long[] last = {start};
        return done -> {
            synchronized (last) {
                long now = System.nanoTime();
                if (done >= total || now - last[0] >= 10_000_000_000L) {
                    if (done >= total && last[0] == Long.MAX_VALUE) {
                        return;
                    }
                    last[0] = done >= total ? Long.MAX_VALUE : now;
                    log.accept(String.format(Locale.ROOT, "%s: %d/%d %s (%.0f %%), %.1f s", label, done, total, unit,
                            100.0 * done / total, (now - start) / 1e9));
                }
            }
        };
    }

    private static double seconds(long t0) {
        return (System.nanoTime() - t0) / 1e9;
    }
}
