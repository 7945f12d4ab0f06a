package io.derrick.edge;

/** The agent's stage threads (one per device, one publisher) start and stop the same way. */
public final class Workers {
    private Workers() {
    }

    /** A daemon thread: a stuck device or broker call never keeps the JVM from exiting. */
    public static Thread daemon(String name, Runnable body) {
        Thread thread = new Thread(body, name);
        thread.setDaemon(true);
        return thread;
    }

    /** Interrupts the thread and waits up to 5 s for it to finish its current step. */
    public static void stop(Thread thread) {
        thread.interrupt();
        try {
            thread.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Sleeps, turning an interrupt back into the thread's interrupt flag for its loop to see. */
    public static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
