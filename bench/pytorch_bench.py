#!/usr/bin/python3
"""CPU training-throughput benchmark: the PyTorch side of the sota4j comparison.

Trains a CIFAR-style ResNet-20 (He et al. 2016, arXiv:1512.03385) for one warm-up
epoch and one timed epoch on Fashion-MNIST-shaped (28x28x1) and CIFAR-shaped
(32x32x3) inputs, twice each:

  plain   no augmentation: uint8 -> float/255 -> Normalize, plain cross entropy.
  recipe  the torchvision classification-reference data side: per-image
          TrivialAugmentWide -> float -> Normalize -> RandomErasing(p=0.1) in the
          DataLoader workers, per-batch random choice of MixUp(0.2)/CutMix(1.0)
          in the collate function, cross entropy with label smoothing 0.1 on the
          soft targets, and an EMA of the weights updated every step.

Each (input, run) pair is measured in a fresh child process so that its peak RSS
is its own. Output: one line per run

  pytorch <input> <plain|recipe> <images/s> <peak RSS MB>

plus, with --json, a file holding the same fields and the environment.
Run with any Python that has torch and torchvision: bench/setup-pytorch.sh makes build/torch-venv with pip's
current CPU torch, and Debian's /usr/bin/python3 has python3-torch / python3-torchvision (1.13 / 0.14).
"""

import argparse
import gzip
import json
import math
import os
import platform
import struct
import subprocess
import sys
import threading
import time

SKIP_LINE = "skipped: python3-torch/python3-torchvision not installed"

FMNIST_MEAN, FMNIST_STD = (0.2860,), (0.3530,)
CIFAR_MEAN, CIFAR_STD = (0.4914, 0.4822, 0.4465), (0.2470, 0.2435, 0.2616)
NUM_CLASSES = 10


def parse_args(argv=None):
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--inputs", nargs="+", default=["fmnist", "cifar"], choices=["fmnist", "cifar"],
                   help="inputs to run: fmnist (28x28x1), cifar (32x32x3)")
    p.add_argument("--runs", nargs="+", default=["plain", "recipe"], choices=["plain", "recipe"])
    p.add_argument("--fmnist-dir", default="/usr/share/datasets/fashion-mnist",
                   help="folder with train-images-idx3-ubyte.gz / train-labels-idx1-ubyte.gz "
                        "(Debian dataset-fashion-mnist); random data if missing")
    p.add_argument("--cifar-dir", default=None,
                   help="CIFAR-10 JPEG ImageFolder (e.g. build/data/cifar10/train); random data if not given")
    p.add_argument("--batch-size", type=int, default=128)
    p.add_argument("--steps", type=int, default=50, help="steps in the timed epoch (epoch = steps * batch images)")
    p.add_argument("--warmup-steps", type=int, default=None,
                   help="steps in the untimed warm-up epoch (default: --steps, i.e. a full epoch)")
    p.add_argument("--threads", type=int, default=2, help="torch.set_num_threads for the training process")
    p.add_argument("--interop-threads", type=int, default=None, help="torch.set_num_interop_threads (default: torch's)")
    p.add_argument("--num-workers", type=int, nargs="+", default=[0],
                   help="DataLoader workers (default 0: fastest on a 2-core machine, where workers compete "
                        "with the training threads for the cores); several values run every "
                        "configuration once per value")
    p.add_argument("--aug-backend", choices=["tensor", "pil"], default="tensor",
                   help="per-image transforms on uint8 tensors or on PIL images")
    p.add_argument("--channels-last", action="store_true",
                   help="model and batches in torch.channels_last memory format (default: torch's NCHW)")
    p.add_argument("--lr", type=float, default=0.1)
    p.add_argument("--momentum", type=float, default=0.9)
    p.add_argument("--weight-decay", type=float, default=5e-4)
    p.add_argument("--label-smoothing", type=float, default=0.1)
    p.add_argument("--mixup-alpha", type=float, default=0.2)
    p.add_argument("--cutmix-alpha", type=float, default=1.0)
    p.add_argument("--ema-decay", type=float, default=0.999)
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--json", default=None, help="write machine-readable results here")
    p.add_argument("--child", default=None, help=argparse.SUPPRESS)  # internal: one measured run
    args = p.parse_args(argv)
    if args.warmup_steps is None:
        args.warmup_steps = args.steps
    for name in ("batch_size", "steps", "threads"):
        if getattr(args, name) < 1:
            p.error(f"--{name.replace('_', '-')} must be >= 1, got {getattr(args, name)}")
    if args.warmup_steps < 0 or any(w < 0 for w in args.num_workers):
        p.error("--warmup-steps and --num-workers must be >= 0")
    return args


