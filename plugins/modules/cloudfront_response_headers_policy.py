#!/usr/bin/python
# -*- coding: utf-8 -*-

# Copyright: seed.aws_platform maintainers
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

DOCUMENTATION = r"""
---
module: cloudfront_response_headers_policy
version_added: 0.1.0
short_description: Manage CloudFront response headers policies idempotently
description:
  - Creates, updates and deletes a custom CloudFront response headers policy, the set of HTTP headers (CORS,
    security, server timing, custom and removed headers) that CloudFront adds to or removes from the responses of
    the cache behaviors naming it.
  - Takes the options of M(community.aws.cloudfront_response_headers_policy) and can replace it in a task. Unlike
    that module, it compares the policy with the task and calls UpdateResponseHeadersPolicy only when they differ,
    so that a second run reports no change, and check mode reports what would change.
  - The policy is identified by O(name), unique among the account's custom policies.
  - The task describes the whole policy, as the policy in CloudFront is replaced as a whole. A block left out of the
    task (or given as V({})) is removed from an existing policy, as is a comment left out.
  - The keys of the blocks are the snake_case names of the members of C(ResponseHeadersPolicyConfig) in the
    CloudFront API (for example O(security_headers_config) key C(strict_transport_security) for
    C(StrictTransportSecurity), C(xss_protection) for C(XSSProtection)). A list that the API wraps in
    C(Quantity) and C(Items) is given as a dict with the list as C(items), or as the plain list; C(quantity) is
    counted by the module, a given one is ignored. The order of the items does not matter.
  - Unknown keys, values of the wrong type and values the API does not accept for a key with a fixed set of values
    make the module fail before any change, as does a missing key the API requires; a missing list the API requires
    is taken as empty.
author: seed.aws_platform maintainers (!UNKNOWN)
options:
  name:
    description:
      - Name of the policy.
    type: str
    required: true
  comment:
    description:
      - Description of the policy.
    type: str
  cors_config:
    description:
      - CORS headers, the C(CorsConfig) of the policy.
      - Keys C(access_control_allow_origins), C(access_control_allow_headers) and C(access_control_allow_methods)
        (lists; methods are V(GET), V(POST), V(OPTIONS), V(PUT), V(DELETE), V(PATCH), V(HEAD) or V(ALL)),
        C(access_control_allow_credentials) (bool, required), C(access_control_expose_headers) (list),
        C(access_control_max_age_sec) (int) and C(origin_override) (bool, required).
    type: dict
    default: {}
  security_headers_config:
    description:
      - Security headers, the C(SecurityHeadersConfig) of the policy. Each key is one header, a dict with
        C(override) (bool, required; whether the value replaces the one from the origin) and the keys below.
      - C(xss_protection) takes C(protection) (bool, required), C(mode_block) (bool) and C(report_uri) (str).
      - C(frame_options) takes C(frame_option) (V(DENY) or V(SAMEORIGIN), required).
      - C(referrer_policy) takes C(referrer_policy) (for example V(strict-origin-when-cross-origin), required).
      - C(content_security_policy) takes C(content_security_policy) (str, required).
      - C(content_type_options) takes C(override) only.
      - C(strict_transport_security) takes C(access_control_max_age_sec) (int, required), C(include_subdomains)
        (bool) and C(preload) (bool).
    type: dict
    default: {}
  custom_headers_config:
    description:
      - Headers of your own, the C(CustomHeadersConfig) of the policy.
      - C(items) is a list of dicts with C(header) (name), C(value) and C(override) (bool), all required.
    type: dict
    default: {}
  server_timing_headers_config:
    description:
      - The C(Server-Timing) header, the C(ServerTimingHeadersConfig) of the policy.
      - Keys C(enabled) (bool, required) and C(sampling_rate) (percentage of responses, 0 to 100).
    type: dict
    default: {}
  remove_headers_config:
    description:
      - Headers from the origin that CloudFront removes, the C(RemoveHeadersConfig) of the policy.
      - C(items) is a list of dicts with C(header) (name).
    type: dict
    default: {}
  state:
    description:
      - Whether the policy should exist.
    type: str
    default: present
    choices: ['present', 'absent']
notes:
  - The policy is found with ListResponseHeadersPolicies (custom policies only) and read with
    GetResponseHeadersPolicyConfig; UpdateResponseHeadersPolicy and DeleteResponseHeadersPolicy are called with the
    ETag of that read, so a policy changed by someone else meanwhile makes the module fail rather than overwrite it.
  - In the comparison, an optional boolean left out equals V(false), a comment left out equals an empty one, and
    an optional list or block left out equals an empty one.
  - A policy that cache behaviors of distributions still name cannot be deleted; the module fails and says so.
  - This module supports check mode and diff mode.
extends_documentation_fragment:
  - amazon.aws.common.modules
  - amazon.aws.region.modules
  - amazon.aws.boto3
"""

