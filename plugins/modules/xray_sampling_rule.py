#!/usr/bin/python
# -*- coding: utf-8 -*-

# Copyright: seed.aws_platform maintainers
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

DOCUMENTATION = r"""
---
module: xray_sampling_rule
version_added: 0.1.0
short_description: Manage AWS X-Ray sampling rules
description:
  - Creates, updates in place, tags and deletes an AWS X-Ray sampling rule, which tells the X-Ray SDKs and agents
    how many of the requests it matches to trace.
  - A rule is identified by O(name), unique in the account and region, and found with C(GetSamplingRules).
  - The configuration is declarative. The match options default to V(*) (anything) and omitted O(attributes) mean
    none, and an existing rule is updated (C(UpdateSamplingRule), only what differs) to match the task.
  - Every region has AWS's catch-all rule V(Default) (priority 10000, 5% of requests after 1 per second). It cannot
    be created or deleted, and only its O(fixed_rate), O(reservoir_size) and tags can be changed; this module refuses
    any other option for it.
author: seed.aws_platform maintainers (!UNKNOWN)
options:
  name:
    description:
      - Name of the rule, 1 to 32 characters.
    type: str
    required: true
    aliases: ['rule_name']
  priority:
    description:
      - Priority of the rule, from 1 to 9999. X-Ray applies the matching rule with the lowest priority (ties are broken
        by name).
      - Required when O(state=present), except for the V(Default) rule, whose priority cannot be set.
    type: int
  fixed_rate:
    description:
      - The fraction of the matching requests to trace once the reservoir is used up, from V(0) to V(1) (V(0.05) is 5%).
      - Required when O(state=present).
    type: float
  reservoir_size:
    description:
      - How many matching requests per second to trace before O(fixed_rate) applies, at least V(0). The reservoir is
        shared by all the services that use the rule.
      - Required when O(state=present).
    type: int
  service_name:
    description:
      - Matches the name the service gives itself in its segments, at most 64 characters. V(*) and V(?) are wildcards.
    type: str
    default: '*'
  service_type:
    description:
      - Matches the origin the service gives in its segments, like V(AWS::ECS::Container), at most 64 characters.
    type: str
    default: '*'
  host:
    description:
      - Matches the host name of the request's URL, at most 64 characters.
    type: str
    default: '*'
  http_method:
    description:
      - Matches the HTTP method of the request, at most 10 characters.
    type: str
    default: '*'
  url_path:
    description:
      - Matches the path of the request's URL, at most 128 characters.
    type: str
    default: '*'
  resource_arn:
    description:
      - Matches the ARN of the AWS resource the service runs on, at most 500 characters. Rules are matched by ARN
        only for services whose segments carry one; V(*) matches them all.
    type: str
    default: '*'
  attributes:
    description:
      - Matches segment attributes of the request, at most 5, keys and values of 1 to 32 characters.
      - Omitted means none.
    type: dict
  version:
    description:
      - Version of the sampling rule format. V(1) is the only one.
    type: int
    default: 1
  state:
    description:
      - Whether the rule should exist.
      - V(absent) is refused for the V(Default) rule, which cannot be deleted.
    type: str
    default: present
    choices: ['present', 'absent']
notes:
  - Tags are read with ListTagsForResource and changed with TagResource and UntagResource, on the ARN of the rule.
  - This module supports check mode and diff mode.
extends_documentation_fragment:
  - amazon.aws.common.modules
  - amazon.aws.region.modules
  - amazon.aws.tags
  - amazon.aws.boto3
"""

EXAMPLES = r"""
# Note: These examples do not set authentication details, see the AWS Guide for details.

- name: Trace 10% of the orders API's GET requests, after 5 per second
  seed.aws_platform.xray_sampling_rule:
    name: orders-api-get
    priority: 100
    fixed_rate: 0.1
    reservoir_size: 5
    service_name: orders
    http_method: GET
    url_path: /api/*
    tags:
      Environment: production

- name: Trace less of everything else
  seed.aws_platform.xray_sampling_rule:
    name: Default
    fixed_rate: 0.01
    reservoir_size: 1

- name: Delete the rule
  seed.aws_platform.xray_sampling_rule:
    name: orders-api-get
    state: absent
"""

