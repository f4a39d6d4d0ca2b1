#!/usr/bin/python
# -*- coding: utf-8 -*-

# Copyright: seed.aws_platform maintainers
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

DOCUMENTATION = r"""
---
module: ec2_managed_prefix_list_info
version_added: 0.1.0
short_description: Gather information about EC2 managed prefix lists
description:
  - Gathers information about managed prefix lists, the lists of your account, shared with it and managed by AWS,
    such as CloudFront's origin-facing list V(com.amazonaws.global.cloudfront.origin-facing).
  - All options narrow the result down; with none, every prefix list visible in the region is returned.
author: seed.aws_platform maintainers (!UNKNOWN)
options:
  names:
    description:
      - Names of the prefix lists to return.
      - The module fails when a name matches no prefix list, and names the missing ones.
      - A shorthand for the V(prefix-list-name) filter, which it replaces in O(filters).
    type: list
    elements: str
  prefix_list_ids:
    description:
      - IDs of the prefix lists to return.
      - An ID that does not exist returns no prefix list rather than failing.
    type: list
    elements: str
  filters:
    description:
      - A dict of filters to apply. Each dict item consists of a filter key and a filter value.
        See U(https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_DescribeManagedPrefixLists.html)
        for possible filters.
    type: dict
    default: {}
  include_entries:
    description:
      - Also return the CIDR blocks of each prefix list, one GetManagedPrefixListEntries call (and its pages) per list.
    type: bool
    default: false
notes:
  - A security group rule that references a prefix list counts as the list's RV(prefix_lists[].max_entries) rules
    against the quota of rules per security group, not as one. CloudFront's origin-facing list counts as 55, so a group
    that admits it on one port has room for 5 more rules under the default quota of 60 inbound rules, and a second port
    needs a quota increase.
extends_documentation_fragment:
  - amazon.aws.common.modules
  - amazon.aws.region.modules
  - amazon.aws.boto3
"""

EXAMPLES = r"""
# Note: These examples do not set authentication details, see the AWS Guide for details.

- name: Find CloudFront's origin-facing prefix list
  seed.aws_platform.ec2_managed_prefix_list_info:
    names:
      - com.amazonaws.global.cloudfront.origin-facing
  register: cloudfront

- name: Admit HTTPS from CloudFront only
  amazon.aws.ec2_security_group:
    name: alb
    description: ALB behind CloudFront
    vpc_id: vpc-0123456789abcdef0
    rules:
      - proto: tcp
        ports: [443]
        ip_prefix: "{{ cloudfront.prefix_list_ids['com.amazonaws.global.cloudfront.origin-facing'] }}"
        rule_desc: HTTPS from CloudFront

- name: Gather the prefix lists of this account, with their CIDR blocks
  seed.aws_platform.ec2_managed_prefix_list_info:
    filters:
      owner-id: "123456789012"
    include_entries: true

- name: Gather information about one prefix list
  seed.aws_platform.ec2_managed_prefix_list_info:
    prefix_list_ids:
      - pl-0123456789abcdef0
"""

RETURN = r"""
prefix_lists:
  description:
    - The prefix lists that match all the options given.
  returned: always
  type: list
  elements: dict
  contains:
    address_family:
      description: IP version of the entries.
      returned: always
      type: str
      sample: IPv4
    entries:
      description: The CIDR blocks of the prefix list.
      returned: when O(include_entries=true)
      type: list
      elements: dict
      contains:
        cidr:
          description: The CIDR block.
          type: str
          sample: 130.176.0.0/18
        description:
          description: Description of the entry.
          returned: when set
          type: str
          sample: office
    max_entries:
      description:
        - The most entries the prefix list can hold; for a list managed by AWS, its weight.
        - This is how many rules a security group rule that references the list counts as against the group's quota.
      returned: always
      type: int
      sample: 55
    owner_id:
      description: ID of the account that owns the prefix list, V(AWS) for the lists managed by AWS.
      returned: always
      type: str
      sample: AWS
    prefix_list_arn:
      description: ARN of the prefix list.
      returned: always
      type: str
      sample: arn:aws:ec2:us-east-1:aws:prefix-list/pl-3b927c52
    prefix_list_id:
      description: ID of the prefix list.
      returned: always
      type: str
      sample: pl-3b927c52
    prefix_list_name:
      description: Name of the prefix list.
      returned: always
      type: str
      sample: com.amazonaws.global.cloudfront.origin-facing
    state:
      description: State of the prefix list.
      returned: always
      type: str
      sample: create-complete
    state_message:
      description: Why the prefix list is in its state, when it failed.
      returned: when set
      type: str
    tags:
      description: Tags of the prefix list.
      returned: always
      type: dict
      sample: {"Environment": "production"}
    version:
      description: Version of the prefix list, raised by every change of its entries.
      returned: when set
      type: int
      sample: 3
prefix_list_ids:
  description:
    - The IDs of RV(prefix_lists) by name. When several lists share a name, the last one listed wins.
  returned: always
  type: dict
  sample: {"com.amazonaws.global.cloudfront.origin-facing": "pl-3b927c52"}
"""

