"""Reference parameter counts for org.sota4j.models (trainable parameters only, BN running stats excluded).

Run with Debian's python (torch 1.13, torchvision 0.14):
    /usr/bin/python3 toolkit/src/test/python/models_param_counts.py > toolkit/src/test/resources/fixtures/models/param_counts.json
ResNet-18/50 come from torchvision; the CIFAR models are small independent re-statements of the papers:
CIFAR ResNet (He et al. 2016, option A and B shortcuts), PreAct ResNet-18 (He et al. 2016b, with the final BN-ReLU),
WRN-d-k (Zagoruyko & Komodakis 2016).
"""
import json

import torch.nn as nn
import torchvision


def count(model):
    return sum(p.numel() for p in model.parameters() if p.requires_grad)


def conv3(cin, cout, stride=1):
    return nn.Conv2d(cin, cout, 3, stride, 1, bias=False)


class CifarBasic(nn.Module):
    def __init__(self, cin, cout, stride, option):
        super().__init__()
        self.c1, self.b1 = conv3(cin, cout, stride), nn.BatchNorm2d(cout)
        self.c2, self.b2 = conv3(cout, cout), nn.BatchNorm2d(cout)
        self.proj = None
        if option == "B" and (stride != 1 or cin != cout):
            self.proj = nn.Sequential(nn.Conv2d(cin, cout, 1, stride, bias=False), nn.BatchNorm2d(cout))


def cifar_resnet(depth, classes, option, in_ch=3):
    n = (depth - 2) // 6
    layers = [conv3(in_ch, 16), nn.BatchNorm2d(16)]
    cin = 16
    for i, c in enumerate([16, 32, 64]):
        for j in range(n):
            layers.append(CifarBasic(cin, c, 2 if (i > 0 and j == 0) else 1, option))
            cin = c
    layers.append(nn.Linear(64, classes))
    return nn.Sequential(*layers)


class PreAct(nn.Module):
    def __init__(self, cin, cout, stride, dropout=0.0):
        super().__init__()
        self.b1, self.c1 = nn.BatchNorm2d(cin), conv3(cin, cout, stride)
        self.b2, self.c2 = nn.BatchNorm2d(cout), conv3(cout, cout)
        self.proj = nn.Conv2d(cin, cout, 1, stride, bias=False) if (stride != 1 or cin != cout) else None


def preact_resnet18(classes, in_ch=3):
    layers = [conv3(in_ch, 64)]
    cin = 64
    for i, c in enumerate([64, 128, 256, 512]):
        for j in range(2):
            layers.append(PreAct(cin, c, 2 if (i > 0 and j == 0) else 1))
            cin = c
    layers += [nn.BatchNorm2d(512), nn.Linear(512, classes)]
    return nn.Sequential(*layers)


def wide_resnet(depth, k, classes, in_ch=3):
    n = (depth - 4) // 6
    layers = [conv3(in_ch, 16)]
    cin = 16
    for i, c in enumerate([16 * k, 32 * k, 64 * k]):
        for j in range(n):
            layers.append(PreAct(cin, c, 2 if (i > 0 and j == 0) else 1))
            cin = c
    layers += [nn.BatchNorm2d(cin), nn.Linear(cin, classes)]
    return nn.Sequential(*layers)


def resnet18_small_stem(classes):
    model = torchvision.models.resnet18(num_classes=classes)
    model.conv1 = nn.Conv2d(3, 64, 3, 1, 1, bias=False)
    model.maxpool = nn.Identity()
    return model


counts = {
    "torchvision_resnet18_1000": count(torchvision.models.resnet18()),
    "torchvision_resnet50_1000": count(torchvision.models.resnet50()),
    "torchvision_resnet18_10": count(torchvision.models.resnet18(num_classes=10)),
    "resnet18_small_stem_10": count(resnet18_small_stem(10)),
    "cifar_resnet20_A_10": count(cifar_resnet(20, 10, "A")),
    "cifar_resnet56_A_10": count(cifar_resnet(56, 10, "A")),
    "cifar_resnet110_A_10": count(cifar_resnet(110, 10, "A")),
    "cifar_resnet20_B_10": count(cifar_resnet(20, 10, "B")),
    "cifar_resnet56_B_10": count(cifar_resnet(56, 10, "B")),
    "cifar_resnet20_A_10_gray": count(cifar_resnet(20, 10, "A", in_ch=1)),
    "preact_resnet18_10": count(preact_resnet18(10)),
    "preact_resnet18_100": count(preact_resnet18(100)),
    "wrn_28_10_10": count(wide_resnet(28, 10, 10)),
    "wrn_16_4_10": count(wide_resnet(16, 4, 10)),
    "wrn_40_2_100": count(wide_resnet(40, 2, 100)),
}
print(json.dumps(counts, indent=2, sort_keys=True))