RETURN = r"""
changes:
  description:
    - What the task changed (or would change in check mode), V(created), V(deleted), or the options of an existing
      rule that differed, among V(priority), V(fixed_rate), V(reservoir_size), V(service_name), V(service_type),
      V(host), V(http_method), V(url_path), V(resource_arn), V(attributes) and V(tags).
  returned: always
  type: list
  elements: str
  sample: ["fixed_rate"]
sampling_rule:
  description:
    - The rule, as GetSamplingRules reports it (snake_cased, with the record's times), with its tags.
    - Empty when O(state=absent).
    - In check mode, a rule that would be created has no ARN and no times.
  returned: always
  type: dict
  contains:
    rule_name:
      description: Name of the rule.
      returned: always
      type: str
      sample: orders-api-get
    rule_arn:
      description: ARN of the rule.
      returned: when the rule exists
      type: str
      sample: arn:aws:xray:us-east-1:123456789012:sampling-rule/orders-api-get
    priority:
      description: Priority of the rule.
      returned: always
      type: int
      sample: 100
    fixed_rate:
      description: Fraction of the requests traced after the reservoir.
      returned: always
      type: float
      sample: 0.1
    reservoir_size:
      description: Requests per second traced before the fixed rate applies.
      returned: always
      type: int
      sample: 5
    service_name:
      description: The service name matched.
      returned: always
      type: str
      sample: orders
    service_type:
      description: The service type matched.
      returned: always
      type: str
      sample: "*"
    host:
      description: The host matched.
      returned: always
      type: str
      sample: "*"
    http_method:
      description: The HTTP method matched.
      returned: always
      type: str
      sample: GET
    url_path:
      description: The URL path matched.
      returned: always
      type: str
      sample: /api/*
    resource_arn:
      description: The resource ARN matched.
      returned: always
      type: str
      sample: "*"
    attributes:
      description: The segment attributes matched.
      returned: always
      type: dict
      sample: {}
    version:
      description: Version of the sampling rule format.
      returned: always
      type: int
      sample: 1
    created_at:
      description: When the rule was created (the epoch for the V(Default) rule).
      returned: when the rule exists
      type: str
      sample: "2024-05-02T09:41:12+00:00"
    modified_at:
      description: When the rule was last changed.
      returned: when the rule exists
      type: str
      sample: "2024-05-02T09:41:12+00:00"
    tags:
      description: Tags of the rule.
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
from ansible.module_utils.common.text.converters import to_text

from ansible_collections.amazon.aws.plugins.module_utils.botocore import normalize_boto3_result
from ansible_collections.amazon.aws.plugins.module_utils.modules import AnsibleAWSModule

from ansible_collections.seed.aws_platform.plugins.module_utils.tag_map import tag_map
from ansible_collections.seed.aws_platform.plugins.module_utils.xray import DEFAULT
from ansible_collections.seed.aws_platform.plugins.module_utils.xray import MAX_NAME_LENGTH
from ansible_collections.seed.aws_platform.plugins.module_utils.xray import creation_tags
from ansible_collections.seed.aws_platform.plugins.module_utils.xray import ensure_tags
from ansible_collections.seed.aws_platform.plugins.module_utils.xray import list_tags
from ansible_collections.seed.aws_platform.plugins.module_utils.xray import name_problem
from ansible_collections.seed.aws_platform.plugins.module_utils.xray import xray_client

MAX_PRIORITY = 9999
MAX_ATTRIBUTES = 5
FORMAT_VERSION = 1
# The options that match requests, their SamplingRule keys and botocore's maximum lengths.
MATCH_OPTIONS = [
    ("service_name", "ServiceName", 64),
    ("service_type", "ServiceType", 64),
    ("host", "Host", 64),
    ("http_method", "HTTPMethod", 10),
    ("url_path", "URLPath", 128),
    ("resource_arn", "ResourceARN", 500),
]
ANYTHING = "*"
# (name in ``changes``, key of SamplingRule and SamplingRuleUpdate), in the order of ``changes``.
UPDATABLE = (
    [
        ("priority", "Priority"),
        ("fixed_rate", "FixedRate"),
        ("reservoir_size", "ReservoirSize"),
    ]
    + [(option, key) for option, key, _length in MATCH_OPTIONS]
    + [("attributes", "Attributes")]
)
# What AWS lets change on the Default rule.
DEFAULT_RULE_UPDATABLE = [("fixed_rate", "FixedRate"), ("reservoir_size", "ReservoirSize")]


# --- validation ---------------------------------------------------------------------------------


def attributes_of(params: Dict[str, Any]) -> Dict[str, str]:
    """The task's attributes as X-Ray takes them: YAML may give values as numbers, X-Ray wants strings."""
    return {to_text(key): to_text(value) for key, value in (params["attributes"] or {}).items()}


def default_rule_problems(params: Dict[str, Any]) -> List[str]:
    """What the task asks of the Default rule that AWS does not allow."""
    if params["state"] == "absent":
        return ["the Default sampling rule cannot be deleted: X-Ray keeps it in every region"]
    problems = []
    if params["priority"] is not None:
        problems.append("the priority of the Default sampling rule cannot be set: it is always 10000, the last")
    different = [option for option, _key, _length in MATCH_OPTIONS if params[option] != ANYTHING]
    if params["attributes"]:
        different.append("attributes")
    if different:
        problems.append(
            f"the Default sampling rule matches every request: only fixed_rate, reservoir_size and tags can be changed,"
            f" leave out {', '.join(different)}"
        )
    return problems


