package io.derrick.hub.platform;

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

/**
 * One hub per data directory: a second one would take over the first one's embedded PostgreSQL and broker files.
 * The lock goes with the process, so a hub that was killed leaves nothing to clean up; {@link #close()} releases it.
 */
public final class DataDirLock implements AutoCloseable {
    private final FileChannel channel;

    private DataDirLock(FileChannel channel) {
        this.channel = channel;
    }

    /** Takes the lock on {@code dataDir}, writing this process's pid into it, or says who holds it. */
    public static DataDirLock take(Path dataDir) {
        Path file = dataDir.resolve("hub.lock");
        try {
            Files.createDirectories(dataDir);
            FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
            FileLock lock;
            try {
                lock = channel.tryLock();
            } catch (OverlappingFileLockException sameProcess) {
                lock = null; // a hub in this JVM holds it
            }
            if (lock == null) {
                String holder = new String(Files.readAllBytes(file), StandardCharsets.UTF_8).strip();
                channel.close();
                throw new IllegalStateException("another hub (" + (holder.isEmpty() ? "unknown pid" : holder) + ") is running on "
                        + dataDir.toAbsolutePath() + "; stop it first, or give this one its own hub.dataDir");
            }
            channel.truncate(0);
            channel.write(ByteBuffer.wrap(("pid " + ProcessHandle.current().pid()).getBytes(StandardCharsets.UTF_8)));
            return new DataDirLock(channel);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot lock " + file, e);
        }
    }

    @Override
    public void close() {
        try {
            channel.close(); // releases the lock
        } catch (IOException e) {
            throw new UncheckedIOException("cannot release the data directory's lock", e);
        }
    }
}
