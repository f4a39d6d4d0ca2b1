"""Extension kafka_cluster_active: clusters ACTIVE after creation, GetBootstrapBrokers."""

import re

import pytest
from botocore.exceptions import ClientError

BROKERS = {"ClientSubnets": ["subnet-0a", "subnet-0b", "subnet-0c"], "InstanceType": "kafka.m5.large"}


@pytest.fixture
def kafka(aws):
    return aws("kafka")


def create(kafka, name: str = "events", **more) -> dict:
    return kafka.create_cluster(
        ClusterName=name, KafkaVersion="3.6.0", NumberOfBrokerNodes=3, BrokerNodeGroupInfo=BROKERS, **more
    )


def brokers(kafka, arn: str) -> dict:
    found = kafka.get_bootstrap_brokers(ClusterArn=arn)
    found.pop("ResponseMetadata")
    return found


def test_a_cluster_answered_creating_is_active_next(kafka):
    created = create(kafka)
    assert created["State"] == "CREATING"
    assert kafka.describe_cluster(ClusterArn=created["ClusterArn"])["ClusterInfo"]["State"] == "ACTIVE"


def test_a_serverless_cluster_is_active_too(kafka):
    arn = kafka.create_cluster_v2(
        ClusterName="serverless", Serverless={"VpcConfigs": [{"SubnetIds": BROKERS["ClientSubnets"]}]}
    )["ClusterArn"]
    assert kafka.describe_cluster_v2(ClusterArn=arn)["ClusterInfo"]["State"] == "ACTIVE"


def test_tls_brokers_by_default_one_host_per_broker(kafka):
    arn = create(kafka)["ClusterArn"]

    found = brokers(kafka, arn)
    assert list(found) == ["BootstrapBrokerStringTls"]
    hosts = found["BootstrapBrokerStringTls"].split(",")
    assert [host.split(".")[0] for host in hosts] == ["b-1", "b-2", "b-3"]
    for host in hosts:
        assert re.fullmatch(r"b-[123]\.events\.[a-z0-9]{6}\.c2\.kafka\.us-east-1\.amazonaws\.com:9094", host)
    assert brokers(kafka, arn) == found


def test_brokers_follow_encryption_in_transit_and_client_authentication(kafka):
    arn = create(
        kafka,
        EncryptionInfo={"EncryptionInTransit": {"ClientBroker": "TLS_PLAINTEXT", "InCluster": True}},
        ClientAuthentication={"Sasl": {"Scram": {"Enabled": True}, "Iam": {"Enabled": True}}},
    )["ClusterArn"]

    found = brokers(kafka, arn)
    assert sorted(found) == [
        "BootstrapBrokerString",
        "BootstrapBrokerStringSaslIam",
        "BootstrapBrokerStringSaslScram",
        "BootstrapBrokerStringTls",
    ]
    ports = {key: {host.rsplit(":", 1)[1] for host in value.split(",")} for key, value in found.items()}
    assert ports == {
        "BootstrapBrokerString": {"9092"},
        "BootstrapBrokerStringTls": {"9094"},
        "BootstrapBrokerStringSaslScram": {"9096"},
        "BootstrapBrokerStringSaslIam": {"9098"},
    }

    plaintext = create(kafka, "plain", EncryptionInfo={"EncryptionInTransit": {"ClientBroker": "PLAINTEXT"}})
    assert list(brokers(kafka, plaintext["ClusterArn"])) == ["BootstrapBrokerString"]


def test_brokers_of_a_missing_cluster_are_not_found(kafka):
    arn = create(kafka)["ClusterArn"]
    kafka.delete_cluster(ClusterArn=arn)
    with pytest.raises(ClientError) as raised:
        kafka.get_bootstrap_brokers(ClusterArn=arn)
    assert raised.value.response["Error"]["Code"] == "NotFoundException"
