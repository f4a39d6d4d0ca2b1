#!/usr/bin/python
# -*- coding: utf-8 -*-

# Copyright: seed.aws_platform maintainers
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

DOCUMENTATION = r"""
---
module: budgets_budget
version_added: 0.1.0
short_description: Manage AWS Budgets cost and usage budgets and their notifications
description:
  - Creates, updates in place, tags and deletes an AWS Budgets budget with a fixed limit per period, and the
    notifications that e-mail addresses or an SNS topic receive when the actual or forecasted spend crosses a
    threshold.
  - A budget is identified by O(name), unique in the account (Budgets is a global service).
  - The budget is changed with C(UpdateBudget) only when its type, period, limit, O(cost_filters) or O(cost_types)
    differ from the task; its time period and calculated spend are never sent back.
author: seed.aws_platform maintainers (!UNKNOWN)
options:
  name:
    description:
      - Name of the budget, 1 to 100 characters, without C(:) or C(\) (and without C(/action/)).
    type: str
    required: true
  state:
    description:
      - Whether the budget should exist.
    type: str
    default: present
    choices: ['present', 'absent']
  account_id:
    description:
      - ID of the account that owns the budget, 12 digits.
      - Defaults to the account of the credentials, read with STS GetCallerIdentity.
    type: str
  budget_type:
    description:
      - V(COST) tracks spend in O(limit_unit) (a currency), V(USAGE) tracks usage in a usage unit like C(GB) or
        C(Hrs); a usage budget normally narrows O(cost_filters) to one usage type, and needs O(limit_unit) set to
        that unit.
    type: str
    default: COST
    choices: ['COST', 'USAGE']
  time_unit:
    description:
      - The period the budget's limit covers; the spend is reset at the start of each one.
    type: str
    default: MONTHLY
    choices: ['DAILY', 'MONTHLY', 'QUARTERLY', 'ANNUALLY']
  limit_amount:
    description:
      - The limit for each period, greater than 0. AWS keeps it as a string; V(100) and C("100.0") are the same
        limit.
      - Required when O(state=present).
    type: float
  limit_unit:
    description:
      - The unit of O(limit_amount), a currency for a V(COST) budget.
    type: str
    default: USD
  cost_filters:
    description:
      - What the budget counts, as a dict of Cost Explorer dimension names (like C(Service), C(LinkedAccount),
        C(Region), C(TagKeyValue)) to lists of values; the values of a dimension compare as a set.
      - When omitted, the budget's filters are left as they are; V({}) removes them all.
    type: dict
  cost_types:
    description:
      - Which charges a V(COST) budget counts.
      - Only the keys given are compared and changed; the others keep their value, AWS's default on a new budget
        (every C(include_*) true, C(use_blended) and C(use_amortized) false).
    type: dict
    suboptions:
      include_tax:
        description: Whether taxes count.
        type: bool
      include_subscription:
        description: Whether non-recurring subscription costs count.
        type: bool
      use_blended:
        description: Whether blended costs are used.
        type: bool
      include_refund:
        description: Whether refunds count.
        type: bool
      include_credit:
        description: Whether credits count.
        type: bool
      include_upfront:
        description: Whether upfront reservation costs count.
        type: bool
      include_recurring:
        description: Whether recurring fees (like monthly reservation fees) count.
        type: bool
      include_other_subscription:
        description: Whether other subscription costs count.
        type: bool
      include_support:
        description: Whether support charges count.
        type: bool
      include_discount:
        description: Whether discounts count.
        type: bool
      use_amortized:
        description: Whether amortized costs are used.
        type: bool
  notifications:
    description:
      - The notifications of the budget, 10 at most (AWS's limit).
      - A notification is identified by its O(notifications[].notification_type),
        O(notifications[].comparison_operator), O(notifications[].threshold) and O(notifications[].threshold_type).
        Changing one of them replaces the notification (C(DeleteNotification) and C(CreateNotification)).
      - The subscribers of a listed notification are set exactly as listed (C(CreateSubscriber),
        C(DeleteSubscriber)).
      - When omitted, the notifications are left as they are. With O(purge_notifications=true), the default,
        notifications the task does not list are deleted.
    type: list
    elements: dict
    suboptions:
      notification_type:
        description:
          - V(ACTUAL) for the spend so far, V(FORECASTED) for the spend forecasted at the end of the period.
        type: str
        required: true
        choices: ['ACTUAL', 'FORECASTED']
      comparison_operator:
        description:
          - How the spend compares with the threshold to notify.
        type: str
        default: GREATER_THAN
        choices: ['GREATER_THAN', 'LESS_THAN', 'EQUAL_TO']
      threshold:
        description:
          - The threshold, greater than 0, a percentage of the limit or an amount, as O(notifications[].threshold_type)
            says.
        type: float
        required: true
      threshold_type:
        description:
          - V(PERCENTAGE) of the limit, or V(ABSOLUTE_VALUE) in O(limit_unit).
        type: str
        default: PERCENTAGE
        choices: ['PERCENTAGE', 'ABSOLUTE_VALUE']
      subscribers:
        description:
          - Who is notified, 1 to 11 subscribers compared as a set, at most 10 e-mail addresses and 1 SNS topic.
        type: list
        elements: dict
        required: true
        suboptions:
          subscription_type:
            description:
              - V(EMAIL) or V(SNS).
            type: str
            required: true
            choices: ['EMAIL', 'SNS']
          address:
            description:
              - An e-mail address for V(EMAIL), the ARN of an SNS topic for V(SNS). The topic's policy must let
                C(budgets.amazonaws.com) publish to it.
            type: str
            required: true
  purge_notifications:
    description:
      - Whether notifications that O(notifications) does not list are deleted.
      - Ignored when O(notifications) is omitted.
    type: bool
    default: true
notes:
  - The budget is read with DescribeBudget (C(NotFoundException) means it does not exist), its notifications with
    DescribeNotificationsForBudget and their subscribers with DescribeSubscribersForNotification.
  - With O(state=absent) only DescribeBudget is read (the notifications and tags too in diff mode); deleting a budget
    deletes its notifications and subscribers.
  - A budget planned with C(PlannedBudgetLimits) or auto-adjusted by AWS is turned into a fixed one when its limit is
    changed.
  - Tags are read with ListTagsForResource and changed with TagResource and UntagResource, on the ARN
    C(arn:PARTITION:budgets::ACCOUNT:budget/NAME); a new budget is tagged by CreateBudget.
  - This module supports check mode and diff mode.
extends_documentation_fragment:
  - amazon.aws.common.modules
  - amazon.aws.region.modules
  - amazon.aws.tags
  - amazon.aws.boto3
"""

