#!/usr/bin/python
# -*- coding: utf-8 -*-

# Copyright: seed.aws_platform maintainers
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

DOCUMENTATION = r"""
---
module: elasticache_parameter_group
version_added: 0.1.0
short_description: Manage ElastiCache cache parameter groups of any family, with their parameters and tags
description:
  - Creates, modifies, tags and deletes an ElastiCache cache parameter group for Redis OSS, Valkey or Memcached.
  - The family is any family ElastiCache knows, such as V(redis7), V(valkey7), V(valkey8), V(redis6.x) or
    V(memcached1.6); the module does not restrict it, ElastiCache refuses a family it does not have.
  - Parameters are compared with what C(DescribeCacheParameters) reports, changed with C(ModifyCacheParameterGroup)
    and reset to their defaults with C(ResetCacheParameterGroup), 20 parameters per call at most.
author: seed.aws_platform maintainers (!UNKNOWN)
options:
  name:
    description:
      - Name of the parameter group.
      - 1 to 255 letters, digits and hyphens, starting with a letter, without two hyphens in a row and not
        ending with a hyphen.
      - The default groups of ElastiCache (V(default.redis7) and the like) belong to AWS and are refused.
    type: str
    required: true
  state:
    description:
      - Whether the parameter group should exist.
    type: str
    default: present
    choices: ['present', 'absent']
  family:
    description:
      - Family of the group, for example V(redis7), V(valkey8), V(redis6.x) or V(memcached1.6).
      - Required to create a group.
      - The family of a group cannot change. When an existing group has another family, the task fails; create a
        group of the new family under a new name instead.
      - When omitted, the family of an existing group is not compared.
    type: str
  description:
    description:
      - Description of the group, set at creation.
      - When omitted, a new group is described as V(NAME parameters).
      - ElastiCache cannot change the description of an existing group; when it differs, the task warns and
        leaves it as it is.
    type: str
  parameters:
    description:
      - Values of parameters of the group by parameter name, such as V(maxmemory-policy) or V(timeout).
      - Values are compared as strings; numbers are sent as their decimal text, and booleans as V(yes) or V(no)
        (V(1) or V(0) for parameters whose allowed values are V(0,1), as the boolean parameters of Memcached).
      - A parameter whose value already is the one given is left alone, whether its value is the family's
        default or was set before.
      - A parameter the family does not have, a parameter ElastiCache does not allow to modify and a parameter
        whose value depends on the node type make the task fail, naming them, before any change.
      - When omitted, no parameter is compared or changed.
    type: dict
  purge_parameters:
    description:
      - Whether the parameters set in the group (C(DescribeCacheParameters) reports them with C(Source) V(user))
        that O(parameters) does not list are reset to their default.
      - Has no effect when O(parameters) is omitted. O(parameters={}) with O(purge_parameters=true) resets every
        parameter that was set.
    type: bool
    default: true
notes:
  - The module changes parameters, then resets parameters, then tags. A change or reset of a parameter whose
    C(ChangeType) is V(requires-reboot) takes effect on a cluster using the group only after its nodes reboot;
    the task warns when it makes one.
  - A group used by a cache cluster or a replication group cannot be deleted; the task fails with AWS's error.
  - This module supports check mode and diff mode. Check mode only reads, and for a group to be created it reads
    the family's parameters with C(DescribeEngineDefaultParameters).
extends_documentation_fragment:
  - amazon.aws.common.modules
  - amazon.aws.region.modules
  - amazon.aws.tags
  - amazon.aws.boto3
"""

EXAMPLES = r"""
# Note: These examples do not set authentication details, see the AWS Guide for details.

- name: Parameters of a Redis OSS 7 cache used as a session store
  seed.aws_platform.elasticache_parameter_group:
    name: tiger-redis7
    family: redis7
    description: Redis 7 parameters of tiger
    parameters:
      maxmemory-policy: volatile-lru
      timeout: 300
      notify-keyspace-events: Ex
    tags:
      Environment: tiger
  register: redis_parameters

- name: Use the group
  seed.aws_platform.elasticache_replication_group:
    replication_group_id: tiger-cache
    cache_node_type: cache.t4g.small
    cache_parameter_group_name: "{{ redis_parameters.parameter_group.name }}"

- name: A Valkey 8 group, adding a parameter without resetting the others
  seed.aws_platform.elasticache_parameter_group:
    name: tiger-valkey8
    family: valkey8
    parameters:
      activedefrag: true
    purge_parameters: false

- name: Delete a group no cluster uses any more
  seed.aws_platform.elasticache_parameter_group:
    name: tiger-redis6
    state: absent
"""

