#!/usr/bin/env python3
"""The last choice among each curve's fits, redone at other σ_I tolerances from a refined-fits.csv.

`evaluate --refine N --refine-release --refine-all-fits` writes every fit of each curve that the last choice saw
(σ_I, prior score, σe/e_max against the truth). This script repeats that choice offline, exactly as
`NearestMinimum.choose` makes it (of the fits within (1 + tolerance) × the lowest σ_I, the one of lowest prior score,
the earlier on a tie), and prints a(strain), the fraction of curves whose chosen strain profile has σe/e_max < 0.1,
for each tolerance; also the run's own choice, and the fraction of curves where some fit is right.

Usage: choice-sweep.py FITS_CSV [TOLERANCE ...]   (default tolerances 0 0.001 0.002 0.005 0.0075 0.01 0.015 0.02 0.03)
"""
import collections
import csv
import sys

THRESHOLD = 0.1


def read(path):
    fits = collections.OrderedDict()
    with open(path, newline="") as f:
        for row in csv.DictReader(f):
            fits.setdefault(int(row["index"]), []).append(row)
    return fits


def finite(value):
    x = float(value)
    return x if x == x else None


def choose(rows, tolerance):
    sigmas = [finite(r["sigma_i"]) for r in rows]
    lowest = min(s for s in sigmas if s is not None)
    best = None
    for r, s in zip(rows, sigmas):
        if s is not None and s <= (1 + tolerance) * lowest and (
                best is None or float(r["prior_score"]) < float(best["prior_score"])):
            best = r
    return best


def right(row):
    e = finite(row["sigma_e_over_e_max"])
    return e is not None and e < THRESHOLD


def main(argv):
    if len(argv) < 2:
        sys.exit(__doc__)
    fits = read(argv[1])
    tolerances = [float(t) for t in argv[2:]] or [0, 0.001, 0.002, 0.005, 0.0075, 0.01, 0.015, 0.02, 0.03]
    n = len(fits)
    kept = sum(right(next(r for r in rows if r["kept"] == "1")) for rows in fits.values())
    print(f"{n} curves, {sum(len(r) for r in fits.values())} fits")
    print(f"the run's choice: a(strain) {kept / n:.3f}")
    for t in tolerances:
        a = sum(right(choose(rows, t)) for rows in fits.values()) / n
        print(f"tolerance {t:.4f}: a(strain) {a:.3f}")
    some = sum(any(right(r) for r in rows) for rows in fits.values())
    print(f"some fit right: {some / n:.3f}")


if __name__ == "__main__":
    main(sys.argv)
