#!/usr/bin/python3
"""Writes the embedded Fashion-MNIST subset shipped inside the datasets jar.

Takes, from the original IDX files (Debian package dataset-fashion-mnist), the first 1,000 images of
each class of the training set and the first 200 of each class of the test set, in file order, and
writes them as gzip'd IDX files plus the list of original indices (so a test can check every image
against the full dataset). Deterministic: running it again gives the same bytes.

Usage: /usr/bin/python3 datasets/scripts/make_embedded_fashion_mnist.py [SOURCE_DIR]
"""
import gzip
import struct
import sys
from pathlib import Path

SRC = Path(sys.argv[1] if len(sys.argv) > 1 else "/usr/share/datasets/fashion-mnist")
DST = Path(__file__).resolve().parent.parent / "src/main/resources/org/sota4j/datasets/fashion-mnist"
SPLITS = {"train": ("train", 1000), "t10k": ("test", 200)}


def read_idx(path):
    data = gzip.open(path, "rb").read()
    magic, = struct.unpack(">I", data[:4])
    ndim = magic & 0xFF
    dims = struct.unpack(">" + "I" * ndim, data[4:4 + 4 * ndim])
    return dims, data[4 + 4 * ndim:]


def write_idx(path, magic, dims, payload):
    header = struct.pack(">I", magic) + struct.pack(">" + "I" * len(dims), *dims)
    with open(path, "wb") as raw:
        # mtime=0 keeps the gzip bytes reproducible
        with gzip.GzipFile(fileobj=raw, mode="wb", mtime=0) as f:
            f.write(header + payload)


DST.mkdir(parents=True, exist_ok=True)
for prefix, (name, per_class) in SPLITS.items():
    (n, h, w), pixels = read_idx(SRC / f"{prefix}-images-idx3-ubyte.gz")
    (n_labels,), labels = read_idx(SRC / f"{prefix}-labels-idx1-ubyte.gz")
    assert n == n_labels
    counts = [0] * 10
    chosen = []
    for i, label in enumerate(labels):
        if counts[label] < per_class:
            counts[label] += 1
            chosen.append(i)
    size = h * w
    write_idx(DST / f"{prefix}-images-idx3-ubyte.gz", 0x803, (len(chosen), h, w),
              b"".join(pixels[i * size:(i + 1) * size] for i in chosen))
    write_idx(DST / f"{prefix}-labels-idx1-ubyte.gz", 0x801, (len(chosen),),
              bytes(labels[i] for i in chosen))
    (DST / f"{prefix}-indices.txt").write_text("\n".join(map(str, chosen)) + "\n")
    print(name, len(chosen), "images, per class", counts)