RETURN = r"""
parameter_group:
  description:
    - The parameter group after the task.
    - Empty when O(state=absent).
  returned: always
  type: dict
  contains:
    name:
      description: Name of the group.
      returned: when the group exists
      type: str
      sample: tiger-redis7
    family:
      description: Family of the group.
      returned: when the group exists
      type: str
      sample: redis7
    description:
      description: Description of the group.
      returned: when the group exists
      type: str
      sample: Redis 7 parameters of tiger
    arn:
      description: ARN of the group. In check mode, a group that would be created has none.
      returned: when the group exists
      type: str
      sample: arn:aws:elasticache:us-east-1:123456789012:parametergroup:tiger-redis7
    is_global:
      description: Whether the group belongs to a global datastore.
      returned: when the group exists
      type: bool
      sample: false
parameters:
  description:
    - Values of the parameters set in the group (C(Source) V(user)) and of those O(parameters) lists, after the
      task, as strings. A parameter reset to its default is not in it.
    - Empty when O(state=absent).
  returned: always
  type: dict
  sample: {"maxmemory-policy": "volatile-lru", "timeout": "300"}
changes:
  description:
    - Names of the parameters the task changed or reset, sorted; empty when no parameter changed, for example
      when only tags changed or the group was deleted.
  returned: always
  type: list
  elements: str
  sample: ["notify-keyspace-events", "timeout"]
tags:
  description:
    - Tags of the group after the task.
    - Empty when O(state=absent).
  returned: always
  type: dict
  sample: {"Environment": "tiger"}
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

from ansible.module_utils.common.text.converters import to_text

from ansible_collections.amazon.aws.plugins.module_utils.botocore import is_boto3_error_code
from ansible_collections.amazon.aws.plugins.module_utils.modules import AnsibleAWSModule
from ansible_collections.amazon.aws.plugins.module_utils.retries import AWSRetry
from ansible_collections.amazon.aws.plugins.module_utils.tagging import ansible_dict_to_boto3_tag_list
from ansible_collections.amazon.aws.plugins.module_utils.tagging import boto3_tag_list_to_ansible_dict

from ansible_collections.seed.aws_platform.plugins.module_utils.resource_identifiers import identifier_problem
from ansible_collections.seed.aws_platform.plugins.module_utils.tag_map import tag_changes
from ansible_collections.seed.aws_platform.plugins.module_utils.tag_map import tag_map

NOT_FOUND = "CacheParameterGroupNotFound"
# AWS: at most 20 parameters per ModifyCacheParameterGroup or ResetCacheParameterGroup.
BATCH = 20

# An API call the module plans: the client method and its parameters.
Action = Tuple[str, Dict[str, Any]]


# --- arguments ----------------------------------------------------------------------------------


def validate_params(module: AnsibleAWSModule) -> None:
    """Fail on what AWS would refuse, before any call."""
    params = module.params
    name = params["name"]
    if name.lower().startswith("default."):
        module.fail_json(
            msg=f"{name} is a default parameter group of ElastiCache: AWS owns it, and it cannot be modified or"
            " deleted. Create a parameter group of your own (with family) and use it instead."
        )
    problem = identifier_problem(name, 255)
    if problem:
        module.fail_json(msg=f"name {name!r} {problem}.")
    if params["state"] == "absent":
        return
    if params["family"] is not None and not params["family"].strip():
        module.fail_json(msg="family must not be empty.")
    wrong = sorted(
        to_text(key)
        for key, value in (params["parameters"] or {}).items()
        if value is None or isinstance(value, (list, dict))
    )
    if wrong:
        module.fail_json(
            msg=f"parameters {', '.join(wrong)} must have a string, number or boolean value. To reset a parameter to"
            " its default, leave it out of parameters (with purge_parameters=true)."
        )


# --- reading ------------------------------------------------------------------------------------


def call(client, module: AnsibleAWSModule, operation: str, failure: str, **params: Any) -> Dict[str, Any]:
    try:
        return getattr(client, operation)(aws_retry=True, **params)
    except (botocore.exceptions.ClientError, botocore.exceptions.BotoCoreError) as e:
        module.fail_json_aws(e, msg=failure)


def find_group(client, name: str) -> Optional[Dict[str, Any]]:
    """DescribeCacheParameterGroups of the group, or None when there is no such group."""
    try:
        found = client.describe_cache_parameter_groups(aws_retry=True, CacheParameterGroupName=name)
    except is_boto3_error_code(NOT_FOUND):
        return None
    return found["CacheParameterGroups"][0] if found["CacheParameterGroups"] else None


def describe_group(client, module: AnsibleAWSModule, name: str) -> Optional[Dict[str, Any]]:
    try:
        return find_group(client, name)
    except (botocore.exceptions.ClientError, botocore.exceptions.BotoCoreError) as e:
        module.fail_json_aws(e, msg=f"Failed to describe cache parameter group {name}")


def describe_parameters(
    client, module: AnsibleAWSModule, operation: str, failure: str, page_of, **request: Any
) -> Tuple[Dict[str, Dict[str, Any]], Dict[str, Dict[str, Any]]]:
    """(Parameters, CacheNodeTypeSpecificParameters), each by name, following the Marker of every page."""
    parameters, node_type_specific = {}, {}
    while True:
        page = page_of(call(client, module, operation, failure, **request))
        parameters.update((item["ParameterName"], item) for item in page.get("Parameters", []))
        node_type_specific.update(
            (item["ParameterName"], item) for item in page.get("CacheNodeTypeSpecificParameters", [])
        )
        if not page.get("Marker"):
            return parameters, node_type_specific
        request["Marker"] = page["Marker"]


def group_parameters(client, module: AnsibleAWSModule, name: str):
    """Every parameter of an existing group, with its value and Source."""
    return describe_parameters(
        client,
        module,
        "describe_cache_parameters",
        f"Failed to describe the parameters of cache parameter group {name}",
        lambda response: response,
        CacheParameterGroupName=name,
    )


def family_parameters(client, module: AnsibleAWSModule, family: str):
    """Every parameter of a family, with its default value: what a new group of the family has."""
    return describe_parameters(
        client,
        module,
        "describe_engine_default_parameters",
        f"Failed to describe the parameters of family {family}",
        lambda response: response["EngineDefaults"],
        CacheParameterGroupFamily=family,
    )


def list_tags(client, module: AnsibleAWSModule, group: Dict[str, Any]) -> Dict[str, str]:
    name = group["CacheParameterGroupName"]
    response = call(
        client,
        module,
        "list_tags_for_resource",
        f"Failed to list the tags of cache parameter group {name}",
        ResourceName=group["ARN"],
    )
    return boto3_tag_list_to_ansible_dict(response["TagList"])


def read_group(client, module: AnsibleAWSModule, name: str) -> Optional[Dict[str, Any]]:
    """The group, its parameters (by name) and tags; None when there is no such group."""
    group = describe_group(client, module, name)
    if group is None:
        return None
    parameters, node_type_specific = group_parameters(client, module, name)
    return dict(
        group=group, parameters=parameters, node_type_specific=node_type_specific, tags=list_tags(client, module, group)
    )


# --- comparison ---------------------------------------------------------------------------------


def user_values(parameters: Dict[str, Dict[str, Any]]) -> Dict[str, str]:
    """The values of the parameters set in the group (Source user)."""
    return {
        name: item.get("ParameterValue", "")
        for name, item in sorted(parameters.items())
        if item.get("Source") == "user"
    }


def render(value: Any, definition: Dict[str, Any]) -> str:
    """A value of the parameters option as ElastiCache takes and reports it."""
    if isinstance(value, bool):
        if set((definition.get("AllowedValues") or "").split(",")) == {"0", "1"}:
            return "1" if value else "0"
        return "yes" if value else "no"
    return to_text(value)


def parameter_problems(
    module: AnsibleAWSModule,
    family: str,
    parameters: Dict[str, Dict[str, Any]],
    node_type_specific: Dict[str, Dict[str, Any]],
) -> List[str]:
    """What the parameters option asks that ElastiCache would refuse, one sentence each."""
    unknown, fixed, per_node_type = [], [], []
    for name in sorted(to_text(key) for key in module.params["parameters"]):
        definition = parameters.get(name) or node_type_specific.get(name)
        if definition is None:
            unknown.append(name)
        elif definition.get("IsModifiable") is False:
            fixed.append(name)
        elif name in node_type_specific:
            per_node_type.append(name)
    problems = []
    if unknown:
        problems.append(
            f"Family {family} has no parameter {', '.join(unknown)}: check the spelling, and that the family's engine"
            " version has it."
        )
    if fixed:
        problems.append(f"ElastiCache does not allow to modify {', '.join(fixed)} (IsModifiable is false).")
    if per_node_type:
        problems.append(
            f"{', '.join(per_node_type)} take a value per node type (CacheNodeTypeSpecificParameters), which this"
            " module does not set."
        )
    return problems


def shown_values(parameters: Dict[str, Dict[str, Any]], listed: Optional[Dict[str, Any]]) -> Dict[str, str]:
    """The parameters the module returns: those set in the group and those listed, with their values."""
    shown = user_values(parameters)
    for name in listed or {}:
        name = to_text(name)
        if name in parameters:
            shown[name] = parameters[name].get("ParameterValue") or ""
    return dict(sorted(shown.items()))


def plan_parameters(
    module: AnsibleAWSModule,
    family: str,
    parameters: Dict[str, Dict[str, Any]],
    node_type_specific: Dict[str, Dict[str, Any]],
) -> Tuple[Dict[str, str], List[str], Dict[str, str]]:
    """(values to set, names to reset, parameters after) of a group whose parameters are ``parameters``."""
    current = user_values(parameters)
    wanted = module.params["parameters"]
    if wanted is None:
        return {}, [], current
    problems = parameter_problems(module, family, parameters, node_type_specific)
    if problems:
        module.fail_json(
            msg=f"Cannot set the parameters of cache parameter group {module.params['name']}: " + " ".join(problems)
        )
    wanted = {to_text(key): render(value, parameters[to_text(key)]) for key, value in wanted.items()}
    to_set = {
        name: value for name, value in sorted(wanted.items()) if value != (parameters[name].get("ParameterValue") or "")
    }
    to_reset = sorted(name for name in current if name not in wanted) if module.params["purge_parameters"] else []
    after = {name: value for name, value in current.items() if name not in to_reset}
    after.update(wanted)
    return to_set, to_reset, dict(sorted(after.items()))


def parameter_actions(name: str, to_set: Dict[str, str], to_reset: List[str]) -> List[Action]:
    """ModifyCacheParameterGroup, then ResetCacheParameterGroup, calls of at most BATCH parameters each."""
    actions = []
    values = [dict(ParameterName=key, ParameterValue=value) for key, value in to_set.items()]
    for start in range(0, len(values), BATCH):
        actions.append(
            (
                "modify_cache_parameter_group",
                dict(CacheParameterGroupName=name, ParameterNameValues=values[start : start + BATCH]),
            )
        )
    names = [dict(ParameterName=key) for key in to_reset]
    for start in range(0, len(names), BATCH):
        actions.append(
            (
                "reset_cache_parameter_group",
                dict(
                    CacheParameterGroupName=name,
                    ResetAllParameters=False,
                    ParameterNameValues=names[start : start + BATCH],
                ),
            )
        )
    return actions


def tag_actions(module: AnsibleAWSModule, arn: str, current: Dict[str, str]) -> Tuple[List[Action], Dict[str, str]]:
    """The calls that converge the tags, and the tags after them."""
    changes = tag_changes(module, current)
    if changes is None:
        return [], current
    to_set, to_unset, after = changes
    actions = []
    if to_unset:
        actions.append(("remove_tags_from_resource", dict(ResourceName=arn, TagKeys=to_unset)))
    if to_set:
        actions.append(("add_tags_to_resource", dict(ResourceName=arn, Tags=ansible_dict_to_boto3_tag_list(to_set))))
    return actions, after


def warn_about_reboots(module: AnsibleAWSModule, parameters: Dict[str, Dict[str, Any]], changed: List[str]) -> None:
    rebooting = [name for name in changed if parameters[name].get("ChangeType") == "requires-reboot"]
    if rebooting:
        module.warn(
            f"{', '.join(rebooting)} of cache parameter group {module.params['name']} take effect on the clusters"
            " using the group only after their nodes reboot."
        )


def apply(client, module: AnsibleAWSModule, actions: List[Action]) -> None:
    for operation, request in actions:
        call(client, module, operation, f"Failed to {operation.replace('_', ' ')} {module.params['name']}", **request)


def normalize_group(group: Optional[Dict[str, Any]]) -> Dict[str, Any]:
    if not group:
        return {}
    normalized = dict(
        name=group["CacheParameterGroupName"],
        family=group["CacheParameterGroupFamily"],
        description=group.get("Description", ""),
        arn=group.get("ARN"),
        is_global=group.get("IsGlobal", False),
    )
    return {key: value for key, value in normalized.items() if value is not None}


# --- present ------------------------------------------------------------------------------------


def create_group(client, module: AnsibleAWSModule) -> Dict[str, Any]:
    """Create the group and set its parameters; return the module's result."""
    params = module.params
    name, family = params["name"], params["family"]
    if not family:
        module.fail_json(msg=f"family is required to create cache parameter group {name}, for example redis7.")
    # The family's parameters are checked before the group is created, so that a wrong one leaves nothing behind.
    parameters, node_type_specific = family_parameters(client, module, family)
    to_set, _to_reset, after = plan_parameters(module, family, parameters, node_type_specific)
    tags = tag_map(params["tags"] or {})
    request = dict(
        CacheParameterGroupName=name,
        CacheParameterGroupFamily=family,
        Description=params["description"] or f"{name} parameters",
    )
    if tags:
        request["Tags"] = ansible_dict_to_boto3_tag_list(tags)
    group = dict(request, IsGlobal=False)
    if not module.check_mode:
        group = call(
            client, module, "create_cache_parameter_group", f"Failed to create cache parameter group {name}", **request
        )
        group = group["CacheParameterGroup"]
        apply(client, module, parameter_actions(name, to_set, []))
    return dict(changed=True, changes=sorted(to_set), parameter_group=group, parameters=after, tags=tags)