def info(msg):
    print("# " + msg, flush=True)


def import_torchvision():
    """Imports torchvision; with a torchvision wheel built for another torch variant, its transforms only.

    pip's torchvision wheels are built against the CUDA torch: with the CPU torch (pip's `+cpu` build) their
    compiled operators (nms, roi_align, image decoding; `torchvision/_C.so` links libtorch_cuda.so) cannot load,
    and the package's `__init__` then fails while registering fake kernels for them ("operator torchvision::nms
    does not exist"). This benchmark needs none of the compiled operators: its transforms (TrivialAugmentWide,
    Normalize, RandomErasing, ...) and ImageFolder (PIL decoding) are plain Python on torch. So, after that
    error only, the package is entered without running its `__init__` (its submodules import as usual) and the
    returned version says so.
    """
    import sys
    try:
        import torchvision
        return torchvision, torchvision.__version__
    except RuntimeError as e:
        if "torchvision::" not in str(e):
            raise
        import importlib.util
        import types
        for name in [m for m in sys.modules if m == "torchvision" or m.startswith("torchvision.")]:
            del sys.modules[name]
        spec = importlib.util.find_spec("torchvision")
        package = types.ModuleType("torchvision")
        package.__path__ = list(spec.submodule_search_locations)
        package.__file__ = spec.origin
        sys.modules["torchvision"] = package
        from torchvision.version import __version__
        package.__version__ = __version__
        package.get_image_backend = lambda: "PIL"  # what the skipped __init__ defines for ImageFolder's loader
        import torchvision.transforms  # noqa: F401
        import torchvision.datasets  # noqa: F401
        return package, f"{__version__} (transforms only: its compiled operators need the CUDA torch)"


# ----------------------------------------------------------------------------- environment

def cpu_model():
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def proc_status_kb(pid, field):
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith(field + ":"):
                    return int(line.split()[1])
    except (OSError, ValueError):
        pass
    return 0


def reset_peak_rss():
    """Restarts the kernel's VmHWM from the current resident set (Linux >= 4.0), as the toolkit's side does before
    its warm-up epoch: the reported peak is the training's, with all that is resident by then."""
    try:
        with open("/proc/self/clear_refs", "w") as f:
            f.write("5")
    except OSError:
        pass


def children_of(pid):
    kids = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as f:
                stat = f.read()
            ppid = int(stat[stat.rindex(")") + 2:].split()[1])
        except (OSError, ValueError):
            continue
        if ppid == pid:
            kids.append(int(entry))
    return kids


def pss_kb(pid):
    try:
        with open(f"/proc/{pid}/smaps_rollup") as f:
            for line in f:
                if line.startswith("Pss:"):
                    return int(line.split()[1])
    except (OSError, ValueError):
        pass
    return 0


class TreeMemorySampler:
    """Samples the summed PSS of this process and its children (DataLoader workers) a few times a second."""

    def __init__(self, interval=0.25):
        self.interval, self.peak_kb, self.max_workers_seen = interval, 0, 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._loop, daemon=True)

    def _loop(self):
        me = os.getpid()
        while not self._stop.is_set():
            kids = children_of(me)
            self.max_workers_seen = max(self.max_workers_seen, len(kids))
            self.peak_kb = max(self.peak_kb, pss_kb(me) + sum(pss_kb(k) for k in kids))
            self._stop.wait(self.interval)

    def __enter__(self):
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self._stop.set()
        self._thread.join()


