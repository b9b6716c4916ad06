package io.hookpoint.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * Files that hold phone numbers, texts, keys and passwords: created owner-only from the start (directories
 * 0700, files 0600), whatever the process's umask, so that no other user of the machine can read them even
 * for a moment. On a file system without POSIX permissions the defaults stay.
 */
public final class PrivateFiles {
    /** Owner read and write: files. */
    public static final Set<PosixFilePermission> FILE = PosixFilePermissions.fromString("rw-------");
    /** Owner read, write and search: directories. */
    public static final Set<PosixFilePermission> DIRECTORY = PosixFilePermissions.fromString("rwx------");
    private static final System.Logger LOGGER = System.getLogger(PrivateFiles.class.getName());

    private PrivateFiles() {
    }

    /**
     * Creates a directory and its missing parents owner-only. An existing directory is left as it is (it
     * may be shared, such as {@code /tmp}), with a warning when others can enter it.
     *
     * @param directory the directory
     * @return the directory
     * @throws UncheckedIOException naming the directory when it cannot be created
     */
    public static Path directory(Path directory) {
        Path absolute = directory.toAbsolutePath();
        try {
            if (Files.isDirectory(absolute)) {
                warnIfOpen(absolute);
                return directory;
            }
            Path parent = absolute.getParent();
            if (parent != null && !Files.isDirectory(parent)) {
                directory(parent);
            }
            try {
                Files.createDirectory(absolute, attribute(DIRECTORY));
            } catch (UnsupportedOperationException e) {
                Files.createDirectory(absolute);
            } catch (FileAlreadyExistsException e) {
                if (!Files.isDirectory(absolute)) {
                    throw e;
                }
            }
            return directory;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create the directory " + directory, e);
        }
    }

    /**
     * Creates an empty file owner-only unless it exists, and makes an existing one owner-only.
     *
     * @param file the file (its directory exists)
     * @throws IOException when the file cannot be created or changed
     */
    public static void touch(Path file) throws IOException {
        if (Files.isDirectory(file)) {
            throw new IOException(file + " is a directory, not a file");
        }
        try {
            Files.createFile(file, attribute(FILE));
        } catch (FileAlreadyExistsException e) {
            restrict(file);
        } catch (UnsupportedOperationException e) {
            if (!Files.exists(file)) {
                Files.createFile(file);
            }
        }
    }

    /**
     * Writes a file that only the owner can read: created 0600 before anything is written to it.
     *
     * @param file    the file; its directory is created owner-only when missing
     * @param content the text
     * @throws IOException when it cannot be written
     */
    public static void write(Path file, String content) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null && !Files.isDirectory(parent)) {
            directory(parent);
        }
        touch(file);
        Files.writeString(file, content, StandardCharsets.UTF_8, StandardOpenOption.TRUNCATE_EXISTING,
                StandardOpenOption.WRITE);
    }

    /**
     * Makes an existing regular file owner-only (0600); anything else is left alone.
     *
     * @param file the file
     * @throws IOException when its permissions cannot be changed
     */
    public static void restrict(Path file) throws IOException {
        try {
            if (Files.isRegularFile(file) && !Files.getPosixFilePermissions(file).equals(FILE)) {
                Files.setPosixFilePermissions(file, FILE);
            }
        } catch (UnsupportedOperationException e) {
            // not a POSIX file system
        }
    }

    private static void warnIfOpen(Path directory) throws IOException {
        try {
            Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(directory);
            if (permissions.stream().anyMatch(p -> !DIRECTORY.contains(p))) {
                LOGGER.log(System.Logger.Level.WARNING, "{0} is {1}: other users may read the data in it;"
                        + " chmod 700 it unless it is shared", directory, PosixFilePermissions.toString(permissions));
            }
        } catch (UnsupportedOperationException e) {
            // not a POSIX file system
        }
    }

    private static FileAttribute<Set<PosixFilePermission>> attribute(Set<PosixFilePermission> permissions) {
        return PosixFilePermissions.asFileAttribute(permissions);
    }
}