def update_group(client, module: AnsibleAWSModule, existing: Dict[str, Any]) -> Dict[str, Any]:
    """Converge the parameters and tags of an existing group; return the module's result."""
    params = module.params
    group, name = existing["group"], params["name"]
    family = group["CacheParameterGroupFamily"]
    if params["family"] and params["family"] != family:
        module.fail_json(
            msg=f"Cache parameter group {name} has family {family}, not {params['family']}: the family of a parameter"
            f" group cannot change. Create a group of family {params['family']} under a new name, move the clusters"
            " to it, then delete this one.",
            parameter_group=normalize_group(group),
        )
    description = params["description"]
    if description is not None and description != group.get("Description", ""):
        module.warn(
            f"ElastiCache cannot change the description of cache parameter group {name}: it stays"
            f" {group.get('Description', '')!r}."
        )
    to_set, to_reset, after = plan_parameters(module, family, existing["parameters"], existing["node_type_specific"])
    tag_calls, tags = tag_actions(module, group["ARN"], existing["tags"])
    changes = sorted(set(to_set) | set(to_reset))
    warn_about_reboots(module, existing["parameters"], changes)
    if not module.check_mode:
        apply(client, module, parameter_actions(name, to_set, to_reset) + tag_calls)
    return dict(changed=bool(changes or tag_calls), changes=changes, parameter_group=group, parameters=after, tags=tags)


