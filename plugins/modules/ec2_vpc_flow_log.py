#!/usr/bin/python
# -*- coding: utf-8 -*-

# Copyright: seed.aws_platform maintainers
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

DOCUMENTATION = r"""
---
module: ec2_vpc_flow_log
version_added: 0.1.0
short_description: Manage VPC flow logs
description:
  - Creates, replaces, tags and deletes flow logs of VPCs, subnets, network interfaces, transit gateways
    and transit gateway attachments.
  - All resources listed in O(resource_ids) are converged in one task, with one flow log per resource
    for the destination given, which is much faster than looping over the module.
  - A flow log is identified by its resource, O(log_destination_type) and destination
    (the log group for V(cloud-watch-logs), the ARN in O(log_destination) otherwise).
author: seed.aws_platform maintainers (!UNKNOWN)
options:
  state:
    description:
      - Whether the flow logs should exist.
    type: str
    default: present
    choices: ['present', 'absent']
  resource_ids:
    description:
      - IDs of the resources whose traffic is logged, all of the type O(resource_type).
      - Duplicates are ignored.
    type: list
    elements: str
    required: true
  resource_type:
    description:
      - The type of every resource in O(resource_ids).
    type: str
    default: VPC
    choices: ['VPC', 'Subnet', 'NetworkInterface', 'TransitGateway', 'TransitGatewayAttachment']
  traffic_type:
    description:
      - The type of traffic to log.
      - Defaults to V(ALL) for V(VPC), V(Subnet) and V(NetworkInterface) resources.
      - AWS does not accept it for V(TransitGateway) and V(TransitGatewayAttachment) resources.
    type: str
    choices: ['ACCEPT', 'REJECT', 'ALL']
  log_destination_type:
    description:
      - Where the flow log records are published.
    type: str
    default: cloud-watch-logs
    choices: ['cloud-watch-logs', 's3', 'kinesis-data-firehose']
  log_group_name:
    description:
      - Name of the CloudWatch Logs log group the records are published to.
      - Only with O(log_destination_type=cloud-watch-logs), where it or O(log_destination) is required
        when O(state=present).
    type: str
  log_destination:
    description:
      - ARN of the destination the records are published to.
      - A log group ARN for O(log_destination_type=cloud-watch-logs), an S3 bucket ARN (optionally with a
        key prefix, for example V(arn:aws:s3:::my-bucket/flow-logs/)) for O(log_destination_type=s3), a
        Firehose delivery stream ARN for O(log_destination_type=kinesis-data-firehose).
      - Required when O(state=present) and O(log_destination_type) is V(s3) or V(kinesis-data-firehose).
    type: str
  deliver_logs_permission_arn:
    description:
      - ARN of the IAM role that allows the flow log to publish to the destination.
      - Required when O(state=present) and O(log_destination_type=cloud-watch-logs), and for
        V(kinesis-data-firehose) when the delivery stream is in another account.
    type: str
  log_format:
    description:
      - The fields of a flow log record, in order, for example V(${version} ${srcaddr} ${dstaddr} ${action}).
      - When omitted, AWS uses its default format on creation, and the format of an existing flow log is
        not compared, so it is left as it is. Set it explicitly to go back to a given format.
    type: str
  max_aggregation_interval:
    description:
      - The longest interval, in seconds, over which packets are aggregated into one record.
      - Defaults to V(600), or V(60) for V(TransitGateway) and V(TransitGatewayAttachment) resources,
        which accept nothing else.
    type: int
    choices: [60, 600]
  destination_options:
    description:
      - Format and partitioning of the log files, only with O(log_destination_type=s3).
      - When omitted, AWS uses its defaults on creation, and the options of an existing flow log are not
        compared.
    type: dict
    suboptions:
      file_format:
        description:
          - Format of the log files.
        type: str
        default: plain-text
        choices: ['plain-text', 'parquet']
      hive_compatible_partitions:
        description:
          - Whether to use Hive-compatible prefixes for the log files.
        type: bool
        default: false
      per_hour_partition:
        description:
          - Whether to partition the log files per hour rather than per day.
        type: bool
        default: false
notes:
  - AWS cannot modify a flow log except for its tags. When O(traffic_type), O(log_format),
    O(max_aggregation_interval), O(deliver_logs_permission_arn) or O(destination_options) differ from an
    existing flow log, the module replaces it (deletes it, then creates a new one with a new ID) and reports
    a change. Records are not delivered between the deletion and the creation.
  - Tags are updated in place.
  - When a resource has several flow logs for the same destination, one that matches the options is kept
    and the others are deleted.
  - With O(state=absent), the flow logs of the resources for the given destination are deleted; when neither
    O(log_group_name) nor O(log_destination) is given, all flow logs of the resources are deleted, whatever
    their destination.
  - This module supports check mode and diff mode.
extends_documentation_fragment:
  - amazon.aws.common.modules
  - amazon.aws.region.modules
  - amazon.aws.tags
  - amazon.aws.boto3
"""

