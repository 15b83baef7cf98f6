"""Executes StrainLab notebooks headless with the "StrainLab (Java)" kernel, or another kernelspec chosen with
--kernel (e.g. strainlab-ijava, strainlab-jjava from environment/install --kernel); called by run-notebooks.

Each notebook runs in a fresh kernel whose working directory is the repository root, with an explicit
per-cell timeout. The executed copy (outputs included, also on failure) is written to the output folder,
the kernel's own log beside it. A notebook fails on any cell error or timeout, on a dead kernel, and when a
cell whose last expression is a chart image (Charts.image/Charts.grid/BitmapEncoder.getBufferedImage)
produced no valid PNG. Exit status 1 if any notebook failed.
"""
import argparse
import base64
import os
import re
import sys
import time
from pathlib import Path

import nbformat
from jupyter_client.kernelspec import KernelSpecManager, NoSuchKernel
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError, CellTimeoutError, DeadKernelError

try:
    from jupyter_core.utils import run_sync
except ImportError:  # jupyter_core < 5 (Debian 12): nbclient's own copy
    from nbclient.util import run_sync

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
IMAGE_CALL = re.compile(r"(Charts\.(image|grid)|getBufferedImage)\s*\(")
START_ATTEMPTS = 6
BIND_GRACE_S = 1.0
READY_TIMEOUT_S = 30


def last_statement(source):
    lines = [l.strip() for l in source.splitlines()]
    lines = [l for l in lines if l and not l.startswith("//")]
    return lines[-1] if lines else ""


def expects_image(cell):
    last = last_statement(cell.source)
    return bool(IMAGE_CALL.search(last)) and not last.endswith(";")


def png_outputs(cell):
    """Number of valid PNG images among a cell's outputs."""
    n = 0
    for out in cell.get("outputs", []):
        data = out.get("data", {})
        if "image/png" in data:
            raw = data["image/png"]
            raw = "".join(raw) if isinstance(raw, list) else raw
            try:
                if base64.b64decode(raw)[:8] == PNG_SIGNATURE:
                    n += 1
            except ValueError:
                pass
    return n


def error_summary(cell):
    for out in cell.get("outputs", []):
        if out.get("output_type") == "error":
            return f"{out.get('ename', '')}: {out.get('evalue', '')}".strip()
    return ""


def wait_until_bound(client, log_path, offset, timeout):
    """Waits until the kernel has bound its five sockets (as its log says), plus a grace period.

    rapaio-jupyter-kernel 3.0.1 binds its sockets before it installs its message handlers; a request that
    is already queued when it binds (a client connects at once) can hit that gap and kill the shell
    thread, after which the kernel never answers. Connecting only once it has bound avoids the gap.
    A start whose shell loop thread ended before its first pass (the kernel's LoopThread start-up race, 3 of
    16 starts on 2 cores) never answered kernel_info either; environment/install now puts a patched
    LoopThread ahead of the kernel jar (30 of 30 starts answered), and start_kernel still retries a start
    that does not answer.
    """
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with open(log_path, "rb") as f:
            f.seek(offset)
            text = f.read().decode("utf-8", "replace")
        if text.count("Binding") >= 5 and "Polling on Heartbeat" in text:
            time.sleep(BIND_GRACE_S)
            return
        if not run_sync(client.km.is_alive)():
            return
        time.sleep(0.2)


def is_rapaio(argv):
    """Whether a kernelspec's command runs rapaio-jupyter-kernel (whose log tells when it has bound)."""
    return any(a.startswith("org.rapaio.jupyter.kernel.") for a in argv)


