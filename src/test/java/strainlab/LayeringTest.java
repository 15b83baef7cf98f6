package strainlab;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import com.tngtech.archunit.core.domain.AccessTarget.MethodCallTarget;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaCodeUnit;
import com.tngtech.archunit.core.domain.JavaMethodCall;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import strainlab.cnn.CnnTrainer;
import strainlab.cnn.ShiftBatchNorm;
import strainlab.training.FlatParameters;
import strainlab.training.MeanSquaredError;
import strainlab.training.EnginePoisson;

/**
 * The import rules of {@code docs/architecture.md}, checked on the compiled production and benchmark classes: data
 * flows one way (crystal → profile → diffraction → instrument → dataset → training → cnn / nanobeam → analysis),
 * physics knows nothing of DJL, files or plots, and io, plot, cli and the benchmarks stay at the edges.
 */
class LayeringTest {
    private static final String[] PHYSICS = {"strainlab.crystal..", "strainlab.profile..", "strainlab.diffraction..",
        "strainlab.instrument.."};
    private static final String[] ABOVE_PHYSICS = {"strainlab.dataset..", "strainlab.training..", "strainlab.cnn..",
        "strainlab.nanobeam..", "strainlab.lsq..", "strainlab.fit..", "strainlab.analysis..", "strainlab.io..",
        "strainlab.plot..", "strainlab.cli..", "strainlab.bench.."};
    private static final String[] DOMAIN = {"strainlab.crystal..", "strainlab.profile..", "strainlab.diffraction..",
        "strainlab.instrument..", "strainlab.dataset..", "strainlab.training..", "strainlab.cnn..",
        "strainlab.nanobeam..", "strainlab.lsq..", "strainlab.fit..", "strainlab.analysis..", "strainlab.io..",
        "strainlab.logging.."};

    private static JavaClasses production;

