package strainlab.cnn;

import ai.djl.Device;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Predictions from off-heap inputs are those from a Java array; unusable buffers are refused with the reason. */
class NetworkPredictTest {
    private static final int L = 1001;
    private static final int N = 5;

    private static float[] inputs() {
        float[] x = new float[N * L];
        for (int i = 0; i < x.length; i++) {
            x[i] = -6f + (float) ((i * 37) % 101) / 17f;
        }
        return x;
    }

    @Test
    void offHeapInputsFromAnyPositionGiveTheArraysPredictions() {
        float[] x = inputs();
        ByteBuffer direct = ByteBuffer.allocateDirect((N * L + 3) * Float.BYTES).order(ByteOrder.nativeOrder());
        direct.position(3 * Float.BYTES);
        direct.slice().order(ByteOrder.nativeOrder()).asFloatBuffer().put(x);
        float[] fromArray = new float[N * 14];
        float[] fromBuffer = new float[N * 14];
        try (Network net = new Network(L, 14, Device.cpu(), 3)) {
            net.predict(x, N, fromArray);
            net.predict(direct, N, fromBuffer);
        }
        assertArrayEquals(fromArray, fromBuffer);
        assertEquals(3 * Float.BYTES, direct.position(), "the caller's buffer is not moved");
    }

    @Test
    void heapWrongOrderOrShortBuffersAreRefused() {
        float[] out = new float[N * 14];
        try (Network net = new Network(L, 14, Device.cpu(), 3)) {
            ByteBuffer heap = ByteBuffer.allocate(N * L * Float.BYTES).order(ByteOrder.nativeOrder());
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> net.predict(heap, N, out));
            assertTrue(e.getMessage().contains("direct buffer in native byte order"), e.getMessage());
            ByteOrder other = ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN ? ByteOrder.BIG_ENDIAN
                    : ByteOrder.LITTLE_ENDIAN;
            ByteBuffer swapped = ByteBuffer.allocateDirect(N * L * Float.BYTES).order(other);
            assertThrows(IllegalArgumentException.class, () -> net.predict(swapped, N, out));
            ByteBuffer shortOne = ByteBuffer.allocateDirect((N * L - 1) * Float.BYTES).order(ByteOrder.nativeOrder());
            e = assertThrows(IllegalArgumentException.class, () -> net.predict(shortOne, N, out));
            assertTrue(e.getMessage().contains("5 curves of 1001 points need 20020"), e.getMessage());
        }
    }
}
