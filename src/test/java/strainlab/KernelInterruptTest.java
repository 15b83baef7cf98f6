package strainlab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.google.gson.GsonBuilder;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Interrupting a cell in the real "StrainLab (Java)" kernel, driven by a real Jupyter client
 * ({@code environment/kernel_interrupt_check.py}, python3 + jupyter_client): a cell generating a large training
 * set is interrupted; the interrupt must be answered on the control channel, the cell must end with an error
 * naming the interruption, the kernel JVM's CPU use must be about idle 2 s later, and the next cell must print.
 * <p>
 * The kernel is the rapaio-jupyter-kernel jar that {@code environment/install} fetched, with the patch classes
 * of {@code environment/kernel} compiled here from source, and this build's classes. Skipped (with the reason)
 * where no Python has jupyter_client or environment/install has not run.
 */
class KernelInterruptTest {

    private static final String KERNEL_NAME = "strainlab-interrupt-check";

    @TempDir
    Path tmp;

    @Test
    void interruptedLoopEndsTheCellFreesTheCoresAndTheNextCellRuns() throws Exception {
        Path root = Workspace.root();
        String python = jupyterPython();
        Path kernelJar = root.resolve("target/kernel/rapaio-jupyter-kernel-3.0.1.jar");
        Path classpathFile = root.resolve("target/classpath.txt");
        Assumptions.assumeTrue(Files.isRegularFile(kernelJar) && Files.isRegularFile(classpathFile),
                "no " + root.relativize(kernelJar) + " or " + root.relativize(classpathFile)
                        + ": run environment/install first");

        Path patch = compilePatch(root.resolve("environment/kernel"), kernelJar);
        String classpath = String.join(File.pathSeparator, patch.toString(), root.resolve("target/classes").toString(),
                Files.readString(classpathFile).trim(), kernelJar.toString());
        Path specDir = Files.createDirectories(tmp.resolve("jupyter/kernels/" + KERNEL_NAME));
        Map<String, Object> spec = new LinkedHashMap<>();
        spec.put("argv", List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--add-modules", "jdk.incubator.vector", "-Dai.djl.offline=true", "-Xmx1g",
                "-cp", classpath, "org.rapaio.jupyter.kernel.MainApp", "{connection_file}"));
        spec.put("display_name", "StrainLab interrupt check");
        spec.put("language", "java");
        spec.put("interrupt_mode", "message");
        Files.writeString(specDir.resolve("kernel.json"), new GsonBuilder().create().toJson(spec));

        Path log = tmp.resolve("kernel.log");
        ProcessBuilder pb = new ProcessBuilder(python, root.resolve("environment/kernel_interrupt_check.py").toString(),
                "--kernel", KERNEL_NAME, "--dir", Files.createDirectories(tmp.resolve("set")).toString(),
                "--cwd", root.toString(), "--log", log.toString())
                .directory(root.toFile()).redirectErrorStream(true);
        pb.environment().put("JUPYTER_DATA_DIR", tmp.resolve("jupyter").toString());
        pb.environment().put("JUPYTER_RUNTIME_DIR", Files.createDirectories(tmp.resolve("runtime")).toString());
        Process p = pb.start();
        p.getOutputStream().close();
        String out;
        try (var in = p.getInputStream()) {
            out = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        if (!p.waitFor(240, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            fail("the interrupt check did not end within 240 s:\n" + out);
        }
        System.out.println(out.strip());
        Assumptions.assumeTrue(p.exitValue() != 77, () -> out.strip());
        if (p.exitValue() != 0) {
            String kernelLog = Files.exists(log) ? Files.readString(log) : "";
            fail("exit status " + p.exitValue() + ":\n" + out + "\nkernel log (end):\n"
                    + kernelLog.substring(Math.max(0, kernelLog.length() - 4000)));
        }
        assertTrue(out.contains("PASS"), out);
        Map<String, String> values = new LinkedHashMap<>();
        out.lines().filter(l -> l.contains(" = ")).forEach(l -> values.put(l.substring(0, l.indexOf(" = ")),
                l.substring(l.indexOf(" = ") + 3)));
        assertNotNull(values.get("cell_end_s"), out);
        assertTrue(Double.parseDouble(values.get("cell_end_s")) < 2.0, "the cell ended " + values.get("cell_end_s")
                + " s after the interrupt");
        assertEquals("after the interrupt 42", values.get("next_cell_output"));
    }

    /** A Python that has jupyter_client: STRAINLAB_PYTHON, /usr/bin/python3 or python3; skips when none has. */
    private static String jupyterPython() throws InterruptedException {
        List<String> candidates = new ArrayList<>();
        String configured = System.getenv("STRAINLAB_PYTHON");
        if (configured != null && !configured.isBlank()) {
            candidates.add(configured);
        }
        candidates.add("/usr/bin/python3");
        candidates.add("python3");
        for (String py : candidates) {
            try {
                Process p = new ProcessBuilder(py, "-c", "import jupyter_client").redirectErrorStream(true).start();
                p.getInputStream().readAllBytes();
                if (p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0) {
                    return py;
                }
            } catch (IOException e) {
                // not installed under this name: try the next one
            }
        }
        Assumptions.abort("no Python with jupyter_client (tried " + candidates
                + "): environment/install installs Jupyter");
        return null;
    }

    private Path compilePatch(Path sources, Path kernelJar) throws IOException {
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        assertNotNull(javac, "a JDK compiler");
        Path out = Files.createDirectories(tmp.resolve("patch"));
        List<String> args = new ArrayList<>(List.of("--release", "17", "-nowarn", "-cp", kernelJar.toString(),
                "-d", out.toString()));
        try (Stream<Path> files = Files.walk(sources)) {
            files.filter(f -> f.toString().endsWith(".java")).map(Path::toString).sorted().forEach(args::add);
        }
        assertEquals(0, javac.run(null, null, null, args.toArray(String[]::new)), "compiling " + sources);
        return out;
    }
}
