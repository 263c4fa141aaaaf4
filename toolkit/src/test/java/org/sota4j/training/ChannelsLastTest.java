package org.sota4j.training;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.training.dataset.Dataset.Usage;

import org.junit.jupiter.api.Test;

import org.sota4j.datasets.Datasets;
import org.sota4j.datasets.ImageTensorDataset;
import org.sota4j.models.CifarResNet;

import java.lang.reflect.Field;
import java.lang.reflect.Method;

class ChannelsLastTest {

    /** libtorch's own answer, through DJL's JNI binding (not public API): is the array contiguous (N, C, H, W)? */
    private static boolean contiguous(NDArray array) throws ReflectiveOperationException {
        Class<?> lib = Class.forName("ai.djl.pytorch.jni.PyTorchLibrary");
        Field instance = lib.getDeclaredField("LIB");
        instance.setAccessible(true);
        Method isContiguous = lib.getDeclaredMethod("torchIsContiguous", long.class);
        isContiguous.setAccessible(true);
        return (boolean) isContiguous.invoke(instance.get(null), ((PtNDArray) array).getHandle());
    }

    @Test
    void sameShapeAndValuesInAnotherMemoryLayout() throws ReflectiveOperationException {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray x = m.arange(2f * 3 * 4 * 5).reshape(2, 3, 4, 5);
            NDArray y = TrainingLoop.channelsLast(x);
            assertEquals(new Shape(2, 3, 4, 5), y.getShape());
            assertArrayEquals(x.toFloatArray(), y.toFloatArray());
            // element (n, c, h, w) must sit at n*HWC + h*WC + w*C + c: the channels are the fastest axis, which
            // libtorch sees as a non-contiguous (N, C, H, W) array
            assertTrue(contiguous(x));
            assertFalse(contiguous(y));
            assertArrayEquals(x.transpose(0, 2, 3, 1).flatten().toFloatArray(),
                    y.transpose(0, 2, 3, 1).flatten().toFloatArray());
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> TrainingLoop.channelsLast(m.zeros(new Shape(3, 4, 5))));
            assertEquals("x must be a batch (N, C, H, W), got shape (3, 4, 5)", e.getMessage());
        }
    }

    @Test
    void aResNetStepsTheSameUpToFloatRounding() {
        try (ImageTensorDataset full = Datasets.fashionMnistEmbedded(Usage.TRAIN);
                ImageTensorDataset train = full.balancedSubset(20, 1);
                ImageTensorDataset val = full.balancedSubset(10, 2)) {
            // one step of 200 images: its training loss is the forward pass of the initial weights, its
            // validation loss that of the weights after one update (so of the backward pass and the gradients)
            History.Row nchw = train(train, val, false).last();
            History.Row nhwc = train(train, val, true).last();
            assertEquals(1, nhwc.step());
            // a wrong layout (channels mixed up with pixels) would give another loss entirely
            assertEquals(nchw.trainLoss(), nhwc.trainLoss(), 1e-5 * nchw.trainLoss(), "training loss");
            assertEquals(nchw.valLoss(), nhwc.valLoss(), 1e-4 * nchw.valLoss(), "validation loss");
            assertEquals(nchw.valAcc(), nhwc.valAcc(), 0.011, "validation accuracy");
        }
    }

    private static History train(ImageTensorDataset train, ImageTensorDataset val, boolean channelsLast) {
        try (Model model = Model.newInstance("resnet8")) {
            model.setBlock(CifarResNet.builder().optDepth(8).optInputChannels(1).optNumClasses(10).build());
            return TrainingLoop.builder().setModel(model).setTrainData(train).optValidationData(val).setEpochs(1)
                    .optBatchSize(200).optSeed(7).optProgress(null).optChannelsLast(channelsLast).build().fit();
        }
    }
}
