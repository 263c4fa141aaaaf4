package org.rapaio.jupyter.kernel.channels;

import java.lang.reflect.Field;

/**
 * Start-up fix for rapaio-jupyter-kernel 3.0.1, put before the kernel's jar on its class path by {@code ./sota install}.
 *
 * <p>The kernel polls its heartbeat, shell and control sockets, each on a thread of this class. 3.0.1 has two races
 * at start, and either leaves the kernel alive but deaf (the client waits for the reply to {@code kernel_info}
 * forever) or, when every thread is gone, ends the JVM:
 * <ol>
 *   <li>the thread marks itself running only after {@code Thread.start()} returned, so a thread scheduled at once
 *       reads "not running" and ends before its first poll;</li>
 *   <li>{@code Channels.connect} binds the sockets and starts the threads before it fills its table of message
 *       handlers, so a {@code kernel_info} request that arrives in between (clients send it as soon as the socket
 *       accepts) is read and then dropped: as "unhandled" while the table is being filled, or with an exception
 *       that ends the shell thread while there is no table yet.</li>
 * </ol>
 * This class keeps the original's constructor and methods, marks itself running before the thread starts, and
 * runs its first poll only once the channels it serves say they are connected (the last thing {@code connect}
 * does, after the table is complete).
 */
public final class LoopThread extends Thread {

    private static final long CONNECT_WAIT_MILLIS = 60_000;

    private final long sleepMillis;
    private final Runnable body;
    private volatile boolean running;

    /**
     * @param name the thread's name
     * @param sleepMillis the pause after each run of {@code body}, in milliseconds
     * @param body what to run in a loop until {@link #shutdown()}
     */
    public LoopThread(String name, long sleepMillis, Runnable body) {
        super(name);
        this.sleepMillis = sleepMillis;
        this.body = body;
    }

    @Override
    public synchronized void start() {
        running = true; // before the new thread can read it
        super.start();
    }

    @Override
    public void run() {
        awaitConnected();
        while (running) {
            body.run();
            try {
                Thread.sleep(sleepMillis);
            } catch (InterruptedException e) {
                running = false;
            }
        }
    }

    /** Ends the loop after the current run of the body. */
    public void shutdown() {
        running = false;
    }

    /**
     * Waits until the {@code Channels} that the body polls for is connected (its handler table complete). The body is
     * a lambda that holds its channel; the channel holds the {@code Channels}. Where that chain is not found (a body
     * without a channel), there is nothing to wait for.
     */
    private void awaitConnected() {
        Object connection = channelsOf(body);
        if (connection == null) {
            return;
        }
        Field connected;
        try {
            connected = Channels.class.getDeclaredField("isConnected");
            connected.setAccessible(true);
        } catch (ReflectiveOperationException | RuntimeException e) {
            System.err.println("kernel-fix: Channels.isConnected not found (" + e + "); not waiting for it");
            return;
        }
        long deadline = System.currentTimeMillis() + CONNECT_WAIT_MILLIS;
        try {
            while (running && System.currentTimeMillis() < deadline) {
                if (connected.getBoolean(connection)) {
                    return;
                }
                Thread.sleep(5);
            }
        } catch (IllegalAccessException e) {
            System.err.println("kernel-fix: cannot read Channels.isConnected (" + e + "); not waiting for it");
            return;
        } catch (InterruptedException e) {
            running = false;
            return;
        }
        if (running) {
            System.err.println("kernel-fix: " + getName() + " found the channels not connected after "
                    + CONNECT_WAIT_MILLIS / 1000 + " s; polling anyway");
        }
    }

    /** The {@code Channels} reachable from the body through the channel it captured, or {@code null}. */
    private static Object channelsOf(Runnable body) {
        for (Field captured : body.getClass().getDeclaredFields()) {
            try {
                captured.setAccessible(true);
                Object value = captured.get(body);
                if (value instanceof Channels) {
                    return value;
                }
                if (value instanceof AbstractChannel) {
                    Field channels = AbstractChannel.class.getDeclaredField("channels");
                    channels.setAccessible(true);
                    return channels.get(value);
                }
            } catch (ReflectiveOperationException | RuntimeException e) {
                // not a field we can read: look at the next one
            }
        }
        return null;
    }
}
