"""Extension backup_update_plan: UpdateBackupPlan replaces the plan's document under a new version."""

import pytest
from botocore.exceptions import ClientError


def rule(name: str, delete_after_days: int, **more) -> dict:
    return dict(
        RuleName=name,
        TargetBackupVaultName="primary",
        Lifecycle={"MoveToColdStorageAfterDays": 30, "DeleteAfterDays": delete_after_days},
        **more,
    )


@pytest.fixture
def backup(aws):
    client = aws("backup")
    client.create_backup_vault(BackupVaultName="primary")
    return client


@pytest.fixture
def plan(backup):
    daily = rule("daily", 2555, ScheduleExpression="cron(0 3 * * ? *)")
    return backup.create_backup_plan(BackupPlan={"BackupPlanName": "plan", "Rules": [daily]})


def test_a_plan_is_updated_in_place_under_a_new_version(backup, plan):
    before = backup.get_backup_plan(BackupPlanId=plan["BackupPlanId"])
    daily = rule("daily", 3650, ScheduleExpression="cron(0 3 * * ? *)")
    weekly = rule("weekly", 3650, ScheduleExpression="cron(0 4 ? * SUN *)", StartWindowMinutes=60)

    updated = backup.update_backup_plan(
        BackupPlanId=plan["BackupPlanId"], BackupPlan={"BackupPlanName": "plan", "Rules": [daily, weekly]}
    )
    assert (updated["BackupPlanId"], updated["BackupPlanArn"]) == (plan["BackupPlanId"], plan["BackupPlanArn"])
    assert updated["VersionId"] != plan["VersionId"]

    after = backup.get_backup_plan(BackupPlanId=plan["BackupPlanId"])
    assert after["VersionId"] == updated["VersionId"]
    [kept_daily, new_weekly] = after["BackupPlan"]["Rules"]
    assert kept_daily["RuleId"] == before["BackupPlan"]["Rules"][0]["RuleId"]
    assert kept_daily["Lifecycle"] == {"MoveToColdStorageAfterDays": 30, "DeleteAfterDays": 3650}
    assert new_weekly["RuleId"] not in (None, kept_daily["RuleId"])
    assert {
        key: new_weekly[key] for key in ("ScheduleExpression", "StartWindowMinutes", "CompletionWindowMinutes")
    } == {
        "ScheduleExpression": "cron(0 4 ? * SUN *)",
        "StartWindowMinutes": 60,
        "CompletionWindowMinutes": 10080,
    }
    assert new_weekly["ScheduleExpressionTimezone"] == "Etc/UTC"
    [listed] = backup.list_backup_plans()["BackupPlansList"]
    assert listed["VersionId"] == updated["VersionId"]


def test_advanced_backup_settings_are_replaced(backup, plan):
    settings = [{"ResourceType": "EC2", "BackupOptions": {"WindowsVSS": "enabled"}}]
    updated = backup.update_backup_plan(
        BackupPlanId=plan["BackupPlanId"],
        BackupPlan={"BackupPlanName": "plan", "Rules": [rule("daily", 35)], "AdvancedBackupSettings": settings},
    )
    assert updated["AdvancedBackupSettings"] == settings
    assert backup.get_backup_plan(BackupPlanId=plan["BackupPlanId"])["AdvancedBackupSettings"] == settings


def test_an_unknown_or_deleted_plan_is_not_found(backup, plan):
    document = {"BackupPlanName": "plan", "Rules": [rule("daily", 35)]}
    with pytest.raises(ClientError, match="ResourceNotFoundException"):
        backup.update_backup_plan(BackupPlanId="00000000-0000-0000-0000-000000000000", BackupPlan=document)

    backup.delete_backup_plan(BackupPlanId=plan["BackupPlanId"])
    with pytest.raises(ClientError, match="ResourceNotFoundException"):
        backup.update_backup_plan(BackupPlanId=plan["BackupPlanId"], BackupPlan=document)


def test_a_plan_cannot_take_the_name_of_another(backup, plan):
    backup.create_backup_plan(BackupPlan={"BackupPlanName": "other", "Rules": [rule("daily", 35)]})
    with pytest.raises(ClientError, match="AlreadyExistsException"):
        backup.update_backup_plan(
            BackupPlanId=plan["BackupPlanId"], BackupPlan={"BackupPlanName": "other", "Rules": [rule("daily", 35)]}
        )
    assert backup.get_backup_plan(BackupPlanId=plan["BackupPlanId"])["BackupPlan"]["BackupPlanName"] == "plan"
