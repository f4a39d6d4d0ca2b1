# -*- coding: utf-8 -*-

# Copyright: seed.aws_platform maintainers
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""What SNS modules share: finding a topic by name, reading its attributes, subscriptions and tags, and showing
subscription endpoints without the secrets webhook URLs carry.

ListSubscriptionsByTopic names a subscription still waiting for its confirmation ``PendingConfirmation`` instead of
its ARN, and one being deleted after a cross-account Unsubscribe ``Deleted``; neither can be read or unsubscribed.
"""

import json
import re
from typing import Any
from typing import Dict
from typing import List
from typing import Optional
from typing import Tuple
from urllib.parse import urlsplit

try:
    import botocore
except ImportError:
    pass  # Handled by AnsibleAWSModule

from ansible_collections.amazon.aws.plugins.module_utils.botocore import is_boto3_error_code
from ansible_collections.amazon.aws.plugins.module_utils.modules import AnsibleAWSModule
from ansible_collections.amazon.aws.plugins.module_utils.retries import AWSRetry
from ansible_collections.amazon.aws.plugins.module_utils.tagging import ansible_dict_to_boto3_tag_list
from ansible_collections.amazon.aws.plugins.module_utils.tagging import boto3_tag_list_to_ansible_dict

from ansible_collections.seed.aws_platform.plugins.module_utils.tag_map import converge_tags

NOT_FOUND = "NotFound"
PENDING_CONFIRMATION = "PendingConfirmation"
DELETED = "Deleted"
URL_PROTOCOLS = ("http", "https")
EMAIL_PROTOCOLS = ("email", "email-json")
MASK = "***"


def sns_client(module: AnsibleAWSModule):
    return module.client("sns", retry_decorator=AWSRetry.jittered_backoff())


@AWSRetry.jittered_backoff()
def _list_topic_arns(client) -> List[str]:
    return [topic["TopicArn"] for topic in client.get_paginator("list_topics").paginate().build_full_result()["Topics"]]


@AWSRetry.jittered_backoff()
def _list_subscriptions_by_topic(client, topic_arn: str) -> List[Dict[str, Any]]:
    paginator = client.get_paginator("list_subscriptions_by_topic")
    return paginator.paginate(TopicArn=topic_arn).build_full_result()["Subscriptions"]


def find_topic_arn(client, module: AnsibleAWSModule, name: str) -> Optional[str]:
    """The ARN of the standard topic ``name`` in the client's account and region, or None.

    Topic names cannot hold a colon, so the last component of the ARN is the whole name; comparing it exactly keeps
    ``orders`` from matching ``new-orders``.
    """
    try:
        arns = _list_topic_arns(client)
    except (botocore.exceptions.ClientError, botocore.exceptions.BotoCoreError) as e:
        module.fail_json_aws(e, msg="Failed to list the SNS topics")
    return next((arn for arn in arns if arn.split(":")[-1] == name), None)


def get_topic_attributes(client, module: AnsibleAWSModule, topic_arn: str) -> Optional[Dict[str, str]]:
    """The topic's attributes, or None when the topic was deleted since it was listed."""
    try:
        return client.get_topic_attributes(aws_retry=True, TopicArn=topic_arn)["Attributes"]
    except is_boto3_error_code(NOT_FOUND):
        return None
    except (
        botocore.exceptions.ClientError,
        botocore.exceptions.BotoCoreError,
    ) as e:  # pylint: disable=duplicate-except
        module.fail_json_aws(e, msg=f"Failed to read the attributes of SNS topic {topic_arn}")


def list_topic_subscriptions(client, module: AnsibleAWSModule, topic_arn: str) -> List[Dict[str, Any]]:
    try:
        return _list_subscriptions_by_topic(client, topic_arn)
    except (botocore.exceptions.ClientError, botocore.exceptions.BotoCoreError) as e:
        module.fail_json_aws(e, msg=f"Failed to list the subscriptions of SNS topic {topic_arn}")


