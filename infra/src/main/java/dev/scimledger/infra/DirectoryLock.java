package dev.scimledger.infra;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An exclusive, process-wide lock on a data directory, held through an OS file lock on a lock file that lives
 * <em>beside</em> the directory ({@code <dir>.lock}), so that the directory itself can stay empty until it is
 * initialised (initdb refuses a non-empty directory).
 *
 * <p>POSIX record locks are per process, and closing <em>any</em> descriptor of the locked file releases them, so
 * locks held by this JVM are also tracked in a static set and a second attempt from the same JVM is refused without
 * touching the file.
 */
final class DirectoryLock implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(DirectoryLock.class);
    private static final Set<Path> HELD_IN_THIS_JVM = ConcurrentHashMap.newKeySet();

    private final Path lockFile;
    private final FileChannel channel;
    private final FileLock lock;

    private DirectoryLock(Path lockFile, FileChannel channel, FileLock lock) {
        this.lockFile = lockFile;
        this.channel = channel;
        this.lock = lock;
    }

    /** The lock file guarding {@code directory}: {@code <parent>/<name>.lock}. */
    static Path lockFileFor(Path directory) {
        Path abs = directory.toAbsolutePath().normalize();
        return abs.resolveSibling(abs.getFileName() + ".lock");
    }

    /**
     * Locks {@code directory} for this process or fails fast.
     *
     * @param what human-readable name of the service, for the error message
     * @throws IllegalStateException if another process (or another instance in this JVM) holds the lock
     */
    static DirectoryLock acquire(Path directory, String what) {
        Path lockFile = lockFileFor(directory);
        if (!HELD_IN_THIS_JVM.add(lockFile)) {
            throw inUse(what, directory, lockFile, "another instance in this JVM (pid " + ProcessHandle.current().pid() + ")");
        }
        FileChannel channel = null;
        try {
            Files.createDirectories(lockFile.getParent());
            channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock lock;
            try {
                lock = channel.tryLock();
            } catch (OverlappingFileLockException e) {
                lock = null;
            }
            if (lock == null) {
                channel.close();
                channel = null;
                throw inUse(what, directory, lockFile, "another running process (pid " + holderPid(lockFile) + ")");
            }
            byte[] pid = (ProcessHandle.current().pid() + "\n").getBytes(StandardCharsets.US_ASCII);
            channel.truncate(0);
            channel.write(ByteBuffer.wrap(pid), 0);
            channel.force(true);
            return new DirectoryLock(lockFile, channel, lock);
        } catch (IOException e) {
            closeQuietly(channel);
            HELD_IN_THIS_JVM.remove(lockFile);
            throw new UncheckedIOException("Could not lock " + what + " data directory " + directory + " via " + lockFile, e);
        } catch (RuntimeException e) {
            closeQuietly(channel);
            HELD_IN_THIS_JVM.remove(lockFile);
            throw e;
        }
    }

    private static IllegalStateException inUse(String what, Path directory, Path lockFile, String holder) {
        String message = what + " data directory " + directory.toAbsolutePath().normalize()
                + " is in use by " + holder + " (lock file " + lockFile + " is held). "
                + "Stop the other instance, or point SCIM_DATA_DIR at a different directory.";
        LOG.error(message);
        return new IllegalStateException(message);
    }

    private static String holderPid(Path lockFile) {
        // Only called when this JVM holds no lock on the file, so opening/closing it here cannot drop one of ours.
        try {
            String content = Files.readString(lockFile, StandardCharsets.US_ASCII).trim();
            return content.isEmpty() ? "unknown" : content;
        } catch (IOException | RuntimeException e) {
            return "unknown";
        }
    }

    private static void closeQuietly(FileChannel channel) {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // nothing useful to do
            }
        }
    }

    @Override
    public void close() {
        try {
            if (lock.isValid()) {
                lock.release();
            }
        } catch (IOException e) {
            LOG.warn("Could not release lock {}", lockFile, e);
        } finally {
            closeQuietly(channel);
            HELD_IN_THIS_JVM.remove(lockFile);
        }
    }
}