def rule_problems(params: Dict[str, Any]) -> List[str]:
    """What X-Ray would refuse in a rule with state=present."""
    problems = []
    priority = params["priority"]
    if priority is None and params["name"] != DEFAULT:
        problems.append(f"priority is required with state=present: from 1 to {MAX_PRIORITY}, the lowest applies first")
    elif priority is not None and not 1 <= priority <= MAX_PRIORITY:
        problems.append(f"priority must be from 1 to {MAX_PRIORITY}, not {priority}")
    if not 0 <= params["fixed_rate"] <= 1:
        problems.append(f"fixed_rate is a fraction of the requests, from 0 to 1, not {params['fixed_rate']}")
    if params["reservoir_size"] < 0:
        problems.append(f"reservoir_size must be at least 0, not {params['reservoir_size']}")
    for option, _key, length in MATCH_OPTIONS:
        if len(params[option]) > length:
            problems.append(f"{option} must be at most {length} characters long, not {len(params[option])}")
    attributes = attributes_of(params)
    if len(attributes) > MAX_ATTRIBUTES:
        problems.append(f"attributes can hold {MAX_ATTRIBUTES} attributes at most, not {len(attributes)}")
    for key, value in attributes.items():
        if not (1 <= len(key) <= MAX_NAME_LENGTH and 1 <= len(value) <= MAX_NAME_LENGTH):
            problems.append(f"attributes {key!r}: keys and values must be 1 to {MAX_NAME_LENGTH} characters long")
    if params["version"] != FORMAT_VERSION:
        problems.append(
            f"version must be {FORMAT_VERSION}, the only version of the sampling rule format, not {params['version']}"
        )
    return problems


def validation_problems(params: Dict[str, Any]) -> List[str]:
    problems = []
    problem = name_problem("name", params["name"])
    if problem:
        problems.append(problem)
    if params["name"] == DEFAULT:
        problems.extend(default_rule_problems(params))
    if params["state"] == "present":
        problems.extend(rule_problems(params))
    return problems


# --- the rule, as X-Ray takes it and as it compares -----------------------------------------------------------------


def desired_rule(params: Dict[str, Any]) -> Dict[str, Any]:
    """The rule of the task, in the shape of CreateSamplingRule's SamplingRule."""
    rule = dict(
        RuleName=params["name"],
        Priority=params["priority"],
        FixedRate=params["fixed_rate"],
        ReservoirSize=params["reservoir_size"],
        Version=params["version"],
        Attributes=attributes_of(params),
    )
    rule.update({key: params[option] for option, key, _length in MATCH_OPTIONS})
    return rule


def comparable(key: str, value: Any) -> Any:
    if key == "FixedRate":
        # A double that went through JSON: equal to ten places is equal.
        return round(float(value), 10)
    if key == "Attributes":
        return dict(value or {})
    return value


def differences(desired: Dict[str, Any], rule: Dict[str, Any]) -> List[Tuple[str, str]]:
    """(name in ``changes``, SamplingRuleUpdate key) of each part of the rule that differs."""
    updatable = DEFAULT_RULE_UPDATABLE if rule["RuleName"] == DEFAULT else UPDATABLE
    return [
        (change, key) for change, key in updatable if comparable(key, desired[key]) != comparable(key, rule.get(key))
    ]


# --- AWS -------------------------------------------------------------------------------------


def get_rule_record(client, module: AnsibleAWSModule) -> Optional[Dict[str, Any]]:
    """The SamplingRuleRecord of the rule, or None. X-Ray has no call that reads one rule by name."""
    name = module.params["name"]
    request = {}
    try:
        while True:
            page = client.get_sampling_rules(aws_retry=True, **request)
            for record in page.get("SamplingRuleRecords", []):
                if record["SamplingRule"].get("RuleName") == name:
                    return record
            if not page.get("NextToken"):
                return None
            request["NextToken"] = page["NextToken"]
    except (botocore.exceptions.ClientError, botocore.exceptions.BotoCoreError) as e:
        module.fail_json_aws(e, msg=f"Failed to list the X-Ray sampling rules to find {name}")


def find_rule(client, module: AnsibleAWSModule) -> Optional[Dict[str, Any]]:
    """The record of the rule with its tags, or None."""
    record = get_rule_record(client, module)
    if record is None:
        return None
    return dict(record, tags=list_tags(client, module, record["SamplingRule"]["RuleARN"]))


