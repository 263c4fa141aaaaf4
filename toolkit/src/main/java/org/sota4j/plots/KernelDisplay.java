package org.sota4j.plots;

import java.lang.reflect.Method;
import java.util.UUID;

/**
 * Hands a MIME bundle (HTML and plain text) to the Java Jupyter kernel this JVM runs in, found at run time so that
 * the toolkit needs neither kernel to compile: rapaio-jupyter-kernel ({@code MainApp.kernel.display(DisplayData)})
 * and IJava ({@code IJava.getKernelInstance().display(DisplayData)}). Both publish a {@code display_data} message
 * with every MIME type the data holds.
 */
final class KernelDisplay {

    private static final String RAPAIO_APP = "org.rapaio.jupyter.kernel.MainApp";
    private static final String RAPAIO_DATA = "org.rapaio.jupyter.kernel.display.DisplayData";
    private static final String IJAVA_APP = "io.github.spencerpark.ijava.IJava";
    private static final String IJAVA_DATA = "io.github.spencerpark.jupyter.kernel.display.DisplayData";

    private KernelDisplay() {}

    /** Publishes the bundle; returns false when no known kernel runs in this JVM. */
    static boolean publish(String html, String text) {
        try {
            Class<?> rapaio = load(RAPAIO_APP);
            if (rapaio != null) {
                Object kernel = rapaio.getField("kernel").get(null);
                if (kernel != null) {
                    Class<?> dataClass = load(RAPAIO_DATA);
                    Object data = dataClass.getMethod("fromHtml", String.class).invoke(null, html);
                    dataClass.getMethod("putText", String.class).invoke(data, text);
                    dataClass.getMethod("setDisplayId", String.class).invoke(data, UUID.randomUUID().toString());
                    display(kernel, dataClass, data);
                    return true;
                }
            }
            Class<?> ijava = load(IJAVA_APP);
            if (ijava != null) {
                Object kernel = ijava.getMethod("getKernelInstance").invoke(null);
                if (kernel != null) {
                    Class<?> dataClass = load(IJAVA_DATA);
                    Object data = dataClass.getConstructor(String.class).newInstance(text);
                    dataClass.getMethod("putHTML", String.class).invoke(data, html);
                    display(kernel, dataClass, data);
                    return true;
                }
            }
            return false;
        } catch (ReflectiveOperationException | LinkageError e) {
            throw new IllegalStateException("could not hand the table to the notebook kernel: " + e, e);
        }
    }

    private static void display(Object kernel, Class<?> dataClass, Object data) throws ReflectiveOperationException {
        Method display = kernel.getClass().getMethod("display", dataClass);
        display.invoke(kernel, data);
    }

    private static Class<?> load(String name) {
        for (ClassLoader loader : new ClassLoader[] {Thread.currentThread().getContextClassLoader(),
                KernelDisplay.class.getClassLoader()}) {
            if (loader == null) {
                continue;
            }
            try {
                return Class.forName(name, false, loader);
            } catch (ClassNotFoundException e) {
                // not this kernel, or not visible from this loader
            }
        }
        return null;
    }
}
