package org.sealpost.server.blob;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Blobs as files {@code <dir>/<first two chars of id>/<id>}, staged as {@code <dir>/<id>.tmp}.
 * Staged files are fsynced before they are moved (atomically) into place, so a committed row never
 * points at a file the disk has not got.
 */
final class FileBlobStore extends AbstractBlobStore {

    private static final Logger log = LoggerFactory.getLogger(FileBlobStore.class);
    private static final Pattern BLOB_NAME = Pattern.compile("[0-9a-f-]{36}");

    private final Path dir;
    private final Duration grace;

    FileBlobStore(JdbcTemplate jdbc, BlobCipher cipher, Clock clock, Path dir, Duration grace) {
        super(jdbc, cipher, clock);
        this.dir = dir;
        this.grace = grace;
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the blob directory " + dir.toAbsolutePath(), e);
        }
    }

    Path pathOf(String id) {
        return dir.resolve(id.substring(0, 2)).resolve(id);
    }

    @Override
    public Staged stage(Content content) {
        String id = newId();
        Path tmp = dir.resolve(id + ".tmp");
        try (FileChannel channel = FileChannel.open(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            OutputStream out = new java.io.BufferedOutputStream(Channels.newOutputStream(channel), 1 << 16);
            BlobCipher.Sealing sealing = cipher.seal(id, out);
            content.writeTo(sealing);
            BlobRef ref = sealing.finish();
            out.flush();
            channel.force(true);
            return new FileStaged(ref, tmp);
        } catch (IOException | RuntimeException e) {
            deleteQuietly(tmp);
            if (diskFull(e)) {
                log.error("the blob directory {} is full: {}", dir.toAbsolutePath(), e.getMessage());
                throw new BlobException(
                        BlobException.Reason.NO_SPACE, "no space left for a blob in " + dir.toAbsolutePath(), e);
            }
            if (e instanceof RuntimeException r) {
                throw r;
            }
            throw new UncheckedIOException("cannot write a blob: " + e.getMessage(), (IOException) e);
        }
    }

    /**
     * Whether a failed write ran out of space: Linux says ENOSPC ("No space left on device") or, for a
     * quota, EDQUOT; the message may sit on a cause (the cipher's stream wraps it).
     */
    private boolean diskFull(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            String m = t.getMessage();
            if (t instanceof IOException
                    && m != null
                    && (m.contains("No space left") || m.contains("quota exceeded"))) {
                return true;
            }
        }
        try {
            return Files.getFileStore(dir).getUsableSpace() == 0;
        } catch (IOException ignored) {
            return false;
        }
    }

    private final class FileStaged implements Staged {
        private final BlobRef ref;
        private final Path tmp;
        private boolean attached;

        FileStaged(BlobRef ref, Path tmp) {
            this.ref = ref;
            this.tmp = tmp;
        }

        @Override
        public BlobRef ref() {
            return ref;
        }

        @Override
        public void discard() {
            if (!attached) {
                deleteQuietly(tmp);
            }
        }
    }

    @Override
    public BlobRef attach(Staged staged) {
        requireTransaction();
        FileStaged file = (FileStaged) staged;
        BlobRef ref = file.ref;
        Path target = pathOf(ref.id());
        try {
            Files.createDirectories(target.getParent());
            try {
                Files.move(file.tmp, target, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(file.tmp, target);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot store blob " + ref.id(), e);
        }
        file.attached = true;
        afterRollback(() -> deleteQuietly(target));
        jdbc.update(
                "INSERT INTO blob (id, size, sm3, created_at) VALUES (?, ?, ?, ?)",
                ref.id(),
                ref.size(),
                ref.sm3(),
                now());
        return ref;
    }

    @Override
    InputStream storedContent(String id) throws IOException {
        try {
            return new java.io.BufferedInputStream(Files.newInputStream(pathOf(id)), 1 << 16);
        } catch (NoSuchFileException e) {
            throw new IOException(
                    new BlobException(BlobException.Reason.CORRUPT, "blob " + id + " is missing on disk"));
        }
    }

    @Override
    public void shred(String id) {
        requireTransaction();
        readable(id);
        jdbc.update("UPDATE blob SET shredded_at = ? WHERE id = ?", now(), id);
        Path file = pathOf(id);
        afterCommit(() -> overwriteAndDelete(file));
    }

    static void overwriteAndDelete(Path file) {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            long size = channel.size();
            ByteBuffer zeros = ByteBuffer.allocate(1 << 16);
            for (long at = 0; at < size; ) {
                zeros.clear();
                zeros.limit((int) Math.min(zeros.capacity(), size - at));
                at += channel.write(zeros, at);
            }
            channel.force(true);
        } catch (IOException e) {
            log.warn("could not overwrite shredded blob {}: {}", file.getFileName(), e.getMessage());
        }
        deleteQuietly(file);
    }

    @Override
    int sweepOrphans() {
        Instant cutoff = clock.instant().minus(grace);
        List<Path> candidates;
        try (Stream<Path> files = Files.walk(dir, 2)) {
            candidates = files.filter(Files::isRegularFile)
                    .filter(p -> olderThan(p, cutoff))
                    .toList();
        } catch (IOException e) {
            log.warn("blob sweep could not list {}: {}", dir.toAbsolutePath(), e.getMessage());
            return 0;
        }
        Set<String> ids = new HashSet<>();
        for (Path p : candidates) {
            if (BLOB_NAME.matcher(p.getFileName().toString()).matches()) {
                ids.add(p.getFileName().toString());
            }
        }
        Set<String> known = new HashSet<>();
        List<String> all = List.copyOf(ids);
        for (int i = 0; i < all.size(); i += 500) {
            List<String> part = all.subList(i, Math.min(all.size(), i + 500));
            String marks = String.join(",", java.util.Collections.nCopies(part.size(), "?"));
            known.addAll(
                    jdbc.queryForList("SELECT id FROM blob WHERE id IN (" + marks + ")", String.class, part.toArray()));
        }
        int removed = 0;
        for (Path p : candidates) {
            String name = p.getFileName().toString();
            boolean staged = name.endsWith(".tmp");
            boolean orphan = BLOB_NAME.matcher(name).matches() && !known.contains(name);
            if (staged || orphan) {
                deleteQuietly(p);
                removed++;
            }
        }
        return removed;
    }

    private static boolean olderThan(Path p, Instant cutoff) {
        try {
            return !Files.getLastModifiedTime(p).toInstant().isAfter(cutoff);
        } catch (IOException e) {
            return false;
        }
    }

    static void deleteQuietly(Path p) {
        try {
            Files.deleteIfExists(p);
        } catch (IOException e) {
            log.warn("could not delete {}: {}", p, e.getMessage());
        }
    }
}