EXAMPLES = r"""
# Note: These examples do not set authentication details, see the AWS Guide for details.

- name: Security headers for a website
  seed.aws_platform.cloudfront_response_headers_policy:
    name: website-security-headers
    comment: HSTS, no framing, no sniffing
    security_headers_config:
      strict_transport_security:
        access_control_max_age_sec: 63072000
        include_subdomains: true
        preload: true
        override: true
      content_type_options:
        override: true
      frame_options:
        frame_option: DENY
        override: true
      referrer_policy:
        referrer_policy: strict-origin-when-cross-origin
        override: true
      xss_protection:
        protection: true
        mode_block: true
        override: true
      content_security_policy:
        content_security_policy: "default-src 'self'"
        override: false
  register: headers_policy

- name: CORS for an API, a custom header, and the origin's Server header removed
  seed.aws_platform.cloudfront_response_headers_policy:
    name: api-cors
    cors_config:
      access_control_allow_origins:
        items:
          - https://www.example.com
      access_control_allow_headers:
        - Authorization
        - Content-Type
      access_control_allow_methods:
        items: [GET, HEAD, OPTIONS, POST]
      access_control_allow_credentials: true
      access_control_max_age_sec: 600
      origin_override: true
    custom_headers_config:
      items:
        - header: X-Served-By
          value: cloudfront
          override: true
    remove_headers_config:
      items:
        - header: Server

- name: Delete the policy
  seed.aws_platform.cloudfront_response_headers_policy:
    name: api-cors
    state: absent
"""

RETURN = r"""
response_headers_policy:
  description:
    - The policy, snake_cased as M(community.aws.cloudfront_response_headers_policy) returns it.
    - Empty when O(state=absent).
    - In check mode, a policy that would be created has only RV(response_headers_policy.response_headers_policy_config).
  returned: always
  type: dict
  contains:
    id:
      description: ID of the policy, which cache behaviors name as C(response_headers_policy_id).
      returned: when the policy exists
      type: str
      sample: 10a45b52-630e-4b7c-77c6-205f06df0462
    last_modified_time:
      description: When the policy was last changed, in ISO 8601.
      returned: when the policy exists
      type: str
      sample: "2022-02-04T13:23:27.304000+00:00"
    response_headers_policy_config:
      description:
        - The configuration of the policy, with the API's C(quantity) and C(items) for lists.
        - After a change, as the task asked for it; otherwise as CloudFront answered it.
      returned: always
      type: dict
      sample:
        name: website-security-headers
        comment: HSTS, no framing, no sniffing
        security_headers_config:
          frame_options:
            frame_option: DENY
            override: true
          content_type_options:
            override: true
"""

import json
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
from ansible.module_utils.parsing.convert_bool import boolean

from ansible_collections.amazon.aws.plugins.module_utils.botocore import is_boto3_error_code
from ansible_collections.amazon.aws.plugins.module_utils.modules import AnsibleAWSModule
from ansible_collections.amazon.aws.plugins.module_utils.retries import AWSRetry

NOT_FOUND_CODE = "NoSuchResponseHeadersPolicy"
CONFIG_SHAPE = "ResponseHeadersPolicyConfig"
# Module option -> member of ResponseHeadersPolicyConfig; the rest of each block follows botocore's model.
BLOCKS = (
    ("cors_config", "CorsConfig"),
    ("security_headers_config", "SecurityHeadersConfig"),
    ("custom_headers_config", "CustomHeadersConfig"),
    ("server_timing_headers_config", "ServerTimingHeadersConfig"),
    ("remove_headers_config", "RemoveHeadersConfig"),
)


class ConfigError(Exception):
    """A block of the task that the API would not accept, with the path of the offending key."""


def snake_name(member: str) -> str:
    """The snake_case key of an API member, as camel_dict_to_snake_dict names it (XSSProtection: xss_protection)."""
    return next(iter(camel_dict_to_snake_dict({member: None})))


