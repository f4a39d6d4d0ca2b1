#!/usr/bin/python
# -*- coding: utf-8 -*-

# Copyright: seed.aws_platform maintainers
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

DOCUMENTATION = r"""
---
module: xray_group
version_added: 0.1.0
short_description: Manage AWS X-Ray groups
description:
  - Creates, updates in place, tags and deletes an AWS X-Ray group, the traces that match a filter expression, with
    their own service graph, CloudWatch metrics and, optionally, X-Ray Insights.
  - A group is identified by O(name), unique in the account and region.
  - An existing group is updated (C(UpdateGroup), only what differs) to match the task.
  - Every region has the group V(Default) of all traces. It can be managed here too, but only its insights, its
    notifications and its tags; it cannot be created, deleted or given a filter expression.
author: seed.aws_platform maintainers (!UNKNOWN)
options:
  name:
    description:
      - Name of the group, 1 to 32 characters, case-sensitive.
    type: str
    required: true
  filter_expression:
    description:
      - The filter expression that selects the traces of the group, for example V(service("orders") { fault }).
      - When omitted, a new group has none and the filter expression of an existing group is left as it is.
      - X-Ray checks the expression; this module only refuses an empty one.
      - Not allowed with O(name=Default), whose group holds all traces.
    type: str
  insights_enabled:
    description:
      - Whether X-Ray Insights analyses the traces of the group.
    type: bool
    default: false
  notifications_enabled:
    description:
      - Whether X-Ray Insights sends notifications (through Amazon EventBridge) for the group.
      - Requires O(insights_enabled=true).
    type: bool
    default: false
  state:
    description:
      - Whether the group should exist.
      - V(absent) is refused for the V(Default) group, which cannot be deleted.
    type: str
    default: present
    choices: ['present', 'absent']
notes:
  - Tags are read with ListTagsForResource and changed with TagResource and UntagResource, on the ARN of the group.
  - This module supports check mode and diff mode.
extends_documentation_fragment:
  - amazon.aws.common.modules
  - amazon.aws.region.modules
  - amazon.aws.tags
  - amazon.aws.boto3
"""

EXAMPLES = r"""
# Note: These examples do not set authentication details, see the AWS Guide for details.

- name: A group of the faulty requests of the orders service, analysed by X-Ray Insights
  seed.aws_platform.xray_group:
    name: orders-faults
    filter_expression: 'service("orders") { fault }'
    insights_enabled: true
    notifications_enabled: true
    tags:
      Environment: production

- name: Enable X-Ray Insights on the group of all traces
  seed.aws_platform.xray_group:
    name: Default
    insights_enabled: true

- name: Delete the group
  seed.aws_platform.xray_group:
    name: orders-faults
    state: absent
"""

RETURN = r"""
changes:
  description:
    - What the task changed (or would change in check mode), V(created), V(deleted), or the parts of an existing
      group that differed, among V(filter_expression), V(insights_configuration) and V(tags).
  returned: always
  type: list
  elements: str
  sample: ["insights_configuration"]
group:
  description:
    - The group, as X-Ray reports it (snake_cased), with its tags.
    - Empty when O(state=absent).
    - In check mode, a group that would be created has no ARN.
  returned: always
  type: dict
  contains:
    group_name:
      description: Name of the group.
      returned: always
      type: str
      sample: orders-faults
    group_arn:
      description: ARN of the group, which X-Ray gives a unique suffix.
      returned: when the group exists
      type: str
      sample: arn:aws:xray:us-east-1:123456789012:group/orders-faults/2VQS3XHJLYAYHNAMESV6SFWV6XNQ6XKQE6UJUAJKMDTB3WQRP3ZQ
    filter_expression:
      description: The filter expression of the group.
      returned: when the group has one
      type: str
      sample: service("orders") { fault }
    insights_configuration:
      description: C(insights_enabled) and C(notifications_enabled).
      returned: always
      type: dict
      sample: {"insights_enabled": true, "notifications_enabled": true}
    tags:
      description: Tags of the group.
      returned: always
      type: dict
      sample: {"Environment": "production"}
"""

from typing import Any
from typing import Dict
from typing import List
from typing import Optional
from typing import Tuple

