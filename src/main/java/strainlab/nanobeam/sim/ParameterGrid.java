package strainlab.nanobeam.sim;

import java.util.List;

/**
 * The library grid over (strain, ω, χ), stored in that order: index = (i·n_ω + j)·n_χ + k for strain index i,
 * tilt-lr index j and tilt-ud index k, as in the published library ({@code sim_mat[strain, tilt_lr, tilt_ud]}).
 */
public record ParameterGrid(GridAxis strain, GridAxis tiltLrDeg, GridAxis tiltUdDeg) {
    /** Label names in storage order. */
    public static final List<String> LABELS = List.of("strain", "tilt_lr_deg", "tilt_ud_deg");

    public ParameterGrid {
        java.util.Objects.requireNonNull(strain, "strain");
        java.util.Objects.requireNonNull(tiltLrDeg, "tiltLrDeg");
        java.util.Objects.requireNonNull(tiltUdDeg, "tiltUdDeg");
    }

    /** The paper's ranges, e ∈ [−0.5 %, 0.5 %], ω ∈ [−0.05°, 0.05°], χ ∈ [−0.1°, 0.1°], with n points per axis. */
    public static ParameterGrid cube(int n) {
        return new ParameterGrid(new GridAxis(LABELS.get(0), -0.005, 0.005, n),
                new GridAxis(LABELS.get(1), -0.05, 0.05, n), new GridAxis(LABELS.get(2), -0.1, 0.1, n));
    }

    /**
     * The central n×n×n points (n odd) of the paper's 41³ grid: the paper's steps (0.025 % strain, 0.0025° ω,
     * 0.005° χ) over a narrower range, e.g. n = 9 covers ±0.1 %, ±0.01°, ±0.02°. Quick-scale studies of small
     * variations (the figure-3 map) keep the paper's resolution this way.
     */
    public static ParameterGrid paperCentre(int n) {
        if (n < 3 || n > 41 || n % 2 == 0) {
            throw new IllegalArgumentException("n must be odd in 3..41, got " + n);
        }
        double h = (n - 1) / 2.0;
        return new ParameterGrid(new GridAxis(LABELS.get(0), -h * 0.00025, h * 0.00025, n),
                new GridAxis(LABELS.get(1), -h * 0.0025, h * 0.0025, n),
                new GridAxis(LABELS.get(2), -h * 0.005, h * 0.005, n));
    }

    /** The paper's 41×41×41 = 68 921 grid. */
    public static ParameterGrid paper() {
        return cube(41);
    }

    /** Number of grid points. */
    public int size() {
        return strain.count() * tiltLrDeg.count() * tiltUdDeg.count();
    }

    /** The axes in storage order. */
    public GridAxis[] axes() {
        return new GridAxis[] {strain, tiltLrDeg, tiltUdDeg};
    }

    /** Axis indices {i, j, k} of a flat index. */
    public int[] indices(long index) {
        if (index < 0 || index >= size()) {
            throw new IndexOutOfBoundsException("grid index " + index + " outside 0.." + (size() - 1));
        }
        int nk = tiltUdDeg.count();
        int nj = tiltLrDeg.count();
        int k = (int) (index % nk);
        int j = (int) ((index / nk) % nj);
        int i = (int) (index / ((long) nk * nj));
        return new int[] {i, j, k};
    }

    /** Flat index of axis indices. */
    public int flatIndex(int i, int j, int k) {
        if (i < 0 || i >= strain.count() || j < 0 || j >= tiltLrDeg.count() || k < 0 || k >= tiltUdDeg.count()) {
            throw new IndexOutOfBoundsException("grid indices (" + i + ", " + j + ", " + k + ") outside the grid");
        }
        return (i * tiltLrDeg.count() + j) * tiltUdDeg.count() + k;
    }

    /** The lattice state at a flat index. */
    public LatticeState state(long index) {
        int[] ijk = indices(index);
        return new LatticeState(strain.value(ijk[0]), tiltLrDeg.value(ijk[1]), tiltUdDeg.value(ijk[2]));
    }

    /**
     * Checks that a state lies inside the grid's ranges (the trained/fitted range), else throws an error naming
     * the parameter, its value and the range.
     */
    public void requireInside(LatticeState s) {
        double[] v = s.toArray();
        GridAxis[] ax = axes();
        for (int d = 0; d < 3; d++) {
            if (!ax[d].contains(v[d])) {
                throw new IllegalArgumentException(ax[d].name() + " = " + v[d] + " is outside the trained range ["
                        + ax[d].min() + ", " + ax[d].max() + "]");
            }
        }
    }
}