EXAMPLES = r"""
# Note: These examples do not set authentication details, see the AWS Guide for details.

- name: A monthly cost budget of 500 USD, e-mail at 80% of actual spend, SNS when the forecast exceeds the limit
  seed.aws_platform.budgets_budget:
    name: platform-monthly
    limit_amount: 500
    notifications:
      - notification_type: ACTUAL
        threshold: 80
        subscribers:
          - subscription_type: EMAIL
            address: finops@example.com
      - notification_type: FORECASTED
        threshold: 100
        subscribers:
          - subscription_type: SNS
            address: arn:aws:sns:us-east-1:123456789012:budget-alerts
          - subscription_type: EMAIL
            address: finops@example.com
    tags:
      Environment: production

- name: A quarterly budget of the EC2 spend of one account, without credits and refunds
  seed.aws_platform.budgets_budget:
    name: ec2-quarterly
    time_unit: QUARTERLY
    limit_amount: 3000
    cost_filters:
      Service: ["Amazon Elastic Compute Cloud - Compute"]
      LinkedAccount: ["123456789012"]
    cost_types:
      include_credit: false
      include_refund: false

- name: Add a notification without removing the others
  seed.aws_platform.budgets_budget:
    name: platform-monthly
    limit_amount: 500
    notifications:
      - notification_type: ACTUAL
        threshold: 450
        threshold_type: ABSOLUTE_VALUE
        subscribers:
          - subscription_type: EMAIL
            address: cto@example.com
    purge_notifications: false

- name: Delete the budget and its notifications
  seed.aws_platform.budgets_budget:
    name: platform-monthly
    state: absent
"""

