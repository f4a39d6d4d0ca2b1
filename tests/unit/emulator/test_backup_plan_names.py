"""Extension backup_plan_names: a deleted backup plan's name can be used again."""

import pytest
from botocore.exceptions import ClientError

DOCUMENT = {"BackupPlanName": "plan", "Rules": [{"RuleName": "daily", "TargetBackupVaultName": "primary"}]}


@pytest.fixture
def backup(aws):
    client = aws("backup")
    client.create_backup_vault(BackupVaultName="primary")
    return client


def test_a_deleted_plans_name_is_free(backup):
    first = backup.create_backup_plan(BackupPlan=DOCUMENT)["BackupPlanId"]
    backup.delete_backup_plan(BackupPlanId=first)

    second = backup.create_backup_plan(BackupPlan=DOCUMENT, BackupPlanTags={"Project": "seed"})
    assert second["BackupPlanId"] != first
    assert [plan["BackupPlanId"] for plan in backup.list_backup_plans()["BackupPlansList"]] == [second["BackupPlanId"]]
    assert backup.list_tags(ResourceArn=second["BackupPlanArn"])["Tags"] == {"Project": "seed"}
    assert "DeletionDate" in backup.get_backup_plan(BackupPlanId=first)


def test_a_live_plans_name_is_still_refused(backup):
    backup.create_backup_plan(BackupPlan=DOCUMENT)
    with pytest.raises(ClientError, match="AlreadyExistsException"):
        backup.create_backup_plan(BackupPlan=DOCUMENT)
