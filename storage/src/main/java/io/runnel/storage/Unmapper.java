package io.runnel.storage;

import java.lang.reflect.Field;
import java.nio.MappedByteBuffer;

/**
 * Releases an mmap now instead of at some future GC: without it, an LRU that "closes" index mappings would not
 * bound address space or map count at all. Uses {@code sun.misc.Unsafe#invokeCleaner} (module jdk.unsupported),
 * the supported way to do this on Java 9+. The caller guarantees the buffer is never touched again.
 */
final class Unmapper {
    private static final sun.misc.Unsafe UNSAFE = loadUnsafe();

    private Unmapper() {
    }

    static void unmap(MappedByteBuffer buffer) {
        UNSAFE.invokeCleaner(buffer);
    }

    private static sun.misc.Unsafe loadUnsafe() {
        try {
            Field f = sun.misc.Unsafe.class.getDeclaredField("theUnsafe");
            f.setAccessible(true);
            return (sun.misc.Unsafe) f.get(null);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }
}
