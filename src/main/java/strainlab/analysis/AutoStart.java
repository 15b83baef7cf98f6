package strainlab.analysis;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import strainlab.fit.BellModel;
import strainlab.fit.CurveModel;
import strainlab.fit.MeasuredCurve;

/**
 * Starting points for a fit when no trained network is at hand, read off the measured curve the way an expert
 * would: the substrate Bragg peak (the maximum) gives the angular offset; its half-maximum width the
 * resolution; the lowest intensities the background; the far end of the signal on the low-angle side the
 * maximum strain (a lattice strain e moves scattering by Δθ = −e·tanθB). The unknown depth shape and
 * thickness are covered by a family of bell-shaped strain profiles (centre and width) and thicknesses, which
 * {@link strainlab.lsq.LeastSquaresOptimizer}'s multi-start scores and refines.
 *
 * @param offsetThetaDeg peak position minus θB, degrees of θ
 * @param fwhmThetaDeg starting resolution FWHM on the θ axis, degrees
 * @param background relative background (of the normalised maximum 1)
 * @param strainMaxPercent maximum strain estimated from the extent of the signal, %
 */
public record AutoStart(double offsetThetaDeg, double fwhmThetaDeg, double background, double strainMaxPercent) {
    /** Thicknesses (nm) of the candidate family. */
    static final double[] THICKNESSES_NM = {60, 120, 200, 300, 500, 800};
    /** Centres (z/t, 1 = surface) and widths of the candidate bell profiles. */
    static final double[][] SHAPES = {{0.5, 0.25}, {0.7, 0.25}, {0.85, 0.2}, {1.0, 0.3}, {0.75, 0.45}};
    /** scale_dw (tied) or minimum DW (spline) of the candidates. */
    static final double[] DW_MINS = {0.8, 0.4};

    /** Reads the estimates off a measured curve, for a model on the same grid. */
    public static AutoStart estimate(MeasuredCurve data, CurveModel model) {
        double[] th = data.thetaRad();
        double[] y = data.log10Intensity();
        int peak = data.peakIndex();
        double thetaB = model.setup().braggAngleRad();
        double offsetDeg = Math.toDegrees(th[peak] - thetaB);
        // background: mean log10 of the lowest 5 % of the points
        double[] sorted = y.clone();
        Arrays.sort(sorted);
        int k = Math.max(1, sorted.length / 20);
        double lowLog = 0;
        for (int i = 0; i < k; i++) {
            lowLog += sorted[i];
        }
        lowLog /= k;
        double background = Math.pow(10, lowLog);
        // FWHM of the peak (linear intensity, half-maximum crossings)
        double peakValue = Math.pow(10, y[peak]);
        int lo = peak;
        while (lo > 0 && Math.pow(10, y[lo]) > peakValue / 2) {
            lo--;
        }
        int hi = peak;
        while (hi < y.length - 1 && Math.pow(10, y[hi]) > peakValue / 2) {
            hi++;
        }
        double step = (th[th.length - 1] - th[0]) / (th.length - 1);
        double widthDeg = Math.toDegrees(Math.max(hi - lo, 2) * step);
        double fwhmDeg = Math.max(0.6 * widthDeg, Math.toDegrees(step));
        // extent of the signal: the lowest angle where a 7-point running mean rises 0.5 decade above background
        int edge = peak;
        for (int i = 0; i < peak; i++) {
            double m = 0;
            int c = 0;
            for (int j = Math.max(0, i - 3); j <= Math.min(y.length - 1, i + 3); j++) {
                m += y[j];
                c++;
            }
            if (m / c > lowLog + 0.5) {
                edge = i;
                break;
            }
        }
        double strainMax = 100 * (th[peak] - th[edge]) / Math.tan(thetaB);
        strainMax = Math.max(0.05, strainMax);
        return new AutoStart(offsetDeg, fwhmDeg, background, strainMax);
    }

    /** The common parts of every candidate (offset, width, background, scale 1, η 0.001). */
    public double[] base(CurveModel model) {
        return model.values().offsetThetaDeg(offsetThetaDeg).fwhmThetaDeg(fwhmThetaDeg)
                .background(Math.max(background, 1e-9)).scale(1).eta(0.001).thicknessNm(200).build();
    }

    /** Candidate starts: every bell shape × thickness × DW level of the family. */
    public List<double[]> candidates(CurveModel model) {
        List<double[]> out = new ArrayList<>();
        int n = model.strainWeightCount();
        int nAbs = n + model.convention().padCount() - 3;
        for (double[] shape : SHAPES) {
            double[] w = new double[n];
            for (int kk = 0; kk < n; kk++) {
                int padded = kk + model.convention().padCount();
                double z = (double) (padded - 1) / nAbs;
                double u = (z - shape[0]) / shape[1];
                w[kk] = strainMaxPercent * Math.exp(-0.5 * u * u);
            }
            for (double t : THICKNESSES_NM) {
                for (double dwMin : DW_MINS) {
                    CurveModel.Values v = model.values().from(base(model)).strainWeightsPercent(w).thicknessNm(t);
                    if (model.dwMode() == CurveModel.DwMode.TIED) {
                        v.scaleDw(-Math.log(dwMin));
                    } else {
                        double[] d = new double[model.dwWeightCount()];
                        int nd = d.length;
                        int nAbsDw = nd + model.convention().padCount() - 3;
                        for (int kk = 0; kk < nd; kk++) {
                            double z = (double) (kk + model.convention().padCount() - 1) / nAbsDw;
                            double uu = (z - shape[0]) / shape[1];
                            d[kk] = 1 - (1 - dwMin) * Math.exp(-0.5 * uu * uu);
                        }
                        v.dwWeights(d);
                    }
                    out.add(v.build());
                }
            }
        }
        return out;
    }

    /** Bell shapes (centre z/t, width towards the interface, width towards the surface) of the bell candidates. */
    static final double[][] BELLS = {{0.45, 0.25, 0.25}, {0.65, 0.3, 0.2}, {0.8, 0.35, 0.2}, {0.95, 0.4, 0.25},
        {0.75, 0.2, 0.45}};

    /** Candidate starts of a {@link BellModel}: bell shapes × thicknesses × DW levels, e_max as estimated. */
    public List<double[]> bellCandidates(BellModel bell) {
        CurveModel model = bell.inner();
        List<double[]> out = new ArrayList<>();
        for (double[] b : BELLS) {
            for (double t : THICKNESSES_NM) {
                for (double dwMin : DW_MINS) {
                    CurveModel.Values v = model.values().from(base(model)).thicknessNm(t);
                    if (model.dwMode() == CurveModel.DwMode.TIED) {
                        v.scaleDw(-Math.log(dwMin));
                    } else {
                        double[] d = new double[model.dwWeightCount()];
                        java.util.Arrays.fill(d, dwMin);
                        v.dwWeights(d);
                    }
                    out.add(bell.fromInner(strainMaxPercent, b[0], b[1], b[2], v.build()));
                }
            }
        }
        return out;
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "AutoStart[offset %.4f° θ, FWHM %.4f° θ, background %.2e, e_max %.2f %%]",
                offsetThetaDeg, fwhmThetaDeg, background, strainMaxPercent);
    }
}