def is_quantity_list(shape) -> bool:
    """CloudFront's ``{Quantity, Items}`` wrapper of a list."""
    return shape.type_name == "structure" and set(shape.members) == {"Quantity", "Items"}


def quantity_list_to_api(value: Any, shape, path: str) -> Dict[str, Any]:
    if isinstance(value, dict):
        unknown = sorted(set(value) - {"items", "quantity"})
        if unknown:
            raise ConfigError(f"{path} takes only 'items' (and an ignored 'quantity'), not {', '.join(unknown)}.")
        value = value.get("items")
    if value is None:
        value = []
    if not isinstance(value, list):
        raise ConfigError(f"{path} must be a list, or a dict with the list as 'items'.")
    item_shape = shape.members["Items"].member
    converted = [to_api(item, item_shape, f"{path}.items[{index}]") for index, item in enumerate(value)]
    result = {"Quantity": len(converted)}
    # botocore insists on Items where the model requires it, even empty; CloudFront leaves empty ones out otherwise.
    if converted or "Items" in shape.required_members:
        result["Items"] = converted
    return result


def structure_to_api(value: Any, shape, path: str) -> Dict[str, Any]:
    if not isinstance(value, dict):
        raise ConfigError(f"{path} must be a dict.")
    names = {snake_name(member): member for member in shape.members}
    unknown = sorted(set(value) - set(names))
    if unknown:
        raise ConfigError(
            f"{path} has unknown key(s) {', '.join(unknown)}; it takes {', '.join(sorted(names))}."
        )
    result = {}
    for key, member_value in value.items():
        # A null is a key left out, as templates produce for optional values.
        if member_value is not None:
            member = names[key]
            result[member] = to_api(member_value, shape.members[member], f"{path}.{key}")
    for member in shape.required_members:
        if member in result:
            continue
        if is_quantity_list(shape.members[member]):
            result[member] = quantity_list_to_api([], shape.members[member], f"{path}.{snake_name(member)}")
        else:
            raise ConfigError(f"{path}.{snake_name(member)} is required.")
    return result


def scalar_to_api(value: Any, shape, path: str) -> Any:
    kind = shape.type_name
    if isinstance(value, (dict, list)):
        raise ConfigError(f"{path} must be a {kind}, not a {type(value).__name__}.")
    if kind == "boolean":
        try:
            return boolean(value, strict=True)
        except TypeError:
            raise ConfigError(f"{path} must be a boolean, not {value!r}.") from None
    if isinstance(value, bool):
        # bool is an int in Python: true for a number or a string is a mistake, not 1 or "True".
        raise ConfigError(f"{path} must be a {kind}, not a boolean.")
    if kind in ("integer", "long"):
        if isinstance(value, int):
            return value
        try:
            number = float(value)
        except ValueError:
            raise ConfigError(f"{path} must be an integer, not {value!r}.") from None
        if number != int(number):
            raise ConfigError(f"{path} must be an integer, not {value!r}.")
        return int(number)
    if kind in ("double", "float"):
        try:
            return float(value)
        except ValueError:
            raise ConfigError(f"{path} must be a number, not {value!r}.") from None
    text = str(value)
    choices = getattr(shape, "enum", None)
    if choices:
        # The API's spelling, whatever the case given, so that the comparison with CloudFront's answer holds.
        canonical = {choice.lower(): choice for choice in choices}
        if text.lower() not in canonical:
            raise ConfigError(f"{path} must be one of {', '.join(choices)}, not {text!r}.")
        text = canonical[text.lower()]
    return text


def to_api(value: Any, shape, path: str) -> Any:
    """A snake_case value of the task as the API takes it, checked and converted along botocore's model."""
    if is_quantity_list(shape):
        return quantity_list_to_api(value, shape, path)
    if shape.type_name == "structure":
        return structure_to_api(value, shape, path)
    if shape.type_name == "list":
        return [to_api(item, shape.member, f"{path}[{index}]") for index, item in enumerate(value)]
    return scalar_to_api(value, shape, path)


def desired_config(module: AnsibleAWSModule, config_shape) -> Dict[str, Any]:
    params = module.params
    config = {"Name": params["name"]}
    if params["comment"]:
        config["Comment"] = params["comment"]
    for option, member in BLOCKS:
        # An empty block is no block, as community.aws's module has it.
        if params[option]:
            try:
                config[member] = to_api(params[option], config_shape.members[member], option)
            except ConfigError as e:
                module.fail_json(msg=str(e))
    return config


