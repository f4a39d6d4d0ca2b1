"""AWS Budgets subscribers: DescribeSubscribersForNotification, CreateSubscriber, DeleteSubscriber.

moto 5.2.1 keeps the subscribers given with a notification (CreateBudget, CreateNotification) but has no API to read
or change them (HTTP 500). seed.aws_platform.budgets_budget reads the subscribers of every notification on each run
and converges them one by one. Here a notification is found as AWS finds it, by type, comparison operator,
threshold (a number: 80 and 80.0 are the same) and threshold type (``PERCENTAGE`` when left out); a missing budget or
notification is a NotFoundException, a subscriber that is already there a DuplicateRecordException, and deleting the
last subscriber of a notification deletes the notification, as on AWS. Subscribers are answered in the order they
were added, in one page.
"""

import json
from typing import Any

from moto.budgets.exceptions import DuplicateRecordException
from moto.budgets.exceptions import NotFoundException
from moto.budgets.models import Budget
from moto.budgets.models import BudgetsBackend
from moto.budgets.models import Notification
from moto.budgets.responses import BudgetsResponse


def notification_key(notification: dict[str, Any]) -> tuple[str, str, float, str]:
    return (
        notification.get("NotificationType"),
        notification.get("ComparisonOperator"),
        float(notification.get("Threshold", 0)),
        notification.get("ThresholdType") or "PERCENTAGE",
    )


def subscriber_key(subscriber: dict[str, str]) -> tuple[str, str]:
    return subscriber.get("SubscriptionType"), subscriber.get("Address")


def find_budget(backend: BudgetsBackend, account_id: str, name: str) -> Budget:
    budget = backend.budgets[account_id].get(name)
    if budget is None:
        raise NotFoundException(f"Unable to get budget: {name} - the budget doesn't exist.")
    return budget


def find_notification(
    backend: BudgetsBackend, account_id: str, name: str, notification: dict[str, Any]
) -> Notification:
    key = notification_key(notification)
    for candidate in find_budget(backend, account_id, name).notifications:
        if notification_key(candidate.details) == key:
            return candidate
    raise NotFoundException(f"Unable to find notification for budget: {name} - the notification doesn't exist.")


def describe_subscribers(
    backend: BudgetsBackend, account_id: str, name: str, notification: dict[str, Any]
) -> list[dict[str, str]]:
    return list(find_notification(backend, account_id, name, notification).subscribers)


def create_subscriber(
    backend: BudgetsBackend, account_id: str, name: str, notification: dict[str, Any], subscriber: dict[str, str]
) -> None:
    found = find_notification(backend, account_id, name, notification)
    if any(subscriber_key(existing) == subscriber_key(subscriber) for existing in found.subscribers):
        raise DuplicateRecordException(record_type="subscriber", record_name=subscriber.get("Address"))
    found.subscribers.append(dict(SubscriptionType=subscriber["SubscriptionType"], Address=subscriber["Address"]))


def delete_subscriber(
    backend: BudgetsBackend, account_id: str, name: str, notification: dict[str, Any], subscriber: dict[str, str]
) -> None:
    budget = find_budget(backend, account_id, name)
    found = find_notification(backend, account_id, name, notification)
    remaining = [existing for existing in found.subscribers if subscriber_key(existing) != subscriber_key(subscriber)]
    if len(remaining) == len(found.subscribers):
        raise NotFoundException(f"Unable to delete subscriber for budget: {name} - the subscriber doesn't exist.")
    found.subscribers = remaining
    if not remaining:
        budget.notifications = [other for other in budget.notifications if other is not found]


def describe_subscribers_for_notification(self: BudgetsResponse) -> str:
    subscribers = describe_subscribers(
        self.backend, self._get_param("AccountId"), self._get_param("BudgetName"), self._get_param("Notification")
    )
    return json.dumps({"Subscribers": subscribers})


def create_subscriber_response(self: BudgetsResponse) -> str:
    create_subscriber(
        self.backend,
        self._get_param("AccountId"),
        self._get_param("BudgetName"),
        self._get_param("Notification"),
        self._get_param("Subscriber"),
    )
    return json.dumps({})


def delete_subscriber_response(self: BudgetsResponse) -> str:
    delete_subscriber(
        self.backend,
        self._get_param("AccountId"),
        self._get_param("BudgetName"),
        self._get_param("Notification"),
        self._get_param("Subscriber"),
    )
    return json.dumps({})


def register() -> None:
    BudgetsResponse.describe_subscribers_for_notification = describe_subscribers_for_notification
    BudgetsResponse.create_subscriber = create_subscriber_response
    BudgetsResponse.delete_subscriber = delete_subscriber_response
