package org.sota4j.plots;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

import org.sota4j.augmentation.AugmentOp;
import org.sota4j.augmentation.OpSpace;

import tech.tablesaw.api.Table;

import java.util.List;

class OpSpaceTableTest {

    private static String cell(Table t, String space, String op) {
        int row = t.stringColumn("op").asList().indexOf(op);
        return t.stringColumn(space).get(row);
    }

    @Test
    void rangesAreTorchvisionsOnTheGivenImageSize() {
        Table t = OpSpaceTable.of(32, 32, OpSpace.autoAugment(), OpSpace.randAugment(), OpSpace.trivialAugmentWide());
        assertEquals(List.of("op", "AutoAugment", "RandAugment", "TrivialAugmentWide"), t.columnNames());
        // the union of the three spaces, in AugmentOp order: Identity (RA, TA) ... Invert (AA only)
        assertEquals(15, t.rowCount());
        assertEquals("Identity", t.stringColumn("op").get(0));
        assertEquals("Invert", t.stringColumn("op").get(14));
        // torchvision: ShearX linspace(0, 0.3) signed; TA wide linspace(0, 0.99)
        assertEquals("0 .. 0.3, +-", cell(t, "AutoAugment", "ShearX"));
        assertEquals("0 .. 0.99, +-", cell(t, "TrivialAugmentWide", "ShearX"));
        // translate: 150/331 of the side (32 px -> 14.502 px); TA wide: 32 px whatever the size
        assertEquals("0 .. 14.502 px, +-", cell(t, "RandAugment", "TranslateX"));
        assertEquals("0 .. 32 px, +-", cell(t, "TrivialAugmentWide", "TranslateY"));
        assertEquals("0 .. 135 deg, +-", cell(t, "TrivialAugmentWide", "Rotate"));
        // posterize keeps 8 down to 4 bits (AA/RA), 8 down to 2 (TA wide); solarize threshold 255 down to 0
        assertEquals("8 .. 4 bits", cell(t, "AutoAugment", "Posterize"));
        assertEquals("8 .. 2 bits", cell(t, "TrivialAugmentWide", "Posterize"));
        assertEquals("255 .. 0", cell(t, "RandAugment", "Solarize"));
        assertEquals("on", cell(t, "AutoAugment", "Equalize"));
        assertEquals(OpSpaceTable.ABSENT, cell(t, "AutoAugment", "Identity"));
        assertEquals(OpSpaceTable.ABSENT, cell(t, "RandAugment", "Invert"));
        assertEquals("on", cell(t, "AutoAugment", "Invert"));
    }

    @Test
    void translationScalesWithTheImage() {
        Table t = OpSpaceTable.of(28, 56, OpSpace.autoAugment());
        assertEquals("0 .. 25.378 px, +-", cell(t, "AutoAugment", "TranslateX"));
        assertEquals("0 .. 12.689 px, +-", cell(t, "AutoAugment", "TranslateY"));
    }

    @Test
    void badArgumentsAreRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> OpSpaceTable.of(0, 32,
                OpSpace.autoAugment()));
        assertEquals("image size must be >= 1, got 0 x 32", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> OpSpaceTable.of(32, 32));
    }
}
