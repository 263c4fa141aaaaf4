"""PyTorch eager side of the GPU throughput comparison (gpu/device.sh runs it after the toolkit's):
ResNet-18 with a 3x3 stem and no max-pool (the toolkit's ResNet.builder().optSmallInputStem(true)) on 32x32x3
inputs, batch 512, SGD Nesterov (lr 0.05, momentum 0.9, wd 5e-4), uint8 data resident on the GPU, normalized there.
Prints 'pytorch throughput resnet18 batch B plain: N images/s'. --dry-run runs tiny on CPU.
"""
import argparse
import time

import torch
import torch.nn as nn
import torch.nn.functional as F


class Block(nn.Module):
    def __init__(self, cin, cout, stride):
        super().__init__()
        self.c1 = nn.Conv2d(cin, cout, 3, stride, 1, bias=False)
        self.b1 = nn.BatchNorm2d(cout)
        self.c2 = nn.Conv2d(cout, cout, 3, 1, 1, bias=False)
        self.b2 = nn.BatchNorm2d(cout)
        self.short = None
        if stride != 1 or cin != cout:
            self.short = nn.Sequential(nn.Conv2d(cin, cout, 1, stride, bias=False), nn.BatchNorm2d(cout))

    def forward(self, x):
        y = F.relu(self.b1(self.c1(x)))
        y = self.b2(self.c2(y))
        return F.relu(y + (x if self.short is None else self.short(x)))


def resnet18(classes=10):
    layers = [nn.Conv2d(3, 64, 3, 1, 1, bias=False), nn.BatchNorm2d(64), nn.ReLU()]
    cin = 64
    for cout, stride in [(64, 1), (128, 2), (256, 2), (512, 2)]:
        layers += [Block(cin, cout, stride), Block(cout, cout, 1)]
        cin = cout
    layers += [nn.AdaptiveAvgPool2d(1), nn.Flatten(), nn.Linear(512, classes)]
    return nn.Sequential(*layers)


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--batch", type=int, default=512)
    p.add_argument("--steps", type=int, default=40)
    p.add_argument("--dry-run", action="store_true")
    a = p.parse_args()
    device = "cpu" if a.dry_run or not torch.cuda.is_available() else "cuda"
    batch, steps = (32, 4) if a.dry_run else (a.batch, a.steps)
    torch.backends.cudnn.benchmark = True
    model = resnet18().to(device)
    opt = torch.optim.SGD(model.parameters(), lr=0.05, momentum=0.9, nesterov=True, weight_decay=5e-4)
    data = torch.randint(0, 256, (batch * steps, 3, 32, 32), dtype=torch.uint8, device=device)
    labels = torch.randint(0, 10, (batch * steps,), device=device)
    mean = torch.tensor([0.4914, 0.4822, 0.4465], device=device).view(1, 3, 1, 1) * 255
    std = torch.tensor([0.2470, 0.2435, 0.2616], device=device).view(1, 3, 1, 1) * 255

    def epoch():
        perm = torch.randperm(batch * steps, device=device)
        for s in range(steps):
            idx = perm[s * batch:(s + 1) * batch]
            x = (data[idx].float() - mean) / std
            loss = F.cross_entropy(model(x), labels[idx])
            opt.zero_grad(set_to_none=True)
            loss.backward()
            opt.step()

    epoch()  # warm-up (cuDNN autotuning)
    if device == "cuda":
        torch.cuda.synchronize()
    t = time.time()
    epoch()
    if device == "cuda":
        torch.cuda.synchronize()
    print(f"pytorch throughput resnet18 batch {batch} plain: {batch * steps / (time.time() - t):.0f} images/s "
          f"(torch {torch.__version__}, {torch.cuda.get_device_name() if device == 'cuda' else 'cpu'})")


if __name__ == "__main__":
    main()
