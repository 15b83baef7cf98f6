"""Summarises a PyTorch profiler trace (Chrome trace JSON: DJL's JniUtils.stopProfile or torch.profiler's
export_chrome_trace) lane by lane, to show where a training step's time goes.

A lane is one (pid, tid) pair: a host thread, or a CUDA stream in torch.profiler's traces. For each lane it prints
the span (first start to last end), the busy time (the union of its outermost events), the busy fraction of the
span, the number of outermost events, and the names with the most self time (an event's duration less its nested
events'), per step when --steps gives the number of training steps the trace covers. It also counts the host's
waits: outermost `aten::to` and `aten::copy_` events of at least --wait-us (default 500 µs), in a host trace the
copies that block until the GPU has run everything queued before them (a number copied to the device, a result read
back), with their total time.

Usage: python3 environment/gpu/trace-summary.py TRACE.json [--steps N] [--top K] [--wait-us U] [--json OUT]
"""
import argparse
import collections
import json


def lanes(events):
    by_lane = collections.defaultdict(list)
    for e in events:
        if e.get("ph") == "X" and "dur" in e:
            by_lane[(str(e.get("pid")), str(e.get("tid")))].append(e)
    return by_lane


WAITS = ("aten::to", "aten::copy_")


def summarise(events, top, wait_us):
    """Span, busy time, outermost count, waits and self time per name of one lane's events (µs)."""
    events = sorted(events, key=lambda e: (float(e["ts"]), -float(e["dur"])))
    stack, outer, busy_until, busy = [], 0, float("-inf"), 0.0
    waits, waited = 0, 0.0
    self_time = collections.Counter()
    calls = collections.Counter()
    start = float(events[0]["ts"])
    end = max(float(e["ts"]) + float(e["dur"]) for e in events)
    for e in events:
        ts, dur = float(e["ts"]), float(e["dur"])
        while stack and ts >= stack[-1][0]:
            stack.pop()
        if stack:
            self_time[stack[-1][1]] -= dur
        else:
            outer += 1
            if e["name"] in WAITS and dur >= wait_us:
                waits += 1
                waited += dur
            if ts + dur > busy_until:
                busy += ts + dur - max(ts, busy_until)
                busy_until = ts + dur
        self_time[e["name"]] += dur
        calls[e["name"]] += 1
        stack.append((ts + dur, e["name"]))
    return {"spanUs": end - start, "busyUs": busy, "busyFraction": busy / (end - start) if end > start else 0,
            "outermostEvents": outer, "events": len(events), "waits": waits, "waitedUs": waited,
            "topSelf": [{"name": n, "selfUs": t, "calls": calls[n]} for n, t in self_time.most_common(top)]}


def main():
    p = argparse.ArgumentParser()
    p.add_argument("trace")
    p.add_argument("--steps", type=int, default=0)
    p.add_argument("--top", type=int, default=12)
    p.add_argument("--wait-us", type=float, default=500)
    p.add_argument("--json")
    a = p.parse_args()
    with open(a.trace) as f:
        t = json.load(f)
    events = t["traceEvents"] if isinstance(t, dict) else t
    result = {"trace": a.trace, "steps": a.steps, "lanes": {}}
    per = a.steps if a.steps > 0 else 1
    unit = "per step" if a.steps > 0 else "total"
    for (pid, tid), evs in sorted(lanes(events).items(), key=lambda kv: -len(kv[1])):
        if len(evs) < 10:
            continue
        s = summarise(evs, a.top, a.wait_us)
        result["lanes"][pid + "/" + tid] = s
        print(f"lane pid {pid} tid {tid}: {s['events']} events, {s['outermostEvents']} outermost; span "
              f"{s['spanUs'] / 1e3:.1f} ms, busy {s['busyUs'] / 1e3:.1f} ms ({100 * s['busyFraction']:.0f} %); "
              f"{s['outermostEvents'] / per:.1f} outermost events and {s['busyUs'] / per:.0f} us busy {unit}; "
              f"{s['waits'] / per:.2f} waits (copies of {a.wait_us:.0f} us or more) and {s['waitedUs'] / per:.0f} us "
              f"waiting {unit}")
        for row in s["topSelf"]:
            print(f"    {row['name'][:60]:60s} {row['selfUs'] / per:10.1f} us self {unit}  "
                  f"{row['calls'] / per:8.1f} calls {unit}")
    if a.json:
        with open(a.json, "w") as f:
            json.dump(result, f, indent=1)


if __name__ == "__main__":
    main()
