package strainlab.nanobeam.maps;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import strainlab.nanobeam.net.NanobeamEnsemble;
import strainlab.nanobeam.net.NanobeamModelInfo;
import strainlab.nanobeam.net.NanobeamNet;
import strainlab.nanobeam.sim.GridAxis;
import strainlab.nanobeam.sim.ParameterGrid;
import strainlab.nanobeam.sim.TiltConvention;
import strainlab.training.Devices;

/** The data of the figure-3 map study's report (map-values.csv and map-report.json), ready to write. */
public final class MapReport {
    private MapReport() {
    }

    /** The title of the speed figure. */
    public static String speedTitle(MapStudy.Run run, int members, int libraryPoints) {
        int w = run.settings().width();
        return String.format(Locale.ROOT, "%dx%d map, %d-member ensemble, library %d patterns, %s", w, w, members,
                libraryPoints, Devices.select(run.settings().fitDevice()));
    }

    /** The per-pixel columns of map-values.csv: row, column and per parameter truth, CNN mean, CNN spread, fit. */
    public static Map<String, double[]> columns(MapResult r) {
        int n = r.truth().size();
        double[] row = new double[n];
        double[] col = new double[n];
        for (int i = 0; i < n; i++) {
            row[i] = i / r.width();
            col[i] = i % r.width();
        }
        Map<String, double[]> c = new LinkedHashMap<>();
        c.put("row", row);
        c.put("column", col);
        for (int d = 0; d < 3; d++) {
            String name = ParameterGrid.LABELS.get(d);
            c.put(name + "_true", r.truth().parameter(d));
            c.put(name + "_cnn", r.cnn().parameter(d));
            c.put(name + "_cnn_spread", r.cnnSpread().parameter(d));
            c.put(name + "_fit", r.correlation().parameter(d));
        }
        return c;
    }

    /**
     * The content of map-report.json: settings, scan, model and members, correlation grid, RMSE and bias per method
     * and parameter, timings (s), throughput, peak resident memory (MB) and the files written.
     */
    public static Map<String, Object> json(MapStudy.Run run, Path modelDir, NanobeamEnsemble ensemble,
                                           TiltConvention libraryConvention, List<String> files) {
        MapResult r = run.result();
        MapStudy.Settings s = run.settings();
        int n = r.truth().size();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("study", "NanobeamNN figure 3 map: NanobeamNN ensemble vs correlation fit");
        m.put("width", s.width());
        m.put("pixels", n);
        m.put("fov", s.fov().name().toLowerCase(Locale.ROOT));
        m.put("seed", s.seed());
        m.put("max_counts", s.maxCounts());
        float max = 0;
        double total = 0;
        for (float v : r.patterns()) {
            max = Math.max(max, v);
            total += v;
        }
        Map<String, Object> scan = new LinkedHashMap<>();
        scan.put("tilt_convention", TiltConvention.CORRECTED.name());
        scan.put("counts_per_unit", run.scanCountsPerUnit());
        scan.put("max_pixel_counts_drawn", max);
        scan.put("mean_counts_per_pattern", total / n);
        m.put("scan", scan);
        List<Map<String, Object>> members = new ArrayList<>();
        for (NanobeamNet net : ensemble.members()) {
            NanobeamModelInfo info = net.info();
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("seed", info.seed());
            e.put("noise_seed", info.noiseSeed());
            e.put("epochs", info.epochs());
            e.put("best_epoch", info.bestEpoch());
            e.put("best_validation_mse", Double.isFinite(info.bestValidationMse()) ? info.bestValidationMse() : null);
            members.add(e);
        }
        Map<String, Object> model = new LinkedHashMap<>();
        model.put("dir", modelDir.toAbsolutePath().toString());
        model.put("members", ensemble.size());
        model.put("trained_max_counts", ensemble.members().get(0).info().maxCounts());
        model.put("member_info", members);
        m.put("model", model);
        ParameterGrid g = ensemble.trainedRange();
        Map<String, Object> grid = new LinkedHashMap<>();
        for (GridAxis a : g.axes()) {
            Map<String, Object> axis = new LinkedHashMap<>();
            axis.put("min", a.min());
            axis.put("max", a.max());
            axis.put("count", a.count());
            grid.put(a.name(), axis);
        }
        grid.put("points", g.size());
        grid.put("tilt_convention", libraryConvention.name());
        m.put("correlation_grid", grid);
        m.put("device", Devices.select(s.fitDevice()).toString());
        m.put("threads", s.threads());
        double[] rc = r.rmseCnn();
        double[] rf = r.rmseCorrelation();
        m.put("rmse", byMethod(perParameter(rc), perParameter(rf)));
        m.put("bias", byMethod(perParameter(r.cnn().bias(r.truth())), perParameter(r.correlation().bias(r.truth()))));
        m.put("cnn_mean_spread", perParameter(r.meanCnnSpread()));
        Map<String, Object> beats = new LinkedHashMap<>();
        for (int d = 0; d < 3; d++) {
            beats.put(ParameterGrid.LABELS.get(d), rc[d] < rf[d]);
        }
        m.put("cnn_rmse_below_correlation", beats);
        Map<String, Object> t = new LinkedHashMap<>();
        t.put("scan_simulation", run.scanSeconds());
        t.put("cnn_warm_up", run.cnnWarmUpSeconds());
        t.put("cnn_inference", r.cnnSeconds());
        t.put("correlation_library_build", run.libraryBuildSeconds());
        t.put("correlation_fit_warm_up", run.fitWarmUpSeconds());
        t.put("correlation_fit_excl_library", r.correlationSeconds());
        t.put("correlation_fit_incl_library", run.correlationTotalSeconds());
        t.put("repeats", s.repeats());
        t.put("cnn_inference_runs", run.cnnSeconds());
        t.put("correlation_fit_runs", run.fitSeconds());
        m.put("timings_s", t);
        m.put("patterns_per_s", byMethod(n / r.cnnSeconds(), n / r.correlationSeconds()));
        Map<String, Object> rss = new LinkedHashMap<>();
        String[] when = {"after_scan", "after_cnn", "after_correlation_fit"};
        for (int i = 0; i < 3; i++) {
            rss.put(when[i], Double.isFinite(run.peakRssMb()[i]) ? run.peakRssMb()[i] : null);
        }
        m.put("peak_rss_mb", rss);
        m.put("files", files);
        return m;
    }

    private static Map<String, Object> byMethod(Object cnn, Object correlation) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("cnn", cnn);
        m.put("correlation", correlation);
        return m;
    }

    private static Map<String, Double> perParameter(double[] v) {
        Map<String, Double> m = new LinkedHashMap<>();
        for (int d = 0; d < 3; d++) {
            m.put(ParameterGrid.LABELS.get(d), v[d]);
        }
        return m;
    }
}