def start_kernel(client, cwd, log, log_path, bind_timeout, rapaio):
    """Starts the kernel; a start that does not answer kernel_info within READY_TIMEOUT_S (of binding, for
    rapaio-jupyter-kernel) is shut down and retried (START_ATTEMPTS in all). Readiness is jupyter_client's
    kernel_info handshake (wait_for_ready), preceded for rapaio-jupyter-kernel by the wait for its bind lines."""
    for attempt in range(1, START_ATTEMPTS + 1):
        client.km = client.create_kernel_manager()
        try:
            log.flush()
            offset = os.path.getsize(log_path)
            client.start_new_kernel(cwd=cwd, stderr=log, stdout=log)
            if rapaio:
                wait_until_bound(client, log_path, offset, bind_timeout)
            client.start_new_kernel_client()
            return
        except (RuntimeError, TimeoutError) as e:
            print(f"    kernel start failed (attempt {attempt}/{START_ATTEMPTS}): {e}", flush=True)
            try:
                if client.km is not None and client.km.has_kernel:
                    run_sync(client.km.shutdown_kernel)(now=True)
            except RuntimeError:
                pass
            client.km = None
            client.kc = None
            if attempt == START_ATTEMPTS:
                raise


def run_one(path, args, root):
    nb = nbformat.read(path, as_version=4)
    out_dir = Path(args.out)
    out_dir.mkdir(parents=True, exist_ok=True)
    executed = out_dir / path.name
    log_path = out_dir / (path.stem + ".kernel.log")
    problems = []
    t0 = time.monotonic()
    with open(log_path, "w") as log:
        client = NotebookClient(nb, timeout=args.timeout, startup_timeout=READY_TIMEOUT_S,
                                kernel_name=args.kernel, allow_errors=False, record_timing=True,
                                resources={"metadata": {"path": str(root)}})
        try:
            start_kernel(client, str(root), log, log_path, args.startup_timeout, args.rapaio)
            client.execute()
        except (CellExecutionError, CellTimeoutError) as e:
            failed = next((i for i, c in enumerate(nb.cells)
                           if c.cell_type == "code" and error_summary(c)), None)
            if isinstance(e, CellTimeoutError):
                problems.append(f"cell timed out after {args.timeout} s")
            elif failed is not None:
                problems.append(f"cell {failed}: {error_summary(nb.cells[failed])}")
            else:
                problems.append(str(e).strip().splitlines()[-1] if str(e).strip() else type(e).__name__)
        except DeadKernelError as e:
            problems.append(f"kernel died: {e}")
        except (RuntimeError, TimeoutError) as e:
            problems.append(f"kernel: {e}")
    seconds = time.monotonic() - t0
    pngs = 0
    if not problems:
        for i, cell in enumerate(nb.cells):
            if cell.cell_type != "code":
                continue
            n = png_outputs(cell)
            pngs += n
            if expects_image(cell) and n == 0:
                problems.append(f"cell {i}: ends with a chart image but produced no image/png output")
        if args.require_png and pngs == 0:
            problems.append("no image/png output at all")
    tmp = executed.with_suffix(".ipynb.tmp")
    nbformat.write(nb, str(tmp))
    os.replace(tmp, executed)
    return seconds, pngs, problems, executed, log_path


CLASSPATH_VARIABLES = ("IJAVA_CLASSPATH", "JJAVA_CLASSPATH")


def classpath_problem(argv, env, root):
    """Why a kernelspec's java command cannot run this checkout's notebooks, or None.

    The kernelspec is per user, so the last checkout to run environment/install owns it: one installed from
    another checkout (perhaps since deleted) starts a kernel without this checkout's classes, or no kernel at
    all, which would otherwise show only as repeated start failures.
    """
    paths = [env[v] for v in CLASSPATH_VARIABLES if env.get(v)]
    if "-cp" in argv and argv.index("-cp") + 1 < len(argv):
        paths.append(argv[argv.index("-cp") + 1])
    if not paths:
        return None  # no class path given (e.g. a kernel with %jars magics): nothing to check
    entries = [Path(e) for p in paths for e in p.split(os.pathsep) if e and "{" not in e]
    missing = [e for e in entries if not e.exists()]
    if missing:
        return f"names {len(missing)} missing class-path entr{'y' if len(missing) == 1 else 'ies'}, e.g. {missing[0]}"
    ours = root / "target"
    if not any(e.resolve().is_relative_to(ours) for e in entries):
        return f"runs the StrainLab of another checkout (nothing on its class path is under {ours})"
    return None