try:
    import botocore
except ImportError:
    pass  # Handled by AnsibleAWSModule

from ansible.module_utils.common.dict_transformations import camel_dict_to_snake_dict

from ansible_collections.amazon.aws.plugins.module_utils.botocore import normalize_boto3_result
from ansible_collections.amazon.aws.plugins.module_utils.modules import AnsibleAWSModule

from ansible_collections.seed.aws_platform.plugins.module_utils.tag_map import tag_map
from ansible_collections.seed.aws_platform.plugins.module_utils.xray import DEFAULT
from ansible_collections.seed.aws_platform.plugins.module_utils.xray import creation_tags
from ansible_collections.seed.aws_platform.plugins.module_utils.xray import ensure_tags
from ansible_collections.seed.aws_platform.plugins.module_utils.xray import is_group_not_found
from ansible_collections.seed.aws_platform.plugins.module_utils.xray import list_tags
from ansible_collections.seed.aws_platform.plugins.module_utils.xray import name_problem
from ansible_collections.seed.aws_platform.plugins.module_utils.xray import xray_client

# The UpdateGroup parameter of each part of a group, and its name in ``changes``.
CHANGE_NAMES = {"FilterExpression": "filter_expression", "InsightsConfiguration": "insights_configuration"}


def validation_problems(params: Dict[str, Any]) -> List[str]:
    """Every sentence explaining what X-Ray would refuse, or what would make no sense, in the task."""
    problems = []
    problem = name_problem("name", params["name"])
    if problem:
        problems.append(problem)
    is_default = params["name"] == DEFAULT
    if is_default and params["state"] == "absent":
        problems.append("the Default group of all traces cannot be deleted: X-Ray keeps it in every region")
    if params["state"] == "absent":
        return problems
    expression = params["filter_expression"]
    if is_default and expression is not None:
        problems.append("the Default group holds all traces and cannot have a filter_expression: leave it out")
    elif expression is not None and not expression.strip():
        problems.append(
            "filter_expression cannot be empty: leave it out to keep the group's filter expression as it is"
        )
    if params["notifications_enabled"] and not params["insights_enabled"]:
        problems.append(
            "notifications_enabled requires insights_enabled: X-Ray notifies only about insights it computes"
        )
    return problems


def desired_insights(params: Dict[str, Any]) -> Dict[str, bool]:
    return dict(InsightsEnabled=params["insights_enabled"], NotificationsEnabled=params["notifications_enabled"])


def comparable_insights(configuration: Optional[Dict[str, Any]]) -> Dict[str, bool]:
    # A key AWS leaves out is a feature that is off.
    configuration = configuration or {}
    return dict(
        InsightsEnabled=bool(configuration.get("InsightsEnabled")),
        NotificationsEnabled=bool(configuration.get("NotificationsEnabled")),
    )


def get_group(client, module: AnsibleAWSModule) -> Optional[Dict[str, Any]]:
    """The group as GetGroup has it, or None."""
    name = module.params["name"]
    try:
        return client.get_group(aws_retry=True, GroupName=name)["Group"]
    except is_group_not_found():
        return None
    except (
        botocore.exceptions.ClientError,
        botocore.exceptions.BotoCoreError,
    ) as e:  # pylint: disable=duplicate-except
        module.fail_json_aws(e, msg=f"Failed to describe X-Ray group {name}")


def find_group(client, module: AnsibleAWSModule) -> Optional[Dict[str, Any]]:
    """The group with its tags, or None."""
    group = get_group(client, module)
    if group is None:
        return None
    return dict(group, tags=list_tags(client, module, group["GroupARN"]))


def create_group(client, module: AnsibleAWSModule) -> Dict[str, Any]:
    params = module.params
    name = params["name"]
    if name == DEFAULT:
        module.fail_json(
            msg="X-Ray has no Default group in this region, and the name Default is reserved: it cannot be created."
        )
    tags = tag_map(params["tags"] or {})
    request = dict(GroupName=name, InsightsConfiguration=desired_insights(params))
    if params["filter_expression"] is not None:
        request["FilterExpression"] = params["filter_expression"]
    if module.check_mode:
        return dict(request, tags=tags)
    try:
        created = client.create_group(aws_retry=True, **request, **creation_tags(tags))["Group"]
    except (botocore.exceptions.ClientError, botocore.exceptions.BotoCoreError) as e:
        module.fail_json_aws(e, msg=f"Failed to create X-Ray group {name}")
    return dict(created, tags=tags)


