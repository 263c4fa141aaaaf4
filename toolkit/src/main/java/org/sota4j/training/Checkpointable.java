package org.sota4j.training;

import ai.djl.ndarray.NDManager;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;

/**
 * State that a checkpoint saves and a resumed run restores exactly (optimizer buffers, EMA weights),
 * so that resuming reproduces the weights of an uninterrupted run.
 */
public interface Checkpointable {

    /** Writes the state. */
    void saveState(DataOutputStream out) throws IOException;

    /** Reads back what {@link #saveState(DataOutputStream)} wrote, creating arrays under {@code manager}. */
    void loadState(DataInputStream in, NDManager manager) throws IOException;
}
