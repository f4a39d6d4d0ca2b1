"""AWS Budgets UpdateBudget.

moto 5.2.1 does not implement it (HTTP 500); seed.aws_platform.budgets_budget calls it whenever a budget's limit,
type, time unit, cost filters or cost types differ from its task. Here the budget's definition is replaced by
``NewBudget``, as on AWS: what it leaves out is gone (no cost filters; AWS's default cost types, which moto's
DescribeBudget fills in), except the time period, which the budget keeps unless ``NewBudget`` gives one. Cost types
given in part are answered as given, as moto's CreateBudget answers them (AWS fills in the defaults). The calculated
spend is AWS's to compute and never taken from the request; ``LastUpdatedTime`` is now. The notifications, their
subscribers and the tags stay. A missing budget is a NotFoundException, and a budget without ``BudgetLimit`` or
``PlannedBudgetLimits`` is refused as moto's CreateBudget refuses it.
"""

import json
from typing import Any

from moto.budgets.exceptions import BudgetMissingLimit
from moto.budgets.exceptions import NotFoundException
from moto.budgets.models import BudgetsBackend
from moto.budgets.responses import BudgetsResponse
from moto.core.utils import unix_time

# What AWS computes or keeps itself, whatever an update sends.
READ_ONLY = ("CalculatedSpend", "LastUpdatedTime")


def update_budget(backend: BudgetsBackend, account_id: str, new_budget: dict[str, Any]) -> None:
    name = new_budget["BudgetName"]
    budget = backend.budgets[account_id].get(name)
    if budget is None:
        raise NotFoundException(f"Unable to update budget: {name} - the budget doesn't exist.")
    if "BudgetLimit" not in new_budget and "PlannedBudgetLimits" not in new_budget:
        raise BudgetMissingLimit()
    replaced = {key: value for key, value in new_budget.items() if key not in READ_ONLY}
    replaced.setdefault("TimePeriod", budget.budget["TimePeriod"])
    replaced["LastUpdatedTime"] = unix_time()
    budget.budget = replaced


def update_budget_response(self: BudgetsResponse) -> str:
    update_budget(self.backend, self._get_param("AccountId"), self._get_param("NewBudget"))
    return json.dumps({})


def register() -> None:
    BudgetsBackend.update_budget = update_budget
    BudgetsResponse.update_budget = update_budget_response
