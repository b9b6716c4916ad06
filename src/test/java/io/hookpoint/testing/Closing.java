package io.hookpoint.testing;

/** Closing what a test started. */
public final class Closing {
    private Closing() {
    }

    /**
     * Closes each resource that was started, in the order given (the service before the stubs it calls);
     * null ones (never started) are skipped.
     *
     * @param resources the resources, some null
     */
    public static void inOrder(AutoCloseable... resources) {
        for (AutoCloseable resource : resources) {
            if (resource != null) {
                try {
                    resource.close();
                } catch (Exception e) {
                    throw new IllegalStateException("could not close " + resource, e);
                }
            }
        }
    }
}
