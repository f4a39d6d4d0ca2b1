# -*- coding: utf-8 -*-

# Copyright: seed.aws_platform maintainers
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""boto3 helpers shared by the cloudfront_distribution and cloudfront_origin_access_control modules.

CloudFront's API wraps every list in ``{"Quantity": N, "Items": [...]}`` and protects every change with the
ETag of the last read (``IfMatch``); the helpers here convert the lists, read the ETags and find distributions
and origin access controls by what identifies them for the modules (a caller reference, a name), since
CloudFront itself knows them only by generated IDs.
"""

import time
from typing import Any
from typing import Dict
from typing import Iterable
from typing import List
from typing import Optional
from typing import Tuple

from ansible_collections.amazon.aws.plugins.module_utils.botocore import is_boto3_error_code
from ansible_collections.amazon.aws.plugins.module_utils.modules import AnsibleAWSModule
from ansible_collections.amazon.aws.plugins.module_utils.retries import AWSRetry

# Seconds between two GetDistribution calls while waiting: a deployment takes minutes, and botocore's own
# distribution_deployed waiter polls every 60 seconds.
WAIT_DELAY = 15


def cloudfront_client(module: AnsibleAWSModule):
    """The client both modules use: every call made with ``aws_retry=True`` is retried with jittered backoff."""
    return module.client("cloudfront", retry_decorator=AWSRetry.jittered_backoff())


def items(container: Optional[Dict[str, Any]]) -> List[Any]:
    """The ``Items`` of a ``{"Quantity": N, "Items": [...]}`` container; CloudFront leaves ``Items`` out when N is 0."""
    return list((container or {}).get("Items") or [])


def quantity_items(values: Iterable[Any]) -> Dict[str, Any]:
    """``values`` as CloudFront takes a list: ``Items`` only when there are some, as CloudFront answers them."""
    values = list(values)
    if not values:
        return {"Quantity": 0}
    return {"Quantity": len(values), "Items": values}


@AWSRetry.jittered_backoff()
def list_distributions(client) -> List[Dict[str, Any]]:
    """Every DistributionSummary of the account, following all pages.

    The retry wraps the whole pagination because a paginator bypasses the retrying client wrapper that
    ``AnsibleAWSModule.client`` returns.
    """
    pages = client.get_paginator("list_distributions").paginate().build_full_result()
    return items(pages.get("DistributionList"))


@AWSRetry.jittered_backoff()
def list_origin_access_controls(client) -> List[Dict[str, Any]]:
    """Every OriginAccessControlSummary of the account, following all pages (the retry as for distributions)."""
    pages = client.get_paginator("list_origin_access_controls").paginate().build_full_result()
    return items(pages.get("OriginAccessControlList"))


def get_distribution_config(client, distribution_id: str) -> Optional[Tuple[Dict[str, Any], str]]:
    """The distribution's DistributionConfig and the ETag to change it with, or None when it does not exist."""
    try:
        answer = client.get_distribution_config(aws_retry=True, Id=distribution_id)
    except is_boto3_error_code("NoSuchDistribution"):
        return None
    return answer["DistributionConfig"], answer["ETag"]


def get_distribution(client, distribution_id: str) -> Optional[Dict[str, Any]]:
    """The Distribution with its ``ETag`` added, or None when it does not exist."""
    try:
        answer = client.get_distribution(aws_retry=True, Id=distribution_id)
    except is_boto3_error_code("NoSuchDistribution"):
        return None
    return dict(answer["Distribution"], ETag=answer["ETag"])


def find_distribution(
    client, caller_reference: str, comment: Optional[str] = None, aliases: Iterable[str] = ()
) -> Optional[Dict[str, Any]]:
    """The distribution created with ``caller_reference``, or None.

    Only DistributionConfig has the caller reference, so each candidate costs a GetDistributionConfig; those
    whose comment or aliases match the ones given are read first, and the search stops at the first match.
    Returns the DistributionSummary with ``DistributionConfig`` and ``ETag`` added.
    """
    aliases = set(aliases)

    def unlikely(summary: Dict[str, Any]) -> bool:
        same_comment = comment is not None and summary.get("Comment") == comment
        return not (same_comment or aliases & set(items(summary.get("Aliases"))))

    # sorted() is stable: within each group the distributions keep the order CloudFront lists them in.
    for summary in sorted(list_distributions(client), key=unlikely):
        found = get_distribution_config(client, summary["Id"])
        if found is not None and found[0].get("CallerReference") == caller_reference:
            return dict(summary, DistributionConfig=found[0], ETag=found[1])
    return None


def wait_until_deployed(client, module: AnsibleAWSModule, distribution_id: str) -> Dict[str, Any]:
    """Poll GetDistribution until the distribution is ``Deployed`` and return it (with its ETag).

    Fails after the module's ``wait_timeout`` seconds, and when the distribution disappears meanwhile.
    """
    timeout = module.params["wait_timeout"]
    polls = max(1, -(-timeout // WAIT_DELAY))
    distribution = None
    for attempt in range(polls + 1):
        distribution = get_distribution(client, distribution_id)
        if distribution is None:
            module.fail_json(msg=f"CloudFront distribution {distribution_id} disappeared while waiting for it.")
        if distribution["Status"] == "Deployed":
            return distribution
        if attempt < polls:
            time.sleep(WAIT_DELAY)
    module.fail_json(
        msg=f"Timed out after {timeout} seconds waiting for CloudFront distribution {distribution_id} to be"
        f" Deployed; its status is {distribution['Status']}. The deployment goes on in AWS: run the task again"
        " later, or raise wait_timeout.",
        distribution_id=distribution_id,
    )


def get_origin_access_control(client, control_id: str) -> Optional[Tuple[Dict[str, Any], str]]:
    """The OriginAccessControl ``{Id, OriginAccessControlConfig}`` and its ETag, or None when it does not exist."""
    try:
        answer = client.get_origin_access_control(aws_retry=True, Id=control_id)
    except is_boto3_error_code("NoSuchOriginAccessControl"):
        return None
    return answer["OriginAccessControl"], answer["ETag"]


def find_origin_access_controls(client, name: str) -> List[Dict[str, Any]]:
    """The summaries of the origin access controls named ``name``: none or one, as CloudFront keeps names unique."""
    return [summary for summary in list_origin_access_controls(client) if summary.get("Name") == name]
