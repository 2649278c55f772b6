package io.roster.command.it;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The failures a dying process or an unreachable database causes an idempotency store, chosen by how the
 * {@code Idempotency-Key} the client sent begins:
 * <ul>
 *   <li>{@code lost-}: the answer cannot be stored;</li>
 *   <li>{@code crash-}: nor can the lease be ended (the process died after its command committed);</li>
 *   <li>{@code dead-}: the first write of the command's transaction fails, so nothing commits, and the lease
 *       cannot be ended (the process died before its command committed).</li>
 * </ul>
 */
final class StoreFailures {

    private final Set<String> failedOnce = ConcurrentHashMap.newKeySet();

    /** Before the command's events are stored (in its transaction, or just before it with MongoDB). */
    void beforeCommit(String key) {
        if (sent(key).startsWith("dead-") && failedOnce.add(key)) {
            throw new IllegalStateException("the database connection broke");
        }
    }

    void storingAnswer(String key) {
        if (sent(key).startsWith("lost-") || sent(key).startsWith("crash-")) {
            throw new IllegalStateException("the database connection broke");
        }
    }

    void endingLease(String key) {
        if (sent(key).startsWith("crash-") || sent(key).startsWith("dead-")) {
            throw new IllegalStateException("the database connection broke");
        }
    }

    /** The key as the client sent it (the store's key starts with the caller). */
    private static String sent(String key) {
        return key.substring(key.indexOf('|') + 1);
    }
}
