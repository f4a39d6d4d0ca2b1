#!/usr/bin/python
# -*- coding: utf-8 -*-

# Copyright: seed.aws_platform maintainers
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

DOCUMENTATION = r"""
---
module: codedeploy_application
version_added: 0.1.0
short_description: Manage CodeDeploy applications
description:
  - Creates, tags and deletes an AWS CodeDeploy application, the container of the deployment groups and deployments
    of one piece of software.
  - An application is identified by O(name), unique in the account and region.
  - Deployment groups are managed with M(seed.aws_platform.codedeploy_deployment_group).
author: seed.aws_platform maintainers (!UNKNOWN)
options:
  name:
    description:
      - Name of the application.
      - 1 to 100 letters, digits and characters among C(. _ + = , @ -).
    type: str
    required: true
  compute_platform:
    description:
      - What the application deploys to. V(ECS) for Amazon ECS services (blue/green), V(Server) for EC2 and
        on-premises instances, V(Lambda) for Lambda functions.
      - AWS sets it at creation only. When an existing application has another compute platform, the task fails and
        changes nothing; the application has to be deleted and created again.
      - Not compared with O(state=absent).
    type: str
    default: ECS
    choices: ['ECS', 'Server', 'Lambda']
  state:
    description:
      - Whether the application should exist.
    type: str
    default: present
    choices: ['present', 'absent']
notes:
  - Deleting an application also deletes its deployment groups and its deployment history.
  - Tags are read with ListTagsForResource and changed with TagResource and UntagResource, on the ARN
    C(arn:PARTITION:codedeploy:REGION:ACCOUNT:application:NAME); the account and partition are read with
    STS GetCallerIdentity.
  - This module supports check mode and diff mode.
extends_documentation_fragment:
  - amazon.aws.common.modules
  - amazon.aws.region.modules
  - amazon.aws.tags
  - amazon.aws.boto3
"""

EXAMPLES = r"""
# Note: These examples do not set authentication details, see the AWS Guide for details.

- name: The application that deploys the orders service blue/green
  seed.aws_platform.codedeploy_application:
    name: orders
    compute_platform: ECS
    tags:
      Environment: production

- name: Add a tag without removing the others
  seed.aws_platform.codedeploy_application:
    name: orders
    tags:
      CostCenter: "1234"
    purge_tags: false

- name: Delete the application, its deployment groups and its deployment history
  seed.aws_platform.codedeploy_application:
    name: orders
    state: absent
"""

RETURN = r"""
application:
  description:
    - The application, as GetApplication reports it (snake_cased), with its tags.
    - Empty when O(state=absent).
    - In check mode, an application that would be created has only its name, compute platform and tags.
  returned: always
  type: dict
  contains:
    application_id:
      description: Unique ID of the application.
      returned: when the application exists
      type: str
      sample: 2f2c8d5e-95f6-4b5c-9a5f-5d8c7b6a1e0f
    application_name:
      description: Name of the application.
      returned: always
      type: str
      sample: orders
    compute_platform:
      description: V(ECS), V(Server) or V(Lambda).
      returned: always
      type: str
      sample: ECS
    create_time:
      description: When the application was created.
      returned: when the application exists
      type: str
      sample: "2024-05-02T09:41:12.345000+00:00"
    linked_to_git_hub:
      description: Whether the application is linked to a GitHub account.
      returned: when the application exists and AWS reports it
      type: bool
      sample: false
    tags:
      description: Tags of the application.
      returned: always
      type: dict
      sample: {"Environment": "production"}
"""

from typing import Any
from typing import Dict
from typing import Optional
from typing import Tuple

try:
    import botocore
except ImportError:
    pass  # Handled by AnsibleAWSModule

from ansible.module_utils.common.dict_transformations import camel_dict_to_snake_dict

from ansible_collections.amazon.aws.plugins.module_utils.botocore import normalize_boto3_result
from ansible_collections.amazon.aws.plugins.module_utils.modules import AnsibleAWSModule
from ansible_collections.amazon.aws.plugins.module_utils.tagging import ansible_dict_to_boto3_tag_list

from ansible_collections.seed.aws_platform.plugins.module_utils.codedeploy import ArnBuilder
from ansible_collections.seed.aws_platform.plugins.module_utils.codedeploy import application_name_problem
from ansible_collections.seed.aws_platform.plugins.module_utils.codedeploy import codedeploy_client
from ansible_collections.seed.aws_platform.plugins.module_utils.codedeploy import ensure_tags
from ansible_collections.seed.aws_platform.plugins.module_utils.codedeploy import get_application
from ansible_collections.seed.aws_platform.plugins.module_utils.codedeploy import list_tags
from ansible_collections.seed.aws_platform.plugins.module_utils.tag_map import tag_map


