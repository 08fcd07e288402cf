package io.runnel.nexmark.queries;

import io.runnel.nexmark.model.Auction;
import io.runnel.nexmark.model.Bid;
import io.runnel.nexmark.model.Event;
import io.runnel.nexmark.model.Person;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The queries' answers over a finite list of events, computed the plain way (nested loops, maps), straight from
 * the SQL of the Nexmark suite: the reference any engine's output is checked against (Runnel's pipelines in this
 * module's tests, the Kafka Streams versions in bench's). Keyed results (q4, q6) are the final value per key.
 * Not for large inputs (q3 is a nested loop). Confined to the caller's thread.
 */
public final class NexmarkReference {
    private final List<Person> persons = new ArrayList<>();
    private final List<Auction> auctions = new ArrayList<>();
    private final List<Bid> bids = new ArrayList<>();

    public NexmarkReference(List<Event> events) {
        for (Event e : events) {
            if (e instanceof Person p) {
                persons.add(p);
            } else if (e instanceof Auction a) {
                auctions.add(a);
            } else {
                bids.add((Bid) e);
            }
        }
    }

    public List<Bid> q0() {
        return bids;
    }

    public List<Q1.Result> q1() {
        return bids.stream().map(b -> new Q1.Result(b.auction(), b.bidder(), b.price() * 0.908, b.dateTime(),
                b.extra())).toList();
    }

    public List<Q2.Result> q2() {
        return bids.stream().filter(b -> b.auction() % 123 == 0).map(b -> new Q2.Result(b.auction(), b.price()))
                .toList();
    }

    public List<Q3.Result> q3() {
        List<Q3.Result> out = new ArrayList<>();
        for (Auction a : auctions) {
            for (Person p : persons) {
                if (a.seller() == p.id() && a.category() == 10
                        && (p.state().equals("OR") || p.state().equals("ID") || p.state().equals("CA"))) {
                    out.add(new Q3.Result(p.name(), p.city(), p.state(), a.id()));
                }
            }
        }
        return out;
    }

    /** Winning price per auction: the max bid within [dateTime, expires] at or above the reserve. */
    private Map<Auction, Long> winners() {
        Map<Long, Auction> byId = new HashMap<>();
        auctions.forEach(a -> byId.put(a.id(), a));
        Map<Auction, Long> max = new HashMap<>();
        for (Bid b : bids) {
            Auction a = byId.get(b.auction());
            if (a != null && b.dateTime() >= a.dateTime() && b.dateTime() <= a.expires() && b.price() >= a.reserve()) {
                max.merge(a, b.price(), Math::max);
            }
        }
        return max;
    }

    public Map<String, Q4.Result> q4() {
        Map<Long, long[]> sumCount = new TreeMap<>();
        winners().forEach((a, price) -> {
            long[] sc = sumCount.computeIfAbsent(a.category(), c -> new long[2]);
            sc[0] += price;
            sc[1]++;
        });
        Map<String, Q4.Result> out = new HashMap<>();
        sumCount.forEach((c, sc) -> out.put(Long.toString(c), new Q4.Result(c, (double) sc[0] / sc[1])));
        return out;
    }

    public List<Q5.Result> q5() {
        // (window start -> auction -> count)
        Map<Long, Map<Long, Long>> counts = new TreeMap<>();
        for (Bid b : bids) {
            long last = Math.floorDiv(b.dateTime(), 2_000L) * 2_000L;
            for (long start = last; start > b.dateTime() - 10_000; start -= 2_000) {
                counts.computeIfAbsent(start, s -> new HashMap<>()).merge(b.auction(), 1L, Long::sum);
            }
        }
        List<Q5.Result> out = new ArrayList<>();
        counts.forEach((start, perAuction) -> {
            long max = perAuction.values().stream().mapToLong(Long::longValue).max().orElseThrow();
            perAuction.forEach((auction, n) -> {
                if (n == max) {
                    out.add(new Q5.Result(auction, n, start, start + 10_000));
                }
            });
        });
        return out;
    }

    public Map<String, Q6.Result> q6() {
        Map<Long, List<Auction>> bySeller = new HashMap<>();
        Map<Auction, Long> winners = winners();
        winners.keySet().forEach(a -> bySeller.computeIfAbsent(a.seller(), s -> new ArrayList<>()).add(a));
        Map<String, Q6.Result> out = new HashMap<>();
        bySeller.forEach((seller, sold) -> {
            sold.sort(Comparator.comparingLong(Auction::expires).thenComparingLong(Auction::id));
            List<Auction> last = sold.subList(Math.max(0, sold.size() - 10), sold.size());
            double avg = last.stream().mapToLong(winners::get).average().orElseThrow();
            out.put(Long.toString(seller), new Q6.Result(seller, avg));
        });
        return out;
    }

    public List<Q7.Result> q7() {
        Map<Long, Long> maxPerWindow = new HashMap<>();
        for (Bid b : bids) {
            maxPerWindow.merge(Math.floorDiv(b.dateTime(), 10_000L), b.price(), Math::max);
        }
        return bids.stream()
                .filter(b -> b.price() == maxPerWindow.get(Math.floorDiv(b.dateTime(), 10_000L)))
                .map(b -> new Q7.Result(b.auction(), b.price(), b.bidder(), b.dateTime(), b.extra()))
                .toList();
    }

    public List<Q8.Result> q8() {
        Set<String> sellerWindows = new HashSet<>();
        for (Auction a : auctions) {
            sellerWindows.add(a.seller() + "@" + Math.floorDiv(a.dateTime(), 10_000L));
        }
        List<Q8.Result> out = new ArrayList<>();
        for (Person p : persons) {
            long window = Math.floorDiv(p.dateTime(), 10_000L);
            if (sellerWindows.contains(p.id() + "@" + window)) {
                out.add(new Q8.Result(p.id(), p.name(), window * 10_000L));
            }
        }
        return out;
    }
}
