#!/usr/bin/python
# -*- coding: utf-8 -*-

# Copyright: seed.aws_platform maintainers
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

DOCUMENTATION = r"""
---
module: iam_service_linked_role
version_added: 0.1.0
short_description: Manage IAM service-linked roles
description:
  - Creates and deletes the IAM service-linked role of an AWS service, such as V(AWSServiceRoleForConfig),
    which the AWS Config recorder uses.
  - A service-linked role is named by AWS and lives under the path C(/aws-service-role/<aws_service_name>/);
    the module finds it there. Its trust policy and permissions belong to the service and cannot be changed;
    only its description can.
author: seed.aws_platform maintainers (!UNKNOWN)
options:
  aws_service_name:
    description:
      - The service principal of the service the role is linked to, for example V(config.amazonaws.com).
    type: str
    required: true
  custom_suffix:
    description:
      - A suffix that AWS appends to the role's name after an underscore, to tell apart several roles of
        one service (V(AWSServiceRoleForAutoScaling_mysuffix)).
      - Only some services accept one.
      - When omitted, the module manages the service's role without a suffix.
    type: str
  description:
    description:
      - The description of the role.
      - When given, the description of an existing role is changed to it if it differs; when omitted,
        it is left as it is.
    type: str
  state:
    description:
      - Whether the role should exist.
    type: str
    default: present
    choices: ['present', 'absent']
  wait:
    description:
      - With O(state=absent), whether to wait until AWS has finished deleting the role.
      - AWS deletes a service-linked role in the background, and only once the service no longer uses it;
        the module fails with AWS's reason when the deletion fails.
    type: bool
    default: true
  wait_timeout:
    description:
      - How many seconds to wait for the deletion with O(wait=true) before failing.
    type: int
    default: 300
notes:
  - To delete a role, only O(aws_service_name), O(custom_suffix) when it has one, and O(state=absent) are needed.
  - IAM does not report a role's custom suffix, so without O(custom_suffix) the module takes the role with the
    shortest name under the service's path, which is the role without suffix whenever it exists (AWS names a
    role with a suffix C(<name without suffix>_<suffix>)); with O(custom_suffix) it takes the role whose name
    ends with C(_<custom_suffix>).
  - This module supports check mode.
extends_documentation_fragment:
  - amazon.aws.common.modules
  - amazon.aws.region.modules
  - amazon.aws.boto3
"""

EXAMPLES = r"""
# Note: These examples do not set authentication details, see the AWS Guide for details.

- name: Create AWS Config's service-linked role, which the configuration recorder uses
  seed.aws_platform.iam_service_linked_role:
    aws_service_name: config.amazonaws.com
  register: config_role

- name: Record the resources of the account with that role
  community.aws.config_recorder:
    name: default
    role_arn: "{{ config_role.iam_role.arn }}"
    recording_group:
      all_supported: true
      include_global_types: true

- name: Create a second Auto Scaling role, named AWSServiceRoleForAutoScaling_batch
  seed.aws_platform.iam_service_linked_role:
    aws_service_name: autoscaling.amazonaws.com
    custom_suffix: batch
    description: Auto Scaling groups of the batch workers

- name: Delete AWS Config's service-linked role once no recorder uses it
  seed.aws_platform.iam_service_linked_role:
    aws_service_name: config.amazonaws.com
    state: absent
    wait_timeout: 600
"""

RETURN = r"""
iam_role:
  description:
    - The role.
    - Empty when O(state=absent).
    - In check mode, a role that would be created has only RV(iam_role.path) and RV(iam_role.description).
  returned: always
  type: dict
  contains:
    arn:
      description: ARN of the role.
      returned: when the role exists
      type: str
      sample: arn:aws:iam::123456789012:role/aws-service-role/config.amazonaws.com/AWSServiceRoleForConfig
    assume_role_policy_document:
      description: The role's trust policy, which lets the service assume it.
      returned: when the role exists
      type: dict
      sample: {
          "Version": "2012-10-17",
          "Statement": [
            {"Effect": "Allow", "Principal": {"Service": "config.amazonaws.com"}, "Action": "sts:AssumeRole"}
          ]
        }
    create_date:
      description: When the role was created.
      returned: when the role exists
      type: str
      sample: "2024-05-01T10:20:30+00:00"
    description:
      description: The description of the role, empty when it has none.
      returned: when O(state=present)
      type: str
      sample: Allows Config to call AWS services and collect resource configurations on your behalf.
    path:
      description: The role's path, C(/aws-service-role/<aws_service_name>/).
      returned: when O(state=present)
      type: str
      sample: /aws-service-role/config.amazonaws.com/
    role_name:
      description: The name AWS gave the role.
      returned: when the role exists
      type: str
      sample: AWSServiceRoleForConfig
"""

