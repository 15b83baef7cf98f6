"""Native PyTorch peer of StrainLab's NanobeamNN training epoch, run ON the GPU host with the host's own python3/torch.

The network is StrainLab's NanobeamNN (strainlab.nanobeam.net.NanobeamNN): six 3x3 convolutions (stride 1, no
padding, with bias) with 1 -> 2 -> 4, 2x2 max-pool, -> 8 -> 16, pool, -> 32 -> 64, pool, each followed by ReLU,
then flatten (64*4*4 = 1024) and Linear(1024 -> 3); input (n, 1, 64, 64) counts, output the 3 scaled labels. It must
have NanobeamNN's 27,771 trainable parameters (checked). Training as StrainLab's one-member grouped trainer
(NanobeamGroupedTrainer, what `bench nanobeam --only training --members 1` times): Adam with PyTorch's defaults
(beta1 0.9, beta2 0.999, eps 1e-8, no weight decay) at learning rate 1e-4, MSE loss, batch 64 (the last batch of an
epoch partial), images stored on the device as uint8 whole counts and labels as float32 (StrainLab's upload of
Poisson counts), an int64 shuffled order made on the host and uploaded once per epoch, each batch gathered on the
device and cast to float32, the loss summed on the device (float64) and read once per epoch; then a validation pass
in eval mode under no_grad over the validation set in slices of 512, its squared error summed on the device (float64)
and read once. Sizes: the paper's 55 137 training + 6 892 validation patterns (random values: the step's cost does
not depend on them). Five epochs; the first is warm-up (cuDNN algorithm choice), the medians of epochs 2..5 are
reported: "training pass", "validation pass" and "paper epoch" (the whole epoch's wall time, torch.cuda.synchronize
at both ends), to compare with StrainLab's "paper epoch (55 137 + 6 892), 1 model" row. fp32 with the same settings
as peer-bench.py: PyTorch's defaults, left as they are and recorded (matmul TF32 off, cuDNN TF32 on, cuDNN
benchmark off, as StrainLab's bench runs by default). With --float32-images the images are stored as float32
instead (no per-batch cast). Prints one summary line and writes a JSON object to OUT.

Usage (device command): python3 environment/gpu/peer-bench-nanobeam.py "$OUT/nanobeam-native.json" [--float32-images]
"""
import json
import statistics
import sys
import time

import torch
import torch.nn as nn
import torch.nn.functional as F

SIDE, OUTPUTS, BATCH, VALIDATION_CHUNK = 64, 3, 64, 512
TRAIN, VALIDATION, EPOCHS, LEARNING_RATE = 55_137, 6_892, 5, 1e-4
# StrainLab's count (NanobeamNN.PARAMETER_COUNT): convolutions 1*2*9+2 = 20, 2*4*9+4 = 76, 4*8*9+8 = 296,
# 8*16*9+16 = 1168, 16*32*9+32 = 4640, 32*64*9+64 = 18 496; linear 1024*3+3 = 3075; total 27 771.
STRAINLAB_PARAMETERS = 27_771


def network():
    layers, cin = [], 1
    for i, filters in enumerate((2, 4, 8, 16, 32, 64)):
        layers += [nn.Conv2d(cin, filters, 3), nn.ReLU()]
        if i % 2 == 1:
            layers.append(nn.MaxPool2d(2, 2))
        cin = filters
    layers += [nn.Flatten(), nn.Linear(64 * 4 * 4, OUTPUTS)]
    return nn.Sequential(*layers)


def train_pass(net, opt, x, y, generator):
    """One epoch over (x, y) in batches of BATCH in a shuffled order; returns the mean batch MSE."""
    net.train()
    n = x.shape[0]
    order = torch.randperm(n, generator=generator).to(x.device)  # made on the host, one upload per epoch
    steps = (n + BATCH - 1) // BATCH
    loss_sum = torch.zeros((), dtype=torch.float64, device=x.device)
    for s in range(steps):
        rows = order[s * BATCH:(s + 1) * BATCH]
        xb = x.index_select(0, rows).float().view(-1, 1, SIDE, SIDE)
        yb = y.index_select(0, rows)
        loss = F.mse_loss(net(xb), yb)
        opt.zero_grad(set_to_none=True)
        loss.backward()
        opt.step()
        loss_sum += loss.detach()
    return loss_sum.item() / steps


