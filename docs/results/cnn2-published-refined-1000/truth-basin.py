#!/usr/bin/env python3
"""Where the truth's own minimum lies against every fit a refinement found.

Reads a refined-fits.csv (`evaluate --refine N --refine-release --refine-all-fits`) and the refined-curves.csv of the
same curves refined from their true labels (`--refine-start truth`, same weights and lamellae). Prints, for the choice
of the lowest σ_I among the found fits: how many curves keep a right strain profile (σe/e_max < 0.1); how many would,
were the truth-start fit one more fit to choose from; and, for the curves whose lowest fit is wrong, whether the
truth-start fit's σ_I lies below or above it (within or beyond 2 %) and whether it is right itself.

Usage: truth-basin.py FITS_CSV TRUTH_START_CURVES_CSV
"""
import collections
import csv
import sys

THRESHOLD = 0.1


def main(fits_csv, truth_csv):
    fits = collections.OrderedDict()
    with open(fits_csv, newline="") as f:
        for row in csv.DictReader(f):
            s = float(row["sigma_i"])
            if s == s:
                fits.setdefault(int(row["index"]), []).append(row)
    with open(truth_csv, newline="") as f:
        truth = {int(r["index"]): r for r in csv.DictReader(f)}
    lowest_right = with_truth_right = 0
    classes = collections.Counter()
    for i, rows in fits.items():
        lowest = min(rows, key=lambda r: float(r["sigma_i"]))
        s = float(lowest["sigma_i"])
        right = float(lowest["sigma_e_over_e_max"]) < THRESHOLD
        t = truth[i]
        ts = float(t["refined_sigma_i"])
        t_right = float(t["sigma_e_over_e_max_refined"]) < THRESHOLD
        lowest_right += right
        with_truth_right += t_right if ts < s else right
        if not right:
            side = "below" if ts < s else "at or above"
            margin = "beyond 2 %" if abs(ts / s - 1) > 0.02 else "within 2 %"
            classes[("right" if t_right else "wrong", side, margin)] += 1
    n = len(fits)
    print(f"{n} curves; lowest σ_I among the found fits right: {lowest_right} ({100 * lowest_right / n:.1f} %)")
    print(f"with the truth-start fit among them: {with_truth_right} ({100 * with_truth_right / n:.1f} %)")
    print("curves whose lowest fit is wrong, by the truth-start fit (profile; σ_I against the lowest fit's):")
    for (t_right, side, margin), count in sorted(classes.items()):
        print(f"  {t_right}, {side} it, {margin}: {count}")


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    main(sys.argv[1], sys.argv[2])
