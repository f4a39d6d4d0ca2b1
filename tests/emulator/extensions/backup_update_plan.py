"""AWS Backup UpdateBackupPlan.

moto 5.2.1 does not implement it (HTTP 500); amazon.aws.backup_plan calls it whenever a plan's rules or advanced
settings differ from its task, so a changed plan fails against the emulator. Here the plan's document is replaced
by the new one, with the defaults moto's CreateBackupPlan gives rules (schedule, windows, time zone), and the plan
gets a new ``VersionId``, as on AWS. A rule keeps its ``RuleId`` when a rule of the same name was there before; a
new rule gets a new one. moto keeps no old versions: GetBackupPlan with an earlier ``VersionId`` is not found.
Renaming a plan to the name of another plan is refused as moto refuses it at creation.
"""

import json
from typing import Any

from moto.backup.exceptions import AlreadyExistsException
from moto.backup.exceptions import ResourceNotFoundException
from moto.backup.models import BackupBackend
from moto.backup.models import Plan
from moto.backup.responses import BackupResponse
from moto.moto_api._internal import mock_random

# The defaults moto's Plan gives a rule at creation (moto.backup.models.Plan.__init__).
RULE_DEFAULTS = {
    "ScheduleExpression": "cron(0 5 ? * * *)",
    "StartWindowMinutes": 480,
    "CompletionWindowMinutes": 10080,
    "ScheduleExpressionTimezone": "Etc/UTC",
}


def update_backup_plan(backend: BackupBackend, backup_plan_id: str, backup_plan: dict[str, Any]) -> Plan:
    plan = backend.plans.get(backup_plan_id)
    if plan is None or plan.deletion_date is not None:
        raise ResourceNotFoundException(msg="Failed reading Backup plan with provided version")
    name = backup_plan["BackupPlanName"]
    if any(
        other.backup_plan["BackupPlanName"] == name and other is not plan and other.deletion_date is None
        for other in backend.plans.values()
    ):
        raise AlreadyExistsException(msg="Backup plan with the same plan document already exists")
    rule_ids = {rule["RuleName"]: rule["RuleId"] for rule in plan.backup_plan["Rules"]}
    for rule in backup_plan["Rules"]:
        for key, default in RULE_DEFAULTS.items():
            rule.setdefault(key, default)
        rule["RuleId"] = rule_ids.get(rule["RuleName"]) or str(mock_random.uuid4())
    plan.backup_plan = backup_plan
    plan.advanced_backup_settings = backup_plan.get("AdvancedBackupSettings") or []
    plan.version_id = mock_random.get_random_string(length=48)
    return plan


def update_backup_plan_response(self: BackupResponse) -> str:
    plan_id = self.uri_match.groupdict()["backupPlanId"]
    plan = update_backup_plan(self.backup_backend, plan_id, json.loads(self.body)["BackupPlan"])
    return json.dumps(plan.to_dict())


def register() -> None:
    BackupBackend.update_backup_plan = update_backup_plan
    BackupResponse.update_backup_plan = update_backup_plan_response
