"""Unit tests of the shared flow log helpers, with scripted EC2 answers (moto does not paginate them)."""

import datetime

import boto3
import pytest
from botocore.stub import Stubber

from ansible_collections.seed.aws_platform.plugins.module_utils.ec2_flow_logs import describe_flow_logs
from ansible_collections.seed.aws_platform.plugins.module_utils.ec2_flow_logs import normalize_flow_log

FILTERS = [{"Name": "resource-id", "Values": ["vpc-0123456789abcdef0"]}]


@pytest.fixture
def stubber():
    with Stubber(boto3.client("ec2", region_name="us-east-1")) as stubber:
        yield stubber
        stubber.assert_no_pending_responses()


def test_describe_follows_every_page(stubber):
    stubber.add_response(
        "describe_flow_logs", {"FlowLogs": [{"FlowLogId": "fl-1"}], "NextToken": "page-2"}, {"Filters": FILTERS}
    )
    stubber.add_response(
        "describe_flow_logs", {"FlowLogs": [{"FlowLogId": "fl-2"}]}, {"Filters": FILTERS, "NextToken": "page-2"}
    )

    flow_logs = describe_flow_logs(stubber.client, Filters=FILTERS)

    assert [flow_log["FlowLogId"] for flow_log in flow_logs] == ["fl-1", "fl-2"]


def test_describe_retries_throttling(stubber, monkeypatch):
    sleeps = []
    monkeypatch.setattr("ansible_collections.amazon.aws.plugins.module_utils.cloud.time.sleep", sleeps.append)
    stubber.add_client_error("describe_flow_logs", service_error_code="RequestLimitExceeded")
    stubber.add_response("describe_flow_logs", {"FlowLogs": [{"FlowLogId": "fl-1"}]})

    assert describe_flow_logs(stubber.client) == [{"FlowLogId": "fl-1"}]
    assert len(sleeps) == 1


def test_describe_raises_other_errors(stubber):
    stubber.add_client_error("describe_flow_logs", service_error_code="UnauthorizedOperation")

    with pytest.raises(stubber.client.exceptions.ClientError) as raised:
        describe_flow_logs(stubber.client)
    assert raised.value.response["Error"]["Code"] == "UnauthorizedOperation"


def test_normalize_snake_cases_and_turns_tags_into_a_dict():
    flow_log = {
        "FlowLogId": "fl-1",
        "CreationTime": datetime.datetime(2024, 5, 1, 10, 20, 30, tzinfo=datetime.timezone.utc),
        "DestinationOptions": {"FileFormat": "parquet", "HiveCompatiblePartitions": True, "PerHourPartition": False},
        "Tags": [{"Key": "Environment", "Value": "test"}, {"Key": "CamelCaseKey", "Value": "kept"}],
    }

    assert normalize_flow_log(flow_log) == {
        "flow_log_id": "fl-1",
        "creation_time": "2024-05-01T10:20:30+00:00",
        "destination_options": {
            "file_format": "parquet",
            "hive_compatible_partitions": True,
            "per_hour_partition": False,
        },
        "tags": {"Environment": "test", "CamelCaseKey": "kept"},
    }


def test_normalize_gives_an_untagged_flow_log_empty_tags():
    assert normalize_flow_log({"FlowLogId": "fl-1"}) == {"flow_log_id": "fl-1", "tags": {}}