def find_application(client, module: AnsibleAWSModule, arns: ArnBuilder) -> Optional[Dict[str, Any]]:
    """The application with its tags, or None."""
    name = module.params["name"]
    application = get_application(client, module, name)
    if application is None:
        return None
    return dict(application, tags=list_tags(client, module, arns.application(name)))


def create_application(client, module: AnsibleAWSModule) -> Dict[str, Any]:
    params = module.params
    name = params["name"]
    tags = tag_map(params["tags"] or {})
    if module.check_mode:
        return dict(applicationName=name, computePlatform=params["compute_platform"], tags=tags)
    request = dict(applicationName=name, computePlatform=params["compute_platform"])
    if tags:
        request["tags"] = ansible_dict_to_boto3_tag_list(tags)
    try:
        client.create_application(aws_retry=True, **request)
    except (botocore.exceptions.ClientError, botocore.exceptions.BotoCoreError) as e:
        module.fail_json_aws(e, msg=f"Failed to create CodeDeploy application {name}")
    created = get_application(client, module, name)
    if created is None:
        module.fail_json(msg=f"CodeDeploy application {name} was created but cannot be found: it was deleted meanwhile.")
    return dict(created, tags=tags)


def refuse_other_platform(module: AnsibleAWSModule, application: Dict[str, Any]) -> None:
    wanted, current = module.params["compute_platform"], application.get("computePlatform")
    if wanted != current:
        name = module.params["name"]
        module.fail_json(
            msg=f"CodeDeploy application {name} has compute platform {current}, not {wanted}, and AWS cannot change the"
            f" compute platform of an application. Delete it (state=absent), which also deletes its deployment groups"
            f" and deployment history, and create it again with compute_platform={wanted}, or choose another name.",
            application=normalize_application(application),
        )


def ensure_present(
    client, module: AnsibleAWSModule, arns: ArnBuilder, application: Optional[Dict[str, Any]]
) -> Tuple[bool, Dict[str, Any]]:
    if application is None:
        return True, create_application(client, module)
    refuse_other_platform(module, application)
    name = module.params["name"]
    changed, tags = ensure_tags(client, module, application["tags"], lambda: arns.application(name))
    return changed, dict(application, tags=tags)


def ensure_absent(client, module: AnsibleAWSModule, application: Optional[Dict[str, Any]]) -> bool:
    if application is None:
        return False
    if not module.check_mode:
        name = module.params["name"]
        try:
            # AWS answers a missing application with success, so a concurrent deletion is no error.
            client.delete_application(aws_retry=True, applicationName=name)
        except (botocore.exceptions.ClientError, botocore.exceptions.BotoCoreError) as e:
            module.fail_json_aws(e, msg=f"Failed to delete CodeDeploy application {name}")
    return True


def normalize_application(application: Optional[Dict[str, Any]]) -> Dict[str, Any]:
    """The snake_cased application the module returns, tags as a dict, or an empty dict."""
    if not application:
        return {}
    application = dict(application)
    tags = application.pop("tags", {})
    return dict(camel_dict_to_snake_dict(normalize_boto3_result(application)), tags=tags)


def main() -> None:
    argument_spec = dict(
        name=dict(type="str", required=True),
        compute_platform=dict(type="str", default="ECS", choices=["ECS", "Server", "Lambda"]),
        state=dict(type="str", default="present", choices=["present", "absent"]),
        tags=dict(type="dict", aliases=["resource_tags"]),
        purge_tags=dict(type="bool", default=True),
    )

    module = AnsibleAWSModule(argument_spec=argument_spec, supports_check_mode=True)
    problem = application_name_problem("name", module.params["name"])
    if problem:
        module.fail_json(msg=problem + ".")

    client = codedeploy_client(module)
    arns = ArnBuilder(module, client)
    existing = find_application(client, module, arns)

    if module.params["state"] == "present":
        changed, application = ensure_present(client, module, arns, existing)
    else:
        changed, application = ensure_absent(client, module, existing), None

    result = dict(changed=changed, application=normalize_application(application))
    if module._diff:
        result["diff"] = dict(
            before=dict(application=normalize_application(existing)), after=dict(application=result["application"])
        )
    module.exit_json(**result)


if __name__ == "__main__":
    main()
