package strainlab.cnn.evaluation;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import java.util.List;
import java.util.Locale;

/**
 * One row of the paper's table 2: learning metrics and prediction accuracies of a model on a test set.
 * Accuracies are fractions in [0, 1]: {@code a(p)} is the fraction of test curves with {@code |Δp|/p < 0.1},
 * {@code a(strain)} the fraction with {@code σe/e_max < 0.1}. A field is null (absent from the JSON) when the model
 * does not predict the quantity (reduced-output networks) or it was not computed (e.g. the MSEs of a subset row).
 *
 * @param label row label (e.g. {@code CNN1}, {@code CNN1 (e_max ≤ 2 %)})
 * @param trainMse MSE of the normalised outputs over the training curves (inference mode), or null
 * @param testMse MSE of the normalised outputs over the test curves, or null
 * @param aT accuracy on the thickness t
 * @param aEmax accuracy on e_max
 * @param aDw accuracy on DWmin
 * @param aH accuracy on the resolution FWHM H
 * @param aDr accuracy on the dynamic range DR
 * @param aStrain accuracy on the strain profile (σe/e_max &lt; 0.1)
 * @param testCount number of test curves
 * @param trainCount number of training curves behind {@code trainMse} (0 when not computed)
 */
public record Table2Row(String label, Double trainMse, Double testMse, Double aT, Double aEmax, Double aDw, Double aH,
        Double aDr, Double aStrain, int testCount, int trainCount) {

    /** Threshold on the relative error below which a prediction counts as accurate. */
    public static final double THRESHOLD = 0.1;

    private static final int PAPER_TEST = 150_000;
    private static final Gson GSON = new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().create();

    public Table2Row {
        for (Double a : new Double[] {aT, aEmax, aDw, aH, aDr, aStrain}) {
            if (a != null && !(a >= 0 && a <= 1)) {
                throw new IllegalArgumentException("accuracies must be fractions in [0, 1], got " + a);
            }
        }
        if (testCount < 0 || trainCount < 0) {
            throw new IllegalArgumentException("counts must be >= 0");
        }
    }

    /**
     * The rows of table 2 as Boulle & Debelle (2023) publish them (label suffixed "(paper)"), in the paper's order:
     * CNN1, CNN2, their e_max ≤ 2 % rows (accuracies only), CNN3, CNN3[12] and CNN3[3]; test counts 1.5·10⁵ (0 for
     * the subset rows, whose size the paper does not give).
     */
    public static List<Table2Row> paper() {
        return List.of(
                new Table2Row("CNN1 (paper)", 0.0010, 0.0016, 0.85, 0.90, 0.73, 0.92, 1.0, 0.74, PAPER_TEST, 0),
                new Table2Row("CNN2 (paper)", 0.00077, 0.0013, 0.91, 0.94, 0.90, 0.93, 1.0, 0.82, PAPER_TEST, 0),
                new Table2Row("CNN1 (e_max ≤ 2 %) (paper)", null, null, 0.70, 0.74, 0.63, 0.91, 1.0, 0.50, 0, 0),
                new Table2Row("CNN2 (e_max ≤ 2 %) (paper)", null, null, 0.80, 0.81, 0.81, 0.93, 1.0, 0.61, 0, 0),
                new Table2Row("CNN3 (paper)", 0.0019, 0.0026, 0.86, 0.94, 0.85, 0.91, 1.0, 0.76, PAPER_TEST, 0),
                new Table2Row("CNN3[12] (paper)", 0.0022, 0.0031, 0.86, 0.93, 0.84, null, null, 0.76, PAPER_TEST, 0),
                new Table2Row("CNN3[3] (paper)", 0.0011, 0.0015, 0.88, 0.97, 0.90, null, null, null, PAPER_TEST, 0));
    }

    /** The published row whose label starts with {@code name} followed by a space (e.g. "CNN2", "CNN3[12]"). */
    public static Table2Row paper(String name) {
        return paper().stream().filter(r -> r.label().startsWith(name + " ")).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("table 2 of the paper has no row " + name));
    }

    /**
     * The rows, each followed by the paper's row of the same label where the paper has one (e.g. "CNN2 (e_max ≤ 2 %)"
     * by "CNN2 (e_max ≤ 2 %) (paper)").
     */
    public static List<Table2Row> besidePaper(List<Table2Row> rows) {
        List<Table2Row> out = new java.util.ArrayList<>();
        for (Table2Row row : rows) {
            out.add(row);
            paper().stream().filter(p -> p.label().equals(row.label() + " (paper)")).forEach(out::add);
        }
        return out;
    }

    /** The accuracy of a parameter (null when absent). */
    public Double accuracy(Parameter p) {
        return switch (p) {
            case T -> aT;
            case E_MAX -> aEmax;
            case DW_MIN -> aDw;
            case H -> aH;
            case DR -> aDr;
        };
    }

    /** The row as JSON; absent values are left out. */
    public String toJson() {
        return GSON.toJson(this);
    }

    /** Parses {@link #toJson()}. */
    public static Table2Row fromJson(String json) {
        Table2Row row = GSON.fromJson(json, Table2Row.class);
        if (row == null) {
            throw new IllegalArgumentException("empty table-2 JSON");
        }
        return new Table2Row(row.label, row.trainMse, row.testMse, row.aT, row.aEmax, row.aDw, row.aH, row.aDr,
                row.aStrain, row.testCount, row.trainCount);
    }

    /** Header of {@link #toLine()}. */
    public static String header() {
        return String.format(Locale.ROOT, "%-28s %9s %9s %6s %6s %6s %6s %6s %8s %7s", "model", "train mse",
                "test mse", "a(t)", "a(e)", "a(DW)", "a(H)", "a(DR)", "a(strain)", "n test");
    }

    /** The row as the paper prints it (MSE with 2 significant digits, accuracies in %; no test count when 0). */
    public String toLine() {
        return String.format(Locale.ROOT, "%-28s %9s %9s %6s %6s %6s %6s %6s %8s %7s", label, mse(trainMse),
                mse(testMse), pct(aT), pct(aEmax), pct(aDw), pct(aH), pct(aDr), pct(aStrain),
                testCount == 0 ? "" : Integer.toString(testCount));
    }

    @Override
    public String toString() {
        return header() + "\n" + toLine();
    }

    private static String mse(Double v) {
        return v == null ? "" : String.format(Locale.ROOT, "%.2g", v);
    }

    private static String pct(Double v) {
        return v == null ? "" : String.format(Locale.ROOT, "%.0f%%", 100 * v);
    }
}
