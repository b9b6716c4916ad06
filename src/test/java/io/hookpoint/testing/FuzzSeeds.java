package io.hookpoint.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The saved inputs of Jazzer fuzz targets, and a record of which check each input delivered by Jazzer
 * reached, so that a test can prove that every saved input reaches its target's assertion (a saved
 * input that Jazzer decodes differently from what its file shows would otherwise assert nothing).
 */
public final class FuzzSeeds {
    private final Class<?> testClass;
    // target -> input (Base64) -> the branch it reached
    private final Map<String, Map<String, Object>> reached = new ConcurrentHashMap<>();

    /**
     * A record for the fuzz targets of one class.
     *
     * @param testClass the class holding the {@code @FuzzTest} methods
     */
    public FuzzSeeds(Class<?> testClass) {
        this.testClass = testClass;
    }

    /** Whether this run fuzzes ({@code JAZZER_FUZZ} set) rather than replaying the saved inputs. */
    public static boolean fuzzing() {
        String value = System.getenv("JAZZER_FUZZ");
        return value != null && !value.isEmpty() && !value.equals("0");
    }

    /**
     * The saved inputs of one target, by file name, read from the source tree as Jazzer reads them.
     *
     * @param testClass the fuzz test class
     * @param target    the fuzz target's method name
     * @return file name -> bytes
     */
    public static Map<String, byte[]> saved(Class<?> testClass, String target) {
        Path directory = Path.of("src/test/resources", testClass.getPackageName().replace('.', '/'),
                testClass.getSimpleName() + "Inputs", target);
        Map<String, byte[]> inputs = new TreeMap<>();
        try (Stream<Path> files = Files.list(directory)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                inputs.put(file.getFileName().toString(), Files.readAllBytes(file));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return inputs;
    }

    /**
     * Notes the branch an input delivered by Jazzer reached.
     *
     * @param target the fuzz target's method name
     * @param input  the input as Jazzer delivered it
     * @param branch the branch it reached
     */
    public void record(String target, byte[] input, Object branch) {
        reached.computeIfAbsent(target, t -> new ConcurrentHashMap<>())
                .put(Base64.getEncoder().encodeToString(input), branch);
    }

    /**
     * Fails unless, for every target that ran in this replay, Jazzer delivered each saved input byte for
     * byte and it reached the branch expected of it.
     *
     * @param expected target -> (file name -> branch); a file not named must reach any branch but {@code ignored}
     * @param ignored  the branch of an input that returns before any assertion
     */
    public void assertSavedInputsReached(Map<String, Map<String, Object>> expected, Object ignored) {
        if (fuzzing()) {
            return;
        }
        reached.forEach((target, inputs) -> saved(testClass, target).forEach((name, bytes) -> {
            Object branch = inputs.get(Base64.getEncoder().encodeToString(bytes));
            assertThat(branch).as("saved input %s/%s as Jazzer delivered it (byte for byte)", target, name)
                    .isNotNull().isNotEqualTo(ignored);
            Object wanted = expected.getOrDefault(target, Map.of()).get(name);
            if (wanted != null) {
                assertThat(branch).as("branch reached by %s/%s", target, name).isEqualTo(wanted);
            }
        }));
    }
}
