"""kafka-python (the Debian python3-kafka package) consumer groups against a Runnel broker.

Usage: python3 kafka_python_group.py HOST:PORT. Prints one 'ok ...' line per check; exits non-zero on failure.
"""
import sys

from kafka import KafkaAdminClient, KafkaConsumer, KafkaProducer, TopicPartition
from kafka.admin import NewTopic

bootstrap = sys.argv[1]
COMMON = dict(bootstrap_servers=bootstrap, api_version_auto_timeout_ms=30000)
admin = KafkaAdminClient(client_id="kafka-python-groups", request_timeout_ms=20000, **COMMON)
admin.create_topics([NewTopic("py-group-topic", 2, 1)])

producer = KafkaProducer(acks="all", **COMMON)
for i in range(20):
    producer.send("py-group-topic", value=b"v%d" % i, partition=i % 2)
producer.flush()
producer.close()


def consume(count):
    consumer = KafkaConsumer("py-group-topic", group_id="py-group", auto_offset_reset="earliest",
                             enable_auto_commit=False, consumer_timeout_ms=30000, **COMMON)
    values = []
    for record in consumer:
        values.append(record.value)
        if len(values) == count:
            break
    consumer.commit()
    committed = sum(consumer.committed(TopicPartition("py-group-topic", p)) or 0 for p in (0, 1))
    consumer.close()
    return values, committed


values, committed = consume(20)
assert sorted(values) == sorted(b"v%d" % i for i in range(20)), values
assert committed == 20, committed
print("ok group consume commit committed")

groups = [g[0] for g in admin.list_consumer_groups()]
assert "py-group" in groups, groups
offsets = admin.list_consumer_group_offsets("py-group")
assert sum(o.offset for o in offsets.values()) == 20, offsets
print("ok list_consumer_groups list_consumer_group_offsets")

producer = KafkaProducer(acks="all", **COMMON)
for i in range(20, 25):
    producer.send("py-group-topic", value=b"v%d" % i, partition=0)
producer.flush()
producer.close()
values, committed = consume(5)
assert sorted(values) == sorted(b"v%d" % i for i in range(20, 25)), values
print("ok group resumes from committed offsets")
