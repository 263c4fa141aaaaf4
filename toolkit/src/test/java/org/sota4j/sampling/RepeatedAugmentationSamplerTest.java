package org.sota4j.sampling;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.dataset.ArrayDataset;
import ai.djl.training.dataset.Sampler;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import org.junit.jupiter.api.Test;

import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;

class RepeatedAugmentationSamplerTest {

    /** Fixture from src/test/python/ra_sampler_fixture.py (torchvision's arithmetic, no shuffle). */
    @Test
    void matchesTorchvisionWithoutShuffle() throws Exception {
        JsonArray cases;
        try (Reader reader = new InputStreamReader(
                getClass().getResourceAsStream("/fixtures/sampling/ra_sampler.json"),
                StandardCharsets.UTF_8)) {
            cases = JsonParser.parseReader(reader).getAsJsonArray();
        }
        assertTrue(cases.size() > 20);
        for (JsonElement element : cases) {
            JsonObject c = element.getAsJsonObject();
            int n = c.get("n").getAsInt();
            int replicas = c.get("replicas").getAsInt();
            int rank = c.get("rank").getAsInt();
            int reps = c.get("repetitions").getAsInt();
            int numSelected = c.get("num_selected").getAsInt();
            assertEquals(numSelected, RepeatedAugmentationSampler.numSelected(n, replicas, 256), c.toString());
            assertEquals(c.get("num_samples").getAsInt(), RepeatedAugmentationSampler.numSamples(n, replicas, reps));
            if (numSelected == 0) {
                // torchvision yields an empty epoch; we refuse it by default
                assertThrows(IllegalArgumentException.class, () -> RepeatedAugmentationSampler.builder()
                        .setDatasetSize(n).optReplicas(replicas).optRank(rank).optRepetitions(reps).build());
                continue;
            }
            RepeatedAugmentationSampler sampler = RepeatedAugmentationSampler.builder().setDatasetSize(n)
                    .optReplicas(replicas).optRank(rank).optRepetitions(reps).optShuffle(false).build();
            assertEquals(c.get("total_size").getAsInt(), sampler.getTotalSize());
            int[] expected = new int[c.getAsJsonArray("indices").size()];
            for (int i = 0; i < expected.length; i++) {
                expected[i] = c.getAsJsonArray("indices").get(i).getAsInt();
            }
            assertEquals(numSelected, sampler.length());
            assertArrayEquals(expected, sampler.epochIndices(3), c.get("n") + "/" + replicas + "/" + rank);
        }
    }

    @Test
    void lengthFollowsTorchvisionFormula() {
        // floor((N // 256) * 256 / R), worked by hand
        assertEquals(1280, RepeatedAugmentationSampler.numSelected(1281, 1, 256)); // 1281 // 256 = 5
        assertEquals(426, RepeatedAugmentationSampler.numSelected(1281, 3, 256));
        assertEquals(160_128, RepeatedAugmentationSampler.numSelected(1_281_167, 8, 256));
        assertEquals(6240, RepeatedAugmentationSampler.numSelected(50_000, 8, 256));
        assertEquals(0, RepeatedAugmentationSampler.numSelected(255, 1, 256));
        assertEquals(85, RepeatedAugmentationSampler.numSelected(255, 3, 1));
        assertEquals(7, RepeatedAugmentationSampler.numSamples(10, 3, 2)); // ceil(20 / 3)
    }

    @Test
    void everyIndexAppearsRTimesAcrossRanksWhenNothingIsCut() {
        int n = 300;
        for (int[] rr : new int[][] {{1, 3}, {4, 4}, {3, 2}, {6, 4}}) {
            int replicas = rr[0];
            int reps = rr[1];
            int[] counts = new int[n];
            int total = 0;
            for (int rank = 0; rank < replicas; rank++) {
                RepeatedAugmentationSampler s = RepeatedAugmentationSampler.builder().setDatasetSize(n)
                        .optReplicas(replicas).optRank(rank).optRepetitions(reps).optSeed(7)
                        .optKeepAllRepeats(true).build();
                int[] idx = s.epochIndices(2);
                assertEquals(n * reps / replicas, idx.length);
                for (int i : idx) {
                    counts[i]++;
                    total++;
                }
            }
            assertEquals(n * reps, total);
            for (int i = 0; i < n; i++) {
                assertEquals(reps, counts[i], "index " + i + " with R=" + replicas + ", r=" + reps);
            }
        }
    }

