package strainlab.dataset.recipe;

import strainlab.profile.RandomStrainProfiles;

/**
 * Everything the paper recipe drew for one curve (before the noise), for notebooks and tests.
 *
 * @param seed set seed
 * @param index curve index in the set
 * @param thicknessNm layer thickness t, nm
 * @param strainMaxPercent e_max, % (the largest strain weight)
 * @param scaleDw {@code −ln DWmin}
 * @param fwhmDeg resolution FWHM, degrees 2θ
 * @param pseudoVoigtEta Lorentzian fraction of the resolution
 * @param background constant background, counts
 * @param scale maximum intensity above background, counts
 * @param dynamicRange {@code log10(scale/background)}, strictly inside the DR window
 * @param backgroundDraws number of (background, scale) draws until DR fell inside the window (≥ 1)
 * @param eps1 low-angle θ-grid margin (added to e_max/100)
 * @param eps2 high-angle θ-grid margin
 * @param profile the random strain-profile draw (normalised weights and shape)
 */
public record CurveParameters(long seed, long index, double thicknessNm, double strainMaxPercent, double scaleDw,
                              double fwhmDeg, double pseudoVoigtEta, double background, double scale,
                              double dynamicRange, int backgroundDraws, double eps1, double eps2,
                              RandomStrainProfiles.Draw profile) {

    /** The 10 strain weights in % (normalised weights × e_max). */
    public double[] weightsPercent() {
        return profile.weightsPercent(strainMaxPercent);
    }

    /** DWmin = exp(−scale_dw). */
    public double dwMin() {
        return Math.exp(-scaleDw);
    }

    /** The 14 labels of this curve. */
    public CurveLabels labels() {
        return new CurveLabels(weightsPercent(), scaleDw, thicknessNm, fwhmDeg, dynamicRange);
    }
}
