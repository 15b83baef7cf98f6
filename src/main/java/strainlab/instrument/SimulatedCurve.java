package strainlab.instrument;

/**
 * A simulated curve, point by point on the request's θ grid.
 *
 * @param thetaRad θ in radians
 * @param twoThetaDeg 2θ in degrees
 * @param dqOverQ (Q − Q_B)/Q_B of the substrate reflection
 * @param rawReflectivity |X|² from the recursion, before resolution
 * @param expectedIntensity noise-free counts: conv/max·scale + background
 * @param intensity the final counts (= expected when no noise was asked for)
 * @param rescaleGrid the network grid of {@code rescaledLog10}, or {@code null}
 * @param rescaledLog10 log10(I/max) on the network grid, or {@code null}
 */
public record SimulatedCurve(double[] thetaRad, double[] twoThetaDeg, double[] dqOverQ, double[] rawReflectivity,
                             double[] expectedIntensity, double[] intensity, NetworkGrid rescaleGrid,
                             double[] rescaledLog10) {

    /** Number of points on the θ grid. */
    public int size() {
        return thetaRad.length;
    }

    /** θ in degrees. */
    public double[] thetaDeg() {
        return ThetaGrid.thetaDeg(thetaRad);
    }

    /** log10 of the final counts. */
    public double[] log10Intensity() {
        double[] l = new double[intensity.length];
        for (int i = 0; i < l.length; i++) {
            l[i] = Math.log10(intensity[i]);
        }
        return l;
    }
}