EXAMPLES = r"""
# Note: These examples do not set authentication details, see the AWS Guide for details.

- name: Log all traffic of three VPCs to a CloudWatch Logs log group
  seed.aws_platform.ec2_vpc_flow_log:
    resource_ids:
      - vpc-0123456789abcdef0
      - vpc-0123456789abcdef1
      - vpc-0123456789abcdef2
    log_group_name: /vpc/flow-logs
    deliver_logs_permission_arn: arn:aws:iam::123456789012:role/vpc-flow-logs
    tags:
      Environment: production
  register: flow_logs

- name: Log rejected traffic of subnets to S3 as Parquet, aggregated per minute
  seed.aws_platform.ec2_vpc_flow_log:
    resource_type: Subnet
    resource_ids: "{{ subnet_ids }}"
    traffic_type: REJECT
    log_destination_type: s3
    log_destination: arn:aws:s3:::my-flow-log-bucket/subnets/
    max_aggregation_interval: 60
    log_format: "${version} ${vpc-id} ${subnet-id} ${srcaddr} ${dstaddr} ${action}"
    destination_options:
      file_format: parquet
      hive_compatible_partitions: true
      per_hour_partition: true

- name: Log a transit gateway to a Firehose delivery stream
  seed.aws_platform.ec2_vpc_flow_log:
    resource_type: TransitGateway
    resource_ids:
      - tgw-0123456789abcdef0
    log_destination_type: kinesis-data-firehose
    log_destination: arn:aws:firehose:us-east-1:123456789012:deliverystream/tgw-flow-logs

- name: Add a tag to existing flow logs without removing the others
  seed.aws_platform.ec2_vpc_flow_log:
    resource_ids:
      - vpc-0123456789abcdef0
    log_group_name: /vpc/flow-logs
    deliver_logs_permission_arn: arn:aws:iam::123456789012:role/vpc-flow-logs
    tags:
      CostCenter: "1234"
    purge_tags: false

- name: Delete the S3 flow logs of a VPC
  seed.aws_platform.ec2_vpc_flow_log:
    state: absent
    resource_ids:
      - vpc-0123456789abcdef0
    log_destination_type: s3
    log_destination: arn:aws:s3:::my-flow-log-bucket/vpcs/

- name: Delete every flow log of two VPCs
  seed.aws_platform.ec2_vpc_flow_log:
    state: absent
    resource_ids:
      - vpc-0123456789abcdef1
      - vpc-0123456789abcdef2
"""

