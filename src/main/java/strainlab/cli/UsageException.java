package strainlab.cli;

/** Bad command-line arguments: printed with the subcommand's usage, exit code 2. */
public class UsageException extends Exception {
    public UsageException(String message) {
        super(message);
    }
}
