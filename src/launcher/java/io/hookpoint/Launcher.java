package io.hookpoint;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;

/**
 * The jar's Main-Class, compiled for Java 8 so that any Java can load it: on a Java older than 21 it
 * says so in one line and exits 5, instead of an {@code UnsupportedClassVersionError}; otherwise it runs
 * {@code io.hookpoint.Main}.
 */
public final class Launcher {
    /** The exit code when the Java runtime is too old. */
    public static final int JAVA_TOO_OLD = 5;
    private static final int NEEDED = 21;

    private Launcher() {
    }

    /**
     * Checks the Java version, then runs Hookpoint.
     *
     * @param args Hookpoint's arguments
     * @throws Throwable what Hookpoint's main throws
     */
    public static void main(String[] args) throws Throwable {
        String refusal = refusal(System.getProperty("java.specification.version"), System.getProperty("java.home"));
        if (refusal != null) {
            System.err.println(refusal);
            System.exit(JAVA_TOO_OLD);
        }
        // looked up by name: a direct call would make this class need Main (class file version 65) to load
        MethodHandle main = MethodHandles.publicLookup().findStatic(Class.forName("io.hookpoint.Main"), "main",
                MethodType.methodType(void.class, String[].class));
        main.invokeExact(args);
    }

    /**
     * The line that refuses a Java runtime, or null when it is new enough.
     *
     * @param specificationVersion {@code java.specification.version}: {@code 1.8}, {@code 17}, {@code 21}
     * @param javaHome             {@code java.home}, named in the line
     * @return the line, or null
     */
    static String refusal(String specificationVersion, String javaHome) {
        int feature;
        try {
            String version = specificationVersion.startsWith("1.") ? specificationVersion.substring(2)
                    : specificationVersion;
            int dot = version.indexOf('.');
            feature = Integer.parseInt(dot < 0 ? version : version.substring(0, dot));
        } catch (RuntimeException e) {
            return null;
        }
        if (feature >= NEEDED) {
            return null;
        }
        return "hookpoint: Java " + NEEDED + " or newer is needed; this is Java " + specificationVersion + " ("
                + javaHome + "): put a JDK " + NEEDED + "+ first on the PATH or run it by its full path"
                + " (make -s jdk prints the one make finds)";
    }
}
