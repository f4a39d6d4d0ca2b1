"""Unit tests of seed.aws_platform.budgets_budget.

moto (in-process) backs creating, describing and deleting budgets with their notifications. moto 5.2.1 does not
implement UpdateBudget, DescribeSubscribersForNotification, CreateSubscriber, DeleteSubscriber or the tag APIs
(NotImplementedError; the emulator's extensions exist only in the server), so every run on an existing budget, which
reads its subscribers and tags, is backed by botocore's Stubber, with budgets shaped as AWS answers them, and asserts
the exact requests.
"""

import datetime

import boto3
import pytest
from moto.budgets.models import budgets_backends

from ansible_collections.seed.aws_platform.plugins.modules.budgets_budget import main

REGION = "us-east-1"
ACCOUNT = "123456789012"
NAME = "platform-monthly"
ARN = f"arn:aws:budgets::{ACCOUNT}:budget/{NAME}"
TOPIC_ARN = f"arn:aws:sns:{REGION}:{ACCOUNT}:budget-alerts"
READS = (
    "DescribeBudget",
    "DescribeNotificationsForBudget",
    "DescribeSubscribersForNotification",
    "ListTagsForResource",
    "GetCallerIdentity",
)

FINOPS = dict(SubscriptionType="EMAIL", Address="finops@example.com")
CTO = dict(SubscriptionType="EMAIL", Address="cto@example.com")
TOPIC = dict(SubscriptionType="SNS", Address=TOPIC_ARN)
# The notifications as the module sends them, and as AWS answers them (with their state).
ACTUAL_80 = dict(
    NotificationType="ACTUAL", ComparisonOperator="GREATER_THAN", Threshold=80.0, ThresholdType="PERCENTAGE"
)
FORECAST_100 = dict(
    NotificationType="FORECASTED", ComparisonOperator="GREATER_THAN", Threshold=100.0, ThresholdType="PERCENTAGE"
)
COST_TYPES = dict(
    IncludeTax=True,
    IncludeSubscription=True,
    UseBlended=False,
    IncludeRefund=True,
    IncludeCredit=True,
    IncludeUpfront=True,
    IncludeRecurring=True,
    IncludeOtherSubscription=True,
    IncludeSupport=True,
    IncludeDiscount=True,
    UseAmortized=False,
)


def subscriber(kind, address):
    return dict(subscription_type=kind, address=address)


def email(address="finops@example.com"):
    return subscriber("EMAIL", address)


def sns(address=TOPIC_ARN):
    return subscriber("SNS", address)


def notification(kind="ACTUAL", threshold=80, subscribers=None, **more):
    return dict(notification_type=kind, threshold=threshold, subscribers=subscribers or [email()], **more)


def present(**extra):
    return dict(dict(name=NAME, limit_amount=500), **extra)


def absent(**extra):
    return dict(dict(name=NAME, state="absent"), **extra)


def creation_budget(**more):
    """CreateBudget's Budget for present() alone."""
    budget = dict(BudgetName=NAME, BudgetType="COST", TimeUnit="MONTHLY", BudgetLimit=dict(Amount="500.0", Unit="USD"))
    return dict(budget, **more)


# --- moto -----------------------------------------------------------------------------------------------------------


@pytest.fixture
def budgets(aws):
    return boto3.client("budgets", region_name=REGION)


def changes_made(calls):
    return [call for call in calls if call[0] not in READS]


def stored(budgets, name=NAME):
    return budgets.describe_budget(AccountId=ACCOUNT, BudgetName=name)["Budget"]


def stored_notifications(name=NAME):
    """(notification, subscribers) as moto keeps them: moto has no API to read subscribers."""
    budget = budgets_backends[ACCOUNT]["aws"].budgets[ACCOUNT][name]
    return [(entry.details, entry.subscribers) for entry in budget.notifications]


def exists(budgets, name=NAME):
    try:
        stored(budgets, name)
    except budgets.exceptions.NotFoundException:
        return False
    return True


def create(budgets, notifications=()):
    budgets.create_budget(
        AccountId=ACCOUNT,
        Budget=creation_budget(),
        NotificationsWithSubscribers=[dict(Notification=n, Subscribers=s) for n, s in notifications],
    )


