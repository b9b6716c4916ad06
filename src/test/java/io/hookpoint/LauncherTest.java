package io.hookpoint;

import java.io.DataInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;


import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The jar's Main-Class is {@link Launcher}, compiled for Java 8: an older Java loads it and is told in one
 * line that Java 21 is needed (exit 5), instead of an {@code UnsupportedClassVersionError}; a newer one
 * runs Hookpoint through it.
 */
class LauncherTest {

    @Test
    void theLauncherLoadsOnJava8AndNewer() throws Exception {
        try (InputStream in = Launcher.class.getResourceAsStream("Launcher.class");
             DataInputStream data = new DataInputStream(in)) {
            assertThat(data.readInt()).isEqualTo(0xCAFEBABE);
            data.readUnsignedShort();
            assertThat(data.readUnsignedShort()).as("class file major version (52: Java 8)").isEqualTo(52);
        }
    }

    @Test
    void itRefusesJavaOlderThan21InOneLine() {
        assertThat(Launcher.refusal("17", "/usr/lib/jvm/java-17")).startsWith("hookpoint: Java 21 or newer is needed")
                .contains("Java 17 (/usr/lib/jvm/java-17)").doesNotContain("\n");
        assertThat(Launcher.refusal("1.8", "/jre")).contains("Java 1.8");
        assertThat(Launcher.refusal("11", "/jdk")).isNotNull();
        assertThat(Launcher.refusal("21", "/jdk")).isNull();
        assertThat(Launcher.refusal("25", "/jdk")).isNull();
    }

    @Test
    void onThisJavaItRunsHookpoint() throws Exception {
        Run run = run(ProcessHandle.current().info().command().orElse("java"), "--version");

        assertThat(run.code()).as(run.output()).isZero();
        assertThat(run.output()).startsWith("hookpoint ");
    }

    @Test
    void anOldJavaOnThisMachineGetsOneLineAndExit5() throws Exception {
        // a JDK older than 21 where Debian and Temurin put them; without one only the checks above apply
        Optional<Path> old = oldJava();
        if (old.isEmpty()) {
            System.out.println("No Java older than 21 under /usr/lib/jvm: the real old-Java run is left out");
            return;
        }
        Run run = run(old.get().toString(), "--version");

        assertThat(run.code()).as(run.output()).isEqualTo(Launcher.JAVA_TOO_OLD);
        assertThat(run.output().strip()).startsWith("hookpoint: Java 21 or newer is needed").doesNotContain("\n")
                .doesNotContain("UnsupportedClassVersionError");
    }

    private record Run(int code, String output) {
    }

    private static Run run(String java, String... args) throws Exception {
        List<String> command = new java.util.ArrayList<>(List.of(java, "-cp", System.getProperty("java.class.path"),
                Launcher.class.getName()));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new Run(process.exitValue(), output);
    }

    private static Optional<Path> oldJava() throws Exception {
        Path jvms = Path.of("/usr/lib/jvm");
        if (!Files.isDirectory(jvms)) {
            return Optional.empty();
        }
        try (Stream<Path> homes = Files.list(jvms)) {
            return homes.map(home -> home.resolve("bin/java")).filter(Files::isExecutable)
                    .filter(java -> feature(java.getParent().getParent()) < 21)
                    .min(Comparator.naturalOrder());
        }
    }

    // the feature version from the JDK's release file (JAVA_VERSION="17.0.12"), without starting it
    private static int feature(Path home) {
        try {
            String release = Files.readString(home.resolve("release"));
            String version = release.replaceAll("(?s).*JAVA_VERSION=\"([^\"]+)\".*", "$1");
            String first = version.startsWith("1.") ? version.substring(2) : version;
            return Integer.parseInt(first.split("[.+-]")[0]);
        } catch (Exception e) {
            return Integer.MAX_VALUE;
        }
    }
}