# ----------------------------------------------------------------------------- model

def build_resnet20(in_channels, num_classes=NUM_CLASSES):
    import torch.nn as nn

    class BasicBlock(nn.Module):
        def __init__(self, cin, cout, stride):
            super().__init__()
            self.conv1 = nn.Conv2d(cin, cout, 3, stride, 1, bias=False)
            self.bn1 = nn.BatchNorm2d(cout)
            self.conv2 = nn.Conv2d(cout, cout, 3, 1, 1, bias=False)
            self.bn2 = nn.BatchNorm2d(cout)
            self.relu = nn.ReLU(inplace=True)
            # option B: projection shortcut only where the shape changes
            self.shortcut = nn.Identity()
            if stride != 1 or cin != cout:
                self.shortcut = nn.Sequential(nn.Conv2d(cin, cout, 1, stride, bias=False), nn.BatchNorm2d(cout))

        def forward(self, x):
            y = self.relu(self.bn1(self.conv1(x)))
            y = self.bn2(self.conv2(y))
            return self.relu(y + self.shortcut(x))

    class ResNet20(nn.Module):
        def __init__(self):
            super().__init__()
            self.stem = nn.Sequential(nn.Conv2d(in_channels, 16, 3, 1, 1, bias=False),
                                      nn.BatchNorm2d(16), nn.ReLU(inplace=True))
            blocks, cin = [], 16
            for cout, stride in ((16, 1), (32, 2), (64, 2)):
                for i in range(3):
                    blocks.append(BasicBlock(cin, cout, stride if i == 0 else 1))
                    cin = cout
            self.blocks = nn.Sequential(*blocks)
            self.pool = nn.AdaptiveAvgPool2d(1)
            self.fc = nn.Linear(64, num_classes)
            for m in self.modules():
                if isinstance(m, nn.Conv2d):
                    nn.init.kaiming_normal_(m.weight, mode="fan_out", nonlinearity="relu")

        def forward(self, x):
            return self.fc(self.pool(self.blocks(self.stem(x))).flatten(1))

    return ResNet20()


def count_params(model):
    return sum(p.numel() for p in model.parameters())


class WeightEma:
    """Exponential moving average of all parameters and floating buffers: ema = d * ema + (1 - d) * w."""

    def __init__(self, model, decay):
        import copy
        self.decay = decay
        self.model = copy.deepcopy(model).eval()
        for p in self.model.parameters():
            p.requires_grad_(False)

    def update(self, model):
        import torch
        with torch.no_grad():
            src = model.state_dict()
            for name, ema_t in self.model.state_dict().items():
                cur = src[name]
                if ema_t.dtype.is_floating_point:
                    ema_t.mul_(self.decay).add_(cur, alpha=1.0 - self.decay)
                else:  # e.g. BatchNorm's num_batches_tracked
                    ema_t.copy_(cur)


# ----------------------------------------------------------------------------- data

def read_idx_head(path, expected_magic, count):
    """Reads the first `count` records of a gzip'd IDX file; returns (bytes, record shape)."""
    with gzip.open(path, "rb") as f:
        magic = struct.unpack(">I", f.read(4))[0]
        if magic != expected_magic:
            raise ValueError(f"{path}: IDX magic must be {expected_magic:#x}, got {magic:#x}")
        dims = struct.unpack(">" + "I" * (magic & 0xFF), f.read(4 * (magic & 0xFF)))
        if dims[0] < count:
            raise ValueError(f"{path} holds {dims[0]} records, the epoch needs {count}")
        record = math.prod(dims[1:])
        return f.read(count * record), dims[1:]


