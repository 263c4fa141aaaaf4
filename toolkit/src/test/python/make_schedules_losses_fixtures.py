"""Regenerates the reference fixtures for org.sota4j.schedules and org.sota4j.losses.

Run with Debian's interpreter (torch 1.13):  /usr/bin/python3 toolkit/src/test/python/make_schedules_losses_fixtures.py
Schedules: each list holds torch's scheduler.get_last_lr()[0] after 0, 1, 2, ... calls of scheduler.step()
(entry 0 is the learning rate before the first step), exactly as the chainable torch schedulers produce them.
Losses: float32 inputs, reference losses computed by torch in float64 from those same float32 values.
"""
import json
import os
import warnings

import torch
import torch.nn.functional as F
from torch.optim import lr_scheduler as S

warnings.filterwarnings("ignore")
HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "..", "resources", "fixtures")


def opt(lr, momentum=0.0):
    return torch.optim.SGD([torch.nn.Parameter(torch.zeros(1))], lr=lr, momentum=momentum)


def run(make, lr, steps, momentum=0.0):
    o = opt(lr, momentum)
    s = make(o)
    out = [s.get_last_lr()[0]]
    for _ in range(steps):
        o.step()
        s.step()
        out.append(s.get_last_lr()[0])
    return out


def warmup_cosine(lr, method, decay, warmup, total, eta_min):
    def make(o):
        if warmup == 0:
            return S.CosineAnnealingLR(o, T_max=total, eta_min=eta_min)
        if method == "linear":
            w = S.LinearLR(o, start_factor=decay, total_iters=warmup)
        else:
            w = S.ConstantLR(o, factor=decay, total_iters=warmup)
        c = S.CosineAnnealingLR(o, T_max=total - warmup, eta_min=eta_min)
        return S.SequentialLR(o, schedulers=[w, c], milestones=[warmup])
    return {"lr": lr, "method": method, "decay": decay, "warmup": warmup, "total": total, "etaMin": eta_min,
            "values": run(make, lr, total)}


def schedules():
    f = {}
    f["warmupCosineLinear"] = warmup_cosine(0.5, "linear", 0.01, 5, 20, 0.001)
    f["warmupCosineConstant"] = warmup_cosine(0.1, "constant", 0.1, 3, 13, 0.0)
    f["cosineNoWarmup"] = warmup_cosine(0.2, "linear", 0.01, 0, 12, 0.0)
    # lengths given in epochs (warmup 2, total 6) with 3 iterations per epoch, stepped every iteration
    f["warmupCosineLinearIterations"] = warmup_cosine(0.5, "linear", 0.01, 6, 18, 0.0)
    f["warmupCosineLong"] = warmup_cosine(0.8, "linear", 0.01, 50, 1000, 1e-5)

    for name, t0, tm, eta, steps in [("sgdrMult2", 5, 2, 0.01, 40), ("sgdrMult1", 7, 1, 0.0, 20)]:
        f[name] = {"lr": 0.1, "t0": t0, "tMult": tm, "etaMin": eta,
                   "values": run(lambda o: S.CosineAnnealingWarmRestarts(o, T_0=t0, T_mult=tm, eta_min=eta), 0.1, steps)}
    # fractional epochs as in torch's documented usage scheduler.step(epoch + i / iters)
    o = opt(0.1)
    s = S.CosineAnnealingWarmRestarts(o, T_0=2, T_mult=2, eta_min=0.001)
    iters, vals = 4, []
    for k in range(6 * iters):
        s.step(k / iters)
        vals.append(s.get_last_lr()[0])
    f["sgdrFractional"] = {"lr": 0.1, "t0": 2, "tMult": 2, "etaMin": 0.001, "stepsPerEpoch": iters, "values": vals}

    f["stepLR"] = {"lr": 0.2, "stepSize": 3, "gamma": 0.5,
                   "values": run(lambda o: S.StepLR(o, step_size=3, gamma=0.5), 0.2, 12)}

    for name, kw in [("oneCycle", {}), ("oneCycleThreePhase", {"three_phase": True}),
                     ("oneCycleLinear", {"anneal_strategy": "linear", "pct_start": 0.25, "div_factor": 10.0,
                                         "final_div_factor": 100.0})]:
        total = 50
        vals = run(lambda o: S.OneCycleLR(o, max_lr=0.4, total_steps=total, **kw), 0.4, total - 1, momentum=0.9)
        entry = {"maxLr": 0.4, "totalSteps": total, "values": vals}
        entry.update({k: v for k, v in kw.items()})
        f[name] = entry
    return f


def losses():
    g = torch.Generator().manual_seed(0)
    n, k = 6, 5
    logits = (torch.randn(n, k, generator=g) * 2).float()
    teacher = (torch.randn(n, k, generator=g) * 3).float()
    index = torch.randint(0, k, (n,), generator=g)
    probs = torch.softmax(torch.randn(n, k, generator=g), dim=1).float()
    L, Tt, P = logits.double(), teacher.double(), probs.double()
    f = {"logits": logits.tolist(), "teacher": teacher.tolist(), "index": index.tolist(), "probs": probs.tolist()}
    f["labelSmoothing"] = []
    for eps in [0.0, 0.1, 0.25, 0.9]:
        f["labelSmoothing"].append({
            "eps": eps,
            "index": F.cross_entropy(L, index, label_smoothing=eps).item(),
            "probs": F.cross_entropy(L, P, label_smoothing=eps).item()})
    f["distillation"] = []
    for T, alpha in [(4.0, 0.9), (1.0, 0.5), (2.5, 0.0), (2.0, 1.0)]:
        kl = F.kl_div(F.log_softmax(L / T, dim=1), F.softmax(Tt / T, dim=1), reduction="batchmean").item()
        ce_i = F.cross_entropy(L, index).item()
        ce_p = F.cross_entropy(L, P).item()
        f["distillation"].append({"temperature": T, "alpha": alpha, "kl": kl,
                                  "index": alpha * kl * T * T + (1 - alpha) * ce_i,
                                  "probs": alpha * kl * T * T + (1 - alpha) * ce_p})
    return f


def dump(obj, path):
    with open(path, "w") as fh:
        json.dump(obj, fh, indent=1)
        fh.write("\n")


dump(schedules(), os.path.join(OUT, "schedules", "torch_schedules.json"))
dump(losses(), os.path.join(OUT, "losses", "torch_losses.json"))