RETURN = r"""
flow_logs:
  description:
    - The flow logs, one for each resource of O(resource_ids) in the same order, duplicates removed.
    - Empty when O(state=absent).
    - In check mode, a flow log that would be created has no RV(flow_logs[].flow_log_id).
  returned: always
  type: list
  elements: dict
  contains:
    creation_time:
      description: When the flow log was created.
      returned: when the flow log exists
      type: str
      sample: "2024-05-01T10:20:30+00:00"
    deliver_logs_error_message:
      description: Why the delivery of records failed, when it did.
      returned: when the delivery failed
      type: str
      sample: Access error
    deliver_logs_permission_arn:
      description: ARN of the IAM role that publishes the records.
      returned: when set
      type: str
      sample: arn:aws:iam::123456789012:role/vpc-flow-logs
    deliver_logs_status:
      description: Status of the delivery of records.
      returned: when the flow log exists
      type: str
      sample: SUCCESS
    destination_options:
      description: Format and partitioning of the log files in S3.
      returned: when the destination is S3
      type: dict
      contains:
        file_format:
          description: Format of the log files.
          type: str
          sample: parquet
        hive_compatible_partitions:
          description: Whether Hive-compatible prefixes are used.
          type: bool
          sample: false
        per_hour_partition:
          description: Whether the log files are partitioned per hour.
          type: bool
          sample: true
    flow_log_id:
      description: ID of the flow log.
      returned: when the flow log exists
      type: str
      sample: fl-0123456789abcdef0
    flow_log_status:
      description: Status of the flow log.
      returned: when the flow log exists
      type: str
      sample: ACTIVE
    log_destination:
      description: ARN of the destination.
      returned: when set
      type: str
      sample: arn:aws:s3:::my-flow-log-bucket/subnets/
    log_destination_type:
      description: Type of the destination.
      returned: always
      type: str
      sample: cloud-watch-logs
    log_format:
      description: The fields of a flow log record.
      returned: when the flow log exists or O(log_format) is set
      type: str
      sample: >-
        ${version} ${account-id} ${interface-id} ${srcaddr} ${dstaddr} ${srcport} ${dstport}
        ${protocol} ${packets} ${bytes} ${start} ${end} ${action} ${log-status}
    log_group_name:
      description: Name of the CloudWatch Logs log group.
      returned: when the destination is a log group given by name
      type: str
      sample: /vpc/flow-logs
    max_aggregation_interval:
      description: The longest aggregation interval of a record, in seconds.
      returned: always
      type: int
      sample: 600
    resource_id:
      description: ID of the resource whose traffic is logged.
      returned: always
      type: str
      sample: vpc-0123456789abcdef0
    tags:
      description: Tags of the flow log.
      returned: always
      type: dict
      sample: {"Environment": "production"}
    traffic_type:
      description: The type of traffic logged.
      returned: for VPC, subnet and network interface resources
      type: str
      sample: ALL
"""

from typing import Any
from typing import Dict
from typing import Iterator
from typing import List
from typing import Optional

try:
    import botocore
except ImportError:
    pass  # Handled by AnsibleAWSModule

from ansible.module_utils.common.dict_transformations import camel_dict_to_snake_dict
from ansible.module_utils.common.dict_transformations import snake_dict_to_camel_dict

from ansible_collections.amazon.aws.plugins.module_utils.botocore import is_boto3_error_code
from ansible_collections.amazon.aws.plugins.module_utils.modules import AnsibleAWSModule
from ansible_collections.amazon.aws.plugins.module_utils.retries import AWSRetry
from ansible_collections.amazon.aws.plugins.module_utils.tagging import ansible_dict_to_boto3_tag_list
from ansible_collections.amazon.aws.plugins.module_utils.tagging import boto3_tag_list_to_ansible_dict
from ansible_collections.amazon.aws.plugins.module_utils.tagging import boto3_tag_specifications
from ansible_collections.amazon.aws.plugins.module_utils.tagging import compare_aws_tags

from ansible_collections.seed.aws_platform.plugins.module_utils.ec2_flow_logs import describe_flow_logs
from ansible_collections.seed.aws_platform.plugins.module_utils.ec2_flow_logs import normalize_flow_log

TRANSIT_GATEWAY_TYPES = ("TransitGateway", "TransitGatewayAttachment")

# Attributes AWS cannot modify on an existing flow log: a difference means replacement.
IMMUTABLE_ATTRIBUTES = (
    "TrafficType",
    "DeliverLogsPermissionArn",
    "LogFormat",
    "MaxAggregationInterval",
    "DestinationOptions",
)

# What AWS applies to an S3 flow log created without DestinationOptions, and so what a flow log
# that DescribeFlowLogs reports without them is taken to have.
DEFAULT_DESTINATION_OPTIONS = {"FileFormat": "plain-text", "HiveCompatiblePartitions": False, "PerHourPartition": False}

# CreateFlowLogs takes at most 25 transit gateway resources; one batch size for every call keeps
# each request well inside the API's limits.
BATCH_SIZE = 25

NOT_FOUND_CODE = "InvalidFlowLogId.NotFound"


