#!/usr/bin/python3
"""Generates the torchvision reference fixtures for org.sota4j.augmentation tests.

Run once with Debian's interpreter (torch 1.13, torchvision 0.14):
    /usr/bin/python3 toolkit/src/test/python/augmentation_fixtures.py
Writes toolkit/src/test/resources/fixtures/augmentation/{ops,basic,spaces,policies}.json.
Every expected image comes from torchvision.transforms.functional applied to uint8 tensors.
"""
import json
import math
import os

import torch
import torchvision.transforms.functional as F
from torchvision.transforms import InterpolationMode, AutoAugmentPolicy
from torchvision.transforms.autoaugment import AutoAugment, RandAugment, TrivialAugmentWide, _apply_op

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "resources", "fixtures", "augmentation")


def make_images():
    g = torch.Generator().manual_seed(1234)
    a = torch.randint(20, 231, (3, 8, 10), generator=g, dtype=torch.int64)
    a[0, 2:5, 3:7] = 200  # a block, so that geometry and histograms have structure
    a[2, :, 0] = 25
    b = torch.randint(0, 256, (3, 8, 10), generator=g, dtype=torch.int64)
    b[1] = 77  # a constant channel: autocontrast and equalize leave it alone
    b[0, :4] = 0
    b[0, 4:] = 255  # only two levels in this channel
    gray = torch.randint(0, 256, (1, 7, 9), generator=g, dtype=torch.int64)
    gray[0, 3] = torch.arange(9) * 30
    return {"a": a.to(torch.uint8), "b": b.to(torch.uint8), "gray": gray.to(torch.uint8)}


def flat(t):
    return [int(v) for v in t.reshape(-1).tolist()]


def op_cases(images):
    cases = []
    signed_mags = {
        "ShearX": [0.3, -0.3, 0.99, -0.64, 0.066],
        "ShearY": [0.3, -0.3, 0.99, -0.64, 0.066],
        "TranslateX": [3.0, -5.0, 4.9, -2.7, 9.0],
        "TranslateY": [2.0, -4.0, 3.6, -1.5],
        "Rotate": [30.0, -30.0, 90.0, 135.0, -17.3, 4.5, 180.0],
        "Brightness": [-0.9, -0.33, 0.5, 0.99],
        "Color": [-0.9, -0.4, 0.6, 0.99],
        "Contrast": [-0.99, -0.3, 0.45, 0.9],
        "Sharpness": [-0.9, -0.5, 0.5, 0.99],
        "Posterize": [1.0, 2.0, 4.0, 6.0, 8.0],
        "Solarize": [0.0, 85.0, 128.0, 170.0, 246.5, 255.0],
        "AutoContrast": [0.0],
        "Equalize": [0.0],
        "Invert": [0.0],
        "Identity": [0.0],
    }
    for name, img in images.items():
        for op, mags in signed_mags.items():
            for m in mags:
                for fill in (None, [10.0, 20.0, 30.0]):
                    if fill is not None and op not in ("ShearX", "ShearY", "TranslateX", "TranslateY", "Rotate"):
                        continue
                    f = None if fill is None else fill[: img.shape[0]]
                    out = _apply_op(img, op, m, interpolation=InterpolationMode.NEAREST, fill=f)
                    cases.append({"image": name, "op": op, "magnitude": m, "fill": f, "expected": flat(out)})
    return cases


def basic_cases(images):
    a, gray = images["a"], images["gray"]
    res = {"resized_crop": [], "resize": [], "center_crop": [], "pad_crop": [], "hflip": []}
    for name, img, (top, left, h, w), size in [
        ("a", a, (1, 2, 5, 6), (7, 9)),
        ("a", a, (0, 0, 8, 10), (4, 5)),
        ("a", a, (2, 3, 3, 3), (8, 8)),
        ("gray", gray, (1, 1, 6, 5), (3, 4)),
    ]:
        out = F.resized_crop(img, top, left, h, w, list(size), InterpolationMode.BILINEAR)
        res["resized_crop"].append({"image": name, "top": top, "left": left, "height": h, "width": w,
                                    "out_height": size[0], "out_width": size[1], "expected": flat(out)})
    for name, img, s in [("a", a, 5), ("a", a, 13), ("gray", gray, 12), ("gray", gray, 4)]:
        out = F.resize(img, [s], InterpolationMode.BILINEAR)
        res["resize"].append({"image": name, "size": s, "shape": list(out.shape), "expected": flat(out)})
    for name, img, (h, w) in [("a", a, (5, 5)), ("a", a, (8, 7)), ("gray", gray, (4, 6)), ("gray", gray, (7, 9))]:
        out = F.center_crop(img, [h, w])
        res["center_crop"].append({"image": name, "height": h, "width": w, "expected": flat(out)})
    for name, img, pad, mode, fill, top, left in [
        ("a", a, 4, "constant", 0, 0, 0), ("a", a, 4, "constant", 0, 7, 3), ("a", a, 4, "reflect", 0, 8, 8),
        ("a", a, 4, "reflect", 0, 1, 6), ("gray", gray, 2, "reflect", 0, 3, 0), ("gray", gray, 3, "constant", 0, 2, 5),
    ]:
        padded = F.pad(img, pad, fill=fill, padding_mode=mode)
        out = F.crop(padded, top, left, img.shape[1], img.shape[2])
        res["pad_crop"].append({"image": name, "padding": pad, "mode": mode, "fill": fill, "top": top, "left": left,
                                "expected": flat(out)})
    for name, img in [("a", a), ("gray", gray)]:
        res["hflip"].append({"image": name, "expected": flat(F.hflip(img))})
    return res


def spaces():
    def dump(space):
        return [{"op": k, "magnitudes": ([float(v) for v in m.reshape(-1).tolist()] if m.ndim > 0 else []),
                 "signed": bool(s)} for k, (m, s) in space.items()]
    aa = AutoAugment()
    ra = RandAugment()
    ta = TrivialAugmentWide()
    out = {"autoaugment": {}, "randaugment": {}, "trivialaugmentwide": dump(ta._augmentation_space(31))}
    for size in (32, 28, 224):
        out["autoaugment"][str(size)] = dump(aa._augmentation_space(10, (size, size)))
        out["randaugment"][str(size)] = dump(ra._augmentation_space(31, (size, size)))
    out["randaugment"]["24x40"] = dump(ra._augmentation_space(31, (24, 40)))
    return out


def policies():
    out = {}
    for p in (AutoAugmentPolicy.IMAGENET, AutoAugmentPolicy.CIFAR10, AutoAugmentPolicy.SVHN):
        out[p.value] = [[[op, prob, mag] for (op, prob, mag) in sub] for sub in AutoAugment(p).policies]
    return out


def main():
    images = make_images()
    os.makedirs(OUT, exist_ok=True)
    imgs = {k: {"shape": list(v.shape), "pixels": flat(v)} for k, v in images.items()}
    with open(os.path.join(OUT, "ops.json"), "w") as f:
        json.dump({"images": imgs, "cases": op_cases(images)}, f, separators=(",", ":"))
    with open(os.path.join(OUT, "basic.json"), "w") as f:
        json.dump({"images": imgs, **basic_cases(images)}, f, separators=(",", ":"))
    with open(os.path.join(OUT, "spaces.json"), "w") as f:
        json.dump(spaces(), f, indent=1)
    with open(os.path.join(OUT, "policies.json"), "w") as f:
        json.dump(policies(), f, indent=1)


if __name__ == "__main__":
    main()
