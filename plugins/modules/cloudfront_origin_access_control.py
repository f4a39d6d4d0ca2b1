#!/usr/bin/python
# -*- coding: utf-8 -*-

# Copyright: seed.aws_platform maintainers
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

DOCUMENTATION = r"""
---
module: cloudfront_origin_access_control
version_added: 0.1.0
short_description: Manage CloudFront origin access controls
description:
  - Creates, updates in place and deletes a CloudFront origin access control (OAC), with which CloudFront signs
    its requests to an origin (an S3 bucket, a Lambda function URL, MediaStore or MediaPackage v2) so that the
    origin can admit CloudFront alone.
  - It replaces the legacy origin access identity, which is all community.aws.cloudfront_distribution supports;
    distributions refer to it with O(seed.aws_platform.cloudfront_distribution#module:origins[].origin_access_control_id).
  - An origin access control is identified by O(name), unique in the account.
author: seed.aws_platform maintainers (!UNKNOWN)
options:
  name:
    description:
      - Name of the origin access control, unique in the account; at most 64 characters.
    type: str
    required: true
  description:
    description:
      - Description of the origin access control; at most 256 characters.
      - When omitted, an origin access control is created without a description and the description of an
        existing one is left as it is.
    type: str
  origin_type:
    description:
      - The type of origin the origin access control is for.
    type: str
    default: s3
    choices: ['s3', 'mediastore', 'lambda', 'mediapackagev2']
  signing_behavior:
    description:
      - Which requests CloudFront signs.
      - V(always) signs every request, replacing any C(Authorization) header of the viewer; V(never) signs none;
        V(no-override) signs those that come without an C(Authorization) header.
    type: str
    default: always
    choices: ['always', 'never', 'no-override']
  signing_protocol:
    description:
      - How CloudFront signs its requests; AWS Signature Version 4 is the only one.
    type: str
    default: sigv4
    choices: ['sigv4']
  state:
    description:
      - Whether the origin access control should exist.
      - CloudFront refuses to delete an origin access control that a distribution still uses; the module then
        fails and changes nothing.
    type: str
    default: present
    choices: ['present', 'absent']
notes:
  - The module lists the origin access controls (ListOriginAccessControls) to find the one named O(name), reads
    it with GetOriginAccessControl for its ETag, and changes it in place with UpdateOriginAccessControl, which
    keeps its ID.
  - Origin access controls have no tags.
  - CloudFront is a global service; its API answers in V(us-east-1), whatever region the task gives.
  - This module supports check mode and diff mode.
extends_documentation_fragment:
  - amazon.aws.common.modules
  - amazon.aws.region.modules
  - amazon.aws.boto3
"""

EXAMPLES = r"""
# Note: These examples do not set authentication details, see the AWS Guide for details.

- name: An origin access control for the S3 bucket of a website
  seed.aws_platform.cloudfront_origin_access_control:
    name: website-assets
    description: CloudFront reads the website's assets bucket
  register: oac

- name: The distribution in front of the bucket signs its requests with it
  seed.aws_platform.cloudfront_distribution:
    caller_reference: website
    origins:
      - id: assets
        domain_name: website-assets.s3.us-east-1.amazonaws.com
        s3: true
        origin_access_control_id: "{{ oac.origin_access_control.id }}"
    default_cache_behavior:
      target_origin_id: assets
      cache_policy_id: 658327ea-f89d-4fab-a63d-7e88639e58f6

- name: An origin access control for a Lambda function URL, signing only unsigned requests
  seed.aws_platform.cloudfront_origin_access_control:
    name: api-function
    origin_type: lambda
    signing_behavior: no-override

- name: Delete it, once no distribution uses it
  seed.aws_platform.cloudfront_origin_access_control:
    name: api-function
    state: absent
"""