    @Test
    void copiesOfAnImageGoToDifferentRanks() {
        // R = r = 4: the 4 copies of each index are consecutive, so rank k gets the k-th copy
        int n = 1024;
        List<int[]> perRank = new ArrayList<>();
        for (int rank = 0; rank < 4; rank++) {
            perRank.add(RepeatedAugmentationSampler.builder().setDatasetSize(n).optReplicas(4)
                    .optRank(rank).optRepetitions(4).optSeed(1).build().epochIndices(0));
        }
        assertEquals(256, perRank.get(0).length);
        for (int rank = 1; rank < 4; rank++) {
            assertArrayEquals(perRank.get(0), perRank.get(rank));
        }
        // and each rank sees 256 distinct images: n / r of the dataset per epoch
        assertEquals(256, Arrays.stream(perRank.get(0)).distinct().count());
    }

    @Test
    void shuffleDependsOnSeedPlusEpoch() {
        RepeatedAugmentationSampler a = RepeatedAugmentationSampler.builder().setDatasetSize(1000)
                .optSeed(10).build();
        RepeatedAugmentationSampler b = RepeatedAugmentationSampler.builder().setDatasetSize(1000)
                .optSeed(11).build();
        assertArrayEquals(a.epochIndices(5), a.epochIndices(5));
        assertArrayEquals(a.epochIndices(1), b.epochIndices(0));
        assertFalse(Arrays.equals(a.epochIndices(0), a.epochIndices(1)));
        int[] idx = a.epochIndices(0);
        assertEquals(768, idx.length);
        for (int k = 0; k < idx.length; k += 3) {
            assertEquals(idx[k], idx[k + 1]);
            assertEquals(idx[k], idx[k + 2]);
        }
    }

    @Test
    void djlSamplingAdvancesTheEpoch() {
        try (NDManager m = NDManager.newBaseManager()) {
            int n = 600;
            ArrayDataset dataset = new ArrayDataset.Builder().setData(m.zeros(new Shape(n, 1)))
                    .optLabels(m.zeros(new Shape(n))).setSampling(32, false).build();
            RepeatedAugmentationSampler s = RepeatedAugmentationSampler.builder().setDatasetSize(n)
                    .optSeed(3).build();
            int[] first = toArray(s.sample(dataset));
            int[] second = toArray(s.sample(dataset));
            assertArrayEquals(s.epochIndices(0), first);
            assertArrayEquals(s.epochIndices(1), second);
            assertEquals(2, s.getEpoch());
            s.setEpoch(0);
            Sampler batches = s.toBatchSampler(100, false);
            Iterator<List<Long>> it = batches.sample(dataset);
            assertEquals(100, it.next().size());
            int count = 100;
            while (it.hasNext()) {
                count += it.next().size();
            }
            assertEquals(512, count);
            ArrayDataset other = new ArrayDataset.Builder().setData(m.zeros(new Shape(10, 1)))
                    .optLabels(m.zeros(new Shape(10))).setSampling(2, false).build();
            assertThrows(IllegalArgumentException.class, () -> s.sample(other));
        }
    }

    @Test
    void smallDatasetsNeedAnExplicitChoice() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> RepeatedAugmentationSampler.builder().setDatasetSize(100).build());
        assertTrue(e.getMessage().contains("datasetSize 100") && e.getMessage().contains("optSelectionMultiple(1)"),
                e.getMessage());
        assertEquals(100, RepeatedAugmentationSampler.builder().setDatasetSize(100)
                .optSelectionMultiple(1).build().length());
        assertEquals(300, RepeatedAugmentationSampler.builder().setDatasetSize(100)
                .optKeepAllRepeats(true).build().length());
        assertThrows(IllegalArgumentException.class,
                () -> RepeatedAugmentationSampler.builder().setDatasetSize(1000).optReplicas(2).optRank(2).build());
        assertThrows(IllegalArgumentException.class,
                () -> RepeatedAugmentationSampler.builder().setDatasetSize(1000).optRepetitions(0).build());
    }

    private static int[] toArray(Iterator<Long> it) {
        List<Integer> list = new ArrayList<>();
        it.forEachRemaining(l -> list.add(l.intValue()));
        return list.stream().mapToInt(Integer::intValue).toArray();
    }
}
