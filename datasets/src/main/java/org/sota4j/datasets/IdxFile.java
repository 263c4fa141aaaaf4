package org.sota4j.datasets;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * One file in the IDX format of MNIST and Fashion-MNIST (LeCun et al. 1998): a big-endian header
 * (two zero bytes, a type code, the number of dimensions, each dimension as an int) and then the
 * unsigned bytes. Plain or gzip'd. Only the unsigned-byte type (0x08) is used by these datasets.
 *
 * @param name where the bytes came from, for error messages
 * @param dims the dimensions
 * @param data the payload, {@code product(dims)} bytes
 */
public record IdxFile(String name, int[] dims, byte[] data) {

    private static final int UNSIGNED_BYTE = 0x08;

    /** Reads an IDX file from disk, gunzipping it when its name ends in {@code .gz}. */
    public static IdxFile read(Path path) {
        if (!Files.isRegularFile(path)) {
            throw new DatasetFormatException("IDX file " + path.toAbsolutePath() + " does not exist");
        }
        try (InputStream in = Files.newInputStream(path)) {
            return read(path.toAbsolutePath().toString(), in);
        } catch (IOException e) {
            throw new DatasetFormatException("cannot read IDX file " + path.toAbsolutePath() + ": " + e, e);
        }
    }

    /**
     * Reads an IDX file from a stream.
     *
     * @param name the file's name, used in error messages (gzip'd when it ends in {@code .gz})
     * @param in the bytes
     * @return the parsed file
     * @throws DatasetFormatException if the file is truncated, corrupt or not of unsigned bytes
     */
    public static IdxFile read(String name, InputStream in) {
        byte[] bytes;
        try {
            bytes = (name.endsWith(".gz") ? new GZIPInputStream(in) : in).readAllBytes();
        } catch (ZipException | EOFException e) {
            throw new DatasetFormatException("corrupt or truncated gzip data in IDX file " + name + ": "
                    + e.getMessage(), e);
        } catch (IOException e) {
            throw new DatasetFormatException("cannot read IDX file " + name + ": " + e, e);
        }
        return parse(name, bytes);
    }

    static IdxFile parse(String name, byte[] bytes) {
        if (bytes.length < 4) {
            throw new DatasetFormatException("IDX file " + name + " is truncated: " + bytes.length
                    + " bytes, expected a 4-byte magic number at offset 0");
        }
        ByteBuffer buf = ByteBuffer.wrap(bytes);
        int magic = buf.getInt();
        int type = (magic >> 8) & 0xFF;
        int ndim = magic & 0xFF;
        if ((magic >>> 16) != 0 || type != UNSIGNED_BYTE || ndim < 1 || ndim > 4) {
            throw new DatasetFormatException(String.format(
                    "IDX file %s has wrong magic number 0x%08X at offset 0: expected 0x0000080N "
                            + "(unsigned bytes, N = 1..4 dimensions)", name, magic));
        }
        if (bytes.length < 4 + 4 * ndim) {
            throw new DatasetFormatException("IDX file " + name + " is truncated in its header: "
                    + bytes.length + " bytes, expected " + (4 + 4 * ndim));
        }
        int[] dims = new int[ndim];
        long size = 1;
        for (int i = 0; i < ndim; i++) {
            dims[i] = buf.getInt();
            if (dims[i] < 0) {
                throw new DatasetFormatException("IDX file " + name + " has negative dimension "
                        + dims[i] + " at offset " + (4 + 4 * i));
            }
            size *= dims[i];
        }
        int header = 4 + 4 * ndim;
        long available = bytes.length - (long) header;
        if (available < size) {
            throw new DatasetFormatException("IDX file " + name + " is truncated: payload ends at offset "
                    + bytes.length + ", expected " + size + " bytes from offset " + header
                    + " (to offset " + (header + size) + ")");
        }
        byte[] data = new byte[(int) size];
        System.arraycopy(bytes, header, data, 0, (int) size);
        return new IdxFile(name, dims, data);
    }

    /** Returns the number of items (the first dimension). */
    public int count() {
        return dims[0];
    }

    /** Encodes dimensions and payload as IDX bytes (uncompressed); used by tests and tools. */
    public static byte[] encode(int[] dims, byte[] data) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteBuffer header = ByteBuffer.allocate(4 + 4 * dims.length);
        header.putInt((UNSIGNED_BYTE << 8) | dims.length);
        for (int d : dims) {
            header.putInt(d);
        }
        out.writeBytes(header.array());
        out.writeBytes(data);
        return out.toByteArray();
    }
}