def test_creates_the_budget_with_its_notifications_and_tags(run_module, budgets, api_calls):
    args = present(
        notifications=[
            notification(subscribers=[email()]),
            notification("FORECASTED", 100, subscribers=[sns(), email()]),
        ],
        tags={"Environment": "production", "CostCenter": 1234},
    )

    result = run_module(main, args, diff=True)

    assert result["changed"] is True
    budget = result["budget"]
    assert budget["budget_name"] == NAME
    assert (
        budget["budget_limit"]
        == {"amount": "500.0", "unit": "USD"}
        == {key.lower(): value for key, value in stored(budgets)["BudgetLimit"].items()}
    )
    assert (budget["budget_type"], budget["time_unit"]) == ("COST", "MONTHLY")
    assert budget["cost_types"]["include_tax"] is True and isinstance(budget["time_period"]["start"], str)
    assert budget["notifications"] == [
        dict(
            notification_type="ACTUAL",
            comparison_operator="GREATER_THAN",
            threshold=80.0,
            threshold_type="PERCENTAGE",
            subscribers=[dict(subscription_type="EMAIL", address="finops@example.com")],
        ),
        dict(
            notification_type="FORECASTED",
            comparison_operator="GREATER_THAN",
            threshold=100.0,
            threshold_type="PERCENTAGE",
            subscribers=[
                dict(subscription_type="SNS", address=TOPIC_ARN),
                dict(subscription_type="EMAIL", address="finops@example.com"),
            ],
        ),
    ]
    assert budget["tags"] == {"Environment": "production", "CostCenter": "1234"}
    assert stored_notifications() == [(ACTUAL_80, [FINOPS]), (FORECAST_100, [TOPIC, FINOPS])]
    assert changes_made(api_calls) == [
        (
            "CreateBudget",
            dict(
                AccountId=ACCOUNT,
                Budget=creation_budget(),
                NotificationsWithSubscribers=[
                    dict(Notification=ACTUAL_80, Subscribers=[FINOPS]),
                    dict(Notification=FORECAST_100, Subscribers=[TOPIC, FINOPS]),
                ],
                ResourceTags=[dict(Key="Environment", Value="production"), dict(Key="CostCenter", Value="1234")],
            ),
        )
    ]
    assert result["diff"] == dict(before=dict(budget={}), after=dict(budget=budget))


def test_creates_a_usage_budget_with_filters_and_cost_types(run_module, budgets, api_calls):
    args = present(
        budget_type="USAGE",
        time_unit="QUARTERLY",
        limit_amount=12.5,
        limit_unit="GB",
        cost_filters={"UsageType": ["USE1-TimedStorage-ByteHrs"], "LinkedAccount": [ACCOUNT]},
        cost_types={"include_credit": False, "use_blended": True},
    )

    result = run_module(main, args)

    assert result["changed"] is True
    wanted = dict(
        BudgetName=NAME,
        BudgetType="USAGE",
        TimeUnit="QUARTERLY",
        BudgetLimit=dict(Amount="12.5", Unit="GB"),
        CostFilters={"UsageType": ["USE1-TimedStorage-ByteHrs"], "LinkedAccount": [ACCOUNT]},
        CostTypes=dict(IncludeCredit=False, UseBlended=True),
    )
    assert changes_made(api_calls) == [("CreateBudget", dict(AccountId=ACCOUNT, Budget=wanted))]
    assert stored(budgets)["CostFilters"] == wanted["CostFilters"]
    # Filter dimensions are AWS's names, returned as they are.
    assert result["budget"]["cost_filters"] == wanted["CostFilters"]
    assert result["budget"]["notifications"] == [] and result["budget"]["tags"] == {}


def test_the_account_id_given_is_used_without_asking_sts(run_module, budgets, api_calls):
    result = run_module(main, present(account_id=ACCOUNT))

    assert result["changed"] is True
    assert [name for name, _params in api_calls] == ["DescribeBudget", "CreateBudget", "DescribeBudget"]


def test_check_mode_reports_the_creation_and_creates_nothing(run_module, budgets, api_calls):
    args = present(notifications=[notification(subscribers=[email(), sns()])], tags={"a": 1})

    result = run_module(main, args, check_mode=True, diff=True)

    assert result["changed"] is True
    assert result["budget"] == dict(
        budget_name=NAME,
        budget_type="COST",
        time_unit="MONTHLY",
        budget_limit=dict(amount="500.0", unit="USD"),
        notifications=[
            dict(
                notification_type="ACTUAL",
                comparison_operator="GREATER_THAN",
                threshold=80.0,
                threshold_type="PERCENTAGE",
                subscribers=[
                    dict(subscription_type="EMAIL", address="finops@example.com"),
                    dict(subscription_type="SNS", address=TOPIC_ARN),
                ],
            )
        ],
        tags={"a": "1"},
    )
    assert result["diff"]["before"] == dict(budget={})
    assert not exists(budgets)
    assert changes_made(api_calls) == []


def test_absent_when_nothing_exists_changes_nothing(run_module, budgets, api_calls):
    result = run_module(main, absent(), diff=True)

    assert result["changed"] is False and result["budget"] == {}
    assert result["diff"] == dict(before=dict(budget={}), after=dict(budget={}))
    assert changes_made(api_calls) == []


def test_absent_deletes_the_budget_and_its_notifications(run_module, budgets, api_calls):
    create(budgets, [(ACTUAL_80, [FINOPS])])

    result = run_module(main, absent())

    assert result["changed"] is True and result["budget"] == {}
    assert not exists(budgets)
    # Without diff mode, deleting reads nothing but the budget.
    assert [name for name, _params in api_calls] == ["GetCallerIdentity", "DescribeBudget", "DeleteBudget"]
    assert changes_made(api_calls) == [("DeleteBudget", dict(AccountId=ACCOUNT, BudgetName=NAME))]


def test_absent_in_check_mode_deletes_nothing(run_module, budgets, api_calls):
    create(budgets)

    result = run_module(main, absent(), check_mode=True)

    assert result["changed"] is True and result["budget"] == {}
    assert exists(budgets)
    assert changes_made(api_calls) == []