RETURN = r"""
budget:
  description:
    - The budget after the task, as DescribeBudget reports it (snake_cased; the dimension names of C(cost_filters) as
      AWS spells them), with its notifications, their subscribers and its tags.
    - Empty when O(state=absent).
    - In check mode, a budget that would be created has only the keys the task sets.
  returned: always
  type: dict
  contains:
    budget_name:
      description: Name of the budget.
      returned: always
      type: str
      sample: platform-monthly
    budget_type:
      description: V(COST) or V(USAGE).
      returned: always
      type: str
      sample: COST
    time_unit:
      description: V(DAILY), V(MONTHLY), V(QUARTERLY) or V(ANNUALLY).
      returned: always
      type: str
      sample: MONTHLY
    budget_limit:
      description: C(amount) (a string, as AWS keeps it) and C(unit).
      returned: always
      type: dict
      sample: {"amount": "500.0", "unit": "USD"}
    cost_filters:
      description: The filters, dimension name to values.
      returned: when the budget has filters
      type: dict
      sample: {"Service": ["Amazon Elastic Compute Cloud - Compute"]}
    cost_types:
      description: Which charges the budget counts, C(include_tax), C(use_blended) and the like.
      returned: when AWS reports them, or the task sets some
      type: dict
      sample: {"include_credit": false, "include_tax": true, "use_blended": false}
    time_period:
      description: C(start) and C(end) of the budget.
      returned: when the budget exists
      type: dict
      sample: {"start": "2024-05-01T00:00:00+00:00", "end": "2087-06-15T00:00:00+00:00"}
    calculated_spend:
      description: C(actual_spend) and C(forecasted_spend), each with C(amount) and C(unit).
      returned: when the budget exists
      type: dict
    last_updated_time:
      description: When the budget was last changed.
      returned: when the budget exists
      type: str
    notifications:
      description:
        - The notifications, each with C(notification_type), C(comparison_operator), C(threshold),
          C(threshold_type), C(notification_state) (V(OK) or V(ALARM), when AWS reports it) and C(subscribers)
          (each with C(subscription_type) and C(address)).
      returned: when O(state=present)
      type: list
      elements: dict
      sample:
        - notification_type: ACTUAL
          comparison_operator: GREATER_THAN
          threshold: 80.0
          threshold_type: PERCENTAGE
          notification_state: OK
          subscribers: [{"subscription_type": "EMAIL", "address": "finops@example.com"}]
    tags:
      description: Tags of the budget.
      returned: when O(state=present)
      type: dict
      sample: {"Environment": "production"}
"""

import re
from typing import Any
from typing import Dict
from typing import List
from typing import Optional
from typing import Tuple

try:
    import botocore
except ImportError:
    pass  # Handled by AnsibleAWSModule

from ansible.module_utils.common.dict_transformations import camel_dict_to_snake_dict
from ansible.module_utils.common.text.converters import to_text

from ansible_collections.amazon.aws.plugins.module_utils.botocore import is_boto3_error_code
from ansible_collections.amazon.aws.plugins.module_utils.botocore import normalize_boto3_result
from ansible_collections.amazon.aws.plugins.module_utils.modules import AnsibleAWSModule
from ansible_collections.amazon.aws.plugins.module_utils.tagging import ansible_dict_to_boto3_tag_list

from ansible_collections.seed.aws_platform.plugins.module_utils.budgets import NOT_FOUND
from ansible_collections.seed.aws_platform.plugins.module_utils.budgets import BudgetAccount
from ansible_collections.seed.aws_platform.plugins.module_utils.budgets import account_id_problem
from ansible_collections.seed.aws_platform.plugins.module_utils.budgets import budget_name_problem
from ansible_collections.seed.aws_platform.plugins.module_utils.budgets import budgets_client
from ansible_collections.seed.aws_platform.plugins.module_utils.budgets import ensure_tags
from ansible_collections.seed.aws_platform.plugins.module_utils.budgets import format_amount
from ansible_collections.seed.aws_platform.plugins.module_utils.budgets import get_budget
from ansible_collections.seed.aws_platform.plugins.module_utils.budgets import list_notifications
from ansible_collections.seed.aws_platform.plugins.module_utils.budgets import list_subscribers
from ansible_collections.seed.aws_platform.plugins.module_utils.budgets import list_tags
from ansible_collections.seed.aws_platform.plugins.module_utils.budgets import notification_identity
from ansible_collections.seed.aws_platform.plugins.module_utils.budgets import same_amount
from ansible_collections.seed.aws_platform.plugins.module_utils.budgets import same_threshold
from ansible_collections.seed.aws_platform.plugins.module_utils.tag_map import tag_map

