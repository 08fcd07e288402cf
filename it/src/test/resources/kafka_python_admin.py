"""kafka-python (the Debian python3-kafka package) against a Runnel broker: admin, produce, consume.

Usage: python3 kafka_python_admin.py HOST:PORT. Prints one 'ok ...' line per check; exits non-zero on failure.
"""
import sys

from kafka import KafkaAdminClient, KafkaConsumer, KafkaProducer, TopicPartition
from kafka.admin import ConfigResource, ConfigResourceType, NewPartitions, NewTopic

bootstrap = sys.argv[1]
# A generous version-probe timeout: loaded CI machines answer the first requests slowly.
COMMON = dict(bootstrap_servers=bootstrap, api_version_auto_timeout_ms=30000)
admin = KafkaAdminClient(client_id="kafka-python-test", request_timeout_ms=20000, **COMMON)
admin.create_topics([NewTopic("py-topic", 2, 1, topic_configs={"retention.ms": "12345"})])
assert "py-topic" in admin.list_topics(), admin.list_topics()
print("ok create_topics list_topics")

described = admin.describe_configs([ConfigResource(ConfigResourceType.TOPIC, "py-topic")])
entries = {c[0]: c[1] for c in described[0].resources[0][4]}
assert entries["retention.ms"] == "12345", entries
print("ok describe_configs")

admin.create_partitions({"py-topic": NewPartitions(total_count=3)})
meta = admin.describe_topics(["py-topic"])
assert len(meta[0]["partitions"]) == 3, meta
print("ok create_partitions describe_topics")

producer = KafkaProducer(acks="all", **COMMON)
for i in range(10):
    producer.send("py-topic", value=b"v%d" % i, partition=0)
producer.flush()
producer.close()
consumer = KafkaConsumer(**COMMON, auto_offset_reset="earliest", consumer_timeout_ms=10000,
                         enable_auto_commit=False)
consumer.assign([TopicPartition("py-topic", 0)])
values = [m.value for m in consumer]
consumer.close()
assert values == [b"v%d" % i for i in range(10)], values
print("ok produce consume")

admin.delete_topics(["py-topic"])
assert "py-topic" not in admin.list_topics()
print("ok delete_topics")
admin.close()