def validate_params(module: AnsibleAWSModule) -> None:
    params = module.params
    destination_type = params["log_destination_type"]
    if params["log_group_name"] and destination_type != "cloud-watch-logs":
        module.fail_json(msg="log_group_name can only be used with log_destination_type=cloud-watch-logs.")
    if params["destination_options"] and destination_type != "s3":
        module.fail_json(msg="destination_options can only be used with log_destination_type=s3.")
    if params["state"] == "absent":
        return
    if params["resource_type"] in TRANSIT_GATEWAY_TYPES:
        if params["traffic_type"]:
            module.fail_json(msg=f"traffic_type is not supported for resource_type={params['resource_type']}.")
        if params["max_aggregation_interval"] == 600:
            module.fail_json(msg=f"max_aggregation_interval must be 60 for resource_type={params['resource_type']}.")
    if destination_type == "cloud-watch-logs":
        if not (params["log_group_name"] or params["log_destination"]):
            module.fail_json(msg="log_destination_type=cloud-watch-logs requires log_group_name or log_destination.")
        if not params["deliver_logs_permission_arn"]:
            module.fail_json(msg="log_destination_type=cloud-watch-logs requires deliver_logs_permission_arn.")
    elif not params["log_destination"]:
        module.fail_json(msg=f"log_destination_type={destination_type} requires log_destination.")


def build_desired_flow_log(params: Dict[str, Any]) -> Dict[str, Any]:
    """The wanted flow log, shaped like DescribeFlowLogs output; its keys are also CreateFlowLogs parameters.

    Options the user left unset and AWS has no fixed default for are left out, so they are neither
    sent nor compared.
    """
    transit_gateway = params["resource_type"] in TRANSIT_GATEWAY_TYPES
    desired = {
        "LogDestinationType": params["log_destination_type"],
        "MaxAggregationInterval": params["max_aggregation_interval"] or (60 if transit_gateway else 600),
    }
    if not transit_gateway:
        desired["TrafficType"] = params["traffic_type"] or "ALL"
    for option, key in (
        ("log_group_name", "LogGroupName"),
        ("log_destination", "LogDestination"),
        ("deliver_logs_permission_arn", "DeliverLogsPermissionArn"),
        ("log_format", "LogFormat"),
    ):
        if params[option] is not None:
            desired[key] = params[option]
    if params["destination_options"] is not None:
        desired["DestinationOptions"] = snake_dict_to_camel_dict(params["destination_options"], capitalize_first=True)
    return desired


def log_group_name(flow_log: Dict[str, Any]) -> Optional[str]:
    if flow_log.get("LogGroupName"):
        return flow_log["LogGroupName"]
    # arn:aws:logs:REGION:ACCOUNT:log-group:NAME, optionally followed by :*
    arn_parts = (flow_log.get("LogDestination") or "").split(":")
    return arn_parts[6] if len(arn_parts) > 6 else None


def destination_matches(flow_log: Dict[str, Any], desired: Dict[str, Any]) -> bool:
    if "LogGroupName" not in desired and "LogDestination" not in desired:
        return True
    if flow_log.get("LogDestinationType") != desired["LogDestinationType"]:
        return False
    if desired["LogDestinationType"] == "cloud-watch-logs":
        # AWS may report a log group by name, by ARN or both, whichever way it was given.
        return log_group_name(flow_log) == log_group_name(desired)
    return flow_log.get("LogDestination") == desired["LogDestination"]


def needs_replacement(flow_log: Dict[str, Any], desired: Dict[str, Any]) -> bool:
    current = dict(flow_log)
    current["DestinationOptions"] = {**DEFAULT_DESTINATION_OPTIONS, **flow_log.get("DestinationOptions", {})}
    return any(current.get(key) != desired[key] for key in IMMUTABLE_ATTRIBUTES if key in desired)


def batches(items: List[str]) -> Iterator[List[str]]:
    for start in range(0, len(items), BATCH_SIZE):
        yield items[start : start + BATCH_SIZE]


def describe_by_filter(client, module: AnsibleAWSModule, filter_name: str, values: List[str]) -> List[Dict[str, Any]]:
    flow_logs = []
    try:
        for batch in batches(values):
            flow_logs += describe_flow_logs(client, Filters=[{"Name": filter_name, "Values": batch}])
    except (botocore.exceptions.ClientError, botocore.exceptions.BotoCoreError) as e:
        module.fail_json_aws(e, msg="Failed to describe flow logs")
    return flow_logs


