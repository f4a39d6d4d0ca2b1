"""Unit tests of seed.aws_platform.ec2_vpc_flow_log.

moto (in-process) backs the normal paths; botocore's Stubber backs what moto does not model:
pagination-free scripted answers such as ``Unsuccessful`` items, throttling, DestinationOptions
read back, a flow log deleted concurrently, and transit gateway flow logs.
"""

import datetime

import boto3
import pytest

from ansible_collections.seed.aws_platform.plugins.modules.ec2_vpc_flow_log import main

REGION = "us-east-1"
ROLE_ARN = "arn:aws:iam::123456789012:role/flow-logs"
LOG_GROUP = "flow-logs"
BUCKET = "flow-log-bucket"
BUCKET_ARN = f"arn:aws:s3:::{BUCKET}"
DEFAULT_FORMAT = (
    "${version} ${account-id} ${interface-id} ${srcaddr} ${dstaddr} ${srcport} ${dstport} "
    "${protocol} ${packets} ${bytes} ${start} ${end} ${action} ${log-status}"
)


@pytest.fixture
def vpc_ids(ec2):
    return [ec2.create_vpc(CidrBlock=f"10.{index}.0.0/16")["Vpc"]["VpcId"] for index in range(3)]


@pytest.fixture
def log_group(aws):
    boto3.client("logs", region_name=REGION).create_log_group(logGroupName=LOG_GROUP)


@pytest.fixture
def bucket(aws):
    boto3.client("s3", region_name=REGION).create_bucket(Bucket=BUCKET)


def cwl_args(resource_ids, **extra):
    return dict(
        dict(resource_ids=resource_ids, log_group_name=LOG_GROUP, deliver_logs_permission_arn=ROLE_ARN), **extra
    )


def flow_logs_of(ec2, resource_id):
    return ec2.describe_flow_logs(Filters=[{"Name": "resource-id", "Values": [resource_id]}])["FlowLogs"]


def tags_of(flow_log):
    return {tag["Key"]: tag["Value"] for tag in flow_log.get("Tags", [])}


# --- moto ---------------------------------------------------------------------------------------


@pytest.mark.usefixtures("log_group")
def test_creates_one_flow_log_per_resource_in_input_order(run_module, ec2, vpc_ids):
    ordered = [vpc_ids[2], vpc_ids[0], vpc_ids[1]]

    result = run_module(main, cwl_args(ordered, tags={"Environment": "test"}))

    assert result["changed"] is True
    assert [flow_log["resource_id"] for flow_log in result["flow_logs"]] == ordered
    for returned in result["flow_logs"]:
        assert returned["flow_log_id"].startswith("fl-")
        assert returned["traffic_type"] == "ALL"
        assert returned["max_aggregation_interval"] == 600
        assert returned["log_group_name"] == LOG_GROUP
        assert returned["deliver_logs_status"] == "SUCCESS"
        assert returned["tags"] == {"Environment": "test"}
        (stored,) = flow_logs_of(ec2, returned["resource_id"])
        assert stored["FlowLogId"] == returned["flow_log_id"]
        assert stored["DeliverLogsPermissionArn"] == ROLE_ARN
        assert tags_of(stored) == {"Environment": "test"}


@pytest.mark.usefixtures("log_group")
def test_second_run_changes_nothing(run_module, ec2, vpc_ids):
    first = run_module(main, cwl_args(vpc_ids, tags={"a": "1"}))
    second = run_module(main, cwl_args(vpc_ids, tags={"a": "1"}))

    assert second["changed"] is False
    assert [fl["flow_log_id"] for fl in second["flow_logs"]] == [fl["flow_log_id"] for fl in first["flow_logs"]]
    assert len(ec2.describe_flow_logs()["FlowLogs"]) == 3


def test_duplicate_resource_ids_give_one_flow_log(run_module, ec2, vpc_ids):
    result = run_module(main, cwl_args([vpc_ids[0], vpc_ids[0]]))

    assert [fl["resource_id"] for fl in result["flow_logs"]] == [vpc_ids[0]]
    assert len(flow_logs_of(ec2, vpc_ids[0])) == 1


def test_check_mode_reports_creation_and_creates_nothing(run_module, ec2, vpc_ids):
    result = run_module(main, cwl_args(vpc_ids[:2], tags={"a": "1"}), check_mode=True)

    assert result["changed"] is True
    assert [fl["resource_id"] for fl in result["flow_logs"]] == vpc_ids[:2]
    assert all("flow_log_id" not in fl and fl["tags"] == {"a": "1"} for fl in result["flow_logs"])
    assert ec2.describe_flow_logs()["FlowLogs"] == []


