# Shared shell functions of the StrainLab scripts (sourced, not executed).
# Sets STRAINLAB_ROOT, STRAINLAB_JAR, STRAINLAB_CP_FILE; strainlab_build brings target/ up to date, strainlab_cds
# its class-data archive for the command line.

STRAINLAB_ROOT="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)"
STRAINLAB_TARGET="$STRAINLAB_ROOT/target"
STRAINLAB_JAR="$STRAINLAB_TARGET/strainlab-0.1.0.jar"
STRAINLAB_CP_FILE="$STRAINLAB_TARGET/classpath.txt"
# JVM options every StrainLab JVM needs (the CLI, the kernel, environment/gpu/run, the tests through surefire:
# pom.xml repeats them). The SIMD recursion's passes are compiled each on their own (dontinline): inlined into a
# larger caller, C2 sometimes left their jdk.incubator.vector calls as the library's scalar Java fallback
# (FloatVector.stOp in a thread dump), and a 16-thread generation ran at 1 400 instead of 10 900 curves/s.
STRAINLAB_JVM_FLAGS=(--add-modules jdk.incubator.vector -Dai.djl.offline=true -XX:CompileCommand=quiet
    -XX:CompileCommand=dontinline,strainlab/diffraction/FloatVectorRecursion.*
    -XX:CompileCommand=dontinline,strainlab/diffraction/VectorRecursion.*)
# Class-data sharing archive of the command line's classes (JDK 17 AppCDS), made by strainlab_cds.
STRAINLAB_CDS="$STRAINLAB_TARGET/strainlab.jsa"
# JVM options of the short-lived command-line JVM: the SIMD recursion kernels (jdk.incubator.vector) run ~100× slower
# interpreted or C1-compiled than C2-compiled, so C2 takes them after 1 % of the usual invocation and loop counts
# and their first calls wait for it instead of running slowly beside the compiler; the first model evaluations of an
# analysis take milliseconds instead of tenths of a second. Numbers do not change (compiled code is exact Java).
STRAINLAB_CLI_FLAGS=("-XX:CompileCommand=CompileThresholdScaling,strainlab.diffraction.*::*,0.01"
    "-XX:CompileCommand=BackgroundCompilation,strainlab.diffraction.*::*,false")

strainlab_die() {
    echo "strainlab: $*" >&2
    exit 1
}

strainlab_java() {
    if [[ -n "${JAVA_HOME:-}" && -x "$JAVA_HOME/bin/java" ]]; then
        echo "$JAVA_HOME/bin/java"
    elif command -v java >/dev/null 2>&1; then
        command -v java
    else
        strainlab_die "no 'java' on PATH and JAVA_HOME unset: install a JDK 17 (Debian: apt-get install openjdk-17-jdk-headless)"
    fi
}

# True when the jar or the runtime classpath file is missing or older than pom.xml, src/main or src/bench.
strainlab_stale() {
    [[ -f "$STRAINLAB_JAR" && -s "$STRAINLAB_CP_FILE" ]] || return 0
    [[ "$STRAINLAB_ROOT/pom.xml" -nt "$STRAINLAB_JAR" ]] && return 0
    [[ -n "$(find "$STRAINLAB_ROOT/src/main" "$STRAINLAB_ROOT/src/bench" -newer "$STRAINLAB_JAR" -print -quit 2>/dev/null)" ]]
}

# Runs a quiet Maven goal in the project root; its output is shown (on stderr) only when it fails.
strainlab_mvn() {
    local log status=0
    log="$(mktemp)"
    # shellcheck disable=SC2086
    (cd "$STRAINLAB_ROOT" && mvn -q -B ${STRAINLAB_MAVEN_ARGS:-} "$@") >"$log" 2>&1 || status=$?
    if [[ $status -ne 0 ]]; then
        sed 's/\x1b\[[0-9;]*m//g' "$log" >&2
    fi
    rm -f "$log"
    return $status
}

# Builds target/strainlab-0.1.0.jar and target/classpath.txt (runtime dependencies) when stale.
# Stdout stays clean for what StrainLab prints: Maven is quiet and shows its log only on failure.
# Extra Maven arguments (e.g. -o for offline) come from STRAINLAB_MAVEN_ARGS.
strainlab_build() {
    mkdir -p "$STRAINLAB_TARGET"
    (
        flock 9
        if strainlab_stale; then
            command -v mvn >/dev/null 2>&1 \
                || strainlab_die "no 'mvn' on PATH: install Maven (Debian: apt-get install maven)"
            echo "strainlab: building $STRAINLAB_JAR ..." >&2
            # The jar gets the build's start time, so a source saved during the build still counts as newer.
            local stamp
            stamp="$(mktemp)"
            strainlab_mvn package -Dmaven.test.skip=true \
                || strainlab_die "build failed (mvn package); see the messages above"
            strainlab_mvn dependency:build-classpath -Dmdep.includeScope=runtime \
                -Dmdep.outputFile="$STRAINLAB_CP_FILE.tmp" \
                || strainlab_die "could not resolve the dependency classpath (mvn dependency:build-classpath)"
            mv -f "$STRAINLAB_CP_FILE.tmp" "$STRAINLAB_CP_FILE"
            touch -r "$stamp" "$STRAINLAB_JAR"
            rm -f "$stamp"
        fi
    ) 9>"$STRAINLAB_TARGET/.build.lock"
}

