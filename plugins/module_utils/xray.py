# -*- coding: utf-8 -*-

# Copyright: seed.aws_platform maintainers
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""What the X-Ray modules share: the client, names, and the tags of groups and sampling rules.

X-Ray's read APIs answer the ARNs of groups and sampling rules, so tagging needs no account lookup.
"""

import sys
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
from ansible_collections.amazon.aws.plugins.module_utils.botocore import is_boto3_error_message
from ansible_collections.amazon.aws.plugins.module_utils.modules import AnsibleAWSModule
from ansible_collections.amazon.aws.plugins.module_utils.retries import AWSRetry
from ansible_collections.amazon.aws.plugins.module_utils.tagging import ansible_dict_to_boto3_tag_list
from ansible_collections.amazon.aws.plugins.module_utils.tagging import boto3_tag_list_to_ansible_dict

from ansible_collections.seed.aws_platform.plugins.module_utils.tag_map import converge_tags

# X-Ray's throttling error is not among the codes AWSRetry retries by itself.
THROTTLED = "ThrottledException"
INVALID_REQUEST = "InvalidRequestException"
# AWS answers a group that does not exist with InvalidRequestException and this message, not with a code of its own.
GROUP_NOT_FOUND = "Group not found"
# The name of the group of all traces and of the catch-all sampling rule, which every region has.
DEFAULT = "Default"
# botocore's limits for GroupName and RuleName; AWS documents no pattern for either.
MAX_NAME_LENGTH = 32


def xray_client(module: AnsibleAWSModule):
    return module.client("xray", retry_decorator=AWSRetry.jittered_backoff(catch_extra_error_codes=[THROTTLED]))


def name_problem(option: str, name: str) -> Optional[str]:
    """The sentence explaining why X-Ray would refuse ``name`` as a group or sampling rule name, or None."""
    if 1 <= len(name) <= MAX_NAME_LENGTH:
        return None
    return f"{option} must be 1 to {MAX_NAME_LENGTH} characters long, not {len(name)}"


def is_group_not_found(e: Optional[BaseException] = None):
    """For ``except``: ClientError when the exception is X-Ray's "Group not found", else a class nothing raises."""
    if e is None:
        e = sys.exc_info()[1]
    by_code = is_boto3_error_code(INVALID_REQUEST, e)
    if by_code is not botocore.exceptions.ClientError:
        return by_code
    # Other InvalidRequestExceptions (a bad request) must not be read as a missing group.
    return is_boto3_error_message(GROUP_NOT_FOUND, e)


def list_tags(client, module: AnsibleAWSModule, arn: str) -> Dict[str, str]:
    tags = []
    request = dict(ResourceARN=arn)
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


def ensure_tags(client, module: AnsibleAWSModule, current: Dict[str, str], arn: str) -> Tuple[bool, Dict[str, str]]:
    """Converge the tags to ``tags`` and ``purge_tags``: whether they change, and the tags after.

    X-Ray's TagResource takes a Key/Value list, unlike the services tag_map.ensure_tags serves.
    """

    def apply(to_set: Dict[str, str], to_unset: List[str]) -> None:
        if to_unset:
            client.untag_resource(aws_retry=True, ResourceARN=arn, TagKeys=to_unset)
        if to_set:
            client.tag_resource(aws_retry=True, ResourceARN=arn, Tags=ansible_dict_to_boto3_tag_list(to_set))

    return converge_tags(module, current, apply, lambda: arn)


def creation_tags(tags: Dict[str, str]) -> Dict[str, Any]:
    """The ``Tags`` parameter of CreateGroup and CreateSamplingRule: left out when there are none."""
    return dict(Tags=ansible_dict_to_boto3_tag_list(tags)) if tags else {}