def test_check_mode_reports_tag_change_and_keeps_tags(run_module, ec2, vpc_ids):
    created = run_module(main, cwl_args(vpc_ids[:1], tags={"a": "1"}))

    result = run_module(main, cwl_args(vpc_ids[:1], tags={"b": "2"}), check_mode=True)

    assert result["changed"] is True
    assert result["flow_logs"][0]["flow_log_id"] == created["flow_logs"][0]["flow_log_id"]
    assert result["flow_logs"][0]["tags"] == {"b": "2"}
    assert tags_of(flow_logs_of(ec2, vpc_ids[0])[0]) == {"a": "1"}


def test_tags_are_updated_in_place(run_module, ec2, vpc_ids):
    created = run_module(main, cwl_args(vpc_ids[:1], tags={"keep": "1", "drop": "2", "change": "old"}))

    result = run_module(main, cwl_args(vpc_ids[:1], tags={"keep": "1", "change": "new", "add": "3"}))

    assert result["changed"] is True
    (stored,) = flow_logs_of(ec2, vpc_ids[0])
    assert stored["FlowLogId"] == created["flow_logs"][0]["flow_log_id"]
    assert tags_of(stored) == {"keep": "1", "change": "new", "add": "3"}
    assert result["flow_logs"][0]["tags"] == tags_of(stored)


def test_purge_tags_false_keeps_other_tags(run_module, ec2, vpc_ids):
    run_module(main, cwl_args(vpc_ids[:1], tags={"a": "1"}))

    result = run_module(main, cwl_args(vpc_ids[:1], tags={"b": "2"}, purge_tags=False))

    assert result["changed"] is True
    assert tags_of(flow_logs_of(ec2, vpc_ids[0])[0]) == {"a": "1", "b": "2"}


def test_omitted_tags_are_left_alone(run_module, ec2, vpc_ids):
    run_module(main, cwl_args(vpc_ids[:1], tags={"a": "1"}))

    result = run_module(main, cwl_args(vpc_ids[:1]))

    assert result["changed"] is False
    assert tags_of(flow_logs_of(ec2, vpc_ids[0])[0]) == {"a": "1"}


def test_changed_traffic_type_replaces_the_flow_log(run_module, ec2, vpc_ids):
    created = run_module(main, cwl_args(vpc_ids[:2], tags={"a": "1"}))

    result = run_module(main, cwl_args(vpc_ids[:1], traffic_type="REJECT", tags={"a": "1"}))

    assert result["changed"] is True
    (stored,) = flow_logs_of(ec2, vpc_ids[0])
    assert stored["TrafficType"] == "REJECT"
    assert stored["FlowLogId"] != created["flow_logs"][0]["flow_log_id"]
    assert tags_of(stored) == {"a": "1"}
    assert result["flow_logs"][0]["flow_log_id"] == stored["FlowLogId"]
    # The VPC left out of the task keeps its flow log.
    assert flow_logs_of(ec2, vpc_ids[1])[0]["FlowLogId"] == created["flow_logs"][1]["flow_log_id"]


def test_changed_aggregation_interval_replaces_in_check_mode_without_calls(run_module, ec2, vpc_ids):
    created = run_module(main, cwl_args(vpc_ids[:1]))

    result = run_module(main, cwl_args(vpc_ids[:1], max_aggregation_interval=60), check_mode=True)

    assert result["changed"] is True
    assert result["flow_logs"][0]["max_aggregation_interval"] == 60
    (stored,) = flow_logs_of(ec2, vpc_ids[0])
    assert (stored["FlowLogId"], stored["MaxAggregationInterval"]) == (created["flow_logs"][0]["flow_log_id"], 600)


def test_log_format_is_compared_only_when_set(run_module, ec2, vpc_ids):
    custom = "${version} ${srcaddr} ${dstaddr} ${action}"
    run_module(main, cwl_args(vpc_ids[:1], log_format=custom))

    unset = run_module(main, cwl_args(vpc_ids[:1]))
    back_to_default = run_module(main, cwl_args(vpc_ids[:1], log_format=DEFAULT_FORMAT))

    assert unset["changed"] is False
    assert unset["flow_logs"][0]["log_format"] == custom
    assert back_to_default["changed"] is True
    assert flow_logs_of(ec2, vpc_ids[0])[0]["LogFormat"] == DEFAULT_FORMAT


