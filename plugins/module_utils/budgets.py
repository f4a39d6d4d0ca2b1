# -*- coding: utf-8 -*-

# Copyright: seed.aws_platform maintainers
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""boto3 helpers for AWS Budgets: the account, the budget ARN, reading a budget with its notifications,
subscribers and tags, and converging tags.

Every Budgets operation names the budget by account and name; only the tag operations take the budget's ARN,
``arn:PARTITION:budgets::ACCOUNT:budget/NAME``, which no read API returns, so it is built here.
"""

import re
from decimal import Decimal
from decimal import InvalidOperation
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
from ansible_collections.amazon.aws.plugins.module_utils.iam import get_aws_account_info
from ansible_collections.amazon.aws.plugins.module_utils.modules import AnsibleAWSModule
from ansible_collections.amazon.aws.plugins.module_utils.retries import AWSRetry
from ansible_collections.amazon.aws.plugins.module_utils.tagging import ansible_dict_to_boto3_tag_list
from ansible_collections.amazon.aws.plugins.module_utils.tagging import boto3_tag_list_to_ansible_dict

from ansible_collections.seed.aws_platform.plugins.module_utils.tag_map import converge_tags

NOT_FOUND = "NotFoundException"
# Budgets throttles with ThrottlingException, which AWSRetry does not retry by default.
THROTTLING_CODES = ["ThrottlingException"]
# The BudgetName pattern of the Budgets API: no ':' or '\', and not the '/action/' of budget action ARNs.
MAX_NAME_LENGTH = 100
ACCOUNT_ID = re.compile(r"^\d{12}$")


def budgets_client(module: AnsibleAWSModule):
    """A client whose calls made with ``aws_retry=True`` are retried with jittered backoff."""
    return module.client("budgets", retry_decorator=AWSRetry.jittered_backoff(catch_extra_error_codes=THROTTLING_CODES))


def budget_name_problem(option: str, name: str) -> Optional[str]:
    """The sentence explaining why AWS Budgets would refuse ``name`` as a budget name, or None."""
    if not 1 <= len(name) <= MAX_NAME_LENGTH:
        return f"{option} must be 1 to {MAX_NAME_LENGTH} characters long, not {len(name)}"
    if ":" in name or "\\" in name:
        return f"{option} {name!r} is not a valid budget name: AWS Budgets refuses the characters ':' and '\\'"
    if "/action/" in name:
        return f"{option} {name!r} is not a valid budget name: AWS Budgets refuses the substring '/action/'"
    return None


def account_id_problem(option: str, account_id: Optional[str]) -> Optional[str]:
    if account_id is None or ACCOUNT_ID.match(account_id):
        return None
    return f"{option} {account_id!r} is not an AWS account ID: it must be 12 digits"


class BudgetAccount:
    """The account that owns the budgets, and their ARNs.

    With an explicit account ID no STS call is needed: the partition is the client's. Otherwise STS
    GetCallerIdentity gives both, once.
    """

    def __init__(self, module: AnsibleAWSModule, client, account_id: Optional[str] = None):
        self.module = module
        self.client = client
        self._account_id = account_id
        self._partition = None

    def _identify(self) -> None:
        if self._account_id is None:
            self._account_id, self._partition = get_aws_account_info(self.module)
        elif self._partition is None:
            self._partition = self.client.meta.partition

    @property
    def account_id(self) -> str:
        self._identify()
        return self._account_id

    def budget_arn(self, name: str) -> str:
        self._identify()
        return f"arn:{self._partition}:budgets::{self._account_id}:budget/{name}"


# --- numbers: the API takes amounts as strings of digits and thresholds as doubles ----------------------------------


def format_amount(value: float) -> str:
    """The amount as BudgetLimit takes it: digits with an optional fraction, never an exponent ('1e+20')."""
    return format(Decimal(repr(float(value))), "f")


def same_amount(left: Any, right: Any) -> bool:
    """Whether two amounts are equal, whether given as floats or as AWS's strings ('100.0' and 100 are)."""
    try:
        return Decimal(str(left)) == Decimal(str(right))
    except (InvalidOperation, TypeError, ValueError):
        return left == right


