"""Regenerates fixtures/sampling/ra_sampler.json: the indices of torchvision's RASampler
(references/classification/sampler.py) with shuffle=False, reimplemented here from its
arithmetic, for several dataset sizes N, replicas R, repetitions r and ranks.

Run with Debian's interpreter: /usr/bin/python3 ra_sampler_fixture.py
"""
import json
import math
import os


def ra_indices(n, replicas, rank, reps):
    num_samples = int(math.ceil(n * float(reps) / replicas))
    total_size = num_samples * replicas
    num_selected = int(math.floor(n // 256 * 256 / replicas))
    indices = list(range(n))  # shuffle=False
    indices = [i for i in indices for _ in range(reps)]
    indices += indices[: (total_size - len(indices))]
    assert len(indices) == total_size
    indices = indices[rank:total_size:replicas]
    assert len(indices) == num_samples
    return num_samples, total_size, num_selected, indices[:num_selected]


cases = []
for n, replicas, reps in [(1000, 1, 3), (1000, 4, 3), (1000, 8, 4), (5000, 3, 2), (513, 2, 5), (2050, 7, 3), (300, 8, 4)]:
    for rank in range(replicas):
        num_samples, total_size, num_selected, idx = ra_indices(n, replicas, rank, reps)
        cases.append(dict(n=n, replicas=replicas, rank=rank, repetitions=reps, num_samples=num_samples,
                          total_size=total_size, num_selected=num_selected, indices=idx))

out = os.path.join(os.path.dirname(__file__), "..", "resources", "fixtures", "sampling", "ra_sampler.json")
with open(out, "w") as f:
    json.dump(cases, f, separators=(",", ":"))
print("wrote", len(cases), "cases to", os.path.normpath(out))
