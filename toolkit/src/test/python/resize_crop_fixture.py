"""Regenerates fixtures/resolution/resize_crop.json: torchvision's eval preprocessing on uint8
tensors (F.resize of the shorter side, bilinear, with and without antialias, then
F.center_crop) for a few (resize, crop) pairs, the reference for
InferenceResizeTuning.resizeAndCrop.

Run with Debian's interpreter: /usr/bin/python3 resize_crop_fixture.py
"""
import json
import os

import torch
import torchvision.transforms.functional as F
from torchvision.transforms import InterpolationMode

g = torch.Generator().manual_seed(0)
images = torch.randint(0, 256, (2, 3, 20, 30), generator=g, dtype=torch.uint8)
cases = []
for antialias in (False, True):
    for resize, crop in [(24, 22), (36, 32), (16, 15), (20, 19), (45, 40), (11, 10)]:
        out = F.resize(images, resize, interpolation=InterpolationMode.BILINEAR, antialias=antialias)
        out = F.center_crop(out, crop)
        cases.append(dict(resize=resize, crop=crop, antialias=antialias, shape=list(out.shape),
                          values=out.flatten().tolist()))
fixture = dict(shape=list(images.shape), images=images.flatten().tolist(), cases=cases)
out = os.path.join(os.path.dirname(__file__), "..", "resources", "fixtures", "resolution", "resize_crop.json")
with open(out, "w") as f:
    json.dump(fixture, f, separators=(",", ":"))
print("wrote", os.path.normpath(out), [c["shape"] for c in cases])