# --- validation -----------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "args, message",
    [
        (
            present(limit_amount=0),
            "limit_amount must be greater than 0, not 0.0: AWS Budgets refuses a budget amount of zero.",
        ),
        (
            present(limit_amount=-10),
            "limit_amount must be greater than 0, not -10.0: AWS Budgets refuses a budget amount of zero.",
        ),
        (present(limit_unit=""), "limit_unit cannot be empty."),
        (present(name=""), "name must be 1 to 100 characters long, not 0."),
        (present(name="x" * 101), "name must be 1 to 100 characters long, not 101."),
        (
            present(name="team:platform"),
            "name 'team:platform' is not a valid budget name: AWS Budgets refuses the characters ':' and '\\'.",
        ),
        (
            present(name="team\\platform"),
            "name 'team\\\\platform' is not a valid budget name: AWS Budgets refuses the characters ':' and '\\'.",
        ),
        (
            present(name="team/action/x"),
            "name 'team/action/x' is not a valid budget name: AWS Budgets refuses the substring '/action/'.",
        ),
        (absent(name="a:b"), "name 'a:b' is not a valid budget name: AWS Budgets refuses the characters ':' and '\\'."),
        (present(account_id="1234"), "account_id '1234' is not an AWS account ID: it must be 12 digits."),
        (
            present(notifications=[notification(threshold=0)]),
            "notifications[0].threshold must be greater than 0 and at most 15000000000000, not 0.0.",
        ),
        (
            present(notifications=[notification(), notification(threshold=-5)]),
            "notifications[1].threshold must be greater than 0 and at most 15000000000000, not -5.0.",
        ),
        (
            present(notifications=[notification(threshold=2e13)]),
            "notifications[0].threshold must be greater than 0 and at most 15000000000000, not 20000000000000.0.",
        ),
        (
            present(notifications=[notification(subscribers=[email("finops.example.com")])]),
            "notifications[0].subscribers: 'finops.example.com' is not an e-mail address.",
        ),
        (
            present(notifications=[notification(subscribers=[sns("budget-alerts")])]),
            "notifications[0].subscribers: 'budget-alerts' is not the ARN of an SNS topic (arn:aws:sns:REGION:ACCOUNT:TOPIC).",
        ),
        (
            present(notifications=[notification(subscribers=[sns(f"arn:aws:sqs:{REGION}:{ACCOUNT}:queue")])]),
            f"notifications[0].subscribers: 'arn:aws:sqs:{REGION}:{ACCOUNT}:queue' is not the ARN of an SNS topic"
            " (arn:aws:sns:REGION:ACCOUNT:TOPIC).",
        ),
        (
            present(notifications=[notification(subscribers=[sns(), sns(TOPIC_ARN + "-2")])]),
            "notifications[0].subscribers can hold 1 SNS topic at most, not 2.",
        ),
        (
            present(notifications=[notification(subscribers=[email(f"u{i}@example.com") for i in range(11)])]),
            "notifications[0].subscribers can hold 10 e-mail addresses at most, not 11.",
        ),
        (
            present(notifications=[dict(notification_type="ACTUAL", threshold=80, subscribers=[])]),
            "notifications[0].subscribers must name at least one subscriber.",
        ),
        (
            present(notifications=[notification(subscribers=[email(), email()])]),
            "notifications[0].subscribers lists finops@example.com more than once.",
        ),
        (
            present(notifications=[notification(threshold=i + 1) for i in range(11)]),
            "notifications can hold 10 notifications at most, AWS's limit, not 11.",
        ),
        (
            present(notifications=[notification(threshold=80), notification(threshold=80.0, subscribers=[sns()])]),
            "notifications[1] (ACTUAL GREATER_THAN 80 PERCENTAGE) is listed more than once.",
        ),
        (
            present(cost_filters={"Service": "Amazon Elastic Compute Cloud - Compute"}),
            "cost_filters.Service must be a non-empty list of values, not 'Amazon Elastic Compute Cloud - Compute'.",
        ),
        (present(cost_filters={"Service": []}), "cost_filters.Service must be a non-empty list of values, not []."),
        (
            present(cost_filters={"Service": [{"a": 1}]}),
            "cost_filters.Service must hold plain values (strings), not [{'a': 1}].",
        ),
    ],
)
def test_invalid_arguments_fail_before_any_call(run_module, api_calls, args, message):
    result = run_module(main, args)

    assert result["failed"] is True
    assert result["msg"] == message
    assert api_calls == []


def test_every_problem_is_reported_at_once(run_module, api_calls):
    result = run_module(
        main, present(limit_amount=0, notifications=[notification(threshold=0, subscribers=[sns("x")])])
    )

    assert result["failed"] is True
    assert result["msg"].count(";") == 2
    assert "limit_amount" in result["msg"] and "threshold" in result["msg"] and "'x'" in result["msg"]
    assert api_calls == []


def test_the_limit_is_required_to_create(run_module, api_calls):
    result = run_module(main, dict(name=NAME))

    assert result["failed"] is True
    assert result["msg"] == "state is present but all of the following are missing: limit_amount"
    assert api_calls == []