def resolve(names, notebooks_dir):
    if not names:
        found = sorted(notebooks_dir.glob("*.ipynb"))
        if not found:
            sys.exit(f"run-notebooks: no notebooks in {notebooks_dir}")
        return found
    paths = []
    for name in names:
        p = Path(name)
        if p.is_file():
            paths.append(p.resolve())
            continue
        matches = sorted(notebooks_dir.glob(f"{name}*.ipynb"))
        if not matches:
            sys.exit(f"run-notebooks: no notebook '{name}' (neither a file nor a prefix in {notebooks_dir})")
        paths.extend(matches)
    return paths


def main():
    parser = argparse.ArgumentParser(prog="run-notebooks", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("notebooks", nargs="*", help="notebook files or name prefixes such as 00 (default: all)")
    parser.add_argument("--root", required=True, help="repository root (the kernel's working directory)")
    parser.add_argument("--timeout", type=int, default=900, help="per-cell timeout in seconds (default 900)")
    parser.add_argument("--startup-timeout", type=int, default=90,
                        help="seconds for rapaio-jupyter-kernel to bind its sockets (default 90)")
    parser.add_argument("--kernel", default="strainlab-java",
                        help="kernelspec name (default strainlab-java; environment/install --kernel writes "
                             "strainlab-ijava and strainlab-jjava)")
    parser.add_argument("--out", help="folder for executed copies (default <root>/target/notebooks, "
                                      "<root>/target/notebooks-KERNEL for another kernel)")
    parser.add_argument("--require-png", action="store_true", help="fail a notebook without any PNG output")
    args = parser.parse_args()
    root = Path(args.root).resolve()
    default_out = "notebooks" if args.kernel == "strainlab-java" else f"notebooks-{args.kernel}"
    args.out = args.out or str(root / "target" / default_out)
    try:
        spec = KernelSpecManager().get_kernel_spec(args.kernel)
    except NoSuchKernel:
        sys.exit(f"run-notebooks: no Jupyter kernel '{args.kernel}': run environment/install first")
    problem = classpath_problem(spec.argv, spec.env or {}, root)
    if problem:
        sys.exit(f"run-notebooks: kernel '{args.kernel}' ({Path(spec.resource_dir) / 'kernel.json'}) {problem}: "
                 f"run environment/install in {root}")
    args.rapaio = is_rapaio(spec.argv)

    paths = resolve(args.notebooks, root / "notebooks")
    print(f"run-notebooks: {len(paths)} notebook(s), kernel {args.kernel}, scale "
          f"{os.environ.get('STRAINLAB_SCALE', 'quick')}, cell timeout {args.timeout} s, copies in {args.out}",
          flush=True)
    results = []
    total0 = time.monotonic()
    for path in paths:
        print(f"  {path.name} ...", flush=True)
        seconds, pngs, problems, executed, log_path = run_one(path, args, root)
        status = "FAIL" if problems else "ok"
        print(f"  {status:4} {path.name}  {seconds:7.1f} s  {pngs} png", flush=True)
        for p in problems:
            print(f"       {p}", flush=True)
        if problems:
            print(f"       executed copy: {executed}; kernel log: {log_path}", flush=True)
        results.append((path.name, seconds, pngs, problems))
    failed = [r for r in results if r[3]]
    width = max(len(r[0]) for r in results)
    print(f"\n  {'notebook':<{width}}  status  seconds  png")
    for name, seconds, pngs, problems in results:
        print(f"  {name:<{width}}  {'FAIL' if problems else 'ok':6}  {seconds:7.1f}  {pngs:3}")
    print(f"run-notebooks: {len(results) - len(failed)} passed, {len(failed)} failed, "
          f"{time.monotonic() - total0:.1f} s in all", flush=True)
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