# The CostTypes keys, by option name.
COST_TYPES = {
    "include_tax": "IncludeTax",
    "include_subscription": "IncludeSubscription",
    "use_blended": "UseBlended",
    "include_refund": "IncludeRefund",
    "include_credit": "IncludeCredit",
    "include_upfront": "IncludeUpfront",
    "include_recurring": "IncludeRecurring",
    "include_other_subscription": "IncludeOtherSubscription",
    "include_support": "IncludeSupport",
    "include_discount": "IncludeDiscount",
    "use_amortized": "UseAmortized",
}
# What AWS reads a missing CostTypes key as.
COST_TYPE_DEFAULTS = {key: not key.startswith("Use") for key in COST_TYPES.values()}
# AWS's limits (Budgets API reference, Notification and NotificationThreshold).
MAX_NOTIFICATIONS = 10
MAX_EMAIL_SUBSCRIBERS = 10
MAX_SNS_SUBSCRIBERS = 1
MAX_THRESHOLD = 15000000000000
# AWS's default for a notification created without a threshold type.
DEFAULT_THRESHOLD_TYPE = "PERCENTAGE"
EMAIL_ADDRESS = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s.]+$")
SNS_TOPIC_ARN = re.compile(r"^arn:aws[a-z-]*:sns:[a-z0-9-]+:\d{12}:[A-Za-z0-9_-]{1,256}$")


# --- validation -----------------------------------------------------------------------------------------------------


def cost_filter_problems(cost_filters: Optional[Dict[str, Any]]) -> List[str]:
    problems = []
    for dimension, values in (cost_filters or {}).items():
        if not isinstance(values, list) or not values:
            problems.append(f"cost_filters.{dimension} must be a non-empty list of values, not {values!r}")
        elif any(isinstance(value, (dict, list)) or value is None for value in values):
            problems.append(f"cost_filters.{dimension} must hold plain values (strings), not {values!r}")
    return problems


def subscriber_problems(label: str, subscribers: List[Dict[str, str]]) -> List[str]:
    problems = []
    emails = [s["address"] for s in subscribers if s["subscription_type"] == "EMAIL"]
    topics = [s["address"] for s in subscribers if s["subscription_type"] == "SNS"]
    if not subscribers:
        problems.append(f"{label}.subscribers must name at least one subscriber")
    if len(emails) > MAX_EMAIL_SUBSCRIBERS:
        problems.append(
            f"{label}.subscribers can hold {MAX_EMAIL_SUBSCRIBERS} e-mail addresses at most, not {len(emails)}"
        )
    if len(topics) > MAX_SNS_SUBSCRIBERS:
        problems.append(f"{label}.subscribers can hold {MAX_SNS_SUBSCRIBERS} SNS topic at most, not {len(topics)}")
    for address in emails:
        if not EMAIL_ADDRESS.match(address):
            problems.append(f"{label}.subscribers: {address!r} is not an e-mail address")
    for address in topics:
        if not SNS_TOPIC_ARN.match(address):
            problems.append(
                f"{label}.subscribers: {address!r} is not the ARN of an SNS topic (arn:aws:sns:REGION:ACCOUNT:TOPIC)"
            )
    keys = [subscriber_key(dict(SubscriptionType=s["subscription_type"], Address=s["address"])) for s in subscribers]
    duplicates = sorted({address for kind, address in keys if keys.count((kind, address)) > 1})
    if duplicates:
        problems.append(f"{label}.subscribers lists {', '.join(duplicates)} more than once")
    return problems


def notification_problems(notifications: List[Dict[str, Any]]) -> List[str]:
    problems = []
    if len(notifications) > MAX_NOTIFICATIONS:
        problems.append(
            f"notifications can hold {MAX_NOTIFICATIONS} notifications at most, AWS's limit, not {len(notifications)}"
        )
    for index, notification in enumerate(notifications):
        label = f"notifications[{index}]"
        threshold = notification["threshold"]
        if not 0 < threshold <= MAX_THRESHOLD:
            problems.append(f"{label}.threshold must be greater than 0 and at most {MAX_THRESHOLD}, not {threshold}")
        problems.extend(subscriber_problems(label, notification["subscribers"]))
    requested = [desired_notification(notification) for notification in notifications]
    for index, notification in enumerate(requested):
        if any(same_notification(notification, earlier) for earlier in requested[:index]):
            problems.append(f"notifications[{index}] ({describe_notification(notification)}) is listed more than once")
    return problems


def validation_problems(params: Dict[str, Any]) -> List[str]:
    """Every sentence explaining what AWS would refuse in a task with state=present."""
    problems = []
    amount = params["limit_amount"]
    if amount <= 0:
        problems.append(
            f"limit_amount must be greater than 0, not {amount}: AWS Budgets refuses a budget amount of zero"
        )
    if not params["limit_unit"]:
        problems.append("limit_unit cannot be empty")
    problems.extend(cost_filter_problems(params["cost_filters"]))
    problems.extend(notification_problems(params["notifications"] or []))
    return problems