def test_a_notification_of_another_kind_is_refused(run_module, api_calls):
    result = run_module(main, present(notifications=[notification(kind="DAILY")]))

    assert result["failed"] is True
    assert "notification_type" in result["msg"] and "ACTUAL, FORECASTED" in result["msg"]
    assert api_calls == []


# --- Stubber --------------------------------------------------------------------------------------------------------

START = datetime.datetime(2024, 5, 1, tzinfo=datetime.timezone.utc)
END = datetime.datetime(2087, 6, 15, tzinfo=datetime.timezone.utc)


def aws_budget(amount="500.0", **more):
    """A budget as DescribeBudget answers it."""
    budget = dict(
        BudgetName=NAME,
        BudgetLimit=dict(Amount=amount, Unit="USD"),
        CostTypes=COST_TYPES,
        TimeUnit="MONTHLY",
        TimePeriod=dict(Start=START, End=END),
        CalculatedSpend=dict(
            ActualSpend=dict(Amount="123.45", Unit="USD"), ForecastedSpend=dict(Amount="480.0", Unit="USD")
        ),
        BudgetType="COST",
        LastUpdatedTime=START,
    )
    return dict(budget, **more)


def answered(notification, state="OK"):
    """A notification as DescribeNotificationsForBudget answers it."""
    return dict(notification, NotificationState=state)


@pytest.fixture
def aws_api(stubbed):
    """(budgets, sts) Stubbers."""
    return stubbed("budgets"), stubbed("sts")


def expect_identity(sts, partition="aws"):
    sts.add_response(
        "get_caller_identity",
        dict(UserId="AIDAEXAMPLE", Account=ACCOUNT, Arn=f"arn:{partition}:iam::{ACCOUNT}:user/ansible"),
    )


def expect_existing(budgets, sts, budget=None, notifications=(), tags=None, arn=ARN, identity=True):
    """The reads of a run on an existing budget: notifications are (answered notification, subscribers)."""
    if identity:
        expect_identity(sts)
    target = dict(AccountId=ACCOUNT, BudgetName=NAME)
    budgets.add_response("describe_budget", dict(Budget=budget or aws_budget()), target)
    budgets.add_response(
        "describe_notifications_for_budget", dict(Notifications=[n for n, _s in notifications]), target
    )
    for answer, subscribers in notifications:
        identity_only = {key: value for key, value in answer.items() if key != "NotificationState"}
        budgets.add_response(
            "describe_subscribers_for_notification",
            dict(Subscribers=subscribers),
            dict(target, Notification=identity_only),
        )
    budgets.add_response(
        "list_tags_for_resource",
        dict(ResourceTags=[dict(Key=key, Value=value) for key, value in (tags or {}).items()]),
        dict(ResourceARN=arn),
    )


def expect_missing(budgets, sts):
    expect_identity(sts)
    budgets.add_client_error(
        "describe_budget",
        service_error_code="NotFoundException",
        service_message=f"Unable to get budget: {NAME} - the budget doesn't exist.",
        expected_params=dict(AccountId=ACCOUNT, BudgetName=NAME),
    )


def expect_write(budgets, operation, **params):
    budgets.add_response(operation, {}, dict(dict(AccountId=ACCOUNT, BudgetName=NAME), **params))


CONVERGED = present(
    notifications=[notification(subscribers=[email()]), notification("FORECASTED", 100, subscribers=[sns(), email()])],
    tags={"Environment": "production"},
)
CONVERGED_NOTIFICATIONS = [(answered(ACTUAL_80), [FINOPS]), (answered(FORECAST_100, "ALARM"), [TOPIC, FINOPS])]


@pytest.mark.parametrize("amount", ["500.0", "500", "500.00000"])
def test_second_run_changes_nothing(run_module, aws_api, amount):
    budgets, sts = aws_api
    expect_existing(budgets, sts, aws_budget(amount), CONVERGED_NOTIFICATIONS, {"Environment": "production"})

    result = run_module(main, CONVERGED, diff=True)

    assert result["changed"] is False
    assert result["diff"]["before"] == result["diff"]["after"]
    budget = result["budget"]
    assert budget["budget_limit"] == {"amount": amount, "unit": "USD"}
    assert budget["calculated_spend"]["actual_spend"] == {"amount": "123.45", "unit": "USD"}
    assert [n["notification_state"] for n in budget["notifications"]] == ["OK", "ALARM"]
    assert budget["tags"] == {"Environment": "production"}


def test_check_mode_on_a_converged_budget_changes_nothing(run_module, aws_api):
    budgets, sts = aws_api
    expect_existing(budgets, sts, aws_budget(), CONVERGED_NOTIFICATIONS, {"Environment": "production"})

    result = run_module(main, CONVERGED, check_mode=True)

    assert result["changed"] is False


def test_notifications_in_another_order_and_thresholds_as_integers_are_the_same(run_module, aws_api):
    budgets, sts = aws_api
    listed = [
        (answered(dict(FORECAST_100, Threshold=100)), [FINOPS, TOPIC]),
        # AWS's default threshold type when a notification was created without one.
        (answered({key: value for key, value in ACTUAL_80.items() if key != "ThresholdType"}), [FINOPS]),
    ]
    expect_existing(budgets, sts, aws_budget(), listed, {"Environment": "production"})

    result = run_module(main, CONVERGED)

    assert result["changed"] is False
    assert [n["notification_type"] for n in result["budget"]["notifications"]] == ["FORECASTED", "ACTUAL"]