def load_uint8_source(args, input_name, n):
    """Returns (images uint8 N x C x H x W or an ImageFolder, labels, source description)."""
    import torch
    g = torch.Generator().manual_seed(args.seed)
    if input_name == "fmnist":
        img_path = os.path.join(args.fmnist_dir, "train-images-idx3-ubyte.gz")
        lbl_path = os.path.join(args.fmnist_dir, "train-labels-idx1-ubyte.gz")
        if os.path.isfile(img_path) and os.path.isfile(lbl_path):
            # the first n training images (the file's order is already class-mixed); reading only
            # these keeps the loader from inflating the peak RSS with the full 47 MB array
            pix, (h, w) = read_idx_head(img_path, 0x803, n)
            lab, _ = read_idx_head(lbl_path, 0x801, n)
            images = torch.frombuffer(bytearray(pix), dtype=torch.uint8).view(n, 1, h, w)
            labels = torch.frombuffer(bytearray(lab), dtype=torch.uint8).long()
            return images, labels, f"idx:{args.fmnist_dir} (first {n} training images)"
        shape = (n, 1, 28, 28)
        desc = f"random uint8 (no Fashion-MNIST IDX files in {args.fmnist_dir})"
    else:
        if args.cifar_dir:
            from torchvision.datasets import ImageFolder
            folder = ImageFolder(args.cifar_dir)
            if len(folder) < n:
                raise SystemExit(f"--cifar-dir holds {len(folder)} images, the epoch needs {n}")
            idx = torch.randperm(len(folder), generator=g)[:n].tolist()
            return torch.utils.data.Subset(folder, idx), None, f"imagefolder:{args.cifar_dir}"
        shape = (n, 3, 32, 32)
        desc = "random uint8 (no --cifar-dir given)"
    images = torch.randint(0, 256, shape, dtype=torch.uint8, generator=g)
    labels = torch.randint(0, NUM_CLASSES, (n,), generator=g)
    return images, labels, desc


def make_dataset(images, labels, transform, to_pil):
    import torch
    from torchvision.transforms import functional as F

    class InMemoryImages(torch.utils.data.Dataset):
        def __len__(self):
            return images.shape[0]

        def __getitem__(self, i):
            img = images[i]
            if to_pil:
                img = F.to_pil_image(img)
            return transform(img), labels[i]

    class FolderImages(torch.utils.data.Dataset):  # wraps a Subset of an ImageFolder yielding PIL images
        def __len__(self):
            return len(images)

        def __getitem__(self, i):
            img, label = images[i]
            if not to_pil:
                img = F.pil_to_tensor(img)
            return transform(img), label

    return FolderImages() if labels is None else InMemoryImages()


def make_transform(run, mean, std, pil):
    import torch
    import torchvision.transforms as T
    to_float = [T.PILToTensor()] if pil else []
    to_float += [T.ConvertImageDtype(torch.float32), T.Normalize(mean, std)]
    if run == "plain":
        return T.Compose(to_float)
    return T.Compose([T.TrivialAugmentWide(interpolation=T.InterpolationMode.BILINEAR)]
                     + to_float + [T.RandomErasing(p=0.1)])


