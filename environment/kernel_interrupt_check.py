"""Interrupts a long StrainLab loop running in a real Jupyter kernel and checks that the kernel recovers.

    python3 environment/kernel_interrupt_check.py [--kernel strainlab-java] [--dir TMP]

Starts the kernel through jupyter_client (as a notebook front end does), then:

1. runs a cell that prints, to check the kernel answers;
2. runs a cell that generates a large training set (DatasetWriter, all cores) into a temporary folder,
   waits until the kernel JVM is busy and sends interrupt_request on the control channel;
3. checks that interrupt_reply comes back on the control channel with the request as parent, that the
   running cell ends with an error reply and an error output naming the interruption, and that the kernel
   JVM's CPU use (utime + stime from /proc/PID/stat) falls to about idle within 2 s of the interrupt;
4. runs another cell that prints and checks its output.

Prints one "name = value" line per measurement and "PASS" or "FAIL: reason"; exit status 0 when all checks
pass, 1 when one fails, 77 when it cannot run here (no jupyter_client, no such kernelspec, no /proc).
"""
import argparse
import os
import queue
import shutil
import sys
import tempfile
import time

SKIP = 77
CLK_TCK = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100
BUSY_CORES = 0.5        # the loop must keep the JVM at least this busy before the interrupt
IDLE_CORES = 0.25       # and the JVM may use at most this much CPU 2-3 s after it
IDLE_AFTER_S = 2.0
WINDOW_S = 1.0


def skip(reason):
    print(f"SKIP: {reason}", flush=True)
    sys.exit(SKIP)


def fail(reason):
    print(f"FAIL: {reason}", flush=True)
    sys.exit(1)


try:
    from jupyter_client.kernelspec import KernelSpecManager, NoSuchKernel
    from jupyter_client.manager import KernelManager
except ImportError as e:
    skip(f"jupyter_client is not installed ({e}); environment/install installs it")


def cpu_seconds(pid):
    """CPU time (user + system) of a process and all its threads, in seconds."""
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / CLK_TCK


def cores_used(pid, seconds):
    c0, t0 = cpu_seconds(pid), time.monotonic()
    time.sleep(seconds)
    return (cpu_seconds(pid) - c0) / (time.monotonic() - t0)


def reply_to(kc, msg_id, timeout):
    """The shell reply whose parent is msg_id (other replies are skipped)."""
    deadline = time.monotonic() + timeout
    while True:
        left = deadline - time.monotonic()
        if left <= 0:
            raise TimeoutError(f"no shell reply to {msg_id} within {timeout} s")
        msg = kc.get_shell_msg(timeout=left)
        if msg["parent_header"].get("msg_id") == msg_id:
            return msg


def iopub_until_idle(kc, msg_id, timeout):
    """The iopub messages whose parent is msg_id, up to its idle status."""
    deadline = time.monotonic() + timeout
    seen = []
    while True:
        left = deadline - time.monotonic()
        if left <= 0:
            raise TimeoutError(f"no idle status for {msg_id} within {timeout} s")
        msg = kc.get_iopub_msg(timeout=left)
        if msg["parent_header"].get("msg_id") != msg_id:
            continue
        seen.append(msg)
        if msg["msg_type"] == "status" and msg["content"].get("execution_state") == "idle":
            return seen


def stdout_of(messages):
    return "".join(m["content"].get("text", "") for m in messages
                   if m["msg_type"] == "stream" and m["content"].get("name") == "stdout")


def run_cell(kc, code, timeout):
    msg_id = kc.execute(code)
    reply = reply_to(kc, msg_id, timeout)
    return reply, iopub_until_idle(kc, msg_id, timeout)


