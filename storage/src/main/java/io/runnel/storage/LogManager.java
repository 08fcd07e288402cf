package io.runnel.storage;

import io.runnel.common.Time;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * All partition logs of one log directory. {@link #open} locks the directory, recovers every partition log
 * found in it (re-validating tails when the last shutdown was not clean), and starts the background threads:
 * the group-commit flusher, the scheduler (retention, recovery-point checkpoints, delayed file deletion) and the
 * cleaner (compaction). {@link #close()} flushes everything and writes the clean-shutdown marker.
 *
 * <p>Thread-safe: the partition map is a ConcurrentHashMap; creation and deletion of one partition are
 * serialized by {@code this}.
 */
public final class LogManager implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LogManager.class);

    /** Map key. */
    private record TopicPartition(String topic, int partition) {
    }

    private final Path path;
    private final Time time;
    private final StorageConfig config;
    private final FileChannel lockChannel;
    private final FileLock lock;
    private final ConcurrentHashMap<TopicPartition, PartitionLog> logs = new ConcurrentHashMap<>();
    private final LogDirectory logDir;
    private final Flusher flusher;
    private final ScheduledExecutorService scheduler;
    private final LogCleaner cleaner;
    private final Set<String> foreignDirNames;
    private volatile boolean closed;

    private LogManager(Path path, Time time, StorageConfig config, FileChannel lockChannel, FileLock lock,
                       HandleCache.ChannelOpener opener, Set<String> foreignDirNames) {
        this.path = path;
        this.foreignDirNames = Set.copyOf(foreignDirNames);
        this.time = time;
        this.config = config;
        this.lockChannel = lockChannel;
        this.lock = lock;
        this.flusher = new Flusher(time, config.get(StorageConfig.FLUSH_SCHEDULER_INTERVAL_MS), logs::values);
        ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "runnel-log-scheduler");
            t.setDaemon(true);
            return t;
        });
        // pending delayed deletions do not hold up close(): open() removes leftover *.deleted files
        executor.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        this.scheduler = executor;
        this.logDir = new LogDirectory(path, time, new HandleCache(config.get(StorageConfig.OPEN_HANDLES_MAX), opener),
                flusher, scheduler);
        this.cleaner = new LogCleaner(config, time, logs::values);
    }

    public static LogManager open(Path logDir, Time time) {
        return open(logDir, time, StorageConfig.DEFAULT);
    }

    /** Opens (creating if needed) and recovers a log directory. Throws StorageException when it cannot. */
    public static LogManager open(Path logDir, Time time, StorageConfig config) {
        return open(logDir, time, config, Set.of());
    }

    /**
     * As {@link #open(Path, Time, StorageConfig)}, where the log directory also holds directories of other
     * components (named in {@code foreignDirNames}) that recovery leaves alone without a warning.
     */
    public static LogManager open(Path logDir, Time time, StorageConfig config, Set<String> foreignDirNames) {
        return open(logDir, time, config, HandleCache.ChannelOpener.DEFAULT, foreignDirNames);
    }

    /** With a substitute for FileChannel.open of segment files (fault injection in tests). */
    static LogManager open(Path logDir, Time time, StorageConfig config, HandleCache.ChannelOpener opener) {
        return open(logDir, time, config, opener, Set.of());
    }

    private static LogManager open(Path logDir, Time time, StorageConfig config, HandleCache.ChannelOpener opener,
                                   Set<String> foreignDirNames) {
        FileChannel lockChannel = null;
        try {
            Files.createDirectories(logDir);
            lockChannel = FileChannel.open(logDir.resolve(LogDirFormat.LOCK_FILE), StandardOpenOption.CREATE,
                    StandardOpenOption.WRITE);
            FileLock lock = lockChannel.tryLock();
            if (lock == null) {
                throw new StorageException("Log directory " + logDir + " is in use by another process");
            }
            LogManager manager = new LogManager(logDir, time, config, lockChannel, lock, opener, foreignDirNames);
            manager.loadLogs();
            manager.startBackgroundWork();
            return manager;
        } catch (IOException | java.nio.channels.OverlappingFileLockException e) {
            closeQuietly(lockChannel);
            throw new StorageException("Cannot open log directory " + logDir + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            closeQuietly(lockChannel);
            throw e;
        }
    }

    private static void closeQuietly(FileChannel channel) {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException suppressed) {
                // already failing: the original error is what the caller needs
                LOG.debug("Closing lock file after failure", suppressed);
            }
        }
    }

    private void loadLogs() throws IOException {
        Path marker = path.resolve(LogDirFormat.CLEAN_SHUTDOWN_FILE);
        boolean clean = Files.exists(marker);
        Map<String, Long> recoveryPoints = new HashMap<>();
        if (!clean) {
            try {
                LogDirFormat.readCheckpointEntries(path.resolve(LogDirFormat.RECOVERY_POINT_FILE))
                        .ifPresent(entries -> entries.forEach(line -> {
                            String[] parts = line.trim().split("\\s+");
                            if (parts.length == 2) {
                                recoveryPoints.put(parts[0], Long.parseLong(parts[1]));
                            }
                        }));
            } catch (IOException | NumberFormatException e) {
                LOG.warn("Unreadable recovery point checkpoint in {} ({}): re-validating every segment", path,
                        e.getMessage());
                recoveryPoints.clear();
            }
        }
        List<Path> dirs;
        try (Stream<Path> s = Files.list(path)) {
            dirs = s.filter(Files::isDirectory).sorted(Comparator.comparing(Path::toString)).toList();
        }
        long startNs = time.nowNs();
        for (Path dir : dirs) {
            String name = dir.getFileName().toString();
            if (foreignDirNames.contains(name)) {
                continue;
            }
            if (LogDirFormat.isDeletedPartitionDir(name)) {
                deleteRecursively(dir);
                continue;
            }
            Optional<LogDirFormat.TopicPartitionName> tp = LogDirFormat.parsePartitionDirName(name);
            if (tp.isEmpty()) {
                LOG.warn("Ignoring {}: not a partition directory", dir);
                continue;
            }
            PartitionLog log = PartitionLog.load(tp.get().topic(), tp.get().partition(), dir, logDir,
                    LogConfig.DEFAULT, clean, recoveryPoints.getOrDefault(name, 0L));
            logs.put(new TopicPartition(tp.get().topic(), tp.get().partition()), log);
        }
        // an empty directory without the marker is a first start, not a crash: say so rather than alarm the operator
        String previous = clean ? "clean shutdown" : logs.isEmpty() ? "no partitions to recover" : "unclean shutdown";
        LOG.info("Loaded {} partition logs from {} ({}) in {} ms", logs.size(), path, previous,
                (time.nowNs() - startNs) / 1_000_000);
        // from now on a crash is unclean
        Files.deleteIfExists(marker);
        LogDirFormat.fsyncDirectory(path);
    }

    private void startBackgroundWork() {
        flusher.start();
        long retentionMs = config.get(StorageConfig.RETENTION_CHECK_INTERVAL_MS);
        scheduler.scheduleWithFixedDelay(whileOnline(this::runRetention), retentionMs, retentionMs,
                TimeUnit.MILLISECONDS);
        long checkpointMs = config.get(StorageConfig.RECOVERY_POINT_CHECKPOINT_INTERVAL_MS);
        scheduler.scheduleWithFixedDelay(whileOnline(this::checkpointRecoveryPoints), checkpointMs, checkpointMs,
                TimeUnit.MILLISECONDS);
        if (config.get(StorageConfig.CLEANER_ENABLE)) {
            cleaner.start();
        }
    }

    /** A periodic task: skipped while the directory is offline; its failure is logged where it happened. */
    private Runnable whileOnline(Runnable task) {
        return () -> {
            if (!logDir.isOffline()) {
                try {
                    task.run();
                } catch (StorageException e) {
                    LOG.debug("Background task stopped: {}", e.getMessage()); // the offline transition was logged
                }
            }
        };
    }

    /** Applies retention to every log now (also run periodically). Returns the number of segments deleted. */
    public int runRetention() {
        long nowMs = time.nowMs();
        int deleted = 0;
        for (PartitionLog log : logs.values()) {
            deleted += log.enforceRetention(nowMs);
        }
        return deleted;
    }

    /** Writes every log's flushed offset to the recovery point checkpoint (also run periodically). */
    public void checkpointRecoveryPoints() {
        List<String> entries = new ArrayList<>();
        for (PartitionLog log : logs.values()) {
            entries.add(log.dir().getFileName() + " " + log.flushedOffset());
        }
        try {
            LogDirFormat.writeCheckpointEntries(path.resolve(LogDirFormat.RECOVERY_POINT_FILE), entries);
        } catch (IOException e) {
            throw logDir.fail("recovery point checkpoint", e);
        }
    }

    /**
     * The log of a topic partition, created (directory and first segment) when absent; an existing log takes
     * {@code config} as its new configuration.
     */
    public PartitionLog getOrCreate(String topic, int partition, LogConfig config) {
        logDir.throwIfOffline();
        throwIfClosed();
        TopicPartition key = new TopicPartition(topic, partition);
        PartitionLog existing = logs.get(key);
        if (existing != null) {
            existing.updateConfig(config);
            return existing;
        }
        synchronized (this) {
            existing = logs.get(key);
            if (existing != null) {
                existing.updateConfig(config);
                return existing;
            }
            Path dir = path.resolve(LogDirFormat.partitionDirName(topic, partition));
            try {
                PartitionLog log = PartitionLog.create(topic, partition, dir, logDir, config);
                logs.put(key, log);
                return log;
            } catch (IOException e) {
                throw logDir.fail("creating log " + topic + "-" + partition, e);
            }
        }
    }

    public Optional<PartitionLog> get(String topic, int partition) {
        return Optional.ofNullable(logs.get(new TopicPartition(topic, partition)));
    }

    /**
     * Deletes a partition log: it leaves the map at once, its directory is renamed to "*-delete" and removed
     * in the background. Readers holding a {@link LogSlice} keep their bytes until they release it.
     */
    public void delete(String topic, int partition) {
        logDir.throwIfOffline();
        PartitionLog log;
        synchronized (this) {
            log = logs.remove(new TopicPartition(topic, partition));
        }
        if (log == null) {
            return;
        }
        log.closeForDelete();
        Path target = path.resolve(LogDirFormat.deletedPartitionDirName(log.dir().getFileName().toString(),
                time.nowNs()));
        try {
            Files.move(log.dir(), target, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            LogDirFormat.fsyncDirectory(path);
        } catch (IOException e) {
            throw logDir.fail("deleting log " + log, e);
        }
        logDir.schedule("removing " + target, 0, () -> deleteRecursively(target));
    }

    private static void deleteRecursively(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            List<Path> paths = s.sorted(Comparator.reverseOrder()).toList();
            for (Path p : paths) {
                Files.deleteIfExists(p);
            }
        }
    }

    public Collection<PartitionLog> all() {
        return List.copyOf(logs.values());
    }

    /** True once an I/O error took this log directory offline. */
    public boolean isOffline() {
        return logDir.isOffline();
    }

    public Optional<StorageException> offlineCause() {
        return logDir.offlineCause();
    }

    public Path logDir() {
        return path;
    }

    /** Segment files and index mappings open right now (bounded by runnel.log.open.handles.max when idle). */
    public int openHandleCount() {
        return logDir.handles().openCount();
    }

    /** Runs one compaction pass over the dirtiest eligible log now; true when it cleaned something. */
    public boolean cleanOnce() {
        return cleaner.cleanOnce();
    }

    LogCleaner cleaner() {
        return cleaner;
    }

    /**
     * Flushes every log, checkpoints recovery points and writes the clean-shutdown marker (unless the directory
     * is offline: then the next start recovers).
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        cleaner.stop();
        flusher.stop();
        scheduler.shutdown();
        try {
            scheduler.awaitTermination(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        RuntimeException failure = null;
        try {
            logDir.runPendingNow();
        } catch (RuntimeException e) {
            failure = e;
        }
        for (PartitionLog log : logs.values()) {
            try {
                log.close();
            } catch (RuntimeException e) {
                failure = e;
            }
        }
        try {
            if (!logDir.isOffline() && failure == null) {
                checkpointRecoveryPoints();
                Path marker = path.resolve(LogDirFormat.CLEAN_SHUTDOWN_FILE);
                Files.write(marker, new byte[0]);
                LogDirFormat.fsyncDirectory(path);
            }
            lock.release();
            lockChannel.close();
        } catch (IOException e) {
            throw logDir.fail("clean shutdown", e);
        }
        if (failure != null) {
            throw failure;
        }
    }

    private void throwIfClosed() {
        if (closed) {
            throw new LogClosedException("LogManager of " + path + " is closed");
        }
    }
}