def test_a_new_limit_is_an_update_of_the_budget_only(run_module, aws_api):
    budgets, sts = aws_api
    expect_existing(budgets, sts, aws_budget(), CONVERGED_NOTIFICATIONS, {"Environment": "production"})
    new_budget = dict(
        CostTypes=COST_TYPES,
        BudgetName=NAME,
        BudgetType="COST",
        TimeUnit="MONTHLY",
        BudgetLimit=dict(Amount="750.0", Unit="USD"),
    )
    budgets.add_response("update_budget", {}, dict(AccountId=ACCOUNT, NewBudget=new_budget))
    budgets.add_response("describe_budget", dict(Budget=aws_budget("750.0")), dict(AccountId=ACCOUNT, BudgetName=NAME))

    result = run_module(main, dict(CONVERGED, limit_amount=750), diff=True)

    assert result["changed"] is True
    assert result["budget"]["budget_limit"] == {"amount": "750.0", "unit": "USD"}
    assert result["diff"]["before"]["budget"]["budget_limit"] == {"amount": "500.0", "unit": "USD"}
    assert result["diff"]["before"]["budget"]["notifications"] == result["budget"]["notifications"]


def test_a_new_limit_in_check_mode_is_reported_and_not_made(run_module, aws_api):
    budgets, sts = aws_api
    expect_existing(budgets, sts, aws_budget(), CONVERGED_NOTIFICATIONS, {"Environment": "production"})

    result = run_module(main, dict(CONVERGED, limit_amount=750), check_mode=True)

    assert result["changed"] is True
    assert result["budget"]["budget_limit"] == {"amount": "750.0", "unit": "USD"}
    assert result["budget"]["time_period"]["start"].startswith("2024-05-01")


@pytest.mark.parametrize(
    "args, changed_keys",
    [
        (present(time_unit="ANNUALLY"), dict(TimeUnit="ANNUALLY")),
        (present(limit_unit="EUR"), dict(BudgetLimit=dict(Amount="500.0", Unit="EUR"))),
        (
            present(budget_type="USAGE", limit_unit="GB"),
            dict(BudgetType="USAGE", BudgetLimit=dict(Amount="500.0", Unit="GB")),
        ),
        (present(cost_filters={"Service": ["AWS Lambda"]}), dict(CostFilters={"Service": ["AWS Lambda"]})),
        (present(cost_filters={}), dict(CostFilters={})),
        (
            present(cost_types={"include_credit": False, "include_tax": True}),
            dict(CostTypes=dict(COST_TYPES, IncludeCredit=False)),
        ),
    ],
    ids=["time-unit", "unit", "budget-type", "filters", "filters-removed", "cost-types"],
)
def test_each_part_of_the_definition_is_updated(run_module, aws_api, args, changed_keys):
    budgets, sts = aws_api
    current = aws_budget(CostFilters={"Service": ["Amazon Elastic Compute Cloud - Compute"]})
    expect_existing(budgets, sts, current)
    new_budget = dict(
        CostFilters={"Service": ["Amazon Elastic Compute Cloud - Compute"]},
        CostTypes=COST_TYPES,
        BudgetName=NAME,
        BudgetType="COST",
        TimeUnit="MONTHLY",
        BudgetLimit=dict(Amount="500.0", Unit="USD"),
    )
    new_budget.update(changed_keys)
    budgets.add_response("update_budget", {}, dict(AccountId=ACCOUNT, NewBudget=new_budget))
    budgets.add_response("describe_budget", dict(Budget=current), dict(AccountId=ACCOUNT, BudgetName=NAME))

    result = run_module(main, args)

    assert result["changed"] is True


@pytest.mark.parametrize(
    "args",
    [
        present(),
        present(cost_filters={"Service": ["Amazon Elastic Compute Cloud - Compute", "AWS Lambda"]}),
        present(cost_types={"include_tax": True, "use_amortized": False}),
    ],
    ids=["filters-not-managed", "filter-values-in-another-order", "cost-types-as-they-are"],
)
def test_what_the_task_does_not_change_is_not_updated(run_module, aws_api, args):
    budgets, sts = aws_api
    current = aws_budget(CostFilters={"Service": ["AWS Lambda", "Amazon Elastic Compute Cloud - Compute"]})
    expect_existing(budgets, sts, current)

    result = run_module(main, args)

    assert result["changed"] is False
    assert result["budget"]["cost_filters"] == {"Service": ["AWS Lambda", "Amazon Elastic Compute Cloud - Compute"]}


def test_a_missing_cost_type_counts_as_aws_default(run_module, aws_api):
    budgets, sts = aws_api
    expect_existing(budgets, sts, aws_budget(CostTypes=dict(IncludeTax=False)))

    result = run_module(main, present(cost_types={"include_credit": True, "use_blended": False}))

    assert result["changed"] is False


