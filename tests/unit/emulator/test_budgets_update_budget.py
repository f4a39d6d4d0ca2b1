"""Extension budgets_update_budget: UpdateBudget replaces a budget's definition, keeping its time period."""

import pytest
from botocore.exceptions import ClientError

ACCOUNT = "123456789012"
ALERT = dict(NotificationType="ACTUAL", ComparisonOperator="GREATER_THAN", Threshold=80.0, ThresholdType="PERCENTAGE")


def budget(amount: str = "100.0", **more) -> dict:
    defaults = dict(BudgetName="monthly", BudgetType="COST", TimeUnit="MONTHLY")
    return dict(defaults, BudgetLimit={"Amount": amount, "Unit": "USD"}, **more)


@pytest.fixture
def budgets(aws):
    client = aws("budgets")
    client.create_budget(
        AccountId=ACCOUNT,
        Budget=budget(CostFilters={"Service": ["Amazon Elastic Compute Cloud - Compute"]}),
        NotificationsWithSubscribers=[
            dict(Notification=ALERT, Subscribers=[dict(SubscriptionType="EMAIL", Address="finops@example.com")])
        ],
    )
    return client


def describe(budgets) -> dict:
    return budgets.describe_budget(AccountId=ACCOUNT, BudgetName="monthly")["Budget"]


def test_the_definition_is_replaced_and_the_time_period_kept(budgets):
    before = describe(budgets)

    budgets.update_budget(
        AccountId=ACCOUNT,
        NewBudget=budget("250.5", TimeUnit="QUARTERLY", CostTypes={"IncludeCredit": False, "IncludeRefund": False}),
    )

    after = describe(budgets)
    assert after["BudgetLimit"] == {"Amount": "250.5", "Unit": "USD"}
    assert after["TimeUnit"] == "QUARTERLY"
    assert "CostFilters" not in after
    assert after["CostTypes"] == {"IncludeCredit": False, "IncludeRefund": False}
    assert after["TimePeriod"] == before["TimePeriod"]
    assert after["CalculatedSpend"]["ActualSpend"] == {"Amount": "0", "Unit": "USD"}
    assert after["LastUpdatedTime"] >= before["LastUpdatedTime"]


def test_notifications_stay(budgets):
    budgets.update_budget(AccountId=ACCOUNT, NewBudget=budget("200"))

    assert budgets.describe_notifications_for_budget(AccountId=ACCOUNT, BudgetName="monthly")["Notifications"] == [
        ALERT
    ]


def test_the_calculated_spend_of_the_request_is_ignored(budgets):
    spend = {"ActualSpend": {"Amount": "99", "Unit": "USD"}}

    budgets.update_budget(AccountId=ACCOUNT, NewBudget=budget("200", CalculatedSpend=spend))

    assert describe(budgets)["CalculatedSpend"]["ActualSpend"] == {"Amount": "0", "Unit": "USD"}


def test_a_missing_budget_is_not_found(budgets):
    with pytest.raises(ClientError) as error:
        budgets.update_budget(AccountId=ACCOUNT, NewBudget=dict(budget(), BudgetName="other"))
    assert error.value.response["Error"]["Code"] == "NotFoundException"


def test_a_budget_without_limit_is_refused(budgets):
    without_limit = {key: value for key, value in budget().items() if key != "BudgetLimit"}
    with pytest.raises(ClientError) as error:
        budgets.update_budget(AccountId=ACCOUNT, NewBudget=without_limit)
    assert error.value.response["Error"]["Code"] == "InvalidParameterException"
    assert describe(budgets)["BudgetLimit"] == {"Amount": "100.0", "Unit": "USD"}