def test_log_group_arn_matches_a_flow_log_created_by_name(run_module, ec2, vpc_ids):
    run_module(main, cwl_args(vpc_ids[:1]))
    arn = f"arn:aws:logs:{REGION}:123456789012:log-group:{LOG_GROUP}:*"

    result = run_module(main, dict(resource_ids=vpc_ids[:1], log_destination=arn, deliver_logs_permission_arn=ROLE_ARN))

    assert result["changed"] is False
    assert result["flow_logs"][0]["log_group_name"] == LOG_GROUP


def test_another_destination_is_a_separate_flow_log(run_module, ec2, vpc_ids):
    run_module(main, cwl_args(vpc_ids[:1]))

    result = run_module(main, cwl_args(vpc_ids[:1], log_group_name="other-group"))

    assert result["changed"] is True
    assert sorted(fl["LogGroupName"] for fl in flow_logs_of(ec2, vpc_ids[0])) == ["flow-logs", "other-group"]


def test_subnet_and_network_interface_resources(run_module, ec2, vpc_ids):
    subnet_id = ec2.create_subnet(VpcId=vpc_ids[0], CidrBlock="10.0.1.0/24")["Subnet"]["SubnetId"]
    eni_id = ec2.create_network_interface(SubnetId=subnet_id)["NetworkInterface"]["NetworkInterfaceId"]

    subnet = run_module(main, cwl_args([subnet_id], resource_type="Subnet", traffic_type="ACCEPT"))
    eni = run_module(main, cwl_args([eni_id], resource_type="NetworkInterface"))

    assert subnet["changed"] and eni["changed"]
    assert flow_logs_of(ec2, subnet_id)[0]["TrafficType"] == "ACCEPT"
    assert flow_logs_of(ec2, eni_id)[0]["FlowLogId"] == eni["flow_logs"][0]["flow_log_id"]


@pytest.mark.usefixtures("bucket")
def test_s3_destination(run_module, ec2, vpc_ids):
    args = dict(
        resource_ids=vpc_ids[:2],
        log_destination_type="s3",
        log_destination=BUCKET_ARN,
        traffic_type="REJECT",
        max_aggregation_interval=60,
    )

    created = run_module(main, args)
    again = run_module(main, args)

    assert created["changed"] is True
    assert again["changed"] is False
    for resource_id in vpc_ids[:2]:
        (stored,) = flow_logs_of(ec2, resource_id)
        assert stored["LogDestinationType"] == "s3"
        assert stored["LogDestination"] == BUCKET_ARN
        assert (stored["TrafficType"], stored["MaxAggregationInterval"]) == ("REJECT", 60)
        assert "LogGroupName" not in stored


def test_missing_bucket_is_reported_per_resource(run_module, ec2, vpc_ids):
    result = run_module(
        main, dict(resource_ids=vpc_ids[:1], log_destination_type="s3", log_destination="arn:aws:s3:::missing")
    )

    assert result["failed"] is True
    assert vpc_ids[0] in result["msg"] and "does not exist" in result["msg"]
    assert result["unsuccessful"][0]["resource_id"] == vpc_ids[0]
    assert ec2.describe_flow_logs()["FlowLogs"] == []


def test_unknown_vpc_fails_with_the_aws_error(run_module, ec2):
    result = run_module(main, cwl_args(["vpc-0123456789abcdef0"]))

    assert result["failed"] is True
    assert result["msg"].startswith("Failed to create flow logs for vpc-0123456789abcdef0")
    assert result["error"]["code"] == "InvalidVpcID.NotFound"


def test_diff_shows_before_and_after(run_module, ec2, vpc_ids):
    created = run_module(main, cwl_args(vpc_ids[:1]))

    result = run_module(main, cwl_args(vpc_ids[:1], traffic_type="ACCEPT"), diff=True)

    assert [fl["traffic_type"] for fl in result["diff"]["before"]["flow_logs"]] == ["ALL"]
    assert result["diff"]["before"]["flow_logs"][0]["flow_log_id"] == created["flow_logs"][0]["flow_log_id"]
    assert result["diff"]["after"]["flow_logs"] == result["flow_logs"]
    assert result["flow_logs"][0]["traffic_type"] == "ACCEPT"