def validate_params(module: AnsibleAWSModule) -> None:
    params = module.params
    problems = [
        problem
        for problem in (
            budget_name_problem("name", params["name"]),
            account_id_problem("account_id", params["account_id"]),
        )
        if problem
    ]
    if params["state"] == "present":
        problems.extend(validation_problems(params))
    if problems:
        module.fail_json(msg="; ".join(problems) + ".")


# --- the budget, as AWS takes it and as it compares -----------------------------------------------------------------


def desired_cost_filters(params: Dict[str, Any]) -> Optional[Dict[str, List[str]]]:
    if params["cost_filters"] is None:
        return None
    return {dimension: [to_text(value) for value in values] for dimension, values in params["cost_filters"].items()}


def desired_cost_types(params: Dict[str, Any]) -> Dict[str, bool]:
    """The CostTypes keys the task sets; the others are not managed."""
    given = params["cost_types"] or {}
    return {key: given[option] for option, key in COST_TYPES.items() if given.get(option) is not None}


def desired_budget(params: Dict[str, Any]) -> Dict[str, Any]:
    """CreateBudget's ``Budget``: what the task sets, AWS's defaults left to AWS."""
    budget = dict(
        BudgetName=params["name"],
        BudgetType=params["budget_type"],
        TimeUnit=params["time_unit"],
        BudgetLimit=dict(Amount=format_amount(params["limit_amount"]), Unit=params["limit_unit"]),
    )
    cost_filters = desired_cost_filters(params)
    if cost_filters:
        budget["CostFilters"] = cost_filters
    cost_types = desired_cost_types(params)
    if cost_types:
        budget["CostTypes"] = cost_types
    return budget


def comparable_cost_filters(cost_filters: Optional[Dict[str, List[str]]]) -> Dict[str, List[str]]:
    return {dimension: sorted(set(values)) for dimension, values in (cost_filters or {}).items() if values}


def same_limit(wanted: Dict[str, str], current: Optional[Dict[str, str]]) -> bool:
    current = current or {}
    return same_amount(wanted["Amount"], current.get("Amount")) and wanted["Unit"] == current.get("Unit")


def budget_differences(params: Dict[str, Any], desired: Dict[str, Any], current: Dict[str, Any]) -> List[str]:
    """The keys of UpdateBudget's NewBudget that differ from the budget AWS has."""
    different = [key for key in ("BudgetType", "TimeUnit") if desired[key] != current.get(key)]
    if not same_limit(desired["BudgetLimit"], current.get("BudgetLimit")):
        different.append("BudgetLimit")
    cost_filters = desired_cost_filters(params)
    if cost_filters is not None and comparable_cost_filters(cost_filters) != comparable_cost_filters(
        current.get("CostFilters")
    ):
        different.append("CostFilters")
    current_types = dict(COST_TYPE_DEFAULTS, **(current.get("CostTypes") or {}))
    if any(current_types[key] != value for key, value in desired_cost_types(params).items()):
        different.append("CostTypes")
    return different


def new_budget(params: Dict[str, Any], desired: Dict[str, Any], current: Dict[str, Any]) -> Dict[str, Any]:
    """UpdateBudget's NewBudget: the whole definition, since AWS replaces it.

    TimePeriod and CalculatedSpend are left out: AWS keeps the start of the budget and computes the spend.
    """
    budget = {key: current[key] for key in ("CostFilters", "CostTypes") if current.get(key) is not None}
    budget.update({key: desired[key] for key in ("BudgetName", "BudgetType", "TimeUnit", "BudgetLimit")})
    if desired_cost_filters(params) is not None:
        budget["CostFilters"] = desired.get("CostFilters", {})
    cost_types = desired_cost_types(params)
    if cost_types:
        budget["CostTypes"] = dict(current.get("CostTypes") or {}, **cost_types)
    return budget


# --- notifications --------------------------------------------------------------------------------------------------


def desired_notification(notification: Dict[str, Any]) -> Dict[str, Any]:
    return dict(
        NotificationType=notification["notification_type"],
        ComparisonOperator=notification["comparison_operator"],
        Threshold=float(notification["threshold"]),
        ThresholdType=notification["threshold_type"],
    )


def desired_notifications(params: Dict[str, Any]) -> Optional[List[Dict[str, Any]]]:
    """The task's notifications as CreateBudget's NotificationsWithSubscribers, or None when not managed."""
    if params["notifications"] is None:
        return None
    return [
        dict(
            Notification=desired_notification(notification),
            Subscribers=[
                dict(SubscriptionType=subscriber["subscription_type"], Address=subscriber["address"])
                for subscriber in notification["subscribers"]
            ],
        )
        for notification in params["notifications"]
    ]


