"""Extension backup_selections: AWS Backup selections per plan."""

import pytest
from botocore.exceptions import ClientError

ROLE = "arn:aws:iam::123456789012:role/backup-selection-role"
CLUSTER = "arn:aws:rds:us-east-1:123456789012:cluster:seed-aurora"
BUCKET = "arn:aws:s3:::seed-backup-data"
NO_CONDITIONS = {"StringEquals": [], "StringNotEquals": [], "StringLike": [], "StringNotLike": []}


@pytest.fixture
def backup(aws):
    return aws("backup")


@pytest.fixture
def plan_id(backup):
    backup.create_backup_vault(BackupVaultName="primary")
    rule = {"RuleName": "daily", "TargetBackupVaultName": "primary"}
    return backup.create_backup_plan(BackupPlan={"BackupPlanName": "plan", "Rules": [rule]})["BackupPlanId"]


def test_a_selection_is_created_read_back_listed_and_deleted(backup, plan_id):
    created = backup.create_backup_selection(
        BackupPlanId=plan_id,
        BackupSelection={"SelectionName": "data", "IamRoleArn": ROLE, "Resources": [CLUSTER, BUCKET]},
        CreatorRequestId="request-1",
    )
    assert created["BackupPlanId"] == plan_id

    got = backup.get_backup_selection(BackupPlanId=plan_id, SelectionId=created["SelectionId"])
    assert got["BackupSelection"] == {
        "SelectionName": "data",
        "IamRoleArn": ROLE,
        "Resources": [CLUSTER, BUCKET],
        "ListOfTags": [],
        "NotResources": [],
        "Conditions": NO_CONDITIONS,
    }
    assert (got["SelectionId"], got["BackupPlanId"], got["CreatorRequestId"]) == (
        created["SelectionId"],
        plan_id,
        "request-1",
    )
    assert got["CreationDate"] == created["CreationDate"]

    [listed] = backup.list_backup_selections(BackupPlanId=plan_id)["BackupSelectionsList"]
    assert listed == {
        "SelectionId": created["SelectionId"],
        "SelectionName": "data",
        "BackupPlanId": plan_id,
        "CreationDate": created["CreationDate"],
        "CreatorRequestId": "request-1",
        "IamRoleArn": ROLE,
    }

    backup.delete_backup_selection(BackupPlanId=plan_id, SelectionId=created["SelectionId"])
    assert backup.list_backup_selections(BackupPlanId=plan_id)["BackupSelectionsList"] == []
    with pytest.raises(ClientError, match="ResourceNotFoundException"):
        backup.get_backup_selection(BackupPlanId=plan_id, SelectionId=created["SelectionId"])


def test_tags_conditions_and_exclusions_are_kept(backup, plan_id):
    selection = {
        "SelectionName": "tagged",
        "IamRoleArn": ROLE,
        "ListOfTags": [{"ConditionType": "STRINGEQUALS", "ConditionKey": "backup", "ConditionValue": "daily"}],
        "NotResources": [BUCKET],
        "Conditions": {"StringLike": [{"ConditionKey": "aws:ResourceTag/tier", "ConditionValue": "data*"}]},
    }
    selection_id = backup.create_backup_selection(BackupPlanId=plan_id, BackupSelection=selection)["SelectionId"]

    got = backup.get_backup_selection(BackupPlanId=plan_id, SelectionId=selection_id)
    assert got["BackupSelection"] == dict(
        selection, Resources=[], Conditions=dict(NO_CONDITIONS, StringLike=selection["Conditions"]["StringLike"])
    )
    assert got["CreatorRequestId"]  # botocore fills in the idempotency token


def test_selections_are_listed_by_page(backup, plan_id):
    for name in ("a", "b", "c"):
        backup.create_backup_selection(
            BackupPlanId=plan_id, BackupSelection={"SelectionName": name, "IamRoleArn": ROLE}
        )

    first = backup.list_backup_selections(BackupPlanId=plan_id, MaxResults=2)
    second = backup.list_backup_selections(BackupPlanId=plan_id, MaxResults=2, NextToken=first["NextToken"])
    assert [item["SelectionName"] for item in first["BackupSelectionsList"]] == ["a", "b"]
    assert [item["SelectionName"] for item in second["BackupSelectionsList"]] == ["c"]
    assert "NextToken" not in second
    paginated = backup.get_paginator("list_backup_selections").paginate(BackupPlanId=plan_id).build_full_result()
    assert len(paginated["BackupSelectionsList"]) == 3


def test_an_unknown_plan_selection_or_role_is_refused(backup, plan_id):
    missing_plan = "00000000-0000-0000-0000-000000000000"
    with pytest.raises(ClientError, match="ResourceNotFoundException"):
        backup.create_backup_selection(
            BackupPlanId=missing_plan, BackupSelection={"SelectionName": "x", "IamRoleArn": ROLE}
        )
    with pytest.raises(ClientError, match="ResourceNotFoundException"):
        backup.list_backup_selections(BackupPlanId=missing_plan)
    with pytest.raises(ClientError, match="ResourceNotFoundException"):
        backup.delete_backup_selection(BackupPlanId=plan_id, SelectionId=missing_plan)
    with pytest.raises(ClientError, match="InvalidParameterValueException"):
        backup.create_backup_selection(
            BackupPlanId=plan_id, BackupSelection={"SelectionName": "x", "IamRoleArn": "role"}
        )
    assert backup.list_backup_selections(BackupPlanId=plan_id)["BackupSelectionsList"] == []


def test_a_plan_with_selections_cannot_be_deleted(backup, plan_id):
    selection_id = backup.create_backup_selection(
        BackupPlanId=plan_id, BackupSelection={"SelectionName": "data", "IamRoleArn": ROLE}
    )["SelectionId"]

    with pytest.raises(ClientError, match="InvalidRequestException"):
        backup.delete_backup_plan(BackupPlanId=plan_id)
    assert [plan["BackupPlanId"] for plan in backup.list_backup_plans()["BackupPlansList"]] == [plan_id]

    backup.delete_backup_selection(BackupPlanId=plan_id, SelectionId=selection_id)
    backup.delete_backup_plan(BackupPlanId=plan_id)
    assert backup.list_backup_plans()["BackupPlansList"] == []
    with pytest.raises(ClientError, match="ResourceNotFoundException"):
        backup.create_backup_selection(BackupPlanId=plan_id, BackupSelection={"SelectionName": "x", "IamRoleArn": ROLE})