def create_rule(client, module: AnsibleAWSModule) -> Dict[str, Any]:
    params = module.params
    name = params["name"]
    if name == DEFAULT:
        module.fail_json(
            msg="X-Ray has no Default sampling rule in this region, and the name Default is reserved:"
            " it cannot be created."
        )
    rule = desired_rule(params)
    tags = tag_map(params["tags"] or {})
    if module.check_mode:
        return dict(SamplingRule=rule, tags=tags)
    try:
        created = client.create_sampling_rule(aws_retry=True, SamplingRule=rule, **creation_tags(tags))
    except (botocore.exceptions.ClientError, botocore.exceptions.BotoCoreError) as e:
        module.fail_json_aws(e, msg=f"Failed to create X-Ray sampling rule {name}")
    return dict(created["SamplingRuleRecord"], tags=tags)


def update_rule(client, module: AnsibleAWSModule, record: Dict[str, Any]) -> Tuple[List[str], Dict[str, Any]]:
    desired = desired_rule(module.params)
    rule = record["SamplingRule"]
    different = differences(desired, rule)
    changed_parts = {key: desired[key] for _change, key in different}
    updated = dict(record, SamplingRule=dict(rule, **changed_parts))
    if different and not module.check_mode:
        try:
            answer = client.update_sampling_rule(
                aws_retry=True, SamplingRuleUpdate=dict(RuleName=rule["RuleName"], **changed_parts)
            )
        except (botocore.exceptions.ClientError, botocore.exceptions.BotoCoreError) as e:
            module.fail_json_aws(e, msg=f"Failed to update X-Ray sampling rule {rule['RuleName']}")
        updated = answer["SamplingRuleRecord"]
    tags_changed, tags = ensure_tags(client, module, record["tags"], rule["RuleARN"])
    changes = [change for change, _key in different] + (["tags"] if tags_changed else [])
    return changes, dict(updated, tags=tags)


def ensure_present(
    client, module: AnsibleAWSModule, record: Optional[Dict[str, Any]]
) -> Tuple[List[str], Dict[str, Any]]:
    if record is None:
        return ["created"], create_rule(client, module)
    return update_rule(client, module, record)


def ensure_absent(client, module: AnsibleAWSModule, record: Optional[Dict[str, Any]]) -> List[str]:
    if record is None:
        return []
    if not module.check_mode:
        name = module.params["name"]
        try:
            client.delete_sampling_rule(aws_retry=True, RuleName=name)
        except (botocore.exceptions.ClientError, botocore.exceptions.BotoCoreError) as e:
            module.fail_json_aws(e, msg=f"Failed to delete X-Ray sampling rule {name}")
    return ["deleted"]


def normalize_rule(record: Optional[Dict[str, Any]]) -> Dict[str, Any]:
    """The snake_cased rule the module returns, with the record's times, attributes and tags, or an empty dict."""
    if not record:
        return {}
    rule = dict(record["SamplingRule"])
    # Attribute keys and tag keys are the user's: they stay out of the snake_casing.
    attributes = rule.pop("Attributes", None) or {}
    times = {key: record[key] for key in ("CreatedAt", "ModifiedAt") if key in record}
    snaked = camel_dict_to_snake_dict(normalize_boto3_result(dict(rule, **times)))
    return dict(snaked, attributes=attributes, tags=record.get("tags", {}))


def main() -> None:
    argument_spec = dict(
        name=dict(type="str", required=True, aliases=["rule_name"]),
        priority=dict(type="int"),
        fixed_rate=dict(type="float"),
        reservoir_size=dict(type="int"),
        attributes=dict(type="dict"),
        version=dict(type="int", default=FORMAT_VERSION),
        state=dict(type="str", default="present", choices=["present", "absent"]),
        tags=dict(type="dict", aliases=["resource_tags"]),
        purge_tags=dict(type="bool", default=True),
    )
    argument_spec.update({option: dict(type="str", default=ANYTHING) for option, _key, _length in MATCH_OPTIONS})

    module = AnsibleAWSModule(
        argument_spec=argument_spec,
        supports_check_mode=True,
        required_if=[("state", "present", ["fixed_rate", "reservoir_size"])],
    )
    problems = validation_problems(module.params)
    if problems:
        module.fail_json(msg="; ".join(problems) + ".")

    client = xray_client(module)
    existing = find_rule(client, module)

    if module.params["state"] == "present":
        changes, record = ensure_present(client, module, existing)
    else:
        changes, record = ensure_absent(client, module, existing), None

    result = dict(changed=bool(changes), changes=changes, sampling_rule=normalize_rule(record))
    if module._diff:
        result["diff"] = dict(
            before=dict(sampling_rule=normalize_rule(existing)), after=dict(sampling_rule=result["sampling_rule"])
        )
    module.exit_json(**result)


if __name__ == "__main__":
    main()