def test_a_notification_is_added(run_module, aws_api):
    budgets, sts = aws_api
    expect_existing(budgets, sts, aws_budget(), [(answered(ACTUAL_80), [FINOPS])], {"Environment": "production"})
    expect_write(budgets, "create_notification", Notification=FORECAST_100, Subscribers=[TOPIC, FINOPS])

    result = run_module(main, CONVERGED, diff=True)

    assert result["changed"] is True
    after = result["budget"]["notifications"]
    assert [(n["notification_type"], n.get("notification_state")) for n in after] == [
        ("ACTUAL", "OK"),
        ("FORECASTED", None),
    ]
    assert len(result["diff"]["before"]["budget"]["notifications"]) == 1


def test_a_notification_the_task_does_not_list_is_deleted(run_module, aws_api):
    budgets, sts = aws_api
    extra = dict(
        NotificationType="ACTUAL", ComparisonOperator="GREATER_THAN", Threshold=450.0, ThresholdType="ABSOLUTE_VALUE"
    )
    expect_existing(
        budgets,
        sts,
        aws_budget(),
        CONVERGED_NOTIFICATIONS + [(answered(extra, "ALARM"), [CTO])],
        {"Environment": "production"},
    )
    # The notification is named as AWS described it, without its state.
    expect_write(budgets, "delete_notification", Notification=extra)

    result = run_module(main, CONVERGED)

    assert result["changed"] is True
    assert [n["threshold"] for n in result["budget"]["notifications"]] == [80.0, 100.0]


def test_purge_notifications_false_keeps_the_others(run_module, aws_api):
    budgets, sts = aws_api
    expect_existing(budgets, sts, aws_budget(), [(answered(FORECAST_100), [TOPIC])])
    absolute = dict(
        NotificationType="ACTUAL", ComparisonOperator="GREATER_THAN", Threshold=450.0, ThresholdType="ABSOLUTE_VALUE"
    )
    expect_write(budgets, "create_notification", Notification=absolute, Subscribers=[CTO])

    args = present(
        notifications=[
            notification(threshold=450, threshold_type="ABSOLUTE_VALUE", subscribers=[email("cto@example.com")])
        ],
        purge_notifications=False,
    )
    result = run_module(main, args)

    assert result["changed"] is True
    assert [n["threshold"] for n in result["budget"]["notifications"]] == [100.0, 450.0]


def test_a_new_threshold_replaces_the_notification(run_module, aws_api):
    budgets, sts = aws_api
    expect_existing(budgets, sts, aws_budget(), [(answered(ACTUAL_80), [FINOPS])])
    expect_write(budgets, "delete_notification", Notification=ACTUAL_80)
    expect_write(budgets, "create_notification", Notification=dict(ACTUAL_80, Threshold=90.0), Subscribers=[FINOPS])

    result = run_module(main, present(notifications=[notification(threshold=90)]))

    assert result["changed"] is True
    assert [n["threshold"] for n in result["budget"]["notifications"]] == [90.0]


def test_notifications_omitted_are_left_alone(run_module, aws_api):
    budgets, sts = aws_api
    expect_existing(budgets, sts, aws_budget(), CONVERGED_NOTIFICATIONS)

    result = run_module(main, present())

    assert result["changed"] is False
    assert len(result["budget"]["notifications"]) == 2


def test_an_empty_list_deletes_every_notification(run_module, aws_api):
    budgets, sts = aws_api
    expect_existing(budgets, sts, aws_budget(), CONVERGED_NOTIFICATIONS)
    expect_write(budgets, "delete_notification", Notification=ACTUAL_80)
    expect_write(budgets, "delete_notification", Notification=FORECAST_100)

    result = run_module(main, present(notifications=[]))

    assert result["changed"] is True and result["budget"]["notifications"] == []


def test_the_only_subscriber_is_replaced_by_adding_first(run_module, aws_api):
    budgets, sts = aws_api
    expect_existing(budgets, sts, aws_budget(), [(answered(ACTUAL_80), [FINOPS])])
    # Deleting the last subscriber first would delete the notification with it.
    expect_write(budgets, "create_subscriber", Notification=ACTUAL_80, Subscriber=TOPIC)
    expect_write(budgets, "delete_subscriber", Notification=ACTUAL_80, Subscriber=FINOPS)

    result = run_module(main, present(notifications=[notification(subscribers=[sns()])]), diff=True)

    assert result["changed"] is True
    [after] = result["budget"]["notifications"]
    assert after["subscribers"] == [dict(subscription_type="SNS", address=TOPIC_ARN)]
    assert after["notification_state"] == "OK"


def test_subscribers_are_removed_before_others_are_added(run_module, aws_api):
    budgets, sts = aws_api
    full = [dict(SubscriptionType="EMAIL", Address=f"u{i}@example.com") for i in range(10)] + [TOPIC]
    expect_existing(budgets, sts, aws_budget(), [(answered(ACTUAL_80), full)])
    # The notification has 11 subscribers, AWS's limit: adding first would be refused.
    expect_write(budgets, "delete_subscriber", Notification=ACTUAL_80, Subscriber=full[9])
    expect_write(budgets, "create_subscriber", Notification=ACTUAL_80, Subscriber=CTO)

    wanted = [email(f"u{i}@example.com") for i in range(9)] + [email("cto@example.com"), sns()]
    result = run_module(main, present(notifications=[notification(subscribers=wanted)]))

    assert result["changed"] is True
    addresses = [s["address"] for s in result["budget"]["notifications"][0]["subscribers"]]
    assert addresses == [f"u{i}@example.com" for i in range(9)] + [TOPIC_ARN, "cto@example.com"]


