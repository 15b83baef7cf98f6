package strainlab.io;

/**
 * A request file that is not a valid request: its message names the file and the field (or the line and
 * column) and the problem, e.g. {@code request.json: thicknessNm must lie in [0, 10000] nm, got -5}.
 */
public class RequestFormatException extends IllegalArgumentException {
    public RequestFormatException(String message) {
        super(message);
    }

    public RequestFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
