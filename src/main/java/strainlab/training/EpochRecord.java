package strainlab.training;

import java.util.List;
import java.util.Locale;

/**
 * One line of the learning curve.
 *
 * @param epoch 1-based epoch number
 * @param trainLoss mean training MSE over the epoch's mini-batches (normalised labels, training mode)
 * @param valLoss validation MSE at the end of the epoch (normalised labels, inference mode)
 * @param learningRate learning rate used during the epoch
 * @param seconds wall time of the epoch including validation, s
 * @param samplesPerSecond training throughput (examples per second of the training pass)
 */
public record EpochRecord(int epoch, double trainLoss, double valLoss, double learningRate, double seconds,
        double samplesPerSecond) {

    /** Header of the CSV file written by {@link #toCsv(List)}. */
    public static final String CSV_HEADER = "epoch,train_loss,val_loss,learning_rate,seconds,samples_per_s";

    /** One CSV line (no newline). */
    public String csvLine() {
        return String.format(Locale.ROOT, "%d,%.8g,%.8g,%.6g,%.3f,%.1f", epoch, trainLoss, valLoss, learningRate,
                seconds, samplesPerSecond);
    }

    /** The learning curves as CSV text with header. */
    public static String toCsv(List<EpochRecord> history) {
        StringBuilder b = new StringBuilder(CSV_HEADER).append('\n');
        for (EpochRecord r : history) {
            b.append(r.csvLine()).append('\n');
        }
        return b.toString();
    }

    /** Parses the CSV text written by {@link #toCsv(List)}; errors name the line. */
    public static List<EpochRecord> fromCsv(String text) {
        String[] lines = text.split("\\R");
        if (lines.length == 0 || !lines[0].trim().equals(CSV_HEADER)) {
            throw new IllegalArgumentException("learning-curve CSV must start with '" + CSV_HEADER + "'");
        }
        java.util.ArrayList<EpochRecord> out = new java.util.ArrayList<>();
        for (int i = 1; i < lines.length; i++) {
            if (lines[i].isBlank()) {
                continue;
            }
            String[] f = lines[i].split(",");
            if (f.length != 6) {
                throw new IllegalArgumentException("learning-curve CSV line " + (i + 1) + ": expected 6 fields, got "
                        + f.length);
            }
            try {
                out.add(new EpochRecord(Integer.parseInt(f[0].trim()), Double.parseDouble(f[1]),
                        Double.parseDouble(f[2]), Double.parseDouble(f[3]), Double.parseDouble(f[4]),
                        Double.parseDouble(f[5])));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("learning-curve CSV line " + (i + 1) + ": " + e.getMessage(), e);
            }
        }
        return out;
    }
}
