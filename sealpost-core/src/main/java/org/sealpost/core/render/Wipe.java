package org.sealpost.core.render;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;

/** Overwrites files with zeros before deleting them (SECURITY.md D01: no plaintext left on disk). */
final class Wipe {

    private Wipe() {}

    /** Wipes and deletes {@code dir} and everything under it; quietly does nothing if it is gone. */
    static void directory(Path dir) {
        if (dir == null || !Files.exists(dir)) {
            return;
        }
        try {
            Files.walkFileTree(dir, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    if (attrs.isRegularFile()) {
                        zero(file, attrs.size());
                    }
                    Files.deleteIfExists(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
                    Files.deleteIfExists(d);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("could not wipe the temporary copy at " + dir, e);
        }
    }

    private static void zero(Path file, long size) throws IOException {
        ByteBuffer zeros = ByteBuffer.allocate(64 * 1024);
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            long written = 0;
            while (written < size) {
                zeros.clear();
                zeros.limit((int) Math.min(zeros.capacity(), size - written));
                written += channel.write(zeros, written);
            }
            channel.force(false);
        }
    }
}