RETURN = r"""
origin_access_control:
  description:
    - The origin access control.
    - Empty when O(state=absent).
    - In check mode, an origin access control that would be created has no RV(origin_access_control.id) and no
      RV(origin_access_control.etag).
  returned: always
  type: dict
  contains:
    id:
      description: ID of the origin access control, what origins refer to.
      returned: when it exists
      type: str
      sample: E2QWRUHAPOMQZL
    name:
      description: Name of the origin access control.
      returned: always
      type: str
      sample: website-assets
    description:
      description: Description of the origin access control, V("") for none.
      returned: always
      type: str
      sample: CloudFront reads the website's assets bucket
    origin_type:
      description: The type of origin it is for.
      returned: always
      type: str
      sample: s3
    signing_behavior:
      description: Which requests CloudFront signs.
      returned: always
      type: str
      sample: always
    signing_protocol:
      description: How CloudFront signs them.
      returned: always
      type: str
      sample: sigv4
    etag:
      description: The version of the origin access control, which a change must give (C(IfMatch)).
      returned: when it exists
      type: str
      sample: E1QSDF23K0ABCD
"""

from typing import Any
from typing import Dict
from typing import Optional
from typing import Tuple

try:
    import botocore
except ImportError:
    pass  # Handled by AnsibleAWSModule

from ansible_collections.amazon.aws.plugins.module_utils.botocore import is_boto3_error_code
from ansible_collections.amazon.aws.plugins.module_utils.modules import AnsibleAWSModule

from ansible_collections.seed.aws_platform.plugins.module_utils.cloudfront_distributions import cloudfront_client
from ansible_collections.seed.aws_platform.plugins.module_utils.cloudfront_distributions import (
    find_origin_access_controls,
)
from ansible_collections.seed.aws_platform.plugins.module_utils.cloudfront_distributions import (
    get_origin_access_control,
)

NOT_FOUND_CODE = "NoSuchOriginAccessControl"
# OriginAccessControlConfig key -> option, in the order the module returns them.
CONFIG_OPTIONS = (
    ("Description", "description"),
    ("OriginAccessControlOriginType", "origin_type"),
    ("SigningBehavior", "signing_behavior"),
    ("SigningProtocol", "signing_protocol"),
)


def validate_params(module: AnsibleAWSModule) -> None:
    params = module.params
    if not 1 <= len(params["name"]) <= 64:
        module.fail_json(msg=f"name must be 1 to 64 characters long, not {len(params['name'])}.")
    if params["description"] is not None and len(params["description"]) > 256:
        module.fail_json(msg=f"description must be at most 256 characters long, not {len(params['description'])}.")


def find_control(client, module: AnsibleAWSModule, name: str) -> Optional[Dict[str, Any]]:
    """The origin access control named ``name`` as ``{Id, ETag, **OriginAccessControlConfig}``, or None."""
    try:
        found = find_origin_access_controls(client, name)
        if len(found) > 1:
            module.fail_json(
                msg=f"Found {len(found)} origin access controls named {name}: "
                f"{', '.join(sorted(summary['Id'] for summary in found))}. Delete all but one in CloudFront.",
            )
        control = get_origin_access_control(client, found[0]["Id"]) if found else None
    except (botocore.exceptions.ClientError, botocore.exceptions.BotoCoreError) as e:
        module.fail_json_aws(e, msg=f"Failed to look up origin access control {name}")
    if control is None:
        # None listed, or deleted between the listing and the read.
        return None
    return dict(control[0]["OriginAccessControlConfig"], Id=control[0]["Id"], ETag=control[1])


def desired_config(module: AnsibleAWSModule, existing: Optional[Dict[str, Any]]) -> Dict[str, Any]:
    """The whole OriginAccessControlConfig the task asks for: CloudFront's update replaces all of it."""
    params = module.params
    config = dict(Name=params["name"])
    for key, option in CONFIG_OPTIONS:
        config[key] = params[option]
    if params["description"] is None:
        config["Description"] = (existing or {}).get("Description") or ""
    return config


def config_value(control: Dict[str, Any], key: str) -> Optional[str]:
    """A setting of ``control``; a control created without a description may be answered without one."""
    return control.get(key) or ("" if key == "Description" else None)


def differs(config: Dict[str, Any], existing: Dict[str, Any]) -> bool:
    return any(config[key] != config_value(existing, key) for key in dict(CONFIG_OPTIONS))