def get_subscription_attributes(client, module: AnsibleAWSModule, subscription_arn: str) -> Optional[Dict[str, str]]:
    """The subscription's attributes, or None when it was deleted meanwhile."""
    try:
        return client.get_subscription_attributes(aws_retry=True, SubscriptionArn=subscription_arn)["Attributes"]
    except is_boto3_error_code(NOT_FOUND):
        return None
    except (
        botocore.exceptions.ClientError,
        botocore.exceptions.BotoCoreError,
    ) as e:  # pylint: disable=duplicate-except
        module.fail_json_aws(e, msg=f"Failed to read the attributes of SNS subscription {subscription_arn}")


def list_tags(client, module: AnsibleAWSModule, topic_arn: str) -> Dict[str, str]:
    # SNS answers all the tags of a topic (50 at most) at once: the operation has no pagination.
    try:
        tags = client.list_tags_for_resource(aws_retry=True, ResourceArn=topic_arn)["Tags"]
    except (botocore.exceptions.ClientError, botocore.exceptions.BotoCoreError) as e:
        module.fail_json_aws(e, msg=f"Failed to list the tags of SNS topic {topic_arn}")
    return boto3_tag_list_to_ansible_dict(tags)


def ensure_tags(
    client, module: AnsibleAWSModule, current: Dict[str, str], topic_arn: str
) -> Tuple[bool, Dict[str, str]]:
    """Converge the topic's tags to ``tags`` and ``purge_tags``: whether they change, and the tags after.

    SNS's TagResource takes a Key/Value list, unlike the services tag_map.ensure_tags serves.
    """

    def apply(to_set: Dict[str, str], to_unset: List[str]) -> None:
        if to_unset:
            client.untag_resource(aws_retry=True, ResourceArn=topic_arn, TagKeys=to_unset)
        if to_set:
            client.tag_resource(aws_retry=True, ResourceArn=topic_arn, Tags=ansible_dict_to_boto3_tag_list(to_set))

    return converge_tags(module, current, apply, lambda: f"SNS topic {topic_arn}")


def parse_json_attribute(value: Optional[str]) -> Any:
    """A JSON attribute as data; AWS reports an unset one as absent or as an empty string."""
    if not value:
        return {}
    try:
        return json.loads(value)
    except ValueError:
        # Not ours to judge: compared as the text AWS has, it differs from any wanted value and gets replaced.
        return value


def canonical_endpoint(protocol: str, endpoint: str) -> str:
    """The endpoint as SNS stores it: SMS numbers lose the spaces, dots, dashes and brackets people write them with."""
    if protocol == "sms":
        return re.sub(r"[^0-9+]", "", endpoint)
    return endpoint


def subscription_key(protocol: str, endpoint: str) -> Tuple[str, str]:
    """What identifies a subscription of a topic. E-mail domains are case-insensitive, the rest of endpoints is not."""
    endpoint = canonical_endpoint(protocol, endpoint)
    if protocol in EMAIL_PROTOCOLS and "@" in endpoint:
        local, domain = endpoint.rsplit("@", 1)
        endpoint = f"{local}@{domain.lower()}"
    return protocol, endpoint


def mask_endpoint(protocol: str, endpoint: Optional[str]) -> Optional[str]:
    """The endpoint as the module shows it: the path, query and credentials of a URL, where webhooks keep their
    tokens, are replaced by ``***``; other endpoints (addresses, numbers, ARNs) are shown as they are."""
    if protocol not in URL_PROTOCOLS or not endpoint:
        return endpoint
    try:
        url = urlsplit(endpoint)
        host = url.hostname or ""
        port = url.port
    except ValueError:
        return f"{protocol}://{MASK}"
    if ":" in host:
        host = f"[{host}]"
    origin = f"{url.scheme}://{host}" + (f":{port}" if port else "")
    if url.path not in ("", "/") or url.query or url.fragment or url.username or url.password:
        return f"{origin}/{MASK}"
    return origin + url.path