class MixUpCutMix:
    """Batch collate: stack, one-hot the labels, then with probability 1/2 each apply MixUp
    (Zhang et al. 2017, arXiv:1710.09412) or CutMix (Yun et al. 2019, arXiv:1905.04899),
    pairing every example with its neighbour in the batch (roll by one)."""

    def __init__(self, mixup_alpha, cutmix_alpha, num_classes=NUM_CLASSES):
        self.mixup_alpha, self.cutmix_alpha, self.num_classes = mixup_alpha, cutmix_alpha, num_classes

    def __call__(self, samples):
        import torch
        from torch.utils.data import default_collate
        images, labels = default_collate(samples)
        targets = torch.nn.functional.one_hot(labels, self.num_classes).to(images.dtype)
        use_cutmix = torch.rand(()).item() < 0.5
        alpha = self.cutmix_alpha if use_cutmix else self.mixup_alpha
        lam = torch.distributions.Beta(alpha, alpha).sample().item()
        partner_images, partner_targets = images.roll(1, 0), targets.roll(1, 0)
        if use_cutmix:
            h, w = images.shape[-2:]
            cy, cx = torch.randint(h, ()).item(), torch.randint(w, ()).item()
            r = math.sqrt(1.0 - lam)
            half_h, half_w = int(h * r / 2), int(w * r / 2)
            y0, y1 = max(cy - half_h, 0), min(cy + half_h, h)
            x0, x1 = max(cx - half_w, 0), min(cx + half_w, w)
            images = images.clone()
            images[..., y0:y1, x0:x1] = partner_images[..., y0:y1, x0:x1]
            lam = 1.0 - (y1 - y0) * (x1 - x0) / float(h * w)  # area actually kept after clipping
        else:
            images = images * lam + partner_images * (1.0 - lam)
        return images, targets * lam + partner_targets * (1.0 - lam)


# ----------------------------------------------------------------------------- one measured run

def run_child(args, spec):
    import torch
    _, torchvision_version = import_torchvision()
    from torch.utils.data import DataLoader

    input_name, run, workers = spec["input"], spec["run"], spec["num_workers"]
    torch.manual_seed(args.seed)
    torch.set_num_threads(args.threads)
    if args.interop_threads:
        torch.set_num_interop_threads(args.interop_threads)

    n = args.steps * args.batch_size
    images, labels, source = load_uint8_source(args, input_name, n)
    in_ch = 1 if input_name == "fmnist" else 3
    mean, std = (FMNIST_MEAN, FMNIST_STD) if in_ch == 1 else (CIFAR_MEAN, CIFAR_STD)
    pil = args.aug_backend == "pil"
    dataset = make_dataset(images, labels, make_transform(run, mean, std, pil), to_pil=pil)

    recipe = run == "recipe"
    loader = DataLoader(dataset, batch_size=args.batch_size, shuffle=True, drop_last=True,
                        num_workers=workers, persistent_workers=workers > 0,
                        collate_fn=MixUpCutMix(args.mixup_alpha, args.cutmix_alpha) if recipe else None)

    model = build_resnet20(in_ch)
    layout = torch.channels_last if args.channels_last else torch.contiguous_format
    model = model.to(memory_format=layout)
    criterion = torch.nn.CrossEntropyLoss(label_smoothing=args.label_smoothing if recipe else 0.0)
    optimizer = torch.optim.SGD(model.parameters(), lr=args.lr, momentum=args.momentum,
                                weight_decay=args.weight_decay)
    ema = WeightEma(model, args.ema_decay) if recipe else None
    model.train()

    def epoch(max_steps):
        steps, loss_sum = 0, 0.0
        for x, y in loader:
            if steps == max_steps:
                break
            loss = criterion(model(x.contiguous(memory_format=layout)), y)
            optimizer.zero_grad(set_to_none=True)
            loss.backward()
            optimizer.step()
            if ema is not None:
                ema.update(model)
            loss_sum += loss.item()
            steps += 1
        return steps, loss_sum / max(steps, 1)

    reset_peak_rss()
    if args.warmup_steps:
        epoch(args.warmup_steps)
    with TreeMemorySampler() as sampler:
        t0 = time.perf_counter()
        steps, mean_loss = epoch(args.steps)
        seconds = time.perf_counter() - t0
    if steps != args.steps:
        raise SystemExit(f"timed epoch ran {steps} steps, expected {args.steps}")
    if not math.isfinite(mean_loss):
        raise SystemExit(f"loss is not finite: {mean_loss}")
    return {
        "framework": "pytorch", "input": input_name, "run": run,
        "images_per_s": round(steps * args.batch_size / seconds, 2),
        "peak_rss_mb": round(proc_status_kb(os.getpid(), "VmHWM") / 1024.0, 1),
        "tree_pss_peak_mb": round(sampler.peak_kb / 1024.0, 1),
        "timed_seconds": round(seconds, 3), "timed_steps": steps, "timed_images": steps * args.batch_size,
        "warmup_steps": args.warmup_steps, "batch_size": args.batch_size, "num_workers": workers,
        "workers_seen": sampler.max_workers_seen, "mean_loss": round(mean_loss, 4),
        "data_source": source, "input_shape": list(dataset[0][0].shape),
        "params": count_params(model), "torch_threads": torch.get_num_threads(),
        "torch_interop_threads": torch.get_num_interop_threads(),
        "torch": torch.__version__, "torchvision": torchvision_version, "channels_last": args.channels_last,
    }


