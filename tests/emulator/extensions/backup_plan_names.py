"""AWS Backup CreateBackupPlan: the name of a deleted plan can be used again.

moto 5.2.1 keeps a deleted plan (with its ``DeletionDate``, as AWS keeps it for GetBackupPlan and
ListBackupPlans ``IncludeDeleted``) and refuses any new plan of the same name with ``AlreadyExistsException``
("Backup plan with the same plan document already exists"), for ever. On AWS a deleted plan's name is free, so
amazon.aws.backup_plan, run again after the plan's deletion, fails against the emulator. Here only a plan that is
not deleted holds its name; moto's refusal of a second live plan of the same name stays.
"""

from typing import Any

from moto.backup.exceptions import AlreadyExistsException
from moto.backup.models import BackupBackend
from moto.backup.models import Plan


def create_backup_plan(
    self: BackupBackend, backup_plan: dict[str, Any], backup_plan_tags: dict[str, str], creator_request_id: str
) -> Plan:
    """moto's own create_backup_plan (moto.backup.models), with deleted plans left out of the name check."""
    name = backup_plan["BackupPlanName"]
    if any(plan.backup_plan["BackupPlanName"] == name and plan.deletion_date is None for plan in self.plans.values()):
        raise AlreadyExistsException(msg="Backup plan with the same plan document already exists")
    plan = Plan(backup_plan=backup_plan, creator_request_id=creator_request_id, backend=self)
    if backup_plan_tags:
        self.tag_resource(plan.backup_plan_arn, backup_plan_tags)
    self.plans[plan.backup_plan_id] = plan
    return plan


def register() -> None:
    BackupBackend.create_backup_plan = create_backup_plan