def test_absent_deletes_only_the_given_resources(run_module, ec2, vpc_ids):
    run_module(main, cwl_args(vpc_ids))

    result = run_module(main, cwl_args(vpc_ids[:2], state="absent"))

    assert result == dict(changed=True, flow_logs=[], failed=False)
    assert flow_logs_of(ec2, vpc_ids[0]) == flow_logs_of(ec2, vpc_ids[1]) == []
    assert len(flow_logs_of(ec2, vpc_ids[2])) == 1


def test_absent_when_nothing_exists_changes_nothing(run_module, ec2, vpc_ids):
    result = run_module(main, dict(state="absent", resource_ids=vpc_ids))

    assert result["changed"] is False
    assert result["flow_logs"] == []


def test_absent_in_check_mode_deletes_nothing(run_module, ec2, vpc_ids):
    run_module(main, cwl_args(vpc_ids[:1]))

    result = run_module(main, dict(state="absent", resource_ids=vpc_ids[:1]), check_mode=True, diff=True)

    assert result["changed"] is True
    assert [fl["resource_id"] for fl in result["diff"]["before"]["flow_logs"]] == vpc_ids[:1]
    assert len(flow_logs_of(ec2, vpc_ids[0])) == 1


@pytest.mark.usefixtures("bucket")
def test_absent_matches_the_destination_when_given(run_module, ec2, vpc_ids):
    s3_args = dict(resource_ids=vpc_ids[:1], log_destination_type="s3", log_destination=BUCKET_ARN)
    run_module(main, cwl_args(vpc_ids[:1]))
    run_module(main, s3_args)

    only_s3 = run_module(main, dict(s3_args, state="absent"))
    assert only_s3["changed"] is True
    assert [fl["LogDestinationType"] for fl in flow_logs_of(ec2, vpc_ids[0])] == ["cloud-watch-logs"]

    run_module(main, s3_args)
    everything = run_module(main, dict(state="absent", resource_ids=vpc_ids[:1]))
    assert everything["changed"] is True
    assert flow_logs_of(ec2, vpc_ids[0]) == []


@pytest.mark.parametrize(
    "args, message",
    [
        (dict(log_group_name=LOG_GROUP), "requires deliver_logs_permission_arn"),
        (dict(deliver_logs_permission_arn=ROLE_ARN), "requires log_group_name or log_destination"),
        (dict(log_destination_type="s3"), "log_destination_type=s3 requires log_destination"),
        (
            dict(log_destination_type="kinesis-data-firehose"),
            "log_destination_type=kinesis-data-firehose requires log_destination",
        ),
        (
            dict(log_destination_type="s3", log_group_name=LOG_GROUP),
            "log_group_name can only be used with log_destination_type=cloud-watch-logs",
        ),
        (
            dict(log_group_name=LOG_GROUP, deliver_logs_permission_arn=ROLE_ARN, destination_options={}),
            "destination_options can only be used with log_destination_type=s3",
        ),
        (
            dict(log_group_name=LOG_GROUP, log_destination=BUCKET_ARN, deliver_logs_permission_arn=ROLE_ARN),
            "parameters are mutually exclusive: log_group_name|log_destination",
        ),
        (
            dict(
                resource_type="TransitGateway",
                traffic_type="ALL",
                log_destination_type="s3",
                log_destination=BUCKET_ARN,
            ),
            "traffic_type is not supported for resource_type=TransitGateway",
        ),
        (
            dict(
                resource_type="TransitGatewayAttachment",
                max_aggregation_interval=600,
                log_destination_type="s3",
                log_destination=BUCKET_ARN,
            ),
            "max_aggregation_interval must be 60 for resource_type=TransitGatewayAttachment",
        ),
        (dict(max_aggregation_interval=300, log_group_name=LOG_GROUP), "max_aggregation_interval must be one of"),
    ],
)
def test_invalid_combinations_fail_before_any_change(run_module, ec2, vpc_ids, args, message):
    result = run_module(main, dict(args, resource_ids=vpc_ids[:1]))

    assert result["failed"] is True
    assert message in result["msg"]
    assert ec2.describe_flow_logs()["FlowLogs"] == []


# --- Stubber ------------------------------------------------------------------------------------

VPC_ID = "vpc-0123456789abcdef0"
TGW_ID = "tgw-0123456789abcdef0"