def ensure_present(client, module: AnsibleAWSModule, existing: Optional[Dict[str, Any]]) -> Tuple[bool, Dict[str, Any]]:
    config = desired_config(module, existing)
    if existing is not None and not differs(config, existing):
        return False, existing
    if module.check_mode:
        return True, dict(existing or {}, **config)
    try:
        if existing is None:
            answer = client.create_origin_access_control(aws_retry=True, OriginAccessControlConfig=config)
        else:
            answer = client.update_origin_access_control(
                aws_retry=True, Id=existing["Id"], IfMatch=existing["ETag"], OriginAccessControlConfig=config
            )
    except is_boto3_error_code("PreconditionFailed"):
        module.fail_json(
            msg=f"Origin access control {config['Name']} was changed by someone else while the module was updating it;"
            " run the task again."
        )
    except (
        botocore.exceptions.ClientError,
        botocore.exceptions.BotoCoreError,
    ) as e:  # pylint: disable=duplicate-except
        verb = "create" if existing is None else "update"
        module.fail_json_aws(e, msg=f"Failed to {verb} origin access control {config['Name']}")
    control = answer["OriginAccessControl"]
    return True, dict(control["OriginAccessControlConfig"], Id=control["Id"], ETag=answer["ETag"])


def ensure_absent(client, module: AnsibleAWSModule, existing: Optional[Dict[str, Any]]) -> bool:
    if existing is None:
        return False
    if module.check_mode:
        return True
    name = existing["Name"]
    try:
        client.delete_origin_access_control(aws_retry=True, Id=existing["Id"], IfMatch=existing["ETag"])
    except is_boto3_error_code(NOT_FOUND_CODE):
        # Deleted by someone else since we read it: that is the goal anyway.
        return False
    except is_boto3_error_code("OriginAccessControlInUse"):  # pylint: disable=duplicate-except
        module.fail_json(
            msg=f"Origin access control {name} ({existing['Id']}) is still used by a CloudFront distribution, and"
            " CloudFront refuses to delete it. Remove it from the distribution's origins"
            " (origin_access_control_id) first, then delete it.",
            origin_access_control=normalize_control(existing),
        )
    except is_boto3_error_code("PreconditionFailed"):  # pylint: disable=duplicate-except
        module.fail_json(
            msg=f"Origin access control {name} was changed by someone else while the module was deleting it;"
            " run the task again."
        )
    except (
        botocore.exceptions.ClientError,
        botocore.exceptions.BotoCoreError,
    ) as e:  # pylint: disable=duplicate-except
        module.fail_json_aws(e, msg=f"Failed to delete origin access control {name}")
    return True


def normalize_control(control: Optional[Dict[str, Any]]) -> Dict[str, Any]:
    """The origin access control as the module returns it, or an empty dict."""
    if not control:
        return {}
    result = {}
    if "Id" in control:
        result["id"] = control["Id"]
    result["name"] = control["Name"]
    for key, option in CONFIG_OPTIONS:
        result[option] = config_value(control, key)
    if "ETag" in control:
        result["etag"] = control["ETag"]
    return result


def main() -> None:
    argument_spec = dict(
        name=dict(type="str", required=True),
        description=dict(type="str"),
        origin_type=dict(type="str", default="s3", choices=["s3", "mediastore", "lambda", "mediapackagev2"]),
        signing_behavior=dict(type="str", default="always", choices=["always", "never", "no-override"]),
        signing_protocol=dict(type="str", default="sigv4", choices=["sigv4"]),
        state=dict(type="str", default="present", choices=["present", "absent"]),
    )

    module = AnsibleAWSModule(argument_spec=argument_spec, supports_check_mode=True)
    validate_params(module)

    client = cloudfront_client(module)
    existing = find_control(client, module, module.params["name"])

    if module.params["state"] == "present":
        changed, control = ensure_present(client, module, existing)
    else:
        changed, control = ensure_absent(client, module, existing), None

    result = dict(changed=changed, origin_access_control=normalize_control(control))
    if module._diff:
        result["diff"] = dict(
            before=dict(origin_access_control=normalize_control(existing)),
            after=dict(origin_access_control=result["origin_access_control"]),
        )
    module.exit_json(**result)


if __name__ == "__main__":
    main()