from typing import Any
from typing import Dict
from typing import List

try:
    import botocore
except ImportError:
    pass  # Handled by AnsibleAWSModule

from ansible.module_utils.common.dict_transformations import camel_dict_to_snake_dict

from ansible_collections.amazon.aws.plugins.module_utils.botocore import is_boto3_error_code
from ansible_collections.amazon.aws.plugins.module_utils.modules import AnsibleAWSModule
from ansible_collections.amazon.aws.plugins.module_utils.retries import AWSRetry
from ansible_collections.amazon.aws.plugins.module_utils.transformation import ansible_dict_to_boto3_filter_list
from ansible_collections.amazon.aws.plugins.module_utils.transformation import boto3_resource_to_ansible_dict

# The retries wrap the whole pagination because a paginator bypasses the retrying client wrapper that
# ``AnsibleAWSModule.client`` returns.


@AWSRetry.jittered_backoff()
def describe_managed_prefix_lists(client, **params: Any) -> List[Dict[str, Any]]:
    paginator = client.get_paginator("describe_managed_prefix_lists")
    return paginator.paginate(**params).build_full_result()["PrefixLists"]


@AWSRetry.jittered_backoff()
def get_managed_prefix_list_entries(client, prefix_list_id: str) -> List[Dict[str, Any]]:
    paginator = client.get_paginator("get_managed_prefix_list_entries")
    return paginator.paginate(PrefixListId=prefix_list_id).build_full_result()["Entries"]


def main() -> None:
    argument_spec = dict(
        names=dict(type="list", elements="str"),
        prefix_list_ids=dict(type="list", elements="str"),
        filters=dict(type="dict", default={}),
        include_entries=dict(type="bool", default=False),
    )

    module = AnsibleAWSModule(argument_spec=argument_spec, supports_check_mode=True)

    names = module.params["names"]
    filters = dict(module.params["filters"])
    if names is not None:
        filters["prefix-list-name"] = names
    params = dict(Filters=ansible_dict_to_boto3_filter_list(filters))
    if module.params["prefix_list_ids"]:
        params["PrefixListIds"] = module.params["prefix_list_ids"]

    client = module.client("ec2")
    try:
        prefix_lists = describe_managed_prefix_lists(client, **params)
    except is_boto3_error_code("InvalidPrefixListID.NotFound"):
        prefix_lists = []
    except (
        botocore.exceptions.ClientError,
        botocore.exceptions.BotoCoreError,
    ) as e:  # pylint: disable=duplicate-except
        module.fail_json_aws(e, msg="Failed to describe managed prefix lists")

    found = {prefix_list["PrefixListName"]: prefix_list["PrefixListId"] for prefix_list in prefix_lists}
    missing = [name for name in dict.fromkeys(names or []) if name not in found]
    if missing:
        module.fail_json(msg=f"No managed prefix list matches these names: {', '.join(missing)}")

    results = []
    for prefix_list in prefix_lists:
        result = boto3_resource_to_ansible_dict(prefix_list)
        if module.params["include_entries"]:
            try:
                entries = get_managed_prefix_list_entries(client, result["prefix_list_id"])
            except (botocore.exceptions.ClientError, botocore.exceptions.BotoCoreError) as e:
                module.fail_json_aws(e, msg=f"Failed to get the entries of prefix list {result['prefix_list_id']}")
            result["entries"] = [camel_dict_to_snake_dict(entry) for entry in entries]
        results.append(result)

    module.exit_json(prefix_lists=results, prefix_list_ids=found)


if __name__ == "__main__":
    main()