def same_notification(left: Dict[str, Any], right: Dict[str, Any]) -> bool:
    """Whether two notifications are the same one for AWS: same type, operator, threshold and threshold type."""
    return (
        left["NotificationType"] == right["NotificationType"]
        and left["ComparisonOperator"] == right["ComparisonOperator"]
        and same_threshold(left["Threshold"], right["Threshold"])
        and (left.get("ThresholdType") or DEFAULT_THRESHOLD_TYPE)
        == (right.get("ThresholdType") or DEFAULT_THRESHOLD_TYPE)
    )


def describe_notification(notification: Dict[str, Any]) -> str:
    return (
        f"{notification['NotificationType']} {notification['ComparisonOperator']} {notification['Threshold']:g}"
        f" {notification.get('ThresholdType') or DEFAULT_THRESHOLD_TYPE}"
    )


def subscriber_key(subscriber: Dict[str, str]) -> Tuple[str, str]:
    return subscriber["SubscriptionType"], subscriber["Address"]


class NotificationPlan:
    """What converging the notifications takes, and the notifications after.

    ``current`` and ``wanted`` are lists of {Notification, Subscribers}. Kept notifications keep their order and
    AWS's version of the notification (with its state); new ones follow in the order of the task.
    """

    def __init__(self, current: List[Dict[str, Any]], wanted: List[Dict[str, Any]], purge: bool):
        self.to_delete: List[Dict[str, Any]] = []
        self.to_create: List[Dict[str, Any]] = []
        # (notification, subscribers to add, subscribers to remove, number of subscribers before)
        self.subscriber_changes: List[Tuple[Dict[str, Any], List[Dict[str, str]], List[Dict[str, str]], int]] = []
        self.after: List[Dict[str, Any]] = []
        unmatched = list(wanted)
        for entry in current:
            match = next((w for w in unmatched if same_notification(w["Notification"], entry["Notification"])), None)
            if match is None:
                if purge:
                    self.to_delete.append(entry)
                else:
                    self.after.append(entry)
                continue
            unmatched.remove(match)
            self.after.append(self.converge_subscribers(entry, match["Subscribers"]))
        self.to_create = unmatched
        self.after.extend(unmatched)

    def converge_subscribers(self, entry: Dict[str, Any], wanted: List[Dict[str, str]]) -> Dict[str, Any]:
        current = entry["Subscribers"]
        current_keys = {subscriber_key(s) for s in current}
        wanted_keys = {subscriber_key(s) for s in wanted}
        to_add = [s for s in wanted if subscriber_key(s) not in current_keys]
        to_remove = [s for s in current if subscriber_key(s) not in wanted_keys]
        if not (to_add or to_remove):
            return entry
        self.subscriber_changes.append((entry["Notification"], to_add, to_remove, len(current)))
        kept = [s for s in current if subscriber_key(s) in wanted_keys]
        return dict(entry, Subscribers=kept + to_add)

    @property
    def changed(self) -> bool:
        return bool(self.to_delete or self.to_create or self.subscriber_changes)


def subscriber_calls(
    to_add: List[Dict[str, str]], to_remove: List[Dict[str, str]], count: int
) -> List[Tuple[str, Dict[str, str]]]:
    """("create" | "delete", subscriber) in an order AWS accepts.

    A notification must keep at least one subscriber (deleting the last one deletes the notification) and can have
    11 at most, so subscribers are removed while others remain and added when removing would leave none.
    """
    calls, to_add, to_remove = [], list(to_add), list(to_remove)
    while to_add or to_remove:
        if to_remove and (count > 1 or not to_add):
            calls.append(("delete", to_remove.pop(0)))
            count -= 1
        else:
            calls.append(("create", to_add.pop(0)))
            count += 1
    return calls


# --- AWS ------------------------------------------------------------------------------------------------------------


def find_budget(client, module: AnsibleAWSModule, account: BudgetAccount, details: bool) -> Optional[Dict[str, Any]]:
    """The budget as {budget, notifications, tags}, or None; without ``details`` only the budget is read."""
    name = module.params["name"]
    budget = get_budget(client, module, account.account_id, name)
    if budget is None:
        return None
    if not details:
        return dict(budget=budget, notifications=None, tags=None)
    notifications = [
        dict(
            Notification=notification,
            Subscribers=list_subscribers(client, module, account.account_id, name, notification),
        )
        for notification in list_notifications(client, module, account.account_id, name)
    ]
    return dict(budget=budget, notifications=notifications, tags=list_tags(client, module, account.budget_arn(name)))