def is_empty(value: Any) -> bool:
    return value in (None, False, "", {}, [])


def normalize(value: Any, shape) -> Any:
    """A config in a form that compares equal when CloudFront would behave the same.

    Lists lose their Quantity and their order; optional members that are empty (false, "", no items, a block
    without anything in it) are dropped, since CloudFront treats them as left out and may answer either way.
    """
    if is_quantity_list(shape):
        item_shape = shape.members["Items"].member
        found = [normalize(item, item_shape) for item in (value or {}).get("Items") or []]
        return sorted(found, key=lambda item: json.dumps(item, sort_keys=True))
    if shape.type_name == "structure":
        result = {}
        for member, member_value in (value or {}).items():
            if member not in shape.members:
                continue
            normal = normalize(member_value, shape.members[member])
            if member in shape.required_members or not is_empty(normal):
                result[member] = normal
        return result
    if shape.type_name == "list":
        return [normalize(item, shape.member) for item in value or []]
    if shape.type_name in ("double", "float") and value is not None:
        return float(value)
    return value


def list_custom_policies(client, module: AnsibleAWSModule) -> List[Dict[str, Any]]:
    """Every custom policy, as ListResponseHeadersPolicies summarises it; botocore has no paginator for it."""
    summaries = []
    request = {"Type": "custom"}
    while True:
        try:
            page = client.list_response_headers_policies(aws_retry=True, **request)["ResponseHeadersPolicyList"]
        except (botocore.exceptions.ClientError, botocore.exceptions.BotoCoreError) as e:
            module.fail_json_aws(e, msg="Failed to list the response headers policies")
        summaries.extend(item["ResponseHeadersPolicy"] for item in page.get("Items") or [])
        if not page.get("NextMarker"):
            return summaries
        request["Marker"] = page["NextMarker"]


def find_policy(client, module: AnsibleAWSModule, name: str) -> Optional[Dict[str, Any]]:
    """``{Id, LastModifiedTime, ResponseHeadersPolicyConfig, ETag}`` of the custom policy named ``name``, or None."""
    summary = next(
        (item for item in list_custom_policies(client, module) if item["ResponseHeadersPolicyConfig"]["Name"] == name),
        None,
    )
    if summary is None:
        return None
    policy_id = summary["Id"]
    try:
        # The list has no ETag, which updates and deletes need.
        found = client.get_response_headers_policy_config(aws_retry=True, Id=policy_id)
    except is_boto3_error_code(NOT_FOUND_CODE):
        # Deleted between the two calls.
        return None
    except (
        botocore.exceptions.ClientError,
        botocore.exceptions.BotoCoreError,
    ) as e:  # pylint: disable=duplicate-except
        module.fail_json_aws(e, msg=f"Failed to read response headers policy {name} ({policy_id})")
    return dict(
        Id=policy_id,
        LastModifiedTime=summary.get("LastModifiedTime"),
        ResponseHeadersPolicyConfig=found["ResponseHeadersPolicyConfig"],
        ETag=found["ETag"],
    )


def create_policy(client, module: AnsibleAWSModule, config: Dict[str, Any]) -> Dict[str, Any]:
    if module.check_mode:
        return dict(ResponseHeadersPolicyConfig=config)
    try:
        created = client.create_response_headers_policy(aws_retry=True, ResponseHeadersPolicyConfig=config)
    except (botocore.exceptions.ClientError, botocore.exceptions.BotoCoreError) as e:
        module.fail_json_aws(e, msg=f"Failed to create response headers policy {config['Name']}")
    return created["ResponseHeadersPolicy"]


def update_policy(client, module: AnsibleAWSModule, policy: Dict[str, Any], config: Dict[str, Any]) -> Dict[str, Any]:
    if module.check_mode:
        return dict(policy, ResponseHeadersPolicyConfig=config)
    name, policy_id = config["Name"], policy["Id"]
    try:
        updated = client.update_response_headers_policy(
            aws_retry=True, Id=policy_id, IfMatch=policy["ETag"], ResponseHeadersPolicyConfig=config
        )
    except is_boto3_error_code("PreconditionFailed"):
        module.fail_json(
            msg=f"Response headers policy {name} ({policy_id}) was changed by someone else while the module was"
            " updating it; nothing was changed. Run the task again."
        )
    except is_boto3_error_code(NOT_FOUND_CODE):  # pylint: disable=duplicate-except
        module.fail_json(msg=f"Response headers policy {name} ({policy_id}) was deleted while the module was updating it.")
    except (
        botocore.exceptions.ClientError,
        botocore.exceptions.BotoCoreError,
    ) as e:  # pylint: disable=duplicate-except
        module.fail_json_aws(e, msg=f"Failed to update response headers policy {name} ({policy_id})")
    return updated["ResponseHeadersPolicy"]


