package io.roster.bench;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.ConsumerGroupListing;
import org.apache.kafka.clients.admin.DescribeClusterResult;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** The consumer groups of a topic and the offsets they committed, as Kafka's admin client tells them. */
final class GroupOffsets implements AutoCloseable {

    /** The broker the run measured on. */
    record Cluster(String clusterId, int brokers) {
    }

    private static final long TIMEOUT_SECONDS = 30;

    private final Admin admin;

    GroupOffsets(String bootstrapServers) {
        this.admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                AdminClientConfig.CLIENT_ID_CONFIG, "roster-bench-admin"));
    }

    Cluster cluster() {
        DescribeClusterResult cluster = admin.describeCluster();
        return new Cluster(get(cluster.clusterId()), get(cluster.nodes()).size());
    }

    /** The offsets {@code group} committed on the partitions of {@code topic}; a partition without one is absent. */
    Map<TopicPartition, Long> committed(String group, String topic) {
        Map<TopicPartition, OffsetAndMetadata> all = get(admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata());
        Map<TopicPartition, Long> committed = new HashMap<>();
        all.forEach((partition, offset) -> {
            if (partition.topic().equals(topic) && offset != null) {
                committed.put(partition, offset.offset());
            }
        });
        return committed;
    }

    /** The groups with members now that have partitions of {@code topic} assigned: the topic's live readers. */
    List<String> readers(String topic) {
        List<String> ids = new ArrayList<>();
        for (ConsumerGroupListing listing : get(admin.listConsumerGroups().all())) {
            ids.add(listing.groupId());
        }
        if (ids.isEmpty()) {
            return List.of();
        }
        List<String> readers = new ArrayList<>();
        for (ConsumerGroupDescription group : get(admin.describeConsumerGroups(ids).all()).values()) {
            boolean reads = false;
            for (MemberDescription member : group.members()) {
                reads |= member.assignment().topicPartitions().stream().anyMatch(p -> p.topic().equals(topic));
            }
            if (reads) {
                readers.add(group.groupId());
            }
        }
        readers.sort(null);
        return readers;
    }

    /**
     * Records of the partitions of {@code end} that a group with those {@code committed} offsets has not read: per
     * partition, its end less its committed offset, or less its first offset ({@code begin}) when it committed none.
     */
    static long behind(Map<TopicPartition, Long> end, Map<TopicPartition, Long> begin, Map<TopicPartition, Long> committed) {
        long behind = 0;
        for (Map.Entry<TopicPartition, Long> partition : end.entrySet()) {
            long from = committed.getOrDefault(partition.getKey(), begin.getOrDefault(partition.getKey(), 0L));
            behind += Math.max(0, partition.getValue() - from);
        }
        return behind;
    }

    private static <T> T get(org.apache.kafka.common.KafkaFuture<T> future) {
        try {
            return future.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw new IllegalStateException("Kafka admin call failed: " + e.getCause(), e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("Kafka did not answer an admin call within " + TIMEOUT_SECONDS + " s", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted during a Kafka admin call", e);
        }
    }

    @Override
    public void close() {
        admin.close();
    }
}
