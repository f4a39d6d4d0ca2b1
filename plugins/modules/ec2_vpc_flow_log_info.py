#!/usr/bin/python
# -*- coding: utf-8 -*-

# Copyright: seed.aws_platform maintainers
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

DOCUMENTATION = r"""
---
module: ec2_vpc_flow_log_info
version_added: 0.1.0
short_description: Gather information about VPC flow logs
description:
  - Gathers information about the flow logs of VPCs, subnets, network interfaces, transit gateways and
    transit gateway attachments.
  - All options narrow the result down; with none, every flow log of the region is returned.
author: seed.aws_platform maintainers (!UNKNOWN)
options:
  flow_log_ids:
    description:
      - IDs of the flow logs to return.
    type: list
    elements: str
  filters:
    description:
      - A dict of filters to apply. Each dict item consists of a filter key and a filter value.
        See U(https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_DescribeFlowLogs.html) for possible filters.
    type: dict
    default: {}
  resource_ids:
    description:
      - Only return the flow logs of these resources.
      - A shorthand for the V(resource-id) filter, which it replaces in O(filters).
    type: list
    elements: str
extends_documentation_fragment:
  - amazon.aws.common.modules
  - amazon.aws.region.modules
  - amazon.aws.boto3
"""

EXAMPLES = r"""
# Note: These examples do not set authentication details, see the AWS Guide for details.

- name: Gather information about the flow logs of two VPCs
  seed.aws_platform.ec2_vpc_flow_log_info:
    resource_ids:
      - vpc-0123456789abcdef0
      - vpc-0123456789abcdef1
  register: vpc_flow_logs

- name: Gather information about the flow logs that publish to S3 and are tagged for production
  seed.aws_platform.ec2_vpc_flow_log_info:
    filters:
      log-destination-type: s3
      "tag:Environment": production

- name: Gather information about one flow log
  seed.aws_platform.ec2_vpc_flow_log_info:
    flow_log_ids:
      - fl-0123456789abcdef0
"""

RETURN = r"""
flow_logs:
  description:
    - The flow logs that match all the options given.
  returned: always
  type: list
  elements: dict
  contains:
    creation_time:
      description: When the flow log was created.
      returned: always
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
      returned: always
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
      returned: always
      type: str
      sample: fl-0123456789abcdef0
    flow_log_status:
      description: Status of the flow log.
      returned: always
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
      returned: always
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

try:
    import botocore
except ImportError:
    pass  # Handled by AnsibleAWSModule

from ansible_collections.amazon.aws.plugins.module_utils.modules import AnsibleAWSModule
from ansible_collections.amazon.aws.plugins.module_utils.transformation import ansible_dict_to_boto3_filter_list

from ansible_collections.seed.aws_platform.plugins.module_utils.ec2_flow_logs import describe_flow_logs
from ansible_collections.seed.aws_platform.plugins.module_utils.ec2_flow_logs import normalize_flow_log


def main() -> None:
    argument_spec = dict(
        flow_log_ids=dict(type="list", elements="str"),
        filters=dict(type="dict", default={}),
        resource_ids=dict(type="list", elements="str"),
    )

    module = AnsibleAWSModule(argument_spec=argument_spec, supports_check_mode=True)

    filters = dict(module.params["filters"])
    if module.params["resource_ids"] is not None:
        filters["resource-id"] = module.params["resource_ids"]
    params = dict(Filters=ansible_dict_to_boto3_filter_list(filters))
    if module.params["flow_log_ids"]:
        params["FlowLogIds"] = module.params["flow_log_ids"]

    client = module.client("ec2")
    try:
        flow_logs = describe_flow_logs(client, **params)
    except (botocore.exceptions.ClientError, botocore.exceptions.BotoCoreError) as e:
        module.fail_json_aws(e, msg="Failed to describe flow logs")

    module.exit_json(flow_logs=[normalize_flow_log(flow_log) for flow_log in flow_logs])


if __name__ == "__main__":
    main()