def find_flow_logs(client, module: AnsibleAWSModule, resource_ids: List[str], desired: Dict[str, Any]):
    """Map each resource ID to its flow logs for the desired destination."""
    found = {resource_id: [] for resource_id in resource_ids}
    for flow_log in describe_by_filter(client, module, "resource-id", resource_ids):
        if flow_log["ResourceId"] in found and destination_matches(flow_log, desired):
            found[flow_log["ResourceId"]].append(flow_log)
    return found


def fail_on_unsuccessful(module: AnsibleAWSModule, action: str, unsuccessful: List[Dict[str, Any]]) -> None:
    if unsuccessful:
        details = "; ".join(
            f"{item['ResourceId']}: {item['Error']['Code']} {item['Error']['Message']}" for item in unsuccessful
        )
        module.fail_json(
            msg=f"Failed to {action} flow logs: {details}",
            unsuccessful=[camel_dict_to_snake_dict(item) for item in unsuccessful],
        )


def delete_flow_logs(client, module: AnsibleAWSModule, flow_log_ids: List[str]) -> None:
    unsuccessful = []
    for batch in batches(flow_log_ids):
        try:
            response = client.delete_flow_logs(aws_retry=True, FlowLogIds=batch)
        except is_boto3_error_code(NOT_FOUND_CODE):
            # Already deleted by someone else since we described it: that is the goal anyway.
            continue
        except (
            botocore.exceptions.ClientError,
            botocore.exceptions.BotoCoreError,
        ) as e:  # pylint: disable=duplicate-except
            module.fail_json_aws(e, msg=f"Failed to delete flow logs {', '.join(batch)}")
        unsuccessful += [item for item in response.get("Unsuccessful", []) if item["Error"]["Code"] != NOT_FOUND_CODE]
    fail_on_unsuccessful(module, "delete", unsuccessful)


def create_flow_logs(client, module: AnsibleAWSModule, resource_ids: List[str], desired: Dict[str, Any]) -> List[str]:
    """Create the desired flow log for each resource and return the new flow log IDs."""
    request = dict(desired, ResourceType=module.params["resource_type"])
    if module.params["tags"]:
        request["TagSpecifications"] = boto3_tag_specifications(module.params["tags"], ["vpc-flow-log"])
    flow_log_ids, unsuccessful = [], []
    for batch in batches(resource_ids):
        try:
            response = client.create_flow_logs(aws_retry=True, ResourceIds=batch, **request)
        except (botocore.exceptions.ClientError, botocore.exceptions.BotoCoreError) as e:
            module.fail_json_aws(e, msg=f"Failed to create flow logs for {', '.join(batch)}")
        flow_log_ids += response.get("FlowLogIds", [])
        unsuccessful += response.get("Unsuccessful", [])
    fail_on_unsuccessful(module, "create", unsuccessful)
    return flow_log_ids


def update_tags(
    client, module: AnsibleAWSModule, flow_log_id: str, to_set: Dict[str, str], to_unset: List[str]
) -> None:
    try:
        if to_unset:
            client.delete_tags(aws_retry=True, Resources=[flow_log_id], Tags=[{"Key": key} for key in to_unset])
        if to_set:
            client.create_tags(aws_retry=True, Resources=[flow_log_id], Tags=ansible_dict_to_boto3_tag_list(to_set))
    except (botocore.exceptions.ClientError, botocore.exceptions.BotoCoreError) as e:
        module.fail_json_aws(e, msg=f"Failed to update the tags of flow log {flow_log_id}")


