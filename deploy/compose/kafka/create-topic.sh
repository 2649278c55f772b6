#!/bin/sh
# One-shot creation of Roster's event topic, run by the kafka-rN-init services (apache/kafka image).
# The topic is the replay source of every read model: its retention must be unlimited. Creating it
# here, before device-command starts, fixes its partitions, replication and min.insync.replicas
# (device-command would create it with unlimited retention too, but with the broker's default
# min.insync.replicas). Safe to run again: an existing topic keeps its partitions and gets its
# retention and min.insync.replicas set again.
set -eu

BOOTSTRAP="${BOOTSTRAP:?set BOOTSTRAP to the cluster's bootstrap list}"
TOPIC="${TOPIC:-device.events}"
PARTITIONS="${PARTITIONS:-6}"
REPLICATION="${REPLICATION:-3}"
MIN_ISR="${MIN_ISR:-2}"
BIN=/opt/kafka/bin

attempt=0
until "$BIN/kafka-topics.sh" --bootstrap-server "$BOOTSTRAP" --create --if-not-exists --topic "$TOPIC" \
    --partitions "$PARTITIONS" --replication-factor "$REPLICATION" \
    --config retention.ms=-1 --config retention.bytes=-1 --config min.insync.replicas="$MIN_ISR"; do
  attempt=$((attempt + 1))
  if [ "$attempt" -ge 30 ]; then
    echo "could not create $TOPIC on $BOOTSTRAP" >&2
    exit 1
  fi
  echo "cluster not ready for $TOPIC yet (all $REPLICATION brokers must be up), retrying in 5 s"
  sleep 5
done

"$BIN/kafka-configs.sh" --bootstrap-server "$BOOTSTRAP" --alter --entity-type topics --entity-name "$TOPIC" \
  --add-config "retention.ms=-1,retention.bytes=-1,min.insync.replicas=$MIN_ISR"
"$BIN/kafka-topics.sh" --bootstrap-server "$BOOTSTRAP" --describe --topic "$TOPIC"