def described(flow_log_id, resource_id=VPC_ID, **attributes):
    """A DescribeFlowLogs item: a CloudWatch Logs flow log unless ``attributes`` say otherwise (None drops a key)."""
    flow_log = dict(
        FlowLogId=flow_log_id,
        ResourceId=resource_id,
        CreationTime=datetime.datetime(2024, 5, 1, tzinfo=datetime.timezone.utc),
        FlowLogStatus="ACTIVE",
        DeliverLogsStatus="SUCCESS",
        TrafficType="ALL",
        LogDestinationType="cloud-watch-logs",
        LogGroupName=LOG_GROUP,
        DeliverLogsPermissionArn=ROLE_ARN,
        LogFormat=DEFAULT_FORMAT,
        MaxAggregationInterval=600,
        Tags=[],
    )
    flow_log.update(attributes)
    return {key: value for key, value in flow_log.items() if value is not None}


def expect_describe(stubber, filter_name, values, flow_logs):
    stubber.add_response(
        "describe_flow_logs", {"FlowLogs": flow_logs}, {"Filters": [{"Name": filter_name, "Values": values}]}
    )


# What the module sends for cwl_args(): the options it defaults are sent explicitly.
CWL_REQUEST = dict(
    ResourceType="VPC",
    TrafficType="ALL",
    LogDestinationType="cloud-watch-logs",
    LogGroupName=LOG_GROUP,
    DeliverLogsPermissionArn=ROLE_ARN,
    MaxAggregationInterval=600,
)


def expect_create(stubber, resource_ids, flow_log_ids, request=None):
    stubber.add_response(
        "create_flow_logs",
        {"FlowLogIds": flow_log_ids, "Unsuccessful": []},
        dict(request or CWL_REQUEST, ResourceIds=resource_ids),
    )


def test_unsuccessful_items_fail_the_task(run_module, stubbed_ec2):
    expect_describe(stubbed_ec2, "resource-id", [VPC_ID], [])
    stubbed_ec2.add_response(
        "create_flow_logs",
        {
            "FlowLogIds": [],
            "Unsuccessful": [
                {"ResourceId": VPC_ID, "Error": {"Code": "InvalidParameter", "Message": "Access denied to log group"}}
            ],
        },
    )

    result = run_module(main, cwl_args([VPC_ID]))

    assert result["failed"] is True
    assert result["msg"] == f"Failed to create flow logs: {VPC_ID}: InvalidParameter Access denied to log group"
    assert result["unsuccessful"] == [
        {"resource_id": VPC_ID, "error": {"code": "InvalidParameter", "message": "Access denied to log group"}}
    ]


def test_throttled_calls_are_retried(run_module, stubbed_ec2, sleeps):
    stubbed_ec2.add_client_error("describe_flow_logs", service_error_code="RequestLimitExceeded")
    expect_describe(stubbed_ec2, "resource-id", [VPC_ID], [])
    stubbed_ec2.add_client_error("create_flow_logs", service_error_code="Throttling")
    expect_create(stubbed_ec2, [VPC_ID], ["fl-new"])
    expect_describe(stubbed_ec2, "flow-log-id", ["fl-new"], [described("fl-new")])

    result = run_module(main, cwl_args([VPC_ID]))

    assert result["changed"] is True
    assert result["flow_logs"][0]["flow_log_id"] == "fl-new"
    assert len(sleeps) == 2


def test_flow_log_deleted_meanwhile_is_replaced_all_the_same(run_module, stubbed_ec2):
    expect_describe(stubbed_ec2, "resource-id", [VPC_ID], [described("fl-old", TrafficType="ACCEPT")])
    stubbed_ec2.add_client_error(
        "delete_flow_logs", service_error_code="InvalidFlowLogId.NotFound", expected_params={"FlowLogIds": ["fl-old"]}
    )
    expect_create(stubbed_ec2, [VPC_ID], ["fl-new"])
    expect_describe(stubbed_ec2, "flow-log-id", ["fl-new"], [described("fl-new")])

    result = run_module(main, cwl_args([VPC_ID]))

    assert result["changed"] is True
    assert result["flow_logs"][0]["flow_log_id"] == "fl-new"


def test_extra_flow_logs_for_the_same_destination_are_deleted(run_module, stubbed_ec2):
    matching = described("fl-keep", Tags=[{"Key": "a", "Value": "1"}])
    expect_describe(stubbed_ec2, "resource-id", [VPC_ID], [described("fl-extra", TrafficType="REJECT"), matching])
    stubbed_ec2.add_response("delete_flow_logs", {"Unsuccessful": []}, {"FlowLogIds": ["fl-extra"]})
    expect_describe(stubbed_ec2, "flow-log-id", ["fl-keep"], [matching])

    result = run_module(main, cwl_args([VPC_ID]))

    assert result["changed"] is True
    assert [fl["flow_log_id"] for fl in result["flow_logs"]] == ["fl-keep"]
    assert result["flow_logs"][0]["tags"] == {"a": "1"}


