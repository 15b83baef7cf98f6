package strainlab.cli;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one-line text of an error that reached {@link Main}: names the file where the exception or the command line
 * tells it, and replaces Java's own wording (bare paths, "Is a directory", exception class names) with what went
 * wrong.
 */
final class ErrorText {
    private static final String DISK_FULL = "No space left on device";
    private static final Pattern FILE_AND_REASON = Pattern.compile("(.+) \\((.+)\\)");

    private ErrorText() {
    }

    /** One line describing {@code e}, thrown by a subcommand run with arguments {@code args}. */
    static String describe(Throwable e, String[] args) {
        Throwable c = e.getCause();
        if (c != null && c != e && (c.toString().equals(e.getMessage())
                || e instanceof java.util.concurrent.ExecutionException
                || e instanceof java.util.concurrent.CompletionException)) {
            return describe(c, args);
        }
        if (e instanceof OutOfMemoryError) {
            return String.format(Locale.ROOT, "out of memory%s: the request needs more than the %d MiB the Java heap may"
                    + " use; ask for less, or raise the limit with JAVA_OPTS=-Xmx<size>", where(args),
                    Runtime.getRuntime().maxMemory() >> 20);
        }
        if (e instanceof StackOverflowError) {
            return "stack overflow" + where(args) + ": the input is nested too deeply or too large to process";
        }
        if (e instanceof UncheckedIOException u && u.getCause() != null) {
            return io(u.getCause(), args);
        }
        if (e instanceof IOException io) {
            return io(io, args);
        }
        if (e instanceof InvalidPathException p) {
            return "'" + p.getInput() + "': not a valid path (" + p.getReason() + ")";
        }
        if (isInternal(e) || e.getMessage() == null || e.getMessage().isBlank()) {
            return "internal error (" + e.getClass().getSimpleName() + ")" + where(args);
        }
        return e.getMessage();
    }

    /**
     * Whether {@code e} is a programming error rather than a problem of the input: its message (if any) is Java's,
     * not ours, and the stack trace is what a bug report needs.
     */
    static boolean isInternal(Throwable e) {
        return (e instanceof Error && !(e instanceof OutOfMemoryError))
                || e instanceof NullPointerException || e instanceof ClassCastException
                || e instanceof IndexOutOfBoundsException || e instanceof ArithmeticException
                || e instanceof ArrayStoreException || e instanceof NegativeArraySizeException
                || e instanceof java.util.ConcurrentModificationException
                || e instanceof java.util.NoSuchElementException;
    }

    private static String io(IOException e, String[] args) {
        if (e instanceof FileSystemException f && f.getFile() != null) {
            String file = f.getFile() + (f.getOtherFile() == null ? "" : " -> " + f.getOtherFile());
            if (e instanceof NoSuchFileException) {
                return file + ": no such file or folder";
            }
            if (e instanceof FileAlreadyExistsException) {
                return Files.isDirectory(Path.of(f.getFile()))
                        ? file + ": exists already"
                        : file + ": exists and is a file, where a folder (or a new name) is needed";
            }
            if (e instanceof NotDirectoryException) {
                return file + ": not a folder (a file is in the way)";
            }
            if (e instanceof AccessDeniedException) {
                return file + ": permission denied";
            }
            if (e instanceof DirectoryNotEmptyException) {
                return file + ": a folder that is not empty is in the way";
            }
            return file + ": " + reason(f.getReason());
        }
        if (e instanceof CharacterCodingException) {
            return "not readable as UTF-8 text (a binary file?)" + where(args);
        }
        String m = e.getMessage();
        if (m == null || m.isBlank()) {
            return "input/output error" + where(args);
        }
        Matcher fm = FILE_AND_REASON.matcher(m);
        if (e instanceof FileNotFoundException && fm.matches()) {
            return fm.group(1) + ": " + reason(fm.group(2));
        }
        if (m.equals(DISK_FULL)) {
            String target = optionValue(args, "--out");
            return (target != null ? target + ": " : "") + reason(m) + (target != null ? "" : where(args));
        }
        if (m.equals("Is a directory")) {
            List<String> dirs = existing(args, true);
            return dirs.isEmpty() ? "a folder was given where a file is needed" + where(args)
                    : String.join(", ", dirs) + ": a folder, where a file is needed";
        }
        if (m.contains(DISK_FULL) && !m.startsWith(DISK_FULL)) {
            return m.replace(DISK_FULL, reason(DISK_FULL));
        }
        if (!m.contains(" ")) {
            return "input/output error (" + m + ")" + where(args);
        }
        return m;
    }

    /** Java's system-error text in our words. */
    private static String reason(String r) {
        if (r == null) {
            return "input/output error";
        }
        return switch (r) {
            case DISK_FULL -> "no space left on the device (disk full); nothing was completed";
            case "Is a directory" -> "a folder, where a file is needed";
            case "Not a directory" -> "not a folder (a file is in the way)";
            case "No such file or directory" -> "no such file or folder";
            case "Permission denied" -> "permission denied";
            case "Read-only file system" -> "on a read-only file system";
            default -> r;
        };
    }

    /** " while working on A, B" for the arguments that name existing input files or folders, else "". */
    private static String where(String[] args) {
        List<String> files = existing(args, false);
        return files.isEmpty() ? "" : " while working on " + String.join(", ", files);
    }

    /** Arguments other than --out's value that name existing files or folders (only folders when {@code foldersOnly}). */
    private static List<String> existing(String[] args, boolean foldersOnly) {
        List<String> found = new ArrayList<>();
        String out = optionValue(args, "--out");
        for (String a : args) {
            if (a.startsWith("-") || a.isBlank() || a.equals(out) || found.contains(a)) {
                continue;
            }
            try {
                Path p = Path.of(a);
                if (foldersOnly ? Files.isDirectory(p) : Files.exists(p)) {
                    found.add(a);
                }
            } catch (InvalidPathException ignored) {
                // not a path
            }
        }
        return found;
    }

    private static String optionValue(String[] args, String option) {
        for (int i = 0; i + 1 < args.length; i++) {
            if (args[i].equals(option)) {
                return args[i + 1];
            }
        }
        return null;
    }
}
