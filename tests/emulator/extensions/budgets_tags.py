"""AWS Budgets tags: CreateBudget's ResourceTags, ListTagsForResource, TagResource, UntagResource.

moto 5.2.1 ignores the ResourceTags of CreateBudget and has no tagging API (HTTP 500); seed.aws_platform.budgets_budget
reads a budget's tags on every run. Here each budget keeps its tags, which go with it when it is deleted, and the
three operations take its ARN, ``arn:PARTITION:budgets::ACCOUNT:budget/NAME``; an ARN that names no budget of the
emulator is a NotFoundException, anything else than a budget ARN an InvalidParameterException. Tag keys are
replaced, keys that are not there are ignored by UntagResource, as on AWS.
"""

import functools
import json
import re

from moto.budgets.exceptions import NotFoundException
from moto.budgets.models import Budget
from moto.budgets.models import BudgetsBackend
from moto.budgets.responses import BudgetsResponse
from moto.core.exceptions import JsonRESTError

BUDGET_ARN = re.compile(r"^arn:aws[a-z-]*:budgets::(?P<account>\d{12}):budget/(?P<name>[^:\\]+)$")


def budget_tags(budget: Budget) -> dict[str, str]:
    """The budget's tags, on the budget so that they go with it."""
    return budget.__dict__.setdefault("resource_tags", {})


def budget_by_arn(backend: BudgetsBackend, arn: str) -> Budget:
    match = BUDGET_ARN.match(arn or "")
    if not match:
        raise JsonRESTError("InvalidParameterException", f"Invalid ARN: {arn} is not the ARN of a budget.")
    budget = backend.budgets[match["account"]].get(match["name"])
    if budget is None:
        raise NotFoundException(f"Unable to find resource: {arn} - the budget doesn't exist.")
    return budget


def tag_dict(tags: list[dict[str, str]]) -> dict[str, str]:
    return {tag["Key"]: tag.get("Value", "") for tag in tags or []}


def wrap_create_budget(create_budget):
    @functools.wraps(create_budget)
    def create_budget_with_tags(self: BudgetsResponse) -> str:
        answer = create_budget(self)
        name = self._get_param("Budget")["BudgetName"]
        budget = self.backend.budgets[self._get_param("AccountId")][name]
        budget_tags(budget).update(tag_dict(self._get_param("ResourceTags", [])))
        return answer

    return create_budget_with_tags


def list_tags_for_resource(self: BudgetsResponse) -> str:
    tags = budget_tags(budget_by_arn(self.backend, self._get_param("ResourceARN")))
    return json.dumps({"ResourceTags": [dict(Key=key, Value=value) for key, value in tags.items()]})


def tag_resource(self: BudgetsResponse) -> str:
    tags = budget_tags(budget_by_arn(self.backend, self._get_param("ResourceARN")))
    tags.update(tag_dict(self._get_param("ResourceTags", [])))
    return json.dumps({})


def untag_resource(self: BudgetsResponse) -> str:
    tags = budget_tags(budget_by_arn(self.backend, self._get_param("ResourceARN")))
    for key in self._get_param("ResourceTagKeys", []):
        tags.pop(key, None)
    return json.dumps({})


def register() -> None:
    BudgetsResponse.create_budget = wrap_create_budget(BudgetsResponse.create_budget)
    BudgetsResponse.list_tags_for_resource = list_tags_for_resource
    BudgetsResponse.tag_resource = tag_resource
    BudgetsResponse.untag_resource = untag_resource
