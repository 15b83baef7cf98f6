package strainlab.training;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import strainlab.io.AtomicFiles;

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

    /** The learning curves' file in a model folder. */
    public static final String HISTORY_FILE = "history.csv";
    /** Header of {@value #HISTORY_FILE}. */
    public static final String CSV_HEADER = "epoch,train_loss,val_loss,learning_rate,seconds,samples_per_s";

    /** Writes {@code history} as CSV with header to {@code dir/}{@value #HISTORY_FILE}, atomically. */
    public static void writeHistory(Path dir, List<EpochRecord> history) throws IOException {
        StringBuilder b = new StringBuilder(CSV_HEADER).append('\n');
        for (EpochRecord r : history) {
            b.append(String.format(Locale.ROOT, "%d,%.8g,%.8g,%.6g,%.3f,%.1f", r.epoch, r.trainLoss, r.valLoss,
                    r.learningRate, r.seconds, r.samplesPerSecond)).append('\n');
        }
        AtomicFiles.writeString(dir.resolve(HISTORY_FILE), b.toString());
    }

    /** Parses the CSV text of {@link #writeHistory}; errors name the line. */
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
