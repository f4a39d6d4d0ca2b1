"""Extension ec2_flow_logs_s3_prefix: flow logs to an S3 bucket under a key prefix."""

import pytest
from botocore.exceptions import ClientError


@pytest.fixture
def vpc_and_bucket(aws):
    aws("s3").create_bucket(Bucket="flow-logs")
    return aws("ec2").create_vpc(CidrBlock="10.0.0.0/16")["Vpc"]["VpcId"]


def create_s3_flow_log(ec2, vpc_id: str, destination: str) -> dict:
    return ec2.create_flow_logs(
        ResourceIds=[vpc_id], ResourceType="VPC", TrafficType="ALL", LogDestinationType="s3", LogDestination=destination
    )


def test_a_prefix_in_the_bucket_arn_is_accepted_and_kept(aws, vpc_and_bucket):
    ec2 = aws("ec2")
    created = create_s3_flow_log(ec2, vpc_and_bucket, "arn:aws:s3:::flow-logs/vpc/")
    assert created["Unsuccessful"] == [] and len(created["FlowLogIds"]) == 1

    [flow_log] = ec2.describe_flow_logs(FlowLogIds=created["FlowLogIds"])["FlowLogs"]
    assert flow_log["LogDestination"] == "arn:aws:s3:::flow-logs/vpc/"


def test_the_same_prefixed_flow_log_twice_is_a_duplicate(aws, vpc_and_bucket):
    ec2 = aws("ec2")
    create_s3_flow_log(ec2, vpc_and_bucket, "arn:aws:s3:::flow-logs/vpc/")
    with pytest.raises(ClientError, match="FlowLogAlreadyExists"):
        create_s3_flow_log(ec2, vpc_and_bucket, "arn:aws:s3:::flow-logs/vpc/")


def test_a_missing_bucket_is_still_unsuccessful(aws, vpc_and_bucket):
    created = create_s3_flow_log(aws("ec2"), vpc_and_bucket, "arn:aws:s3:::no-such-bucket/vpc/")
    assert created["FlowLogIds"] == []
    assert "no-such-bucket does not exist" in created["Unsuccessful"][0]["Error"]["Message"]
