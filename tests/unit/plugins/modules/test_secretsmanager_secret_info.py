"""Unit tests of seed.aws_platform.secretsmanager_secret_info.

moto (in-process) backs describing and filtering; botocore's Stubber backs pagination, which moto only
does past 100 secrets, and errors.
"""

import datetime
import json

import boto3
import pytest

from ansible_collections.seed.aws_platform.plugins.modules import secretsmanager_secret
from ansible_collections.seed.aws_platform.plugins.modules.secretsmanager_secret_info import main

REGION = "us-east-1"


@pytest.fixture
def sm(aws):
    client = boto3.client("secretsmanager", region_name=REGION)
    client.create_secret(Name="tiger/app/a", SecretString="value-a", Tags=[{"Key": "Environment", "Value": "tiger"}])
    client.create_secret(Name="tiger/app/b", SecretString="value-b", Description="B", KmsKeyId="alias/app")
    client.create_secret(
        Name="cheetah/app/a", SecretString="value-c", Tags=[{"Key": "Environment", "Value": "cheetah"}]
    )
    client.create_secret(Name="tiger/app/deleted", SecretString="value-d")
    client.delete_secret(SecretId="tiger/app/deleted", RecoveryWindowInDays=7)
    return client


def names_of(result):
    return [secret["name"] for secret in result["secrets"]]


def test_names_are_described_in_order_and_missing_ones_left_out(run_module, sm):
    result = run_module(main, dict(names=["tiger/app/b", "missing", "tiger/app/a", "tiger/app/deleted"]))

    assert names_of(result) == ["tiger/app/b", "tiger/app/a"]
    b, a = result["secrets"]
    assert b == dict(
        name="tiger/app/b",
        arn=sm.describe_secret(SecretId="tiger/app/b")["ARN"],
        description="B",
        kms_key_id="alias/app",
        rotation_enabled=False,
        rotation_lambda_arn=None,
        rotation_rules={},
        tags={},
    )
    assert (a["description"], a["kms_key_id"], a["tags"]) == (None, None, {"Environment": "tiger"})


def test_secrets_scheduled_for_deletion_only_when_asked(run_module, sm):
    result = run_module(main, dict(names=["tiger/app/deleted"], include_planned_deletion=True))

    (deleted,) = result["secrets"]
    remaining = datetime.datetime.fromisoformat(deleted["deleted_date"]) - datetime.datetime.now(datetime.timezone.utc)
    assert datetime.timedelta(days=6) < remaining <= datetime.timedelta(days=7)
    assert "deleted_date" not in run_module(main, dict(names=["tiger/app/a"]))["secrets"][0]


@pytest.mark.parametrize(
    "filters, include_planned_deletion, expected",
    [
        (dict(name="tiger/"), False, ["tiger/app/a", "tiger/app/b"]),
        (dict(name="tiger/"), True, ["tiger/app/a", "tiger/app/b", "tiger/app/deleted"]),
        ({"tag-value": ["cheetah", "tiger"]}, False, ["tiger/app/a", "cheetah/app/a"]),
        ({"name": "tiger/", "tag-key": "Environment"}, False, ["tiger/app/a"]),
        (None, False, ["tiger/app/a", "tiger/app/b", "cheetah/app/a"]),
    ],
)
def test_filters(run_module, sm, filters, include_planned_deletion, expected):
    result = run_module(main, dict(filters=filters, include_planned_deletion=include_planned_deletion))

    assert names_of(result) == expected


def test_reads_back_what_secretsmanager_secret_returned(run_module, sm):
    secrets = [
        dict(name="app/one", description="One", generate=dict(json_key="password"), tags={"a": "1"}),
        dict(name="app/two", kms_key_id="alias/app", generate={}),
    ]
    converged = run_module(secretsmanager_secret.main, dict(secrets=secrets, default_tags={"Environment": "test"}))

    result = run_module(main, dict(names=["app/one", "app/two"]))

    for read, written in zip(result["secrets"], converged["secrets"]):
        assert read == {key: value for key, value in written.items() if key not in ("created", "changes")}


def test_never_returns_a_value(run_module, sm):
    text = json.dumps([run_module(main, {}), run_module(main, dict(names=["tiger/app/a", "tiger/app/b"]))])

    assert "value-" not in text


def test_names_and_filters_are_mutually_exclusive(run_module, sm):
    result = run_module(main, dict(names=["a"], filters={"name": "a"}))

    assert result["failed"] is True
    assert "parameters are mutually exclusive: names|filters" in result["msg"]


# --- Stubber ------------------------------------------------------------------------------------


def listed(name):
    return {"ARN": f"arn:aws:secretsmanager:{REGION}:123456789012:secret:{name}-AbCdEf", "Name": name}


def test_list_follows_every_page(run_module, stubbed):
    stubber = stubbed("secretsmanager")
    request = dict(Filters=[{"Key": "name", "Values": ["tiger/"]}], IncludePlannedDeletion=False)
    stubber.add_response("list_secrets", {"SecretList": [listed("tiger/a")], "NextToken": "page-2"}, request)
    stubber.add_response("list_secrets", {"SecretList": [listed("tiger/b")]}, dict(request, NextToken="page-2"))

    result = run_module(main, dict(filters={"name": "tiger/"}))

    assert names_of(result) == ["tiger/a", "tiger/b"]


def test_throttled_listing_is_retried(run_module, stubbed, sleeps):
    stubber = stubbed("secretsmanager")
    stubber.add_client_error("list_secrets", service_error_code="ThrottlingException", http_status_code=400)
    stubber.add_response("list_secrets", {"SecretList": [listed("a")]})

    assert names_of(run_module(main, {})) == ["a"]
    assert len(sleeps) == 1


def test_errors_fail_the_task(run_module, stubbed):
    stubber = stubbed("secretsmanager")
    stubber.add_client_error("describe_secret", service_error_code="AccessDeniedException", http_status_code=400)

    result = run_module(main, dict(names=["a"]))

    assert result["failed"] is True
    assert result["msg"].startswith("Failed to describe secrets: ")
    assert result["error"]["code"] == "AccessDeniedException"
