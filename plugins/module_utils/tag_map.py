# -*- coding: utf-8 -*-

# Copyright: seed.aws_platform maintainers
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Tags of resources whose API takes them as a map, shared by the guardduty_detector and securityhub_hub modules.

GuardDuty and Security Hub (like most REST-JSON services) tag with ``TagResource(ResourceArn, Tags={...})``
and untag with ``UntagResource(ResourceArn, TagKeys=[...])``.
"""

from typing import Any
from typing import Callable
from typing import Dict
from typing import Tuple

try:
    import botocore
except ImportError:
    pass  # Handled by AnsibleAWSModule

from ansible.module_utils.common.text.converters import to_text

from ansible_collections.amazon.aws.plugins.module_utils.modules import AnsibleAWSModule
from ansible_collections.amazon.aws.plugins.module_utils.tagging import compare_aws_tags


def tag_map(tags: Dict[str, Any]) -> Dict[str, str]:
    """The module's ``tags`` as AWS takes them: YAML may give values as numbers, AWS wants strings."""
    return {key: to_text(value) for key, value in tags.items()}


def ensure_tags(
    client, module: AnsibleAWSModule, current: Dict[str, str], resource_arn: Callable[[], str]
) -> Tuple[bool, Dict[str, str]]:
    """Converge the tags ``current`` to the module's ``tags`` and ``purge_tags``; return whether they change and the tags after.

    ``resource_arn`` is called only when a tag call is made, since building the ARN may cost a request.
    """
    if module.params["tags"] is None:
        return False, current
    to_set, to_unset = compare_aws_tags(current, tag_map(module.params["tags"]), module.params["purge_tags"])
    if not (to_set or to_unset):
        return False, current
    if not module.check_mode:
        arn = resource_arn()
        try:
            if to_unset:
                client.untag_resource(aws_retry=True, ResourceArn=arn, TagKeys=to_unset)
            if to_set:
                client.tag_resource(aws_retry=True, ResourceArn=arn, Tags=to_set)
        except (botocore.exceptions.ClientError, botocore.exceptions.BotoCoreError) as e:
            module.fail_json_aws(e, msg=f"Failed to update the tags of {arn}")
    kept = {key: value for key, value in current.items() if key not in to_unset}
    return True, {**kept, **to_set}