import time
from typing import Any
from typing import Dict
from typing import List
from typing import Optional
from typing import Tuple

try:
    import botocore
except ImportError:
    pass  # Handled by AnsibleAWSModule

from ansible_collections.amazon.aws.plugins.module_utils.botocore import is_boto3_error_code
from ansible_collections.amazon.aws.plugins.module_utils.modules import AnsibleAWSModule
from ansible_collections.amazon.aws.plugins.module_utils.retries import AWSRetry

# Seconds between two reads of a deletion task's status.
DELETION_POLL_DELAY = 5


def role_path(module: AnsibleAWSModule) -> str:
    return f"/aws-service-role/{module.params['aws_service_name']}/"


def normalize_role(role: Dict[str, Any]) -> Dict[str, Any]:
    return dict(
        role_name=role["RoleName"],
        arn=role["Arn"],
        path=role["Path"],
        description=role.get("Description", ""),
        create_date=role["CreateDate"].isoformat(),
        assume_role_policy_document=role["AssumeRolePolicyDocument"],
    )


# The retries wrap the whole pagination because a paginator bypasses the retrying client wrapper that
# ``AnsibleAWSModule.client`` returns.
@AWSRetry.jittered_backoff()
def list_roles(client, path: str) -> List[Dict[str, Any]]:
    return client.get_paginator("list_roles").paginate(PathPrefix=path).build_full_result()["Roles"]


def find_role(client, module: AnsibleAWSModule) -> Optional[Dict[str, Any]]:
    """The service's role with the requested suffix, or without one: see the module's notes."""
    path, suffix = role_path(module), module.params["custom_suffix"]
    try:
        # A prefix also matches deeper paths, which are not the service's.
        roles = [role for role in list_roles(client, path) if role["Path"] == path]
    except (botocore.exceptions.ClientError, botocore.exceptions.BotoCoreError) as e:
        module.fail_json_aws(e, msg=f"Failed to list the roles under {path}")
    if suffix:
        roles = [role for role in roles if role["RoleName"].endswith(f"_{suffix}")]
    if not roles:
        return None
    return normalize_role(min(roles, key=lambda role: len(role["RoleName"])))


def create_role(client, module: AnsibleAWSModule) -> Tuple[bool, Dict[str, Any]]:
    """Create the role; ``(False, role)`` when someone else created it first."""
    params = module.params
    request = dict(AWSServiceName=params["aws_service_name"])
    if params["custom_suffix"]:
        request["CustomSuffix"] = params["custom_suffix"]
    if params["description"] is not None:
        request["Description"] = params["description"]
    try:
        return True, normalize_role(client.create_service_linked_role(aws_retry=True, **request)["Role"])
    except is_boto3_error_code("InvalidInput") as e:
        # AWS's answer when the role exists: created since we listed the roles, or not listed yet.
        if "has been taken" not in e.response["Error"]["Message"]:
            module.fail_json_aws(e, msg=f"Failed to create the service-linked role of {params['aws_service_name']}")
    except (
        botocore.exceptions.ClientError,
        botocore.exceptions.BotoCoreError,
    ) as e:  # pylint: disable=duplicate-except
        module.fail_json_aws(e, msg=f"Failed to create the service-linked role of {params['aws_service_name']}")
    existing = find_role(client, module)
    if existing is None:
        module.fail_json(
            msg=f"IAM says the service-linked role of {params['aws_service_name']} exists, "
            f"but no role under {role_path(module)} matches; run the task again."
        )
    return False, existing