def differences(params: Dict[str, Any], group: Dict[str, Any]) -> Dict[str, Any]:
    """The UpdateGroup parameters whose values differ from the group's (without the group's identifier)."""
    different = {}
    expression = params["filter_expression"]
    if expression is not None and expression != group.get("FilterExpression"):
        different["FilterExpression"] = expression
    if desired_insights(params) != comparable_insights(group.get("InsightsConfiguration")):
        different["InsightsConfiguration"] = desired_insights(params)
    return different


def update_group(client, module: AnsibleAWSModule, group: Dict[str, Any]) -> Tuple[List[str], Dict[str, Any]]:
    different = differences(module.params, group)
    updated = dict(group, **different)
    if different and not module.check_mode:
        try:
            answered = client.update_group(aws_retry=True, GroupARN=group["GroupARN"], **different)["Group"]
        except (botocore.exceptions.ClientError, botocore.exceptions.BotoCoreError) as e:
            module.fail_json_aws(e, msg=f"Failed to update X-Ray group {module.params['name']}")
        updated = dict(answered, tags=group["tags"])
    tags_changed, tags = ensure_tags(client, module, group["tags"], group["GroupARN"])
    changes = [CHANGE_NAMES[key] for key in different] + (["tags"] if tags_changed else [])
    return changes, dict(updated, tags=tags)


def ensure_present(
    client, module: AnsibleAWSModule, group: Optional[Dict[str, Any]]
) -> Tuple[List[str], Dict[str, Any]]:
    if group is None:
        return ["created"], create_group(client, module)
    return update_group(client, module, group)


def ensure_absent(client, module: AnsibleAWSModule, group: Optional[Dict[str, Any]]) -> List[str]:
    if group is None:
        return []
    if not module.check_mode:
        try:
            client.delete_group(aws_retry=True, GroupARN=group["GroupARN"])
        except is_group_not_found():
            # Deleted meanwhile: what the task asks for.
            pass
        except (
            botocore.exceptions.ClientError,
            botocore.exceptions.BotoCoreError,
        ) as e:  # pylint: disable=duplicate-except
            module.fail_json_aws(e, msg=f"Failed to delete X-Ray group {module.params['name']}")
    return ["deleted"]


def normalize_group(group: Optional[Dict[str, Any]]) -> Dict[str, Any]:
    """The snake_cased group the module returns, tags as a dict, or an empty dict."""
    if not group:
        return {}
    group = dict(group)
    tags = group.pop("tags", {})
    group["InsightsConfiguration"] = comparable_insights(group.get("InsightsConfiguration"))
    return dict(camel_dict_to_snake_dict(normalize_boto3_result(group)), tags=tags)


def main() -> None:
    argument_spec = dict(
        name=dict(type="str", required=True),
        filter_expression=dict(type="str"),
        insights_enabled=dict(type="bool", default=False),
        notifications_enabled=dict(type="bool", default=False),
        state=dict(type="str", default="present", choices=["present", "absent"]),
        tags=dict(type="dict", aliases=["resource_tags"]),
        purge_tags=dict(type="bool", default=True),
    )

    module = AnsibleAWSModule(argument_spec=argument_spec, supports_check_mode=True)
    problems = validation_problems(module.params)
    if problems:
        module.fail_json(msg="; ".join(problems) + ".")

    client = xray_client(module)
    existing = find_group(client, module)

    if module.params["state"] == "present":
        changes, group = ensure_present(client, module, existing)
    else:
        changes, group = ensure_absent(client, module, existing), None

    result = dict(changed=bool(changes), changes=changes, group=normalize_group(group))
    if module._diff:
        result["diff"] = dict(before=dict(group=normalize_group(existing)), after=dict(group=result["group"]))
    module.exit_json(**result)


if __name__ == "__main__":
    main()
