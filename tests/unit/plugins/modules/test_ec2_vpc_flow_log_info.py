"""Unit tests of seed.aws_platform.ec2_vpc_flow_log_info against moto."""

import boto3
import pytest

from ansible_collections.seed.aws_platform.plugins.modules.ec2_vpc_flow_log_info import main

BUCKET_ARN = "arn:aws:s3:::flow-log-bucket"


@pytest.fixture
def flow_logs(ec2):
    """Three flow logs: two VPCs to S3 (the first tagged), the first VPC also to CloudWatch Logs."""
    boto3.client("s3", region_name="us-east-1").create_bucket(Bucket="flow-log-bucket")
    vpc_ids = [ec2.create_vpc(CidrBlock=f"10.{index}.0.0/16")["Vpc"]["VpcId"] for index in range(2)]
    tagged = ec2.create_flow_logs(
        ResourceType="VPC",
        ResourceIds=vpc_ids[:1],
        TrafficType="ALL",
        LogDestinationType="s3",
        LogDestination=BUCKET_ARN,
        TagSpecifications=[{"ResourceType": "vpc-flow-log", "Tags": [{"Key": "Environment", "Value": "test"}]}],
    )["FlowLogIds"]
    untagged = ec2.create_flow_logs(
        ResourceType="VPC",
        ResourceIds=vpc_ids[1:],
        TrafficType="REJECT",
        LogDestinationType="s3",
        LogDestination=BUCKET_ARN,
    )["FlowLogIds"]
    cloudwatch = ec2.create_flow_logs(
        ResourceType="VPC",
        ResourceIds=vpc_ids[:1],
        TrafficType="ALL",
        LogGroupName="flow-logs",
        DeliverLogsPermissionArn="arn:aws:iam::123456789012:role/flow-logs",
    )["FlowLogIds"]
    return dict(vpc_ids=vpc_ids, tagged=tagged[0], untagged=untagged[0], cloudwatch=cloudwatch[0])


def returned_ids(result):
    return sorted(flow_log["flow_log_id"] for flow_log in result["flow_logs"])


def test_without_options_returns_every_flow_log(run_module, flow_logs):
    result = run_module(main, {})

    assert not result.get("changed")
    assert returned_ids(result) == sorted([flow_logs["tagged"], flow_logs["untagged"], flow_logs["cloudwatch"]])


def test_returns_snake_cased_flow_logs_with_tags_as_a_dict(run_module, flow_logs):
    result = run_module(main, dict(flow_log_ids=[flow_logs["tagged"]]))

    (flow_log,) = result["flow_logs"]
    assert flow_log["tags"] == {"Environment": "test"}
    assert flow_log["resource_id"] == flow_logs["vpc_ids"][0]
    assert (flow_log["log_destination_type"], flow_log["log_destination"]) == ("s3", BUCKET_ARN)
    assert isinstance(flow_log["creation_time"], str)


def test_resource_ids_select_the_flow_logs_of_those_resources(run_module, flow_logs):
    result = run_module(main, dict(resource_ids=flow_logs["vpc_ids"][:1]))

    assert returned_ids(result) == sorted([flow_logs["tagged"], flow_logs["cloudwatch"]])


def test_filters_and_resource_ids_combine(run_module, flow_logs):
    result = run_module(main, dict(resource_ids=flow_logs["vpc_ids"][:1], filters={"log-destination-type": "s3"}))

    assert returned_ids(result) == [flow_logs["tagged"]]


def test_tag_filter(run_module, flow_logs):
    result = run_module(main, dict(filters={"tag:Environment": "test"}))

    assert returned_ids(result) == [flow_logs["tagged"]]


def test_nothing_matches(run_module, ec2):
    result = run_module(main, dict(flow_log_ids=["fl-0123456789abcdef0"]))

    assert result["flow_logs"] == []


def test_aws_errors_fail_the_task(run_module, stubbed_ec2):
    stubbed_ec2.add_client_error("describe_flow_logs", service_error_code="UnauthorizedOperation")

    result = run_module(main, {})

    assert result["failed"] is True
    assert result["msg"].startswith("Failed to describe flow logs")
    assert result["error"]["code"] == "UnauthorizedOperation"
