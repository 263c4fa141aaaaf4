"""Regenerates toolkit/src/test/resources/fixtures/optimizers/*.json with torch 1.13.

Run with Debian's interpreter (it has torch): /usr/bin/python3 toolkit/src/test/python/optimizers_fixtures.py
Each fixture: a Linear-like weight (3 x 4) and bias (3), a fixed gradient sequence, one learning rate per step,
and the parameters after every step, with torch param groups {weight: wd, bias: bias_wd}.
"""
import json
import os

import torch

OUT = os.path.join(os.path.dirname(__file__), "..", "resources", "fixtures", "optimizers")
STEPS = 5
LRS = [0.1, 0.08, 0.05, 0.03, 0.01]


def run(make_optimizer, name, extra):
    g = torch.Generator().manual_seed(7)
    weight = torch.randn(3, 4, generator=g, dtype=torch.float64)
    bias = torch.randn(3, generator=g, dtype=torch.float64)
    grads = [(torch.randn(3, 4, generator=g, dtype=torch.float64),
              torch.randn(3, generator=g, dtype=torch.float64)) for _ in range(STEPS)]
    w = weight.clone().requires_grad_(True)
    b = bias.clone().requires_grad_(True)
    opt = make_optimizer(w, b)
    after = []
    for step in range(STEPS):
        for group in opt.param_groups:
            group["lr"] = LRS[step]
        w.grad = grads[step][0].clone()
        b.grad = grads[step][1].clone()
        opt.step()
        after.append({"weight": w.detach().flatten().tolist(), "bias": b.detach().tolist()})
    fixture = {
        "weight": weight.flatten().tolist(),
        "bias": bias.tolist(),
        "gradWeight": [gw.flatten().tolist() for gw, _ in grads],
        "gradBias": [gb.tolist() for _, gb in grads],
        "lr": LRS,
        "after": after,
    }
    fixture.update(extra)
    with open(os.path.join(OUT, name), "w") as f:
        json.dump(fixture, f, indent=1)


WD, BIAS_WD = 0.05, 0.0

run(lambda w, b: torch.optim.SGD([{"params": [w], "weight_decay": WD}, {"params": [b], "weight_decay": BIAS_WD}],
                                 lr=LRS[0], momentum=0.9, nesterov=True),
    "sgd_nesterov.json", {"momentum": 0.9, "nesterov": True, "weightDecay": WD, "biasWeightDecay": BIAS_WD})
run(lambda w, b: torch.optim.SGD([{"params": [w], "weight_decay": WD}, {"params": [b], "weight_decay": BIAS_WD}],
                                 lr=LRS[0], momentum=0.9, nesterov=False),
    "sgd_momentum.json", {"momentum": 0.9, "nesterov": False, "weightDecay": WD, "biasWeightDecay": BIAS_WD})
run(lambda w, b: torch.optim.AdamW([{"params": [w], "weight_decay": WD}, {"params": [b], "weight_decay": BIAS_WD}],
                                   lr=LRS[0], betas=(0.9, 0.999), eps=1e-8),
    "adamw.json", {"beta1": 0.9, "beta2": 0.999, "epsilon": 1e-8, "weightDecay": WD, "biasWeightDecay": BIAS_WD})

# torch.nn.utils.clip_grad_norm_ reference
g = torch.Generator().manual_seed(11)
ps = [torch.zeros(3, 4, requires_grad=True), torch.zeros(5, requires_grad=True)]
for p in ps:
    p.grad = torch.randn(p.shape, generator=g) * 3
before = [p.grad.flatten().tolist() for p in ps]
total = torch.nn.utils.clip_grad_norm_(ps, max_norm=1.5)
with open(os.path.join(OUT, "clip_grad_norm.json"), "w") as f:
    json.dump({"maxNorm": 1.5, "grads": before, "totalNorm": float(total),
               "clipped": [p.grad.flatten().tolist() for p in ps]}, f, indent=1)