def test_failed_deletion_is_reported(run_module, stubbed_ec2):
    expect_describe(stubbed_ec2, "resource-id", [VPC_ID], [described("fl-old")])
    stubbed_ec2.add_response(
        "delete_flow_logs",
        {"Unsuccessful": [{"ResourceId": "fl-old", "Error": {"Code": "UnauthorizedOperation", "Message": "denied"}}]},
    )

    result = run_module(main, dict(state="absent", resource_ids=[VPC_ID]))

    assert result["failed"] is True
    assert result["msg"] == "Failed to delete flow logs: fl-old: UnauthorizedOperation denied"


@pytest.mark.parametrize(
    "reported, changed",
    [
        (dict(FileFormat="parquet", HiveCompatiblePartitions=True, PerHourPartition=False), False),
        (dict(FileFormat="plain-text", HiveCompatiblePartitions=True, PerHourPartition=False), True),
    ],
)
def test_destination_options_are_compared(run_module, stubbed_ec2, reported, changed):
    existing = described(
        "fl-s3",
        LogDestinationType="s3",
        LogDestination=BUCKET_ARN,
        LogGroupName=None,
        DeliverLogsPermissionArn=None,
        DestinationOptions=reported,
    )
    expect_describe(stubbed_ec2, "resource-id", [VPC_ID], [existing])
    args = dict(
        resource_ids=[VPC_ID],
        log_destination_type="s3",
        log_destination=BUCKET_ARN,
        destination_options=dict(file_format="parquet", hive_compatible_partitions=True),
    )

    result = run_module(main, args, check_mode=True)

    assert result["changed"] is changed
    assert result["flow_logs"][0]["destination_options"] == dict(
        file_format="parquet", hive_compatible_partitions=True, per_hour_partition=False
    )


def test_transit_gateway_defaults(run_module, stubbed_ec2):
    expect_describe(stubbed_ec2, "resource-id", [TGW_ID], [])
    # No TrafficType and a 60 s interval: AWS rejects anything else for transit gateways.
    tgw_request = dict(
        ResourceType="TransitGateway",
        LogDestinationType="s3",
        LogDestination=BUCKET_ARN,
        MaxAggregationInterval=60,
        TagSpecifications=[{"ResourceType": "vpc-flow-log", "Tags": [{"Key": "a", "Value": "1"}]}],
    )
    expect_create(stubbed_ec2, [TGW_ID], ["fl-tgw"], tgw_request)
    created = described(
        "fl-tgw",
        resource_id=TGW_ID,
        TrafficType=None,
        LogDestinationType="s3",
        LogDestination=BUCKET_ARN,
        LogGroupName=None,
        DeliverLogsPermissionArn=None,
        MaxAggregationInterval=60,
        Tags=[{"Key": "a", "Value": "1"}],
    )
    expect_describe(stubbed_ec2, "flow-log-id", ["fl-tgw"], [created])

    args = dict(
        resource_ids=[TGW_ID],
        resource_type="TransitGateway",
        log_destination_type="s3",
        log_destination=BUCKET_ARN,
        tags={"a": "1"},
    )
    result = run_module(main, args)

    assert result["changed"] is True
    assert result["flow_logs"][0]["max_aggregation_interval"] == 60
    assert result["flow_logs"][0]["tags"] == {"a": "1"}


def test_create_calls_are_batched_by_25(run_module, stubbed_ec2):
    resource_ids = [f"vpc-{index:017x}" for index in range(30)]
    expect_describe(stubbed_ec2, "resource-id", resource_ids[:25], [])
    expect_describe(stubbed_ec2, "resource-id", resource_ids[25:], [])
    created_ids = [f"fl-{resource_id[4:]}" for resource_id in resource_ids]
    for batch in (slice(0, 25), slice(25, 30)):
        expect_create(stubbed_ec2, resource_ids[batch], created_ids[batch])
    for batch in (slice(0, 25), slice(25, 30)):
        created = [described(f"fl-{r[4:]}", r) for r in resource_ids[batch]]
        expect_describe(stubbed_ec2, "flow-log-id", created_ids[batch], created)

    result = run_module(main, cwl_args(resource_ids))

    assert [fl["flow_log_id"] for fl in result["flow_logs"]] == created_ids