    /** The classes of the folder (or jar) that holds the production classes, tests left out wherever they are. */
    @BeforeAll
    static void importClasses() throws URISyntaxException {
        Path location = Path.of(Workspace.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        production = new ClassFileImporter().importPath(location);
    }

    @Test
    void topLevelPackagesHaveNoCycle() {
        slices().matching("strainlab.(*)..").should().beFreeOfCycles().check(production);
    }

    @Test
    void physicsKnowsNothingOfNetworksFilesOrPlots() {
        noClasses().that().resideInAnyPackage(PHYSICS).should().dependOnClassesThat()
                .resideInAnyPackage(concat(ABOVE_PHYSICS, "ai.djl..", "org.knowm..", "tech.tablesaw..",
                        "com.google.gson..", "java.nio.file.."))
                .check(production);
    }

    @Test
    void physicsImportsOnlyDownward() {
        noClasses().that().resideInAPackage("strainlab.crystal..").should().dependOnClassesThat()
                .resideInAnyPackage("strainlab.profile..", "strainlab.diffraction..", "strainlab.instrument..")
                .check(production);
        noClasses().that().resideInAPackage("strainlab.profile..").should().dependOnClassesThat()
                .resideInAnyPackage("strainlab.diffraction..", "strainlab.instrument..").check(production);
        noClasses().that().resideInAPackage("strainlab.diffraction..").should().dependOnClassesThat()
                .resideInAPackage("strainlab.instrument..").check(production);
    }

    @Test
    void leastSquaresStandsAlone() {
        classes().that().resideInAPackage("strainlab.lsq..").should().onlyDependOnClassesThat()
                .resideInAnyPackage("java..", "org.apache.commons.math3..", "strainlab.lsq..", "strainlab")
                .check(production);
    }

    @Test
    void modelsAndSetsKnowNothingOfTrainingOrAnalysis() {
        noClasses().that().resideInAnyPackage("strainlab.fit..", "strainlab.dataset..").should()
                .dependOnClassesThat().resideInAnyPackage("ai.djl..", "strainlab.training..", "strainlab.cnn..",
                        "strainlab.nanobeam..", "strainlab.analysis..", "strainlab.plot..", "strainlab.cli..")
                .check(production);
    }

    @Test
    void djlOnlyWhereNetworksTrainOrInfer() {
        noClasses().that().resideOutsideOfPackages("strainlab.training..", "strainlab.cnn..",
                        "strainlab.nanobeam..", "strainlab.bench..").and().doNotHaveFullyQualifiedName("strainlab.Info")
                .should().dependOnClassesThat().resideInAPackage("ai.djl..").check(production);
    }

    @Test
    void figuresOnlyInPlot() {
        noClasses().that().resideOutsideOfPackage("strainlab.plot..").should().dependOnClassesThat()
                .resideInAPackage("org.knowm..").check(production);
    }

    @Test
    void edgesAreNotImportedByTheDomain() {
        noClasses().that().resideInAnyPackage(DOMAIN).should().dependOnClassesThat()
                .resideInAnyPackage("strainlab.plot..", "strainlab.cli..", "strainlab.bench..").check(production);
        noClasses().that().resideInAPackage("strainlab.plot..").should().dependOnClassesThat()
                .resideInAnyPackage("strainlab.cli..", "strainlab.bench..").check(production);
        noClasses().that().resideInAPackage("strainlab.cli..").should().dependOnClassesThat()
                .resideInAPackage("strainlab.bench..").check(production);
    }

    /**
     * CUDA kernels that PyTorch compiles at run time with NVRTC (its "jiterator": lgamma, digamma, polygamma and the
     * special functions), which DJL's libtorch build does not ship; on a GPU they fail with "Error in dlopen for
     * library libnvrtc". Of DJL's operations, {@code gammaln} is one; no production code may call it.
     */
    @Test
    void noOperationNeedsTheRunTimeCudaCompiler() {
        noClasses().should().callMethod(ai.djl.ndarray.NDArray.class, "gammaln").check(production);
    }

    /**
     * The device training step makes no array from a host number: DJL copies each number in an operation
     * ({@code mul(2f)}, {@code gt(0)}) to the operand's device, which on a GPU blocks the host until every queued
     * kernel has run, so the host could no longer queue the next step while the GPU computes this one.
     */
    @Test
    void theDeviceTrainingStepCopiesNoNumberToTheDevice() {
        Predicate<JavaCodeUnit> step = u -> u.getOwner().isEquivalentTo(MeanSquaredError.class)
                || u.getOwner().isEquivalentTo(FlatParameters.class)
                || u.getOwner().getName().startsWith(ShiftBatchNorm.class.getName())
                || u.getOwner().isEquivalentTo(CnnTrainer.class)
                && (u.getName().equals("trainEpochOnDevice") || u.getName().equals("step"));
        assertEquals(List.of(), calls(step, LayeringTest::takesANumber));
    }

    /**
     * Nor does the device path of fresh noise ({@code train --noise-on-the-fly --data-placement device}): its classes
     * take no number in an array operation, and the code that runs per batch makes no array from host values (each
     * {@code NDManager.create} is a copy to the device); its constants are arrays made once with the set's tables.
     */
    @Test
    void theDeviceNoiseCopiesNoNumberToTheDevice() {
        Set<String> classes = Set.of(EnginePoisson.class.getName(),
                "strainlab.cnn.DeviceNoise", "strainlab.cnn.DeviceCurves");
        assertEquals(classes.size(), production.stream().filter(c -> classes.contains(c.getName())).count(),
                "classes of the device noise");
        assertEquals(List.of(), calls(u -> classes.contains(u.getOwner().getName()), LayeringTest::takesANumber));
        Predicate<JavaCodeUnit> perBatch = u -> switch (u.getOwner().getName()) {
            case "strainlab.training.EnginePoisson" -> u.getName().equals("sample");
            case "strainlab.cnn.DeviceNoise" -> u.getName().equals("draw") || u.getName().equals("rescale");
            case "strainlab.cnn.DeviceCurves" -> u.getName().equals("inputRows");
            default -> false;
        };
        assertEquals(List.of(), calls(perBatch, t -> t.getOwner().isAssignableTo(NDManager.class)
                && t.getName().equals("create")));
    }

    /** An array operation that takes a host number: DJL makes an array of it on the operand's device. */
    private static boolean takesANumber(MethodCallTarget target) {
        return target.getOwner().isAssignableTo(NDArray.class)
                && target.getRawParameterTypes().stream().anyMatch(t -> t.isEquivalentTo(Number.class));
    }

    /** The calls from the production code units {@code from} to methods {@code to}, described. */
    private static List<String> calls(Predicate<JavaCodeUnit> from, Predicate<MethodCallTarget> to) {
        List<String> found = new ArrayList<>();
        for (JavaClass c : production) {
            for (JavaCodeUnit u : c.getCodeUnits()) {
                if (!from.test(u)) {
                    continue;
                }
                for (JavaMethodCall call : u.getMethodCallsFromSelf()) {
                    if (to.test(call.getTarget())) {
                        found.add(call.getDescription());
                    }
                }
            }
        }
        return found;
    }

    private static String[] concat(String[] a, String... b) {
        String[] all = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }
}