LONG_CELL = """
java.nio.file.Path dir = java.nio.file.Path.of({dir!r});
System.out.println("generating into " + dir);
strainlab.dataset.DatasetWriter.of(strainlab.dataset.recipe.PaperRecipe.preset("cnn2"))
        .seed(7).count(2_000_000).shardSize(500).write(dir);
System.out.println("generation finished");
"""


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--kernel", default="strainlab-java", help="kernelspec name (default strainlab-java)")
    ap.add_argument("--dir", help="folder for the interrupted set (default: a new temporary folder)")
    ap.add_argument("--cwd", default=os.getcwd(), help="working directory of the kernel")
    ap.add_argument("--log", default=os.devnull, help="file for the kernel's own output (default: none)")
    args = ap.parse_args()

    if not os.path.exists(f"/proc/{os.getpid()}/stat"):
        skip("no /proc/PID/stat to read the kernel's CPU time from")
    try:
        KernelSpecManager().get_kernel_spec(args.kernel)
    except NoSuchKernel:
        skip(f"no kernelspec '{args.kernel}' on Jupyter's path; run environment/install")

    out_dir = args.dir or tempfile.mkdtemp(prefix="strainlab-interrupt-")
    log = open(args.log, "w")
    km = KernelManager(kernel_name=args.kernel)
    km.start_kernel(cwd=args.cwd, stdout=log, stderr=log)
    kc = km.client()
    kc.start_channels()
    try:
        kc.wait_for_ready(timeout=120)
        pid = km.provisioner.process.pid if getattr(km, "provisioner", None) else km.kernel.pid

        reply, out = run_cell(kc, 'System.out.println("kernel answers " + (6 * 7));', 120)
        if reply["content"]["status"] != "ok" or "kernel answers 42" not in stdout_of(out):
            fail(f"first cell: status {reply['content']['status']}, output {stdout_of(out)!r}")
        idle_before = cores_used(pid, WINDOW_S)
        print(f"idle_cores_before = {idle_before:.2f}")

        long_id = kc.execute(LONG_CELL.replace("{dir!r}", '"' + out_dir + '"'))
        deadline = time.monotonic() + 120
        busy = 0.0
        while time.monotonic() < deadline:
            busy = cores_used(pid, WINDOW_S)
            if busy >= BUSY_CORES and any(n.startswith("shard-") for n in os.listdir(out_dir)):
                break
        print(f"busy_cores_before_interrupt = {busy:.2f}")
        if busy < BUSY_CORES:
            fail(f"the generation cell never kept the kernel busy ({busy:.2f} cores)")

        cpu_at_interrupt = cpu_seconds(pid)
        request = kc.session.msg("interrupt_request", {})
        t_interrupt = time.monotonic()
        kc.control_channel.send(request)
        try:
            control = kc.get_control_msg(timeout=10)
        except queue.Empty:
            fail("no interrupt_reply on the control channel within 10 s")
        interrupt_reply_s = time.monotonic() - t_interrupt
        print(f"interrupt_reply_s = {interrupt_reply_s:.3f}")
        if control["msg_type"] != "interrupt_reply":
            fail(f"control channel answered {control['msg_type']}, not interrupt_reply")
        if control["parent_header"].get("msg_id") != request["header"]["msg_id"]:
            fail("interrupt_reply has the wrong parent header")

        try:
            reply = reply_to(kc, long_id, 30)
        except (TimeoutError, queue.Empty):
            fail("the interrupted cell sent no execute_reply within 30 s")
        cell_end_s = time.monotonic() - t_interrupt
        print(f"cell_end_s = {cell_end_s:.3f}")
        if reply["content"]["status"] != "error":
            fail(f"the interrupted cell ended with status {reply['content']['status']}")
        out = iopub_until_idle(kc, long_id, 30)
        errors = [m["content"] for m in out if m["msg_type"] == "error"]
        error_text = " ".join(f"{e.get('ename', '')}: {e.get('evalue', '')}" for e in errors)
        print(f"cell_error = {error_text}")
        if not errors or "interrupt" not in error_text.lower():
            fail(f"the interrupted cell published no error naming the interruption ({error_text!r})")

        time.sleep(max(0.0, t_interrupt + IDLE_AFTER_S - time.monotonic()))
        after = cores_used(pid, WINDOW_S)
        print(f"cores_{IDLE_AFTER_S:.0f}_to_{IDLE_AFTER_S + WINDOW_S:.0f}_s_after_interrupt = {after:.2f}")
        print(f"cpu_s_spent_after_interrupt = {cpu_seconds(pid) - cpu_at_interrupt:.2f}")
        if after > IDLE_CORES:
            fail(f"the kernel still used {after:.2f} cores {IDLE_AFTER_S:.0f} s after the interrupt")

        reply, out = run_cell(kc, 'System.out.println("after the interrupt " + (6 * 7));', 60)
        if reply["content"]["status"] != "ok" or "after the interrupt 42" not in stdout_of(out):
            fail(f"cell after the interrupt: status {reply['content']['status']}, output {stdout_of(out)!r}")
        print("next_cell_output = " + stdout_of(out).strip())
        print("PASS", flush=True)
    finally:
        kc.stop_channels()
        km.shutdown_kernel(now=True)
        log.close()
        if not args.dir:
            shutil.rmtree(out_dir, ignore_errors=True)


if __name__ == "__main__":
    main()
