# -*- coding: utf-8 -*-

# Copyright: seed.aws_platform maintainers
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""boto3 helpers shared by the ec2_vpc_flow_log and ec2_vpc_flow_log_info modules."""

from typing import Any
from typing import Dict
from typing import List

from ansible_collections.amazon.aws.plugins.module_utils.retries import AWSRetry
from ansible_collections.amazon.aws.plugins.module_utils.transformation import boto3_resource_to_ansible_dict


@AWSRetry.jittered_backoff()
def describe_flow_logs(client, **params: Any) -> List[Dict[str, Any]]:
    """Return every flow log matching the DescribeFlowLogs ``params``, following all pages.

    The retry wraps the whole pagination because a paginator bypasses the retrying
    client wrapper that ``AnsibleAWSModule.client`` returns.
    """
    paginator = client.get_paginator("describe_flow_logs")
    return paginator.paginate(**params).build_full_result()["FlowLogs"]


def normalize_flow_log(flow_log: Dict[str, Any]) -> Dict[str, Any]:
    """Turn a boto3 flow log into the snake_cased dict both modules return, tags as a dict."""
    return boto3_resource_to_ansible_dict(flow_log)
