package dev.doorface.gateway;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

import org.apache.camel.support.service.ServiceSupport;

/**
 * One gateway per data directory: an exclusive lock on {@code <data.dir>/gateway.lock}, taken before anything in the
 * directory is opened and held until the gateway has stopped (the operating system releases it if the process
 * dies, so a crashed gateway never leaves a stale lock behind).
 */
public class DataDirLock extends ServiceSupport {

    static final String FILE = "gateway.lock";

    private final Path file;
    private FileChannel channel;
    private FileLock lock;

    private DataDirLock(Path dataDir) {
        this.file = dataDir.resolve(FILE);
    }

    /**
     * Takes the lock now.
     *
     * @throws GatewayStartupException when another gateway holds it
     */
    static DataDirLock acquire(Path dataDir) throws IOException {
        DataDirLock dirLock = new DataDirLock(dataDir);
        dirLock.channel = FileChannel.open(dirLock.file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        try {
            dirLock.lock = dirLock.channel.tryLock();
        } catch (OverlappingFileLockException e) {
            // another gateway in this same JVM holds it (tests run several)
            dirLock.lock = null;
        }
        if (dirLock.lock == null) {
            dirLock.channel.close();
            throw new GatewayStartupException("The data directory " + dataDir + " is in use by another gateway"
                                              + " (its lock file " + dirLock.file.getFileName() + " is held); stop that gateway"
                                              + " or start this one with -Ddata.dir=<another directory>");
        }
        return dirLock;
    }

    @Override
    protected void doStop() throws IOException {
        if (channel != null) {
            // closing the channel releases the lock
            channel.close();
            channel = null;
            lock = null;
        }
    }
}
