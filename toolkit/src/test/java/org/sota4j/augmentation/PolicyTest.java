package org.sota4j.augmentation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Random;

/** AutoAugment policies, RandAugment and TrivialAugmentWide draws. */
class PolicyTest {

    @Test
    void policiesAreThePublishedOnes() {
        JsonObject root = Fixtures.load("policies.json");
        for (String name : new String[] {"imagenet", "cifar10", "svhn"}) {
            JsonArray expected = root.getAsJsonArray(name);
            List<AutoAugment.SubPolicy> subs = AutoAugment.subPolicies(name);
            assertEquals(expected.size(), subs.size(), name);
            for (int i = 0; i < subs.size(); i++) {
                JsonArray e = expected.get(i).getAsJsonArray();
                List<AutoAugment.Step> steps = subs.get(i).steps();
                assertEquals(e.size(), steps.size());
                for (int s = 0; s < steps.size(); s++) {
                    JsonArray step = e.get(s).getAsJsonArray();
                    String what = name + " sub-policy " + i + " step " + s;
                    assertEquals(step.get(0).getAsString(), steps.get(s).op().torchvisionName(), what);
                    assertEquals(step.get(1).getAsDouble(), steps.get(s).probability(), 0.0, what);
                    JsonElement bin = step.get(2);
                    assertEquals(Fixtures.isNull(bin) ? -1 : bin.getAsInt(), steps.get(s).magnitudeBin(), what);
                }
            }
        }
    }

    @Test
    void autoAugmentDrawsFollowThePolicy() {
        AutoAugment aa = AutoAugment.policy("svhn");
        List<AutoAugment.SubPolicy> subs = AutoAugment.subPolicies("svhn");
        OpSpace space = OpSpace.autoAugment();
        OpPlan plan = aa.draw(20000, 32, 32, new Random(11));
        int shearFirst = 0;
        for (int i = 0; i < 20000; i++) {
            AugmentOp first = plan.ops()[0][i];
            AugmentOp second = plan.ops()[1][i];
            boolean found = false;
            for (AutoAugment.SubPolicy sp : subs) {
                boolean a = first == AugmentOp.IDENTITY || (first == sp.first().op()
                        && Math.abs(Math.abs(plan.magnitudes()[0][i]) - magnitude(space, sp.first())) < 1e-9);
                boolean b = second == AugmentOp.IDENTITY || (second == sp.second().op()
                        && Math.abs(Math.abs(plan.magnitudes()[1][i]) - magnitude(space, sp.second())) < 1e-9);
                found |= a && b;
            }
            assertTrue(found, "image " + i + " drew " + plan.describe(i) + ", not a sub-policy of svhn");
            shearFirst += first == AugmentOp.SHEAR_X || first == AugmentOp.SHEAR_Y ? 1 : 0;
        }
        // first steps that are shears: sum over sub-policies of p / 25
        double expected = 0;
        for (AutoAugment.SubPolicy sp : subs) {
            AugmentOp op = sp.first().op();
            expected += op == AugmentOp.SHEAR_X || op == AugmentOp.SHEAR_Y ? sp.first().probability() / 25 : 0;
        }
        assertEquals(expected, shearFirst / 20000.0, 0.015);
    }

    private static double magnitude(OpSpace space, AutoAugment.Step step) {
        return step.magnitudeBin() < 0 ? 0 : space.row(step.op()).magnitude(step.magnitudeBin(), 10, 32, 32);
    }

    @Test
    void randAugmentUsesTheFixedBinAndUniformOps() {
        RandAugment ra = RandAugment.builder().optNumOps(2).optMagnitude(9).build();
        OpPlan plan = ra.draw(14000, 32, 32, new Random(5));
        List<OpRange> rows = OpSpace.randAugment().rows();
        int[] counts = new int[AugmentOp.values().length];
        int negative = 0;
        int signed = 0;
        for (int s = 0; s < 2; s++) {
            for (int i = 0; i < 14000; i++) {
                AugmentOp op = plan.ops()[s][i];
                counts[op.ordinal()]++;
                OpRange row = OpSpace.randAugment().row(op);
                assertEquals(row.magnitude(9, 31, 32, 32), Math.abs(plan.magnitudes()[s][i]), 1e-12);
                if (row.signed()) {
                    signed++;
                    negative += plan.magnitudes()[s][i] < 0 ? 1 : 0;
                }
            }
        }
        for (OpRange row : rows) {
            assertEquals(2000, counts[row.op().ordinal()], 200, row.op().toString());
        }
        assertEquals(0, counts[AugmentOp.INVERT.ordinal()]);
        assertEquals(0.5, (double) negative / signed, 0.02);
        // bin 9 of 31 on 32 pixels: rotate 9 degrees, translate int(4.35) = 4
        assertEquals(9.0, OpSpace.randAugment().row(AugmentOp.ROTATE).magnitude(9, 31, 32, 32), 1e-5);
    }

    @Test
    void trivialAugmentDrawsOneOpWithUniformBins() {
        OpPlan plan = TrivialAugmentWide.builder().build().draw(31000, 32, 32, new Random(9));
        assertEquals(1, plan.ops().length);
        int[] bins = new int[31];
        OpRange rotate = OpSpace.trivialAugmentWide().row(AugmentOp.ROTATE);
        int rotations = 0;
        for (int i = 0; i < 31000; i++) {
            if (plan.ops()[0][i] == AugmentOp.ROTATE) {
                rotations++;
                double m = Math.abs(plan.magnitudes()[0][i]);
                int bin = (int) Math.round(m / 4.5);
                assertEquals(rotate.magnitude(bin, 31, 32, 32), m, 1e-9);
                bins[bin]++;
            }
        }
        assertEquals(31000 / 14.0, rotations, 150);
        for (int b = 0; b < 31; b++) {
            assertEquals(rotations / 31.0, bins[b], 35, "bin " + b);
        }
    }

    @Test
    void policiesKeepIntegerPixelsAndShape() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray x = m.randomInteger(0, 256, new ai.djl.ndarray.types.Shape(16, 3, 12, 12),
                    ai.djl.ndarray.types.DataType.INT32).toType(ai.djl.ndarray.types.DataType.FLOAT32, false);
            for (BatchTransform t : List.of(AutoAugment.policy("imagenet"), AutoAugment.policy("cifar10", 128f),
                    RandAugment.builder().optMagnitude(30).build(), TrivialAugmentWide.builder().build())) {
                NDArray y = t.apply(x, new Random(2));
                assertEquals(x.getShape(), y.getShape());
                for (float v : y.toFloatArray()) {
                    assertTrue(v >= 0 && v <= 255 && v == Math.rint(v), "pixel " + v);
                }
            }
        }
    }
}
