# -*- coding: utf-8 -*-

# Copyright: seed.aws_platform maintainers
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""What the CodeDeploy modules share: names, ARNs, finding an application, and tags.

CodeDeploy's read APIs return no ARN, so the ARNs that tagging needs are built from the account and partition
(STS GetCallerIdentity) and the client's region.
"""

import re
from typing import Any
from typing import Callable
from typing import Dict
from typing import List
from typing import Optional
from typing import Tuple

try:
    import botocore
except ImportError:
    pass  # Handled by AnsibleAWSModule

from ansible_collections.amazon.aws.plugins.module_utils.botocore import is_boto3_error_code
from ansible_collections.amazon.aws.plugins.module_utils.iam import get_aws_account_info
from ansible_collections.amazon.aws.plugins.module_utils.modules import AnsibleAWSModule
from ansible_collections.amazon.aws.plugins.module_utils.retries import AWSRetry
from ansible_collections.amazon.aws.plugins.module_utils.tagging import ansible_dict_to_boto3_tag_list
from ansible_collections.amazon.aws.plugins.module_utils.tagging import boto3_tag_list_to_ansible_dict

from ansible_collections.seed.aws_platform.plugins.module_utils.tag_map import converge_tags

APPLICATION_NOT_FOUND = "ApplicationDoesNotExistException"
DEPLOYMENT_GROUP_NOT_FOUND = "DeploymentGroupDoesNotExistException"
# CodeDeploy quotas: application names are 1 to 100 of these characters.
APPLICATION_NAME = re.compile(r"^[A-Za-z0-9._+=,@-]{1,100}$")
MAX_NAME_LENGTH = 100


def codedeploy_client(module: AnsibleAWSModule):
    return module.client("codedeploy", retry_decorator=AWSRetry.jittered_backoff())


def application_name_problem(option: str, name: str) -> Optional[str]:
    """The sentence explaining why CodeDeploy would refuse ``name`` as an application name, or None."""
    if APPLICATION_NAME.match(name):
        return None
    return (
        f"{option} {name!r} is not a valid CodeDeploy application name: it must be 1 to 100 letters, digits and"
        " characters among . _ + = , @ -"
    )


def deployment_group_name_problem(option: str, name: str) -> Optional[str]:
    if 1 <= len(name) <= MAX_NAME_LENGTH:
        return None
    return f"{option} must be 1 to {MAX_NAME_LENGTH} characters long, not {len(name)}"


class ArnBuilder:
    """Builds CodeDeploy ARNs, asking STS for the account and partition at most once, and only when needed."""

    def __init__(self, module: AnsibleAWSModule, client):
        self.module = module
        self.region = client.meta.region_name
        self._account = None

    def resource(self, resource: str) -> str:
        if self._account is None:
            self._account = get_aws_account_info(self.module)
        account_id, partition = self._account
        return f"arn:{partition}:codedeploy:{self.region}:{account_id}:{resource}"

    def application(self, name: str) -> str:
        return self.resource(f"application:{name}")

    def deployment_group(self, application_name: str, group_name: str) -> str:
        return self.resource(f"deploymentgroup:{application_name}/{group_name}")


def get_application(client, module: AnsibleAWSModule, name: str) -> Optional[Dict[str, Any]]:
    """The application as GetApplication has it, or None."""
    try:
        return client.get_application(aws_retry=True, applicationName=name)["application"]
    except is_boto3_error_code(APPLICATION_NOT_FOUND):
        return None
    except (
        botocore.exceptions.ClientError,
        botocore.exceptions.BotoCoreError,
    ) as e:  # pylint: disable=duplicate-except
        module.fail_json_aws(e, msg=f"Failed to describe CodeDeploy application {name}")


def list_tags(client, module: AnsibleAWSModule, arn: str) -> Dict[str, str]:
    tags = []
    request = dict(ResourceArn=arn)
    try:
        while True:
            page = client.list_tags_for_resource(aws_retry=True, **request)
            tags.extend(page.get("Tags", []))
            if not page.get("NextToken"):
                break
            request["NextToken"] = page["NextToken"]
    except (botocore.exceptions.ClientError, botocore.exceptions.BotoCoreError) as e:
        module.fail_json_aws(e, msg=f"Failed to list the tags of {arn}")
    return boto3_tag_list_to_ansible_dict(tags)


def ensure_tags(
    client, module: AnsibleAWSModule, current: Dict[str, str], arn: Callable[[], str]
) -> Tuple[bool, Dict[str, str]]:
    """Converge the tags to ``tags`` and ``purge_tags``: whether they change, and the tags after.

    CodeDeploy's TagResource takes a Key/Value list, unlike the services tag_map.ensure_tags serves.
    """

    def apply(to_set: Dict[str, str], to_unset: List[str]) -> None:
        if to_unset:
            client.untag_resource(aws_retry=True, ResourceArn=arn(), TagKeys=to_unset)
        if to_set:
            client.tag_resource(aws_retry=True, ResourceArn=arn(), Tags=ansible_dict_to_boto3_tag_list(to_set))

    return converge_tags(module, current, apply, arn)
