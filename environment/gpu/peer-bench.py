"""Native PyTorch peer of StrainLab's CNN training step, run ON the GPU host with the host's own python3/torch.

The network is the paper's (strainlab.cnn.StrainNet): four blocks of [Conv1d k=15 stride 2 'same' -> BN -> ReLU ->
Conv1d k=15 'same' -> BN -> ReLU -> MaxPool 2] with 16, 32, 64, 128 filters, Dense 1000 -> BN -> ReLU, Dense 100 ->
BN -> ReLU, Dense 14; the first convolution without bias, BN without scale (Keras scale=False), eps 1e-3, momentum
0.99 in the Keras sense. It must have StrainNet's 1,104,478 trainable parameters (checked). Training: RMSprop with
Keras' defaults (rho 0.9, eps 1e-7, lr 1e-3), MSE loss, batch 2096, on device-resident random curves (the step's
cost does not depend on the values). Timed: one epoch of the paper's training split (1.2 M curves) after a warm-up,
in fp32 with each batch gathered from a shuffled order on the device (as StrainLab's `train --data-placement device`
does), in fp32 with contiguous batches, in bf16 autocast with shuffled batches, and in fp32 with the batch statistics written
as general reductions (StrainLab's formulation on a GPU, "fp32-bn-reductions"); inference over 150 000 curves, device-resident in batches of 8192, and
in batches of 2096 copied in from host memory with the predictions read back (what StrainLab's `bench train` times).
With --trace FILE, PyTorch's profiler records 50 shuffled fp32 steps (Chrome trace JSON). Prints one JSON object
and writes it to OUT.

Usage (device command): python3 environment/gpu/peer-bench.py "$OUT/peer-bench.json" [--trace FILE]
"""
import json
import math
import sys
import time

import torch
import torch.nn as nn
import torch.nn.functional as F

LENGTH, OUTPUTS, BATCH, TRAIN, TEST = 1001, 14, 2096, 1_200_000, 150_000


