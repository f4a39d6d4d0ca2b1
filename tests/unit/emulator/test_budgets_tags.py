"""Extension budgets_tags: budgets keep the tags of CreateBudget; ListTagsForResource, TagResource, UntagResource."""

import pytest
from botocore.exceptions import ClientError

ACCOUNT = "123456789012"
ARN = f"arn:aws:budgets::{ACCOUNT}:budget/monthly"
BUDGET = dict(BudgetName="monthly", BudgetType="COST", TimeUnit="MONTHLY", BudgetLimit={"Amount": "100", "Unit": "USD"})


@pytest.fixture
def budgets(aws):
    client = aws("budgets")
    client.create_budget(
        AccountId=ACCOUNT,
        Budget=BUDGET,
        ResourceTags=[dict(Key="Environment", Value="production"), dict(Key="Team", Value="platform")],
    )
    return client


def tags(budgets, arn=ARN) -> dict:
    return {tag["Key"]: tag["Value"] for tag in budgets.list_tags_for_resource(ResourceARN=arn)["ResourceTags"]}


def test_the_tags_of_create_budget_are_kept(budgets):
    assert tags(budgets) == {"Environment": "production", "Team": "platform"}


def test_a_budget_created_without_tags_has_none(budgets):
    budgets.create_budget(AccountId=ACCOUNT, Budget=dict(BUDGET, BudgetName="untagged"))

    assert tags(budgets, f"arn:aws:budgets::{ACCOUNT}:budget/untagged") == {}


def test_tags_are_set_replaced_and_removed(budgets):
    budgets.tag_resource(
        ResourceARN=ARN, ResourceTags=[dict(Key="Team", Value="finops"), dict(Key="CostCenter", Value="42")]
    )
    assert tags(budgets) == {"Environment": "production", "Team": "finops", "CostCenter": "42"}

    budgets.untag_resource(ResourceARN=ARN, ResourceTagKeys=["Environment", "NotThere"])
    assert tags(budgets) == {"Team": "finops", "CostCenter": "42"}


def test_the_tags_go_with_the_budget(budgets):
    budgets.delete_budget(AccountId=ACCOUNT, BudgetName="monthly")
    budgets.create_budget(AccountId=ACCOUNT, Budget=BUDGET)

    assert tags(budgets) == {}


@pytest.mark.parametrize(
    "arn, code",
    [
        (f"arn:aws:budgets::{ACCOUNT}:budget/other", "NotFoundException"),
        ("arn:aws:budgets::210987654321:budget/monthly", "NotFoundException"),
        ("arn:aws:sns:us-east-1:123456789012:topic", "InvalidParameterException"),
    ],
)
def test_an_arn_that_names_no_budget_is_refused(budgets, arn, code):
    for call in (
        lambda: budgets.list_tags_for_resource(ResourceARN=arn),
        lambda: budgets.tag_resource(ResourceARN=arn, ResourceTags=[dict(Key="a", Value="1")]),
        lambda: budgets.untag_resource(ResourceARN=arn, ResourceTagKeys=["a"]),
    ):
        with pytest.raises(ClientError) as error:
            call()
        assert error.value.response["Error"]["Code"] == code
