package org.sota4j.datasets;

/** Thrown when a dataset file is truncated, corrupt or of the wrong format; the message names the file. */
public class DatasetFormatException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** Creates the exception with a message that names the file and, where known, the offset or entry. */
    public DatasetFormatException(String message) {
        super(message);
    }

    /** Creates the exception with a message and the underlying cause. */
    public DatasetFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
