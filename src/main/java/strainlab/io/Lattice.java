package strainlab.io;

/** d-spacing and cell volume from {a, b, c (Å), α, β, γ (°)} through the reciprocal metric tensor. */
final class Lattice {
    private Lattice() {
    }

    static double volumeA3(double[] cell) {
        double ca = Math.cos(Math.toRadians(cell[3]));
        double cb = Math.cos(Math.toRadians(cell[4]));
        double cg = Math.cos(Math.toRadians(cell[5]));
        double s = 1 - ca * ca - cb * cb - cg * cg + 2 * ca * cb * cg;
        if (!(s > 0)) {
            throw new IllegalArgumentException("cell angles do not form a cell: α " + cell[3] + "°, β " + cell[4]
                    + "°, γ " + cell[5] + "°");
        }
        return cell[0] * cell[1] * cell[2] * Math.sqrt(s);
    }

    static double dSpacingA(double[] cell, int[] hkl) {
        double a = cell[0];
        double b = cell[1];
        double c = cell[2];
        double al = Math.toRadians(cell[3]);
        double be = Math.toRadians(cell[4]);
        double ga = Math.toRadians(cell[5]);
        double v = volumeA3(cell);
        double h = hkl[0];
        double k = hkl[1];
        double l = hkl[2];
        double s11 = b * b * c * c * Math.sin(al) * Math.sin(al);
        double s22 = a * a * c * c * Math.sin(be) * Math.sin(be);
        double s33 = a * a * b * b * Math.sin(ga) * Math.sin(ga);
        double s12 = a * b * c * c * (Math.cos(al) * Math.cos(be) - Math.cos(ga));
        double s23 = a * a * b * c * (Math.cos(be) * Math.cos(ga) - Math.cos(al));
        double s13 = a * b * b * c * (Math.cos(ga) * Math.cos(al) - Math.cos(be));
        double inv = (s11 * h * h + s22 * k * k + s33 * l * l + 2 * s12 * h * k + 2 * s23 * k * l + 2 * s13 * h * l)
                / (v * v);
        return 1 / Math.sqrt(inv);
    }
}
