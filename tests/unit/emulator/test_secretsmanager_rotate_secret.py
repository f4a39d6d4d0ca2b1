"""Extension secretsmanager_rotate_secret: schedule expressions kept, missing functions refused cleanly,
secrets without a value rotatable."""

import io
import json
import urllib.request
import zipfile

import pytest
from botocore.exceptions import ClientError


@pytest.fixture
def rotator(emulator, aws):
    """A rotation function, in moto's Lambda without docker: RotateSecret invokes it, and docker would pull an image."""
    no_proxy = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    config = json.dumps({"lambda": {"use_docker": False}}).encode()
    no_proxy.open(urllib.request.Request(emulator.endpoint() + "/moto-api/config", data=config, method="POST")).close()
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w") as zipped:
        zipped.writestr("index.py", "def handler(event, context):\n    return event\n")
    role = aws("iam").create_role(RoleName="rotator", AssumeRolePolicyDocument="{}")["Role"]["Arn"]
    return aws("lambda").create_function(
        FunctionName="rotator",
        Runtime="python3.11",
        Role=role,
        Handler="index.handler",
        Code={"ZipFile": archive.getvalue()},
    )["FunctionArn"]


@pytest.fixture
def sm(aws):
    client = aws("secretsmanager")
    client.create_secret(Name="app/secret", SecretString="value")
    return client


def test_a_schedule_expression_and_window_are_kept_and_enable_rotation(sm, rotator):
    rules = {"ScheduleExpression": "cron(0 2 ? * SUN *)", "Duration": "2h"}
    sm.rotate_secret(SecretId="app/secret", RotationLambdaARN=rotator, RotationRules=rules, RotateImmediately=False)

    described = sm.describe_secret(SecretId="app/secret")
    assert (described["RotationEnabled"], described["RotationLambdaARN"]) == (True, rotator)
    assert described["RotationRules"] == rules
    [listed] = sm.list_secrets()["SecretList"]
    assert listed["RotationRules"] == rules


def test_a_number_of_days_replaces_the_schedule_expression(sm, rotator):
    sm.rotate_secret(
        SecretId="app/secret",
        RotationLambdaARN=rotator,
        RotationRules={"ScheduleExpression": "rate(10 days)"},
        RotateImmediately=False,
    )
    sm.rotate_secret(
        SecretId="app/secret",
        RotationLambdaARN=rotator,
        RotationRules={"AutomaticallyAfterDays": 7},
        RotateImmediately=False,
    )

    assert sm.describe_secret(SecretId="app/secret")["RotationRules"] == {"AutomaticallyAfterDays": 7}


def test_a_missing_function_is_refused_and_the_secret_left_alone(sm):
    before = sm.describe_secret(SecretId="app/secret")
    missing = "arn:aws:lambda:us-east-1:123456789012:function:missing"

    with pytest.raises(ClientError, match="ResourceNotFoundException"):
        sm.rotate_secret(SecretId="app/secret", RotationLambdaARN=missing, RotationRules={"AutomaticallyAfterDays": 7})

    after = sm.describe_secret(SecretId="app/secret")
    assert "RotationEnabled" not in after
    assert after["VersionIdsToStages"] == before["VersionIdsToStages"]


def test_a_secret_without_a_value_can_be_rotated(sm, rotator):
    sm.create_secret(Name="app/empty")

    sm.rotate_secret(SecretId="app/empty", RotationLambdaARN=rotator, RotationRules={"AutomaticallyAfterDays": 7})

    described = sm.describe_secret(SecretId="app/empty")
    assert (described["RotationEnabled"], described["RotationLambdaARN"]) == (True, rotator)
    assert described["RotationRules"] == {"AutomaticallyAfterDays": 7}


def test_a_missing_secret_is_still_reported_as_such(sm, rotator):
    with pytest.raises(ClientError, match="can't find the specified secret"):
        sm.rotate_secret(SecretId="missing", RotationLambdaARN=rotator, RotationRules={"AutomaticallyAfterDays": 7})