class SameConv(nn.Module):
    """Conv1d with Keras 'same' padding (extra pad on the right) for any stride."""

    def __init__(self, cin, cout, stride, bias):
        super().__init__()
        self.conv = nn.Conv1d(cin, cout, 15, stride=stride, bias=bias)
        self.stride = stride

    def forward(self, x):
        length = x.shape[-1]
        out = math.ceil(length / self.stride)
        total = max((out - 1) * self.stride + 15 - length, 0)
        return self.conv(F.pad(x, (total // 2, total - total // 2)))


class ReductionsBatchNorm(nn.Module):
    """Batch norm with shift only whose training statistics are general reductions, as StrainLab's ShiftBatchNorm
    computes them on a GPU: mean, centred, biased variance, (x - mean)/sqrt(var + eps) + beta."""

    def __init__(self, channels):
        super().__init__()
        self.beta = nn.Parameter(torch.zeros(channels))
        self.register_buffer("running_mean", torch.zeros(channels))
        self.register_buffer("running_var", torch.ones(channels))

    def forward(self, x):
        if not self.training:
            return F.batch_norm(x, self.running_mean, self.running_var, None, self.beta, False, 0.01, 1e-3)
        axes = (0, 2) if x.dim() == 3 else (0,)
        shape = (1, -1, 1) if x.dim() == 3 else (1, -1)
        n = x.numel() // x.shape[1]
        mean = x.sum(axes, keepdim=True) * (1.0 / n)
        centred = x - mean
        var = centred.square().sum(axes, keepdim=True) * (1.0 / n)
        with torch.no_grad():
            self.running_mean.mul_(0.99).add_(mean.reshape(-1) * 0.01)
            self.running_var.mul_(0.99).add_(var.reshape(-1) * (0.01 * n / max(1, n - 1)))
        return centred / torch.sqrt(var + 1e-3) + self.beta.reshape(shape)


def bn(channels, reductions=False):
    if reductions:
        return ReductionsBatchNorm(channels)
    layer = nn.BatchNorm1d(channels, eps=1e-3, momentum=0.01, affine=True)
    layer.weight.requires_grad_(False)  # Keras scale=False: gamma fixed at 1
    return layer


def network(reductions=False):
    layers, cin, first = [], 1, True
    for filters in (16, 32, 64, 128):
        layers += [SameConv(cin, filters, 2, not first), bn(filters, reductions), nn.ReLU(),
                   SameConv(filters, filters, 1, True), bn(filters, reductions), nn.ReLU(), nn.MaxPool1d(2)]
        cin, first = filters, False
    layers += [nn.Flatten()]
    flat = nn.Sequential(*layers)(torch.zeros(1, 1, LENGTH)).shape[1]
    layers += [nn.Linear(flat, 1000), bn(1000, reductions), nn.ReLU(), nn.Linear(1000, 100), bn(100, reductions), nn.ReLU(),
               nn.Linear(100, OUTPUTS)]
    return nn.Sequential(*layers)


def epoch(net, opt, x, y, autocast, shuffled=False):
    net.train()
    steps = x.shape[0] // BATCH
    torch.cuda.synchronize()
    t0 = time.perf_counter()
    order = torch.randperm(x.shape[0], device=x.device) if shuffled else None
    for s in range(steps):
        if shuffled:
            rows = order[s * BATCH:(s + 1) * BATCH]
            xb, yb = x.index_select(0, rows), y.index_select(0, rows)
        else:
            xb, yb = x[s * BATCH:(s + 1) * BATCH], y[s * BATCH:(s + 1) * BATCH]
        with torch.autocast("cuda", dtype=torch.bfloat16, enabled=autocast):
            loss = F.mse_loss(net(xb), yb)
        opt.zero_grad(set_to_none=True)
        loss.backward()
        opt.step()
    torch.cuda.synchronize()
    return time.perf_counter() - t0, steps * BATCH


def main():
    args = sys.argv[1:]
    trace = None
    if "--trace" in args:
        trace = args[args.index("--trace") + 1]
        del args[args.index("--trace"):args.index("--trace") + 2]
    out = args[0] if args else None
    dev = torch.device("cuda")
    torch.manual_seed(1)
    x = torch.randn(TRAIN, 1, LENGTH, device=dev)
    y = torch.randn(TRAIN, OUTPUTS, device=dev)
    result = {"torch": torch.__version__, "card": torch.cuda.get_device_name(0), "batch": BATCH,
              "trainCurves": TRAIN, "cudnnAllowTf32": torch.backends.cudnn.allow_tf32,
              "matmulAllowTf32": torch.backends.cuda.matmul.allow_tf32}
    for mode, autocast, shuffled, reductions in (("fp32", False, True, False), ("fp32-contiguous", False, False, False),
                                                 ("bf16-autocast", True, True, False),
                                                 ("fp32-bn-reductions", False, True, True)):
        net = network(reductions).to(dev)
        params = sum(p.numel() for p in net.parameters() if p.requires_grad)
        assert params == 1_104_478, params
        opt = torch.optim.RMSprop(net.parameters(), lr=1e-3, alpha=0.9, eps=1e-7)
        epoch(net, opt, x[:50 * BATCH], y[:50 * BATCH], autocast, shuffled)  # warm-up: cuDNN algorithm choice
        seconds, curves = epoch(net, opt, x, y, autocast, shuffled)
        result[mode] = {"trainableParameters": params, "epochSeconds": seconds, "curvesPerSecond": curves / seconds}
        print(mode, json.dumps(result[mode]), flush=True)
        if trace and mode == "fp32":
            from torch.profiler import ProfilerActivity, profile
            with profile(activities=[ProfilerActivity.CPU, ProfilerActivity.CUDA]) as prof:
                epoch(net, opt, x[:50 * BATCH], y[:50 * BATCH], False, True)
            prof.export_chrome_trace(trace)
            result["traceSteps"] = 50
    net.eval()
    with torch.no_grad():
        net(x[:8192])
        torch.cuda.synchronize()
        t0 = time.perf_counter()
        for s in range(0, TEST, 8192):
            net(x[s:min(TEST, s + 8192)])
        torch.cuda.synchronize()
        result["inferenceCurvesPerSecond"] = TEST / (time.perf_counter() - t0)
        # as StrainLab's predict: each batch of BATCH curves copied in from (pageable) host memory, predictions read back
        host = x[:TEST].cpu().numpy()
        net(torch.from_numpy(host[:BATCH]).to(dev)).cpu().numpy()
        t0 = time.perf_counter()
        for s in range(0, TEST - TEST % BATCH, BATCH):
            net(torch.from_numpy(host[s:s + BATCH]).to(dev)).cpu().numpy()
        result["inferenceHostBatchesCurvesPerSecond"] = (TEST - TEST % BATCH) / (time.perf_counter() - t0)
    print(json.dumps(result), flush=True)
    if out:
        with open(out, "w") as f:
            json.dump(result, f, indent=1)


if __name__ == "__main__":
    main()