def test_check_mode_reports_notification_and_subscriber_changes_and_makes_none(run_module, aws_api):
    budgets, sts = aws_api
    expect_existing(
        budgets,
        sts,
        aws_budget(),
        [(answered(ACTUAL_80), [FINOPS, CTO]), (answered(dict(ACTUAL_80, Threshold=50.0)), [CTO])],
    )

    args = present(
        notifications=[notification(subscribers=[email()]), notification("FORECASTED", 100, subscribers=[sns()])]
    )
    result = run_module(main, args, check_mode=True)

    assert result["changed"] is True
    after = result["budget"]["notifications"]
    assert [(n["threshold"], [s["address"] for s in n["subscribers"]]) for n in after] == [
        (80.0, ["finops@example.com"]),
        (100.0, [TOPIC_ARN]),
    ]


def test_tags_are_added_changed_and_purged(run_module, aws_api):
    budgets, sts = aws_api
    expect_existing(budgets, sts, aws_budget(), tags={"keep": "1", "drop": "2", "change": "old"})
    budgets.add_response("untag_resource", {}, dict(ResourceARN=ARN, ResourceTagKeys=["drop"]))
    budgets.add_response(
        "tag_resource",
        {},
        dict(ResourceARN=ARN, ResourceTags=[dict(Key="add", Value="3"), dict(Key="change", Value="new")]),
    )

    result = run_module(main, present(tags={"keep": "1", "change": "new", "add": 3}), diff=True)

    assert result["changed"] is True
    assert result["budget"]["tags"] == {"keep": "1", "change": "new", "add": "3"}
    assert result["diff"]["before"]["budget"]["tags"] == {"keep": "1", "drop": "2", "change": "old"}


def test_purge_tags_false_only_adds_and_omitted_tags_are_left_alone(run_module, aws_api):
    budgets, sts = aws_api
    expect_existing(budgets, sts, aws_budget(), tags={"keep": "1"})
    budgets.add_response("tag_resource", {}, dict(ResourceARN=ARN, ResourceTags=[dict(Key="add", Value="2")]))

    added = run_module(main, present(tags={"add": "2"}, purge_tags=False))

    assert added["changed"] is True and added["budget"]["tags"] == {"keep": "1", "add": "2"}


def test_check_mode_reports_tag_changes_and_makes_none(run_module, aws_api):
    budgets, sts = aws_api
    expect_existing(budgets, sts, aws_budget(), tags={"drop": "1"})

    result = run_module(main, present(tags={"add": "2"}), check_mode=True)

    assert result["changed"] is True and result["budget"]["tags"] == {"add": "2"}


def test_the_budget_arn_uses_the_partition_of_the_caller(run_module, aws_api):
    budgets, sts = aws_api
    expect_identity(sts, partition="aws-cn")
    expect_existing(budgets, sts, aws_budget(), arn=f"arn:aws-cn:budgets::{ACCOUNT}:budget/{NAME}", identity=False)

    result = run_module(main, present())

    assert result["changed"] is False


def test_an_account_id_given_is_used_with_the_partition_of_the_region(run_module, stubbed):
    # No STS Stubber: a GetCallerIdentity would fail the test.
    budgets = stubbed("budgets")
    other = "210987654321"
    target = dict(AccountId=other, BudgetName=NAME)
    budgets.add_response("describe_budget", dict(Budget=aws_budget()), target)
    budgets.add_response("describe_notifications_for_budget", dict(Notifications=[]), target)
    budgets.add_response(
        "list_tags_for_resource", dict(ResourceTags=[]), dict(ResourceARN=f"arn:aws:budgets::{other}:budget/{NAME}")
    )

    result = run_module(main, present(account_id=other))

    assert result["changed"] is False


def test_absent_in_diff_mode_reads_and_deletes_the_budget(run_module, aws_api):
    budgets, sts = aws_api
    expect_existing(budgets, sts, aws_budget(), CONVERGED_NOTIFICATIONS, {"Environment": "production"})
    budgets.add_response("delete_budget", {}, dict(AccountId=ACCOUNT, BudgetName=NAME))

    result = run_module(main, absent(), diff=True)

    assert result["changed"] is True and result["budget"] == {}
    before = result["diff"]["before"]["budget"]
    assert before["tags"] == {"Environment": "production"} and len(before["notifications"]) == 2
    assert result["diff"]["after"] == dict(budget={})


def test_a_budget_deleted_meanwhile_is_deleted(run_module, aws_api):
    budgets, sts = aws_api
    expect_identity(sts)
    budgets.add_response("describe_budget", dict(Budget=aws_budget()), dict(AccountId=ACCOUNT, BudgetName=NAME))
    budgets.add_client_error("delete_budget", service_error_code="NotFoundException", service_message="gone")

    result = run_module(main, absent())

    assert result["changed"] is True and result.get("failed") is False


