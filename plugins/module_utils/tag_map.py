# -*- coding: utf-8 -*-

# Copyright: seed.aws_platform maintainers
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Converging a resource's tags to a module's ``tags`` and ``purge_tags``, for every module of the collection.

``tag_changes`` plans (the same sorted requests from one run to the next), ``converge_tags`` also makes the calls
through a service's own tag API, and ``ensure_tags`` is that for services (GuardDuty, Security Hub, most REST-JSON
ones) that tag with ``TagResource(ResourceArn, Tags={...})`` and untag with ``UntagResource(ResourceArn, TagKeys=[...])``.
"""

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

from ansible.module_utils.common.text.converters import to_text

from ansible_collections.amazon.aws.plugins.module_utils.modules import AnsibleAWSModule
from ansible_collections.amazon.aws.plugins.module_utils.tagging import compare_aws_tags


def tag_map(tags: Dict[str, Any]) -> Dict[str, str]:
    """The module's ``tags`` as AWS takes them: YAML may give values as numbers, AWS wants strings."""
    return {key: to_text(value) for key, value in tags.items()}


def tag_changes(module: AnsibleAWSModule, current: Dict[str, str]) -> Optional[Tuple[Dict[str, str], List[str], Dict[str, str]]]:
    """(tags to set, keys to unset, tags after), or None when the module leaves tags alone (``tags`` not given).

    compare_aws_tags works with sets: sorted, the requests are the same from one run to the next.
    """
    if module.params["tags"] is None:
        return None
    to_set, to_unset = compare_aws_tags(current, tag_map(module.params["tags"]), module.params["purge_tags"])
    to_set, to_unset = dict(sorted(to_set.items())), sorted(to_unset)
    kept = {key: value for key, value in current.items() if key not in to_unset}
    return to_set, to_unset, {**kept, **to_set}


def converge_tags(
    module: AnsibleAWSModule,
    current: Dict[str, str],
    apply: Callable[[Dict[str, str], List[str]], None],
    what: Callable[[], str],
) -> Tuple[bool, Dict[str, str]]:
    """Converge the tags ``current``; ``apply(to_set, to_unset)`` makes the service's tag calls (not in check mode).

    Returns whether the tags change and the tags after; ``what()`` names the resource in a failure message.
    """
    changes = tag_changes(module, current)
    if changes is None or not (changes[0] or changes[1]):
        return False, current
    to_set, to_unset, after = changes
    if not module.check_mode:
        try:
            apply(to_set, to_unset)
        except (botocore.exceptions.ClientError, botocore.exceptions.BotoCoreError) as e:
            module.fail_json_aws(e, msg=f"Failed to update the tags of {what()}")
    return True, after


def ensure_tags(
    client, module: AnsibleAWSModule, current: Dict[str, str], resource_arn: Callable[[], str]
) -> Tuple[bool, Dict[str, str]]:
    """converge_tags through TagResource(ResourceArn, Tags) and UntagResource(ResourceArn, TagKeys).

    ``resource_arn`` is called only when a tag call is made, since building the ARN may cost a request.
    """
    arns = []

    def apply(to_set: Dict[str, str], to_unset: List[str]) -> None:
        arns.append(resource_arn())
        if to_unset:
            client.untag_resource(aws_retry=True, ResourceArn=arns[0], TagKeys=to_unset)
        if to_set:
            client.tag_resource(aws_retry=True, ResourceArn=arns[0], Tags=to_set)

    return converge_tags(module, current, apply, lambda: arns[0] if arns else "the resource")
