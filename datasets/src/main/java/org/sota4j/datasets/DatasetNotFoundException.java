package org.sota4j.datasets;

import java.nio.file.Path;
import java.util.List;

/** Thrown when a dataset is found in none of the places searched; the message lists them all. */
public class DatasetNotFoundException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final List<String> searched;

    /**
     * Creates the exception.
     *
     * @param dataset the dataset's name
     * @param searched every place looked at, each with why it did not do
     * @param howToGet what the user can do to get the data
     */
    public DatasetNotFoundException(String dataset, List<String> searched, String howToGet) {
        super(dataset + " not found. Searched:\n  - " + String.join("\n  - ", searched) + "\n" + howToGet);
        this.searched = List.copyOf(searched);
    }

    /** Returns the places searched, in order, each with why it did not do. */
    public List<String> getSearched() {
        return searched;
    }

    static String describe(Path path, String why) {
        return path.toAbsolutePath() + " (" + why + ")";
    }
}
