"""Extension kafka_describe_missing_cluster: DescribeCluster of a missing cluster is NotFoundException (404)."""

import pytest
from botocore.exceptions import ClientError


def test_a_deleted_cluster_is_not_found(aws):
    kafka = aws("kafka")
    arn = kafka.create_cluster(
        ClusterName="events",
        KafkaVersion="3.6.0",
        NumberOfBrokerNodes=2,
        BrokerNodeGroupInfo={"ClientSubnets": ["subnet-0a", "subnet-0b"], "InstanceType": "kafka.m5.large"},
    )["ClusterArn"]
    assert kafka.describe_cluster(ClusterArn=arn)["ClusterInfo"]["ClusterName"] == "events"

    kafka.delete_cluster(ClusterArn=arn)
    with pytest.raises(kafka.exceptions.NotFoundException) as raised:
        kafka.describe_cluster(ClusterArn=arn)
    assert raised.value.response["ResponseMetadata"]["HTTPStatusCode"] == 404


def test_an_unknown_arn_is_not_found(aws):
    with pytest.raises(ClientError, match="NotFoundException"):
        aws("kafka").describe_cluster(ClusterArn="arn:aws:kafka:us-east-1:123456789012:cluster/none/0000")