def ensure_present(
    client, module: AnsibleAWSModule, policy: Optional[Dict[str, Any]], config: Dict[str, Any], config_shape
) -> Tuple[bool, Dict[str, Any]]:
    if policy is None:
        return True, create_policy(client, module, config)
    if normalize(config, config_shape) == normalize(policy["ResponseHeadersPolicyConfig"], config_shape):
        return False, policy
    return True, update_policy(client, module, policy, config)


def ensure_absent(client, module: AnsibleAWSModule, policy: Optional[Dict[str, Any]]) -> bool:
    if policy is None:
        return False
    if module.check_mode:
        return True
    name, policy_id = module.params["name"], policy["Id"]
    try:
        client.delete_response_headers_policy(aws_retry=True, Id=policy_id, IfMatch=policy["ETag"])
    except is_boto3_error_code(NOT_FOUND_CODE):
        # Deleted by someone else since we read it: that is the goal anyway.
        return False
    except is_boto3_error_code("ResponseHeadersPolicyInUse") as e:  # pylint: disable=duplicate-except
        module.fail_json_aws(
            e,
            msg=f"Response headers policy {name} ({policy_id}) is still named by cache behaviors of one or more"
            " CloudFront distributions and cannot be deleted. Remove it from them (response_headers_policy_id)"
            " first, and delete it once they are deployed.",
        )
    except is_boto3_error_code("PreconditionFailed"):  # pylint: disable=duplicate-except
        module.fail_json(
            msg=f"Response headers policy {name} ({policy_id}) was changed by someone else while the module was"
            " deleting it; it was not deleted. Run the task again."
        )
    except (
        botocore.exceptions.ClientError,
        botocore.exceptions.BotoCoreError,
    ) as e:  # pylint: disable=duplicate-except
        module.fail_json_aws(e, msg=f"Failed to delete response headers policy {name} ({policy_id})")
    return True


def normalize_policy(policy: Optional[Dict[str, Any]]) -> Dict[str, Any]:
    """The snake_cased policy the module returns, without its ETag, or an empty dict."""
    if not policy:
        return {}
    result = {"response_headers_policy_config": camel_dict_to_snake_dict(policy["ResponseHeadersPolicyConfig"])}
    if policy.get("Id"):
        result["id"] = policy["Id"]
    modified = policy.get("LastModifiedTime")
    if modified is not None:
        result["last_modified_time"] = modified.isoformat() if hasattr(modified, "isoformat") else str(modified)
    return result


def main() -> None:
    argument_spec = dict(
        name=dict(type="str", required=True),
        comment=dict(type="str"),
        cors_config=dict(type="dict", default={}),
        security_headers_config=dict(type="dict", default={}),
        custom_headers_config=dict(type="dict", default={}),
        server_timing_headers_config=dict(type="dict", default={}),
        remove_headers_config=dict(type="dict", default={}),
        state=dict(type="str", default="present", choices=["present", "absent"]),
    )

    module = AnsibleAWSModule(argument_spec=argument_spec, supports_check_mode=True)
    if not module.params["name"]:
        module.fail_json(msg="name cannot be empty.")

    client = module.client("cloudfront", retry_decorator=AWSRetry.jittered_backoff())
    # botocore's model of the API drives the conversion, checks and comparison of the blocks.
    config_shape = client.meta.service_model.shape_for(CONFIG_SHAPE)
    present = module.params["state"] == "present"
    # Checked before any call, so that a mistake in a block fails the same in check mode and in a real run.
    config = desired_config(module, config_shape) if present else None
    existing = find_policy(client, module, module.params["name"])

    if present:
        changed, policy = ensure_present(client, module, existing, config, config_shape)
    else:
        changed, policy = ensure_absent(client, module, existing), None

    result = dict(changed=changed, response_headers_policy=normalize_policy(policy))
    if module._diff:
        result["diff"] = dict(
            before=dict(response_headers_policy=normalize_policy(existing)),
            after=dict(response_headers_policy=result["response_headers_policy"]),
        )
    module.exit_json(**result)


if __name__ == "__main__":
    main()