def same_threshold(left: Any, right: Any) -> bool:
    """Whether two notification thresholds are equal; AWS answers doubles, tasks may give integers."""
    try:
        return abs(float(left) - float(right)) <= 1e-9 * max(1.0, abs(float(left)), abs(float(right)))
    except (TypeError, ValueError):
        return False


# --- reading --------------------------------------------------------------------------------------------------------


def get_budget(client, module: AnsibleAWSModule, account_id: str, name: str) -> Optional[Dict[str, Any]]:
    """The budget as DescribeBudget has it, or None."""
    try:
        return client.describe_budget(aws_retry=True, AccountId=account_id, BudgetName=name)["Budget"]
    except is_boto3_error_code(NOT_FOUND):
        return None
    except (
        botocore.exceptions.ClientError,
        botocore.exceptions.BotoCoreError,
    ) as e:  # pylint: disable=duplicate-except
        module.fail_json_aws(e, msg=f"Failed to describe budget {name}")


def _all_pages(call, key: str, **request: Any) -> List[Dict[str, Any]]:
    items = []
    while True:
        page = call(aws_retry=True, **request)
        items.extend(page.get(key) or [])
        if not page.get("NextToken"):
            return items
        request["NextToken"] = page["NextToken"]


def list_notifications(client, module: AnsibleAWSModule, account_id: str, name: str) -> List[Dict[str, Any]]:
    try:
        return _all_pages(
            client.describe_notifications_for_budget, "Notifications", AccountId=account_id, BudgetName=name
        )
    except (botocore.exceptions.ClientError, botocore.exceptions.BotoCoreError) as e:
        module.fail_json_aws(e, msg=f"Failed to list the notifications of budget {name}")


def notification_identity(notification: Dict[str, Any]) -> Dict[str, Any]:
    """The notification as the notification and subscriber calls take it: without its read-only state."""
    return {key: value for key, value in notification.items() if key != "NotificationState"}


def list_subscribers(
    client, module: AnsibleAWSModule, account_id: str, name: str, notification: Dict[str, Any]
) -> List[Dict[str, str]]:
    try:
        return _all_pages(
            client.describe_subscribers_for_notification,
            "Subscribers",
            AccountId=account_id,
            BudgetName=name,
            Notification=notification_identity(notification),
        )
    except is_boto3_error_code(NOT_FOUND):
        # The notification went away between the two reads: it has no subscribers any more.
        return []
    except (
        botocore.exceptions.ClientError,
        botocore.exceptions.BotoCoreError,
    ) as e:  # pylint: disable=duplicate-except
        module.fail_json_aws(e, msg=f"Failed to list the subscribers of a notification of budget {name}")


def list_tags(client, module: AnsibleAWSModule, arn: str) -> Dict[str, str]:
    try:
        tags = client.list_tags_for_resource(aws_retry=True, ResourceARN=arn).get("ResourceTags") or []
    except (botocore.exceptions.ClientError, botocore.exceptions.BotoCoreError) as e:
        module.fail_json_aws(e, msg=f"Failed to list the tags of {arn}")
    return boto3_tag_list_to_ansible_dict(tags)


def ensure_tags(client, module: AnsibleAWSModule, current: Dict[str, str], arn: str) -> Tuple[bool, Dict[str, str]]:
    """converge_tags through Budgets' TagResource(ResourceARN, ResourceTags) and UntagResource(ResourceTagKeys)."""

    def apply(to_set: Dict[str, str], to_unset: List[str]) -> None:
        if to_unset:
            client.untag_resource(aws_retry=True, ResourceARN=arn, ResourceTagKeys=to_unset)
        if to_set:
            client.tag_resource(aws_retry=True, ResourceARN=arn, ResourceTags=ansible_dict_to_boto3_tag_list(to_set))

    return converge_tags(module, current, apply, lambda: arn)