# ----------------------------------------------------------------------------- driver

def main():
    args = parse_args()
    try:
        import torch
        _, torchvision_version = import_torchvision()
    except ImportError as e:
        print(f"{SKIP_LINE} ({e})", flush=True)
        if args.json:
            with open(args.json, "w") as f:
                json.dump({"framework": "pytorch", "skipped": SKIP_LINE, "error": str(e)}, f, indent=2)
        return 0

    if args.child:
        print(json.dumps(run_child(args, json.loads(args.child))), flush=True)
        return 0

    info(f"torch {torch.__version__}, torchvision {torchvision_version}, python {platform.python_version()}, "
         f"cpu '{cpu_model()}' x{os.cpu_count()}, threads {args.threads}, aug backend {args.aug_backend}")
    load1, load5, _ = os.getloadavg()
    info(f"load average {load1:.2f} (1 min) / {load5:.2f} (5 min) on {os.cpu_count()} CPUs; "
         f"OMP_WAIT_POLICY={os.environ.get('OMP_WAIT_POLICY', '(unset)')}")
    info(f"batch {args.batch_size}, warm-up {args.warmup_steps} steps, timed {args.steps} steps "
         f"({args.steps * args.batch_size} images), SGD lr {args.lr} momentum {args.momentum} wd {args.weight_decay}")
    for in_ch in sorted({1 if i == "fmnist" else 3 for i in args.inputs}):
        info(f"ResNet-20 (option B shortcuts), {in_ch} input channel(s): "
             f"{count_params(build_resnet20(in_ch)):,} parameters")

    results = []
    for workers in args.num_workers:
        info(f"DataLoader num_workers={workers}")
        for input_name in args.inputs:
            for run in args.runs:
                spec = {"input": input_name, "run": run, "num_workers": workers}
                cmd = [sys.executable, os.path.abspath(__file__), "--child", json.dumps(spec)] + sys.argv[1:]
                proc = subprocess.run(cmd, stdout=subprocess.PIPE, text=True)
                if proc.returncode != 0:
                    print(f"pytorch {input_name} {run} FAILED (exit {proc.returncode})", flush=True)
                    return proc.returncode
                res = json.loads(proc.stdout.strip().splitlines()[-1])
                if len(results) == 0 or res["data_source"] != results[-1]["data_source"]:
                    info(f"{input_name}: data {res['data_source']}, shape {res['input_shape']}")
                results.append(res)
                print(f"pytorch {input_name} {run} {res['images_per_s']:.1f} {res['peak_rss_mb']:.1f}", flush=True)

    if args.json:
        doc = {
            "framework": "pytorch", "torch": torch.__version__, "torchvision": torchvision_version,
            "python": platform.python_version(), "cpu_model": cpu_model(), "cpu_count": os.cpu_count(),
            "threads": args.threads, "interop_threads": args.interop_threads,
            "env": {k: os.environ.get(k) for k in sorted(os.environ)
                    if k.startswith(("OMP_", "GOMP_", "KMP_", "MKL_"))},
            "aug_backend": args.aug_backend, "loadavg_at_end": os.getloadavg(),
            "argv": sys.argv[1:], "results": results,
        }
        with open(args.json, "w") as f:
            json.dump(doc, f, indent=2)
        info(f"wrote {args.json}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
