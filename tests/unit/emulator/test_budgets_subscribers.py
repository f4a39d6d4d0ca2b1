"""Extension budgets_subscribers: DescribeSubscribersForNotification, CreateSubscriber, DeleteSubscriber."""

import pytest
from botocore.exceptions import ClientError

ACCOUNT = "123456789012"
ALERT = dict(NotificationType="ACTUAL", ComparisonOperator="GREATER_THAN", Threshold=80.0, ThresholdType="PERCENTAGE")
FORECAST = dict(NotificationType="FORECASTED", ComparisonOperator="GREATER_THAN", Threshold=100.0)
FINOPS = dict(SubscriptionType="EMAIL", Address="finops@example.com")
TOPIC = dict(SubscriptionType="SNS", Address=f"arn:aws:sns:us-east-1:{ACCOUNT}:budget-alerts")
TARGET = dict(AccountId=ACCOUNT, BudgetName="monthly")


@pytest.fixture
def budgets(aws):
    client = aws("budgets")
    client.create_budget(
        AccountId=ACCOUNT,
        Budget=dict(
            BudgetName="monthly", BudgetType="COST", TimeUnit="MONTHLY", BudgetLimit={"Amount": "100", "Unit": "USD"}
        ),
        NotificationsWithSubscribers=[dict(Notification=ALERT, Subscribers=[FINOPS])],
    )
    client.create_notification(Notification=FORECAST, Subscribers=[TOPIC, FINOPS], **TARGET)
    return client


def subscribers(budgets, notification) -> list:
    return budgets.describe_subscribers_for_notification(Notification=notification, **TARGET)["Subscribers"]


def test_the_subscribers_of_each_notification_are_described(budgets):
    assert subscribers(budgets, ALERT) == [FINOPS]
    assert subscribers(budgets, FORECAST) == [TOPIC, FINOPS]


def test_a_notification_is_found_by_value(budgets):
    # A threshold given as an integer, the default threshold type given or left out: the same notification.
    assert subscribers(budgets, dict(ALERT, Threshold=80)) == [FINOPS]
    assert subscribers(budgets, {key: value for key, value in ALERT.items() if key != "ThresholdType"}) == [FINOPS]
    assert subscribers(budgets, dict(FORECAST, ThresholdType="PERCENTAGE", NotificationState="OK")) == [TOPIC, FINOPS]


def test_subscribers_are_added_and_deleted(budgets):
    budgets.create_subscriber(Notification=ALERT, Subscriber=TOPIC, **TARGET)
    assert subscribers(budgets, ALERT) == [FINOPS, TOPIC]

    budgets.delete_subscriber(Notification=ALERT, Subscriber=FINOPS, **TARGET)
    assert subscribers(budgets, ALERT) == [TOPIC]
    assert subscribers(budgets, FORECAST) == [TOPIC, FINOPS]


def test_a_subscriber_already_there_is_a_duplicate(budgets):
    with pytest.raises(ClientError) as error:
        budgets.create_subscriber(Notification=ALERT, Subscriber=FINOPS, **TARGET)
    assert error.value.response["Error"]["Code"] == "DuplicateRecordException"
    assert subscribers(budgets, ALERT) == [FINOPS]


def test_deleting_the_last_subscriber_deletes_the_notification(budgets):
    budgets.delete_subscriber(Notification=ALERT, Subscriber=FINOPS, **TARGET)

    listed = budgets.describe_notifications_for_budget(**TARGET)["Notifications"]
    assert [notification["NotificationType"] for notification in listed] == ["FORECASTED"]
    with pytest.raises(ClientError) as error:
        subscribers(budgets, ALERT)
    assert error.value.response["Error"]["Code"] == "NotFoundException"


@pytest.mark.parametrize(
    "call",
    [
        lambda budgets: subscribers(budgets, dict(ALERT, Threshold=90.0)),
        lambda budgets: budgets.create_subscriber(
            Notification=dict(ALERT, ComparisonOperator="LESS_THAN"), Subscriber=TOPIC, **TARGET
        ),
        lambda budgets: budgets.delete_subscriber(Notification=ALERT, Subscriber=TOPIC, **TARGET),
        lambda budgets: budgets.describe_subscribers_for_notification(
            AccountId=ACCOUNT, BudgetName="other", Notification=ALERT
        ),
    ],
    ids=["unknown-notification", "create-on-unknown-notification", "unknown-subscriber", "unknown-budget"],
)
def test_what_is_not_there_is_not_found(budgets, call):
    with pytest.raises(ClientError) as error:
        call(budgets)
    assert error.value.response["Error"]["Code"] == "NotFoundException"