def read_back(client, module: AnsibleAWSModule, account: BudgetAccount) -> Dict[str, Any]:
    name = module.params["name"]
    budget = get_budget(client, module, account.account_id, name)
    if budget is None:
        module.fail_json(msg=f"Budget {name} cannot be found after the change: it was deleted meanwhile.")
    return budget


def create_budget(client, module: AnsibleAWSModule, account: BudgetAccount) -> Dict[str, Any]:
    params = module.params
    desired = desired_budget(params)
    notifications = desired_notifications(params) or []
    tags = tag_map(params["tags"] or {})
    if module.check_mode:
        return dict(budget=desired, notifications=notifications, tags=tags)
    request = dict(AccountId=account.account_id, Budget=desired)
    if notifications:
        request["NotificationsWithSubscribers"] = notifications
    if tags:
        request["ResourceTags"] = ansible_dict_to_boto3_tag_list(tags)
    try:
        client.create_budget(aws_retry=True, **request)
    except (botocore.exceptions.ClientError, botocore.exceptions.BotoCoreError) as e:
        module.fail_json_aws(e, msg=f"Failed to create budget {params['name']}")
    return dict(budget=read_back(client, module, account), notifications=notifications, tags=tags)


def converge_budget(
    client, module: AnsibleAWSModule, account: BudgetAccount, current: Dict[str, Any]
) -> Tuple[bool, Dict[str, Any]]:
    params = module.params
    desired = desired_budget(params)
    if not budget_differences(params, desired, current):
        return False, current
    request = new_budget(params, desired, current)
    if module.check_mode:
        return True, dict(current, **request)
    try:
        client.update_budget(aws_retry=True, AccountId=account.account_id, NewBudget=request)
    except (botocore.exceptions.ClientError, botocore.exceptions.BotoCoreError) as e:
        module.fail_json_aws(e, msg=f"Failed to update budget {params['name']}")
    return True, read_back(client, module, account)


def apply_notification_plan(client, module: AnsibleAWSModule, account: BudgetAccount, plan: NotificationPlan) -> None:
    name = module.params["name"]
    target = dict(AccountId=account.account_id, BudgetName=name)
    # Deletions first: AWS counts the notifications of a budget against its limit of 10.
    for entry in plan.to_delete:
        notification = notification_identity(entry["Notification"])
        try:
            client.delete_notification(aws_retry=True, Notification=notification, **target)
        except is_boto3_error_code(NOT_FOUND):
            pass  # Deleted meanwhile: what the task wants.
        except (
            botocore.exceptions.ClientError,
            botocore.exceptions.BotoCoreError,
        ) as e:  # pylint: disable=duplicate-except
            module.fail_json_aws(
                e, msg=f"Failed to delete notification {describe_notification(notification)} of budget {name}"
            )
    for entry in plan.to_create:
        try:
            client.create_notification(
                aws_retry=True, Notification=entry["Notification"], Subscribers=entry["Subscribers"], **target
            )
        except (botocore.exceptions.ClientError, botocore.exceptions.BotoCoreError) as e:
            module.fail_json_aws(
                e, msg=f"Failed to create notification {describe_notification(entry['Notification'])} of budget {name}"
            )
    for notification, to_add, to_remove, count in plan.subscriber_changes:
        notification = notification_identity(notification)
        for action, subscriber in subscriber_calls(to_add, to_remove, count):
            try:
                if action == "create":
                    client.create_subscriber(aws_retry=True, Notification=notification, Subscriber=subscriber, **target)
                else:
                    client.delete_subscriber(aws_retry=True, Notification=notification, Subscriber=subscriber, **target)
            except (botocore.exceptions.ClientError, botocore.exceptions.BotoCoreError) as e:
                module.fail_json_aws(
                    e,
                    msg=f"Failed to {action} subscriber {subscriber['Address']} of notification"
                    f" {describe_notification(notification)} of budget {name}",
                )


def converge_notifications(
    client, module: AnsibleAWSModule, account: BudgetAccount, current: List[Dict[str, Any]]
) -> Tuple[bool, List[Dict[str, Any]]]:
    wanted = desired_notifications(module.params)
    if wanted is None:
        return False, current
    plan = NotificationPlan(current, wanted, module.params["purge_notifications"])
    if plan.changed and not module.check_mode:
        apply_notification_plan(client, module, account, plan)
    return plan.changed, plan.after


