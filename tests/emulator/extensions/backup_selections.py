"""AWS Backup selections: CreateBackupSelection, GetBackupSelection, ListBackupSelections, DeleteBackupSelection.

moto 5.2.1 has none of the four (HTTP 500); amazon.aws.backup_selection lists and reads a plan's selections on
every run. Here each backup plan keeps its selections in memory, answered as botocore's model has them.
GetBackupSelection reports what a selection was not given as AWS does, as empty lists and as ``Conditions`` with
its four empty lists: amazon.aws.backup_selection compares ``Conditions`` against exactly that. DeleteBackupPlan
refuses a plan that still has selections, as AWS does, and a deleted plan's selections can be neither read nor made.
"""

import functools
import json
import re
from typing import Any

from moto.backup.exceptions import InvalidParameterValueException
from moto.backup.exceptions import InvalidRequestException
from moto.backup.exceptions import ResourceNotFoundException
from moto.backup.models import BackupBackend
from moto.backup.responses import BackupResponse
from moto.core.utils import unix_time
from moto.moto_api._internal import mock_random

IAM_ROLE_ARN = re.compile(r"^arn:aws[a-z-]*:iam::[0-9]{12}:role/[\w+=,.@/-]+$")
CONDITION_KINDS = ("StringEquals", "StringNotEquals", "StringLike", "StringNotLike")
LIST_MEMBER_KEYS = ("SelectionId", "SelectionName", "BackupPlanId", "CreationDate", "CreatorRequestId", "IamRoleArn")


def selections(backend: BackupBackend) -> dict[str, dict[str, dict[str, Any]]]:
    """BackupPlanId -> SelectionId -> selection, on the backend so that a reset empties it."""
    return backend.__dict__.setdefault("backup_selections", {})


def live_plan(backend: BackupBackend, plan_id: str) -> None:
    plan = backend.plans.get(plan_id)
    if plan is None or plan.deletion_date is not None:
        raise ResourceNotFoundException(msg=f"Failed reading Backup plan with provided version: {plan_id}")


def found_selection(backend: BackupBackend, plan_id: str, selection_id: str) -> dict[str, Any]:
    live_plan(backend, plan_id)
    selection = selections(backend).get(plan_id, {}).get(selection_id)
    if selection is None:
        raise ResourceNotFoundException(msg=f"Failed reading Backup selection {selection_id} of plan {plan_id}")
    return selection


def create_selection(
    backend: BackupBackend, plan_id: str, given: dict[str, Any], creator_request_id: str | None
) -> dict[str, Any]:
    live_plan(backend, plan_id)
    if not IAM_ROLE_ARN.match(given.get("IamRoleArn") or ""):
        raise InvalidParameterValueException(msg=f"Invalid IAM role ARN: {given.get('IamRoleArn')}")
    conditions = given.get("Conditions") or {}
    selection = {
        "SelectionId": str(mock_random.uuid4()),
        "BackupPlanId": plan_id,
        "CreationDate": unix_time(),
        "CreatorRequestId": creator_request_id or str(mock_random.uuid4()),
        "BackupSelection": {
            "SelectionName": given["SelectionName"],
            "IamRoleArn": given["IamRoleArn"],
            "Resources": list(given.get("Resources") or []),
            "ListOfTags": list(given.get("ListOfTags") or []),
            "NotResources": list(given.get("NotResources") or []),
            "Conditions": {kind: list(conditions.get(kind) or []) for kind in CONDITION_KINDS},
        },
    }
    selections(backend).setdefault(plan_id, {})[selection["SelectionId"]] = selection
    return selection


def list_member(selection: dict[str, Any]) -> dict[str, Any]:
    flat = dict(selection, **selection["BackupSelection"])
    return {key: flat[key] for key in LIST_MEMBER_KEYS}


def path_ids(response: BackupResponse) -> dict[str, str]:
    """backupPlanId (and selectionId) from the request's path, as botocore's URI template names them."""
    return response.uri_match.groupdict() if response.uri_match else {}


def create_backup_selection(self: BackupResponse) -> str:
    params = json.loads(self.body or "{}")
    selection = create_selection(
        self.backup_backend, path_ids(self)["backupPlanId"], params["BackupSelection"], params.get("CreatorRequestId")
    )
    return json.dumps({key: selection[key] for key in ("SelectionId", "BackupPlanId", "CreationDate")})


def get_backup_selection(self: BackupResponse) -> str:
    ids = path_ids(self)
    return json.dumps(found_selection(self.backup_backend, ids["backupPlanId"], ids["selectionId"]))


def list_backup_selections(self: BackupResponse) -> str:
    plan_id = path_ids(self)["backupPlanId"]
    live_plan(self.backup_backend, plan_id)
    listed = [list_member(item) for item in selections(self.backup_backend).get(plan_id, {}).values()]
    start = int(self.querystring.get("nextToken", ["0"])[0])
    size = int(self.querystring.get("maxResults", [str(len(listed) or 1)])[0])
    answer: dict[str, Any] = {"BackupSelectionsList": listed[start : start + size]}
    if start + size < len(listed):
        answer["NextToken"] = str(start + size)
    return json.dumps(answer)


def delete_backup_selection(self: BackupResponse) -> str:
    ids = path_ids(self)
    found_selection(self.backup_backend, ids["backupPlanId"], ids["selectionId"])
    del selections(self.backup_backend)[ids["backupPlanId"]][ids["selectionId"]]
    return "{}"


def register() -> None:
    original_delete_plan = BackupBackend.delete_backup_plan

    @functools.wraps(original_delete_plan)
    def delete_backup_plan(self, backup_plan_id):
        if selections(self).get(backup_plan_id):
            raise InvalidRequestException(
                msg="Related backup plan selections must be deleted prior to backup plan deletion"
            )
        return original_delete_plan(self, backup_plan_id)

    BackupBackend.delete_backup_plan = delete_backup_plan
    BackupResponse.create_backup_selection = create_backup_selection
    BackupResponse.get_backup_selection = get_backup_selection
    BackupResponse.list_backup_selections = list_backup_selections
    BackupResponse.delete_backup_selection = delete_backup_selection
