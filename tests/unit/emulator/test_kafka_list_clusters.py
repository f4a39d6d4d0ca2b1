"""Extension kafka_list_clusters: ListClusters answers full ClusterInfo and filters by name prefix."""

import pytest

KEY = "arn:aws:kms:us-east-1:123456789012:key/00000000-0000-0000-0000-000000000000"
BROKERS = {
    "ClientSubnets": ["subnet-0a", "subnet-0b", "subnet-0c"],
    "InstanceType": "kafka.m5.large",
    "SecurityGroups": ["sg-0a"],
    "StorageInfo": {"EbsStorageInfo": {"VolumeSize": 100}},
}
ENCRYPTION = {
    "EncryptionAtRest": {"DataVolumeKMSKeyId": KEY},
    "EncryptionInTransit": {"ClientBroker": "TLS", "InCluster": True},
}


@pytest.fixture
def kafka(aws):
    return aws("kafka")


def create(kafka, name: str) -> str:
    return kafka.create_cluster(
        ClusterName=name,
        KafkaVersion="3.6.0",
        NumberOfBrokerNodes=3,
        BrokerNodeGroupInfo=BROKERS,
        EncryptionInfo=ENCRYPTION,
        ConfigurationInfo={"Arn": "arn:aws:kafka:us-east-1:123456789012:configuration/events/1", "Revision": 1},
    )["ClusterArn"]


def test_clusters_are_listed_as_described(kafka):
    arn = create(kafka, "events")

    [listed] = kafka.list_clusters()["ClusterInfoList"]
    assert listed == kafka.describe_cluster(ClusterArn=arn)["ClusterInfo"]
    assert (listed["NumberOfBrokerNodes"], listed["BrokerNodeGroupInfo"], listed["EncryptionInfo"]) == (
        3,
        BROKERS,
        ENCRYPTION,
    )
    assert listed["CurrentBrokerSoftwareInfo"] == {
        "ConfigurationArn": "arn:aws:kafka:us-east-1:123456789012:configuration/events/1",
        "ConfigurationRevision": 1,
        "KafkaVersion": "3.6.0",
    }


def test_the_name_filter_is_a_prefix(kafka):
    for name in ("events", "events-archive", "audit"):
        create(kafka, name)

    def names(prefix: str) -> list[str]:
        paginator = kafka.get_paginator("list_clusters")
        listed = paginator.paginate(ClusterNameFilter=prefix).build_full_result()["ClusterInfoList"]
        return sorted(item["ClusterName"] for item in listed)

    assert names("events") == ["events", "events-archive"]
    assert names("audit") == ["audit"]
    assert names("missing") == []
    assert len(kafka.list_clusters()["ClusterInfoList"]) == 3
