"""Where the time of one plain PyTorch training step goes, phase by phase, beside the toolkit's StepProfile.

ResNet-20 (the model of pytorch_bench.py) at batch 128 on a fresh random batch every step (as StepProfile); SGD lr 0.1, momentum 0.9,
weight decay 5e-4; phases: forward, loss, backward, read-back (loss.item() and the accuracy), optimizer
step, gradient reset (zero_grad(set_to_none=True)). Usage: pytorch_step_profile.py CHANNELS SIZE [STEPS] [THREADS]
"""
import sys
import time

import torch

sys.path.insert(0, __file__.rsplit("/", 1)[0])
from pytorch_bench import build_resnet20  # noqa: E402


def main():
    channels, size = int(sys.argv[1]), int(sys.argv[2])
    steps = int(sys.argv[3]) if len(sys.argv) > 3 else 60
    threads = int(sys.argv[4]) if len(sys.argv) > 4 else 2
    torch.set_num_threads(threads)
    torch.set_num_interop_threads(1)
    torch.manual_seed(0)
    batch, warmup = 128, 10
    model = build_resnet20(channels).train()
    opt = torch.optim.SGD(model.parameters(), lr=0.1, momentum=0.9, weight_decay=5e-4)
    crit = torch.nn.CrossEntropyLoss()
    y = torch.randint(0, 10, (batch,))
    names = ["forward", "loss", "backward", "read-back", "optimizer", "zero grads"]
    total = [0.0] * len(names)
    for s in range(warmup + steps):
        # uint8 pixels scaled as the Java side does, made outside the timed phases
        x = (torch.randint(0, 256, (batch, channels, size, size), dtype=torch.uint8).float() - 127.5) / 64
        t0 = time.perf_counter()
        logits = model(x)
        t1 = time.perf_counter()
        loss = crit(logits, y)
        t2 = time.perf_counter()
        loss.backward()
        t3 = time.perf_counter()
        stats = (loss.item(), (logits.argmax(1) == y).sum().item())
        t4 = time.perf_counter()
        opt.step()
        t5 = time.perf_counter()
        opt.zero_grad(set_to_none=True)
        t6 = time.perf_counter()
        if s >= warmup:
            for i, d in enumerate((t1 - t0, t2 - t1, t3 - t2, t4 - t3, t5 - t4, t6 - t5)):
                total[i] += d
    print(f"pytorch {torch.__version__} step profile: ResNet-20, batch {batch}, {channels}x{size}x{size}, "
          f"{steps} steps after {warmup} warm-up, {torch.get_num_threads()} threads")
    for n, t in zip(names, total):
        print(f"  {n:11s} {1000 * t / steps:8.2f} ms")
    s = sum(total) / steps
    print(f"  {'total':11s} {1000 * s:8.2f} ms  ({batch / s:.0f} images/s)")


if __name__ == "__main__":
    main()
