package io.roster.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Asks device-query how many of the run's adds it shows: the sum of {@code codes.inUse} over the run's
 * products (they start empty, and the run only adds).
 */
final class ReadSideProbe {

    private final RosterHttp http;
    private final String queryUrl;
    private final List<String> products;
    private final AtomicLong requests = new AtomicLong();

    ReadSideProbe(RosterHttp http, String queryUrl, List<String> products) {
        this.http = http;
        this.queryUrl = queryUrl;
        this.products = List.copyOf(products);
    }

    /** codes.inUse per product, -1 for a product device-query does not know yet. */
    long[] inUse() {
        long[] inUse = new long[products.size()];
        for (int p = 0; p < inUse.length; p++) {
            requests.incrementAndGet();
            Optional<RosterHttp.Codes> codes = http.codes(queryUrl, products.get(p));
            inUse[p] = codes.map(RosterHttp.Codes::inUse).orElse(-1L);
        }
        return inUse;
    }

    /** Whether device-query knows every product with exactly {@code granted} codes granted. */
    boolean showsGranted(long granted) {
        for (String product : products) {
            requests.incrementAndGet();
            Optional<RosterHttp.Codes> codes = http.codes(queryUrl, product);
            if (codes.isEmpty() || codes.get().granted() != granted) {
                return false;
            }
        }
        return true;
    }

    static long visible(long[] inUse) {
        long sum = 0;
        for (long n : inUse) {
            sum += Math.max(0, n);
        }
        return sum;
    }

    /**
     * Products whose count is off: below what was acknowledged, or above it by more than the adds whose
     * outcome is unknown.
     */
    List<String> mismatches(long[] inUse, long[] added, long[] uncertain) {
        List<String> off = new ArrayList<>();
        for (int p = 0; p < inUse.length; p++) {
            long shown = Math.max(0, inUse[p]);
            if (shown < added[p] || shown > added[p] + uncertain[p]) {
                off.add(products.get(p) + " shows " + shown + " in use, " + added[p] + " added"
                        + (uncertain[p] > 0 ? " (+" + uncertain[p] + " uncertain)" : ""));
            }
        }
        return off;
    }

    long requests() {
        return requests.get();
    }
}