# Makes $STRAINLAB_CDS when it is missing or older than the jar: the classes loaded by an analysis of the embedded
# example scan (the heaviest common command: networks, fit, figure) are dumped into a static archive, which spares
# later JVMs ~0.5 s of CPU loading and verifying them. Lambda proxies are left out (dumping them crashes JDK 17.0.15).
# Best effort: a failed dump leaves a stamp, so it is tried again only with a new jar; JVMs then run without one.
strainlab_cds() {
    (
        flock 9
        local failed="$STRAINLAB_CDS.failed"
        [[ -f "$STRAINLAB_CDS" && ! "$STRAINLAB_JAR" -nt "$STRAINLAB_CDS" ]] && return 0
        [[ -f "$failed" && ! "$STRAINLAB_JAR" -nt "$failed" ]] && return 0
        echo "strainlab: writing the class-data archive $STRAINLAB_CDS ..." >&2
        local java tmp cp
        java="$(strainlab_java)"
        cp="$(strainlab_classpath)"
        tmp="$(mktemp -d)"
        rm -f "$STRAINLAB_CDS"
        # the analysis's exit status does not matter (3: an untrusted result), only the classes it loaded
        "$java" "${STRAINLAB_JVM_FLAGS[@]}" "${STRAINLAB_CLI_FLAGS[@]}" -Xshare:off -XX:DumpLoadedClassList="$tmp/all.classlist" \
            -Dstrainlab.root="$STRAINLAB_ROOT" -cp "$cp" strainlab.cli.Main analyze \
            "$STRAINLAB_ROOT/data/examples/ysz-400-simulated.txt" --out "$tmp/analysis" >/dev/null 2>&1 || true
        if grep -q '^strainlab/cli/Main' "$tmp/all.classlist" 2>/dev/null \
                && grep -v '^@lambda-proxy' "$tmp/all.classlist" >"$tmp/classlist" \
                && "$java" "${STRAINLAB_JVM_FLAGS[@]}" -Xshare:dump -Xlog:cds=off -XX:SharedClassListFile="$tmp/classlist" \
                    -XX:SharedArchiveFile="$tmp/strainlab.jsa" -cp "$cp" >/dev/null 2>&1; then
            mv -f "$tmp/strainlab.jsa" "$STRAINLAB_CDS"
            rm -f "$failed"
        else
            echo "strainlab: could not write the class-data archive; running without it" >&2
            touch "$failed"
        fi
        rm -rf "$tmp"
    ) 9>"$STRAINLAB_TARGET/.build.lock"
}

# The options of a command-line JVM: STRAINLAB_JVM_FLAGS, STRAINLAB_CLI_FLAGS and the class-data archive if there is one.
strainlab_cli_flags() {
    local flags=("${STRAINLAB_JVM_FLAGS[@]}" "${STRAINLAB_CLI_FLAGS[@]}")
    [[ -f "$STRAINLAB_CDS" ]] && flags+=(-XX:SharedArchiveFile="$STRAINLAB_CDS" '-Xlog:cds*=off')
    printf '%s\n' "${flags[@]}"
}

# The runtime classpath: StrainLab's jar followed by all its dependencies.
strainlab_classpath() {
    echo "$STRAINLAB_JAR:$(cat "$STRAINLAB_CP_FILE")"
}

# Prints a Python interpreter that can run notebooks (has nbclient, nbformat and jupyter_client):
# STRAINLAB_PYTHON if set, else the system /usr/bin/python3 (Debian packages), else python3 on PATH.
strainlab_jupyter_python() {
    local candidates=()
    [[ -n "${STRAINLAB_PYTHON:-}" ]] && candidates+=("$STRAINLAB_PYTHON")
    candidates+=(/usr/bin/python3 python3)
    for py in "${candidates[@]}"; do
        if command -v "$py" >/dev/null 2>&1 \
                && "$py" -c 'import nbclient, nbformat, jupyter_client' >/dev/null 2>&1; then
            command -v "$py"
            return 0
        fi
    done
    return 1
}