def validation_pass(net, x, y):
    """MSE over (x, y) in slices of VALIDATION_CHUNK, eval mode, no gradients; one read at the end."""
    net.eval()
    n = x.shape[0]
    with torch.no_grad():
        sum_sq = torch.zeros((), dtype=torch.float64, device=x.device)
        for start in range(0, n, VALIDATION_CHUNK):
            xb = x[start:start + VALIDATION_CHUNK].float().view(-1, 1, SIDE, SIDE)
            out = net(xb).double()
            sum_sq += (out - y[start:start + VALIDATION_CHUNK].double()).square().sum()
        return sum_sq.item() / (OUTPUTS * n)


def main():
    args = sys.argv[1:]
    float_images = "--float32-images" in args
    args = [a for a in args if a != "--float32-images"]
    out = args[0] if args else None
    dev = torch.device("cuda")
    torch.manual_seed(1)
    generator = torch.Generator().manual_seed(1)
    pixels = SIDE * SIDE
    # whole photon counts (the paper's library peaks at 7), as StrainLab uploads them: uint8 when whole counts 0..255
    x_train = torch.randint(0, 8, (TRAIN, pixels), dtype=torch.uint8, device=dev)
    x_val = torch.randint(0, 8, (VALIDATION, pixels), dtype=torch.uint8, device=dev)
    if float_images:
        x_train, x_val = x_train.float(), x_val.float()
    y_train = torch.rand(TRAIN, OUTPUTS, device=dev) - 0.5  # scaled labels are O(0.5)
    y_val = torch.rand(VALIDATION, OUTPUTS, device=dev) - 0.5
    net = network().to(dev)
    params = sum(p.numel() for p in net.parameters() if p.requires_grad)
    print(f"NanobeamNN: {params} trainable parameters (StrainLab: {STRAINLAB_PARAMETERS})", flush=True)
    assert params == STRAINLAB_PARAMETERS, params
    opt = torch.optim.Adam(net.parameters(), lr=LEARNING_RATE, betas=(0.9, 0.999), eps=1e-8)
    train_s, val_s, epoch_s, losses = [], [], [], []
    for epoch in range(1, EPOCHS + 1):
        torch.cuda.synchronize()
        t0 = time.perf_counter()
        train_mse = train_pass(net, opt, x_train, y_train, generator)
        torch.cuda.synchronize()
        t1 = time.perf_counter()
        val_mse = validation_pass(net, x_val, y_val)
        torch.cuda.synchronize()
        t2 = time.perf_counter()
        train_s.append(t1 - t0)
        val_s.append(t2 - t1)
        epoch_s.append(t2 - t0)
        losses.append([train_mse, val_mse])
        print(f"epoch {epoch}/{EPOCHS}: train MSE {train_mse:.5f}, validation MSE {val_mse:.5f}, training pass "
              f"{t1 - t0:.3f} s, validation pass {t2 - t1:.4f} s, epoch {t2 - t0:.3f} s", flush=True)
    train_median = statistics.median(train_s[1:])
    result = {"trainableParameters": params, "epochSeconds": statistics.median(epoch_s[1:]),
              "trainSeconds": train_median, "validationSeconds": statistics.median(val_s[1:]),
              "patternsPerSecond": TRAIN / train_median, "torch": torch.__version__,
              "card": torch.cuda.get_device_name(0), "batch": BATCH, "trainPatterns": TRAIN,
              "validationPatterns": VALIDATION, "epochs": EPOCHS, "timedEpochs": "2.." + str(EPOCHS),
              "imagesDtype": str(x_train.dtype).replace("torch.", ""),
              "cudnnAllowTf32": torch.backends.cudnn.allow_tf32,
              "matmulAllowTf32": torch.backends.cuda.matmul.allow_tf32,
              "cudnnBenchmark": torch.backends.cudnn.benchmark,
              "perEpoch": {"trainSeconds": train_s, "validationSeconds": val_s, "epochSeconds": epoch_s,
                           "trainAndValidationMse": losses}}
    print(f"native NanobeamNN ({result['card']}, torch {result['torch']}): paper epoch (55 137 + 6 892) "
          f"{result['epochSeconds']:.3f} s = training pass {train_median:.3f} s + validation pass "
          f"{result['validationSeconds']:.4f} s, {result['patternsPerSecond']:.0f} patterns/s "
          f"(median of epochs 2..{EPOCHS})", flush=True)
    if out:
        with open(out, "w") as f:
            json.dump(result, f, indent=1)


if __name__ == "__main__":
    main()