def update_description(client, module: AnsibleAWSModule, existing: Dict[str, Any]) -> Tuple[bool, Dict[str, Any]]:
    description = module.params["description"]
    if description is None or description == existing["description"]:
        return False, existing
    if not module.check_mode:
        try:
            client.update_role_description(aws_retry=True, RoleName=existing["role_name"], Description=description)
        except (botocore.exceptions.ClientError, botocore.exceptions.BotoCoreError) as e:
            module.fail_json_aws(e, msg=f"Failed to update the description of {existing['role_name']}")
    # Built from the change: a re-read could still show the old description, IAM being eventually consistent.
    return True, dict(existing, description=description)


def ensure_present(
    client, module: AnsibleAWSModule, existing: Optional[Dict[str, Any]]
) -> Tuple[bool, Dict[str, Any]]:
    if existing is None:
        if module.check_mode:
            return True, dict(path=role_path(module), description=module.params["description"] or "")
        created, existing = create_role(client, module)
        if created:
            return True, existing
    return update_description(client, module, existing)


def wait_for_deletion(client, module: AnsibleAWSModule, role_name: str, task_id: str) -> None:
    deadline = time.monotonic() + module.params["wait_timeout"]
    while True:
        try:
            status = client.get_service_linked_role_deletion_status(aws_retry=True, DeletionTaskId=task_id)
        except (botocore.exceptions.ClientError, botocore.exceptions.BotoCoreError) as e:
            module.fail_json_aws(e, msg=f"Failed to read the status of the deletion of {role_name}")
        if status["Status"] == "SUCCEEDED":
            return
        if status["Status"] == "FAILED":
            reason = status.get("Reason", {})
            usage = "; ".join(
                f"{item['Region']}: {', '.join(item.get('Resources', []))}" for item in reason.get("RoleUsageList", [])
            )
            module.fail_json(
                msg=f"AWS failed to delete the service-linked role {role_name}: "
                f"{reason.get('Reason', 'no reason given')}" + (f" (still used in {usage})" if usage else ""),
                deletion_task_id=task_id,
            )
        if time.monotonic() >= deadline:
            module.fail_json(
                msg=f"Timed out after {module.params['wait_timeout']} seconds waiting for the deletion of "
                f"{role_name}, last status {status['Status']}",
                deletion_task_id=task_id,
            )
        time.sleep(DELETION_POLL_DELAY)


def ensure_absent(client, module: AnsibleAWSModule, existing: Optional[Dict[str, Any]]) -> bool:
    if existing is None:
        return False
    if module.check_mode:
        return True
    role_name = existing["role_name"]
    try:
        task_id = client.delete_service_linked_role(aws_retry=True, RoleName=role_name)["DeletionTaskId"]
    except is_boto3_error_code("NoSuchEntity"):
        return True  # Deleted by someone else since we listed it: that is the goal anyway.
    except (
        botocore.exceptions.ClientError,
        botocore.exceptions.BotoCoreError,
    ) as e:  # pylint: disable=duplicate-except
        module.fail_json_aws(e, msg=f"Failed to delete the service-linked role {role_name}")
    if module.params["wait"]:
        wait_for_deletion(client, module, role_name, task_id)
    return True


def main() -> None:
    argument_spec = dict(
        aws_service_name=dict(type="str", required=True),
        custom_suffix=dict(type="str"),
        description=dict(type="str"),
        state=dict(type="str", default="present", choices=["present", "absent"]),
        wait=dict(type="bool", default=True),
        wait_timeout=dict(type="int", default=300),
    )

    module = AnsibleAWSModule(argument_spec=argument_spec, supports_check_mode=True)

    client = module.client("iam", retry_decorator=AWSRetry.jittered_backoff())
    existing = find_role(client, module)

    if module.params["state"] == "present":
        changed, role = ensure_present(client, module, existing)
    else:
        changed, role = ensure_absent(client, module, existing), {}

    module.exit_json(changed=changed, iam_role=role)


if __name__ == "__main__":
    main()