def ensure_present(
    client, module: AnsibleAWSModule, account: BudgetAccount, existing: Optional[Dict[str, Any]]
) -> Tuple[bool, Dict[str, Any]]:
    if existing is None:
        return True, create_budget(client, module, account)
    budget_changed, budget = converge_budget(client, module, account, existing["budget"])
    notifications_changed, notifications = converge_notifications(client, module, account, existing["notifications"])
    tags_changed, tags = ensure_tags(client, module, existing["tags"], account.budget_arn(module.params["name"]))
    changed = budget_changed or notifications_changed or tags_changed
    return changed, dict(budget=budget, notifications=notifications, tags=tags)


def ensure_absent(client, module: AnsibleAWSModule, account: BudgetAccount, existing: Optional[Dict[str, Any]]) -> bool:
    if existing is None:
        return False
    if not module.check_mode:
        name = module.params["name"]
        try:
            client.delete_budget(aws_retry=True, AccountId=account.account_id, BudgetName=name)
        except is_boto3_error_code(NOT_FOUND):
            pass  # Deleted meanwhile: what the task wants.
        except (
            botocore.exceptions.ClientError,
            botocore.exceptions.BotoCoreError,
        ) as e:  # pylint: disable=duplicate-except
            module.fail_json_aws(e, msg=f"Failed to delete budget {name}")
    return True


def normalize_budget(state: Optional[Dict[str, Any]]) -> Dict[str, Any]:
    """The snake_cased budget the module returns, with its notifications and tags, or an empty dict."""
    if not state:
        return {}
    # Cost filter keys are AWS's dimension names, which a task gives back as they are.
    budget = camel_dict_to_snake_dict(normalize_boto3_result(state["budget"]), ignore_list=["CostFilters"])
    if state["notifications"] is not None:
        budget["notifications"] = [
            camel_dict_to_snake_dict(
                normalize_boto3_result(dict(entry["Notification"], Subscribers=entry["Subscribers"]))
            )
            for entry in state["notifications"]
        ]
    if state["tags"] is not None:
        budget["tags"] = state["tags"]
    return budget


def main() -> None:
    argument_spec = dict(
        name=dict(type="str", required=True),
        state=dict(type="str", default="present", choices=["present", "absent"]),
        account_id=dict(type="str"),
        budget_type=dict(type="str", default="COST", choices=["COST", "USAGE"]),
        time_unit=dict(type="str", default="MONTHLY", choices=["DAILY", "MONTHLY", "QUARTERLY", "ANNUALLY"]),
        limit_amount=dict(type="float"),
        limit_unit=dict(type="str", default="USD"),
        cost_filters=dict(type="dict"),
        cost_types=dict(type="dict", options={option: dict(type="bool") for option in COST_TYPES}),
        notifications=dict(
            type="list",
            elements="dict",
            options=dict(
                notification_type=dict(type="str", required=True, choices=["ACTUAL", "FORECASTED"]),
                comparison_operator=dict(
                    type="str", default="GREATER_THAN", choices=["GREATER_THAN", "LESS_THAN", "EQUAL_TO"]
                ),
                threshold=dict(type="float", required=True),
                threshold_type=dict(type="str", default="PERCENTAGE", choices=["PERCENTAGE", "ABSOLUTE_VALUE"]),
                subscribers=dict(
                    type="list",
                    elements="dict",
                    required=True,
                    options=dict(
                        subscription_type=dict(type="str", required=True, choices=["EMAIL", "SNS"]),
                        address=dict(type="str", required=True),
                    ),
                ),
            ),
        ),
        purge_notifications=dict(type="bool", default=True),
        tags=dict(type="dict", aliases=["resource_tags"]),
        purge_tags=dict(type="bool", default=True),
    )

    module = AnsibleAWSModule(
        argument_spec=argument_spec,
        supports_check_mode=True,
        required_if=[("state", "present", ["limit_amount"])],
    )
    validate_params(module)

    client = budgets_client(module)
    account = BudgetAccount(module, client, module.params["account_id"])
    present = module.params["state"] == "present"
    # Deleting needs only the budget; its notifications and tags are read for the diff alone.
    existing = find_budget(client, module, account, details=present or module._diff)

    if present:
        changed, budget = ensure_present(client, module, account, existing)
    else:
        changed, budget = ensure_absent(client, module, account, existing), None

    result = dict(changed=changed, budget=normalize_budget(budget))
    if module._diff:
        result["diff"] = dict(before=dict(budget=normalize_budget(existing)), after=dict(budget=result["budget"]))
    module.exit_json(**result)


if __name__ == "__main__":
    main()
