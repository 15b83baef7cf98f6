package strainlab.nanobeam.sim;

/**
 * The instrument of a scanning nanodiffraction experiment: beam energy, zone-plate optics and area detector.
 *
 * <p>Conventions (those of the authors' published simulation): the photon wavelength is
 * {@code λ[Å] = 12.398 / energyKeV}; the effective detector pixel is {@code pixelUm·binning / detectorUpsampling}
 * µm; the detector image has {@code detectorPixels × detectorPixels} pixels after binning; the beam-direction
 * grid (the hollow cone passed by the zone-plate annulus) has {@code detectorPixels·beamUpsampling} points per
 * axis with an angular step of one effective pixel / {@code beamUpsampling} seen from the sample; a beam
 * direction and a detector pixel contribute together when their in-plane momentum transfers (Qx and Qy) agree
 * within {@code ±windowInvA} Å⁻¹ (a sharp cut-off).
 *
 * @param energyKeV             photon energy (keV), &gt; 0
 * @param detectorDistanceM     sample–detector distance (m), &gt; 0
 * @param pixelUm               physical detector pixel size (µm), &gt; 0
 * @param binning               detector binning factor (physical pixels per image pixel along each axis), ≥ 1
 * @param detectorPixels        image size after binning (pixels per axis), ≥ 8
 * @param zonePlateDiameterUm   zone-plate diameter (µm), &gt; centralStopDiameterUm
 * @param centralStopDiameterUm central-stop diameter (µm), ≥ 0
 * @param focalLengthMm         zone-plate focal length (mm), &gt; 0
 * @param detectorUpsampling    detector sub-pixels per image pixel along each axis (block-averaged back), ≥ 1
 * @param beamUpsampling        beam-direction grid points per image pixel along each axis, ≥ 1
 * @param windowInvA            half-width of the Qx/Qy matching window (Å⁻¹), &gt; 0
 */
public record NanobeamInstrument(double energyKeV, double detectorDistanceM, double pixelUm, int binning,
                                 int detectorPixels, double zonePlateDiameterUm, double centralStopDiameterUm,
                                 double focalLengthMm, int detectorUpsampling, int beamUpsampling,
                                 double windowInvA) {

    /** hc in keV·Å as used by the published simulation. */
    public static final double HC_KEV_A = 12.398;

    public NanobeamInstrument {
        positive("energyKeV", energyKeV);
        positive("detectorDistanceM", detectorDistanceM);
        positive("pixelUm", pixelUm);
        atLeast("binning", binning, 1);
        atLeast("detectorPixels", detectorPixels, 8);
        positive("zonePlateDiameterUm", zonePlateDiameterUm);
        if (!(centralStopDiameterUm >= 0) || !Double.isFinite(centralStopDiameterUm)) {
            throw new IllegalArgumentException("centralStopDiameterUm must be finite and >= 0, got " + centralStopDiameterUm);
        }
        if (centralStopDiameterUm >= zonePlateDiameterUm) {
            throw new IllegalArgumentException("centralStopDiameterUm (" + centralStopDiameterUm
                    + ") must be smaller than zonePlateDiameterUm (" + zonePlateDiameterUm + ")");
        }
        positive("focalLengthMm", focalLengthMm);
        atLeast("detectorUpsampling", detectorUpsampling, 1);
        atLeast("beamUpsampling", beamUpsampling, 1);
        positive("windowInvA", windowInvA);
    }

    /**
     * The paper's instrument: 11.3 keV, detector at 0.85 m, 55 µm pixels binned ×2 to 64×64, zone plate 149 µm with
     * a 77 µm central stop, focal length 21.874 mm, no detector up-sampling, beam grid up-sampled ×2 (128×128),
     * window 5e-4 Å⁻¹.
     */
    public static NanobeamInstrument paper() {
        return new NanobeamInstrument(11.3, 0.85, 55, 2, 64, 149, 77, 21.874, 1, 2, 5e-4);
    }

    /** Wavelength λ = 12.398 / E (Å). */
    public double wavelengthA() {
        return HC_KEV_A / energyKeV;
    }

    /** Effective (binned, up-sampled) detector pixel size in metres, computed as the published code does. */
    public double effectivePixelM() {
        return pixelUm / 1e6 / detectorUpsampling * binning;
    }

    /** Half-angle of the zone-plate cone (rad): zone-plate radius / focal length. */
    public double outerHalfAngleRad() {
        return zonePlateDiameterUm / 1e6 / 2 / (focalLengthMm / 1e3);
    }

    /** Half-angle of the central-stop shadow (rad): stop radius / focal length. */
    public double innerHalfAngleRad() {
        return centralStopDiameterUm / 1e6 / 2 / (focalLengthMm / 1e3);
    }

    /** Copy with other zone-plate and central-stop diameters (µm). */
    public NanobeamInstrument withOptics(double zonePlateUm, double centralStopUm) {
        return new NanobeamInstrument(energyKeV, detectorDistanceM, pixelUm, binning, detectorPixels, zonePlateUm,
                centralStopUm, focalLengthMm, detectorUpsampling, beamUpsampling, windowInvA);
    }

    /** Copy with other up-sampling factors. */
    public NanobeamInstrument withUpsampling(int detector, int beam) {
        return new NanobeamInstrument(energyKeV, detectorDistanceM, pixelUm, binning, detectorPixels, zonePlateDiameterUm,
                centralStopDiameterUm, focalLengthMm, detector, beam, windowInvA);
    }

    private static void positive(String field, double v) {
        if (!(v > 0) || !Double.isFinite(v)) {
            throw new IllegalArgumentException(field + " must be finite and > 0, got " + v);
        }
    }

    private static void atLeast(String field, int v, int min) {
        if (v < min) {
            throw new IllegalArgumentException(field + " must be >= " + min + ", got " + v);
        }
    }
}