def ensure_present(client, module: AnsibleAWSModule, existing: Optional[Dict[str, Any]]) -> Dict[str, Any]:
    if existing is None:
        return create_group(client, module)
    return update_group(client, module, existing)


# --- absent -------------------------------------------------------------------------------------


def ensure_absent(client, module: AnsibleAWSModule, existing: Optional[Dict[str, Any]]) -> Dict[str, Any]:
    result = dict(changed=existing is not None, changes=[], parameter_group=None, parameters={}, tags={})
    if existing is not None and not module.check_mode:
        name = module.params["name"]
        call(
            client,
            module,
            "delete_cache_parameter_group",
            f"Failed to delete cache parameter group {name} (a cache cluster or replication group that uses it must be"
            " moved to another parameter group first)",
            CacheParameterGroupName=name,
        )
    return result


def main() -> None:
    argument_spec = dict(
        name=dict(type="str", required=True),
        state=dict(type="str", default="present", choices=["present", "absent"]),
        family=dict(type="str"),
        description=dict(type="str"),
        parameters=dict(type="dict"),
        purge_parameters=dict(type="bool", default=True),
        tags=dict(type="dict", aliases=["resource_tags"]),
        purge_tags=dict(type="bool", default=True),
    )

    module = AnsibleAWSModule(argument_spec=argument_spec, supports_check_mode=True)
    validate_params(module)

    client = module.client("elasticache", retry_decorator=AWSRetry.jittered_backoff())
    existing = read_group(client, module, module.params["name"])

    if module.params["state"] == "present":
        result = ensure_present(client, module, existing)
    else:
        result = ensure_absent(client, module, existing)
    result["parameter_group"] = normalize_group(result["parameter_group"])

    if module._diff:
        before = {}
        if existing is not None:
            before = dict(
                parameter_group=normalize_group(existing["group"]),
                parameters=shown_values(existing["parameters"], module.params["parameters"]),
                tags=existing["tags"],
            )
        after = (
            {key: result[key] for key in ("parameter_group", "parameters", "tags")} if result["parameter_group"] else {}
        )
        result["diff"] = dict(before=before, after=after)
    module.exit_json(**result)


if __name__ == "__main__":
    main()