def ensure_present(
    client, module: AnsibleAWSModule, existing: Dict[str, List[Dict[str, Any]]], desired: Dict[str, Any]
):
    """Converge every resource; return whether anything changed and the resulting flow logs in input order."""
    tags = module.params["tags"]
    to_delete, to_create, tag_changes = [], [], {}
    result = {}
    for resource_id, flow_logs in existing.items():
        kept = next((flow_log for flow_log in flow_logs if not needs_replacement(flow_log, desired)), None)
        to_delete += [flow_log["FlowLogId"] for flow_log in flow_logs if flow_log is not kept]
        if kept is None:
            to_create.append(resource_id)
            result[resource_id] = dict(desired, ResourceId=resource_id, Tags=ansible_dict_to_boto3_tag_list(tags or {}))
            continue
        result[resource_id] = kept
        if tags is not None:
            current_tags = boto3_tag_list_to_ansible_dict(kept.get("Tags", []))
            to_set, to_unset = compare_aws_tags(current_tags, tags, module.params["purge_tags"])
            if to_set or to_unset:
                tag_changes[kept["FlowLogId"]] = (to_set, to_unset)
                new_tags = {key: value for key, value in current_tags.items() if key not in to_unset}
                result[resource_id] = dict(kept, Tags=ansible_dict_to_boto3_tag_list({**new_tags, **to_set}))

    changed = bool(to_delete or to_create or tag_changes)
    if changed and not module.check_mode:
        # Deleting first: AWS refuses a second flow log with the same resource and destination.
        delete_flow_logs(client, module, to_delete)
        created_ids = create_flow_logs(client, module, to_create, desired)
        for flow_log_id, (to_set, to_unset) in tag_changes.items():
            update_tags(client, module, flow_log_id, to_set, to_unset)
        kept_ids = [flow_log["FlowLogId"] for flow_log in result.values() if "FlowLogId" in flow_log]
        # EC2 reads are eventually consistent: a flow log not listed yet keeps its expected form.
        for flow_log in describe_by_filter(client, module, "flow-log-id", kept_ids + created_ids):
            result[flow_log["ResourceId"]] = flow_log
    return changed, list(result.values())


def ensure_absent(client, module: AnsibleAWSModule, existing: Dict[str, List[Dict[str, Any]]]) -> bool:
    flow_log_ids = [flow_log["FlowLogId"] for flow_logs in existing.values() for flow_log in flow_logs]
    if flow_log_ids and not module.check_mode:
        delete_flow_logs(client, module, flow_log_ids)
    return bool(flow_log_ids)


def main() -> None:
    argument_spec = dict(
        state=dict(type="str", default="present", choices=["present", "absent"]),
        resource_ids=dict(type="list", elements="str", required=True),
        resource_type=dict(
            type="str",
            default="VPC",
            choices=["VPC", "Subnet", "NetworkInterface", "TransitGateway", "TransitGatewayAttachment"],
        ),
        traffic_type=dict(type="str", choices=["ACCEPT", "REJECT", "ALL"]),
        log_destination_type=dict(
            type="str", default="cloud-watch-logs", choices=["cloud-watch-logs", "s3", "kinesis-data-firehose"]
        ),
        log_group_name=dict(type="str"),
        log_destination=dict(type="str"),
        deliver_logs_permission_arn=dict(type="str"),
        log_format=dict(type="str"),
        max_aggregation_interval=dict(type="int", choices=[60, 600]),
        destination_options=dict(
            type="dict",
            options=dict(
                file_format=dict(type="str", default="plain-text", choices=["plain-text", "parquet"]),
                hive_compatible_partitions=dict(type="bool", default=False),
                per_hour_partition=dict(type="bool", default=False),
            ),
        ),
        tags=dict(type="dict", aliases=["resource_tags"]),
        purge_tags=dict(type="bool", default=True),
    )

    module = AnsibleAWSModule(
        argument_spec=argument_spec,
        supports_check_mode=True,
        mutually_exclusive=[("log_group_name", "log_destination")],
    )
    validate_params(module)

    client = module.client("ec2", retry_decorator=AWSRetry.jittered_backoff())
    desired = build_desired_flow_log(module.params)
    resource_ids = list(dict.fromkeys(module.params["resource_ids"]))
    existing = find_flow_logs(client, module, resource_ids, desired)

    if module.params["state"] == "present":
        changed, flow_logs = ensure_present(client, module, existing, desired)
    else:
        changed, flow_logs = ensure_absent(client, module, existing), []

    result = dict(changed=changed, flow_logs=[normalize_flow_log(flow_log) for flow_log in flow_logs])
    if module._diff:
        before = [normalize_flow_log(flow_log) for flow_logs in existing.values() for flow_log in flow_logs]
        result["diff"] = dict(before=dict(flow_logs=before), after=dict(flow_logs=result["flow_logs"]))
    module.exit_json(**result)


if __name__ == "__main__":
    main()