def test_throttling_is_retried(run_module, aws_api, sleeps):
    budgets, sts = aws_api
    expect_identity(sts)
    budgets.add_client_error("describe_budget", service_error_code="ThrottlingException", http_status_code=400)
    budgets.add_client_error(
        "describe_budget",
        service_error_code="NotFoundException",
        expected_params=dict(AccountId=ACCOUNT, BudgetName=NAME),
    )

    result = run_module(main, absent())

    assert result["changed"] is False
    assert len(sleeps) == 1


# --- AWS errors -----------------------------------------------------------------------------------------------------


def test_a_failed_lookup_is_reported(run_module, aws_api):
    budgets, sts = aws_api
    expect_identity(sts)
    budgets.add_client_error("describe_budget", service_error_code="AccessDeniedException", http_status_code=403)

    result = run_module(main, present())

    assert result["failed"] is True
    assert result["msg"].startswith(f"Failed to describe budget {NAME}")
    assert result["error"]["code"] == "AccessDeniedException"


def test_a_failed_creation_is_reported(run_module, aws_api):
    budgets, sts = aws_api
    expect_missing(budgets, sts)
    budgets.add_client_error(
        "create_budget",
        service_error_code="CreationLimitExceededException",
        service_message="You've reached the limit.",
    )

    result = run_module(main, present())

    assert result["failed"] is True
    assert result["msg"].startswith(f"Failed to create budget {NAME}")
    assert result["error"]["code"] == "CreationLimitExceededException"


def test_a_failed_update_is_reported(run_module, aws_api):
    budgets, sts = aws_api
    expect_existing(budgets, sts, aws_budget())
    budgets.add_client_error(
        "update_budget", service_error_code="InvalidParameterException", service_message="Bad limit."
    )

    result = run_module(main, present(limit_amount=1))

    assert result["failed"] is True
    assert result["msg"].startswith(f"Failed to update budget {NAME}")
    assert result["error"]["code"] == "InvalidParameterException"


@pytest.mark.parametrize(
    "existing, args, operation, message",
    [
        (
            [],
            present(notifications=[notification()]),
            "create_notification",
            f"Failed to create notification ACTUAL GREATER_THAN 80 PERCENTAGE of budget {NAME}",
        ),
        (
            [(answered(ACTUAL_80), [FINOPS])],
            present(notifications=[]),
            "delete_notification",
            f"Failed to delete notification ACTUAL GREATER_THAN 80 PERCENTAGE of budget {NAME}",
        ),
        (
            [(answered(ACTUAL_80), [FINOPS])],
            present(notifications=[notification(subscribers=[email(), sns()])]),
            "create_subscriber",
            f"Failed to create subscriber {TOPIC_ARN} of notification ACTUAL GREATER_THAN 80 PERCENTAGE of budget {NAME}",
        ),
        (
            [(answered(ACTUAL_80), [FINOPS, CTO])],
            present(notifications=[notification(subscribers=[email()])]),
            "delete_subscriber",
            f"Failed to delete subscriber cto@example.com of notification ACTUAL GREATER_THAN 80 PERCENTAGE of budget {NAME}",
        ),
    ],
    ids=["create-notification", "delete-notification", "create-subscriber", "delete-subscriber"],
)
def test_failed_notification_changes_are_reported(run_module, aws_api, existing, args, operation, message):
    budgets, sts = aws_api
    expect_existing(budgets, sts, aws_budget(), existing)
    budgets.add_client_error(operation, service_error_code="AccessDeniedException", http_status_code=403)

    result = run_module(main, args)

    assert result["failed"] is True
    assert result["msg"].startswith(message)
    assert result["error"]["code"] == "AccessDeniedException"


def test_failed_tagging_is_reported(run_module, aws_api):
    budgets, sts = aws_api
    expect_existing(budgets, sts, aws_budget())
    budgets.add_client_error("tag_resource", service_error_code="ServiceQuotaExceededException")

    result = run_module(main, present(tags={"a": "1"}))

    assert result["failed"] is True
    assert result["msg"].startswith(f"Failed to update the tags of {ARN}")


def test_a_failed_tag_listing_is_reported(run_module, aws_api):
    budgets, sts = aws_api
    expect_identity(sts)
    target = dict(AccountId=ACCOUNT, BudgetName=NAME)
    budgets.add_response("describe_budget", dict(Budget=aws_budget()), target)
    budgets.add_response("describe_notifications_for_budget", dict(Notifications=[]), target)
    budgets.add_client_error("list_tags_for_resource", service_error_code="AccessDeniedException", http_status_code=403)

    result = run_module(main, present())

    assert result["failed"] is True
    assert result["msg"].startswith(f"Failed to list the tags of {ARN}")


def test_a_failed_deletion_is_reported(run_module, aws_api):
    budgets, sts = aws_api
    expect_identity(sts)
    budgets.add_response("describe_budget", dict(Budget=aws_budget()), dict(AccountId=ACCOUNT, BudgetName=NAME))
    budgets.add_client_error("delete_budget", service_error_code="AccessDeniedException", http_status_code=403)

    result = run_module(main, absent())

    assert result["failed"] is True
    assert result["msg"].startswith(f"Failed to delete budget {NAME}")
