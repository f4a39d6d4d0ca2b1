"""Unit tests of seed.aws_platform.secretsmanager_secret.

moto (in-process) backs the normal paths, rotation included through its Lambda backend that needs no
docker. Only the tests read secret values back, to check their shape and that re-runs keep them.
botocore's Stubber backs what moto does not model: rotation schedules given as expressions (moto 5.2.1
keeps only AutomaticallyAfterDays), throttling, and the exact requests of check mode and creation.
"""

import datetime
import io
import json
import string
import zipfile

import boto3
import pytest
from botocore.stub import ANY
from moto import mock_aws

from ansible.module_utils import basic

from ansible_collections.seed.aws_platform.plugins.modules.secretsmanager_secret import main

REGION = "us-east-1"
ARN_PREFIX = f"arn:aws:secretsmanager:{REGION}:123456789012:secret:"
KEY_ID = "1234abcd-12ab-34cd-56ef-1234567890ab"
KEY_ARN = f"arn:aws:kms:{REGION}:123456789012:key/{KEY_ID}"
READS = ("DescribeSecret", "GetResourcePolicy")


@pytest.fixture
def aws():
    """moto, with the Lambda backend that answers invocations without docker (RotateSecret invokes the function)."""
    with mock_aws(config={"lambda": {"use_docker": False}}):
        yield


@pytest.fixture
def sm(aws):
    return boto3.client("secretsmanager", region_name=REGION)


@pytest.fixture
def api_calls(aws, monkeypatch):
    """The (operation, parameters) of every call the module makes, in order."""
    calls = []

    def connect(*args, **kwargs):
        client = boto3.client("secretsmanager", region_name=REGION)
        client.meta.events.register(
            "provide-client-params.secrets-manager.*",
            lambda params, model, **kw: calls.append((model.name, dict(params))),
        )
        return client

    monkeypatch.setattr("ansible_collections.amazon.aws.plugins.module_utils.modules.boto3_conn", connect)
    return calls


def operations(calls):
    return [operation for operation, _params in calls]


def changes_made(calls):
    return [call for call in calls if call[0] not in READS]


def lambda_function(name):
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w") as zipped:
        zipped.writestr("index.py", "def handler(event, context):\n    return event\n")
    role = boto3.client("iam", region_name=REGION).create_role(RoleName=name, AssumeRolePolicyDocument="{}")
    return boto3.client("lambda", region_name=REGION).create_function(
        FunctionName=name,
        Runtime="python3.11",
        Role=role["Role"]["Arn"],
        Handler="index.handler",
        Code={"ZipFile": archive.getvalue()},
    )["FunctionArn"]


@pytest.fixture
def rotator(aws):
    return lambda_function("rotator")


def value_of(sm, name):
    """(VersionId, SecretString) of AWSCURRENT: only tests read values."""
    current = sm.get_secret_value(SecretId=name, VersionStage="AWSCURRENT")
    return current["VersionId"], current["SecretString"]


def between(text, prefix, suffix):
    """What ``text`` holds between ``prefix`` and ``suffix``, which it must start and end with."""
    assert text.startswith(prefix) and text.endswith(suffix)
    return text[len(prefix) : -len(suffix)]


def described(sm, name):
    return sm.describe_secret(SecretId=name)


def tags_of(sm, name):
    return {tag["Key"]: tag["Value"] for tag in described(sm, name).get("Tags", [])}


def present(*secrets, **extra):
    return dict(secrets=list(secrets), **extra)


def rotation(lambda_arn, days=30, **extra):
    return dict(lambda_arn=lambda_arn, automatically_after_days=days, **extra)


APP_SECRETS = [
    dict(name="tiger/fastapi/secret-key", description="Signing key", generate=dict(length=48)),
    dict(
        name="tiger/fastapi/database",
        generate=dict(exclude_punctuation=True, json_key="password"),
        tags={"Owner": "data"},
    ),
    dict(
        name="tiger/fastapi/database-url",
        generate=dict(
            length=20,
            exclude_punctuation=True,
            template={"url": "postgresql://fastapi:__GENERATED__@db:5432/fastapi", "port": 5432},
        ),
    ),
    dict(name="tiger/fastapi/stripe-api-key", description="Put in by hand"),
]
APP_NAMES = [secret["name"] for secret in APP_SECRETS]


# --- moto ---------------------------------------------------------------------------------------


def test_creates_every_secret_in_one_run_with_generated_values(run_module, sm):
    result = run_module(main, present(*APP_SECRETS, default_tags={"Environment": "tiger"}))

    assert result["changed"] is True
    assert [secret["name"] for secret in result["secrets"]] == APP_NAMES
    for returned in result["secrets"]:
        assert returned["created"] is True and returned["changes"] == ["created"]
        assert returned["arn"].startswith(ARN_PREFIX + returned["name"] + "-")
        assert result["arns"][returned["name"]] == returned["arn"] == described(sm, returned["name"])["ARN"]
        assert returned["kms_key_id"] is None and returned["rotation_enabled"] is False
    assert result["secrets"][0]["description"] == "Signing key"
    assert result["secrets"][1]["tags"] == tags_of(sm, APP_NAMES[1]) == {"Environment": "tiger", "Owner": "data"}

    key = value_of(sm, APP_NAMES[0])[1]
    assert len(key) == 48
    password = json.loads(value_of(sm, APP_NAMES[1])[1])["password"]
    assert len(password) == 32 and set(password) <= set(string.ascii_letters + string.digits)
    url = json.loads(value_of(sm, APP_NAMES[2])[1])
    assert url["port"] == 5432
    generated = between(url["url"], "postgresql://fastapi:", "@db:5432/fastapi")
    assert len(generated) == 20 and generated.isalnum()
    # Without generate, the secret has no value yet.
    assert "VersionIdsToStages" not in described(sm, APP_NAMES[3])


def test_second_run_changes_nothing_and_keeps_every_value(run_module, sm, api_calls):
    args = present(*APP_SECRETS, default_tags={"Environment": "tiger"})
    first = run_module(main, args)
    values = {name: value_of(sm, name) for name in APP_NAMES[:3]}
    api_calls.clear()

    second = run_module(main, args)

    assert second["changed"] is False
    assert [secret["changes"] for secret in second["secrets"]] == [[], [], [], []]
    assert all(secret["created"] is False for secret in second["secrets"])
    assert second["arns"] == first["arns"]
    assert {name: value_of(sm, name) for name in APP_NAMES[:3]} == values
    assert operations(api_calls) == ["DescribeSecret"] * 4


def test_check_mode_reports_creation_and_creates_nothing(run_module, sm):
    result = run_module(main, present(*APP_SECRETS), check_mode=True)

    assert result["changed"] is True
    assert [(secret["created"], secret["arn"]) for secret in result["secrets"]] == [(True, None)] * 4
    assert result["arns"] == dict.fromkeys(APP_NAMES)
    assert sm.list_secrets()["SecretList"] == []


def test_check_mode_reports_the_same_result_as_the_real_run(run_module, sm, rotator):
    run_module(main, present(dict(name="a", description="old", tags={"x": "1"}, generate={})))
    changed = present(
        dict(name="a", description="new", kms_key_id="alias/app", tags={"y": "2"}, rotation=rotation(rotator))
    )

    checked = run_module(main, changed, check_mode=True)
    done = run_module(main, changed)

    assert checked == done
    assert done["secrets"][0]["changes"] == ["description", "kms_key_id", "tags", "rotation"]


def test_description_kms_key_and_tags_are_updated_in_place(run_module, sm):
    created = run_module(
        main, present(dict(name="app/key", description="old", tags={"keep": "1", "drop": "2"}, generate={}))
    )
    value = value_of(sm, "app/key")

    result = run_module(
        main, present(dict(name="app/key", description="new", kms_key_id="alias/app", tags={"keep": "1", "add": "3"}))
    )

    assert result["changed"] is True
    (secret,) = result["secrets"]
    assert secret["changes"] == ["description", "kms_key_id", "tags"]
    assert secret["arn"] == created["secrets"][0]["arn"]
    assert (secret["description"], secret["kms_key_id"]) == ("new", "alias/app")
    assert secret["tags"] == tags_of(sm, "app/key") == {"keep": "1", "add": "3"}
    stored = described(sm, "app/key")
    assert (stored["Description"], stored["KmsKeyId"]) == ("new", "alias/app")
    assert value_of(sm, "app/key") == value


def test_a_key_given_by_arn_matches_the_same_key_by_id(run_module, sm):
    run_module(main, present(dict(name="a", kms_key_id=KEY_ARN)))

    result = run_module(main, present(dict(name="a", kms_key_id=KEY_ID)))

    assert result["changed"] is False
    assert result["secrets"][0]["kms_key_id"] == KEY_ARN


def test_an_omitted_key_goes_back_to_the_aws_managed_key(run_module, sm, api_calls):
    run_module(main, present(dict(name="a", kms_key_id="alias/app")))
    api_calls.clear()

    result = run_module(main, present(dict(name="a")))

    assert result["secrets"][0]["changes"] == ["kms_key_id"]
    assert result["secrets"][0]["kms_key_id"] is None
    assert changes_made(api_calls) == [("UpdateSecret", {"SecretId": "a", "KmsKeyId": "alias/aws/secretsmanager"})]
    assert "KmsKeyId" not in described(sm, "a")


def test_omitted_description_and_tags_are_left_alone(run_module, sm):
    run_module(main, present(dict(name="a", description="kept", tags={"a": "1"})))

    result = run_module(main, present(dict(name="a")))

    assert result["changed"] is False
    assert result["secrets"][0]["description"] == "kept"
    assert tags_of(sm, "a") == {"a": "1"}


def test_default_tags_are_merged_under_each_secret_s_tags(run_module, sm):
    defaults = {"Environment": "tiger", "Owner": "platform"}
    run_module(main, present(dict(name="a"), dict(name="b", tags={"Owner": "data"}), default_tags=defaults))

    assert tags_of(sm, "a") == defaults
    assert tags_of(sm, "b") == {"Environment": "tiger", "Owner": "data"}


def test_purge_tags_false_keeps_other_tags(run_module, sm):
    run_module(main, present(dict(name="a", tags={"a": "1"})))

    result = run_module(main, present(dict(name="a", tags={"b": 2}), purge_tags=False))

    assert result["secrets"][0]["changes"] == ["tags"]
    assert result["secrets"][0]["tags"] == tags_of(sm, "a") == {"a": "1", "b": "2"}


def test_a_rotation_change_touches_only_that_secret(run_module, sm, rotator, api_calls):
    secrets = [dict(name=f"app/{index}", generate={}, rotation=rotation(rotator)) for index in range(3)]
    first = run_module(main, present(*secrets))
    values = {secret["name"]: value_of(sm, secret["name"]) for secret in secrets}
    assert [described(sm, s["name"])["RotationRules"] for s in secrets] == [{"AutomaticallyAfterDays": 30}] * 3
    assert first["secrets"][0]["changes"] == ["created"] and first["secrets"][0]["rotation_enabled"] is True
    api_calls.clear()

    secrets[1] = dict(secrets[1], rotation=rotation(rotator, days=7))
    result = run_module(main, present(*secrets))

    assert result["changed"] is True
    assert [secret["changes"] for secret in result["secrets"]] == [[], ["rotation"], []]
    assert changes_made(api_calls) == [
        (
            "RotateSecret",
            dict(
                SecretId="app/1",
                RotationLambdaARN=rotator,
                RotationRules={"AutomaticallyAfterDays": 7},
                RotateImmediately=False,
            ),
        )
    ]
    assert result["secrets"][1]["rotation_rules"] == {"automatically_after_days": 7}
    assert [described(sm, s["name"])["RotationRules"]["AutomaticallyAfterDays"] for s in secrets] == [30, 7, 30]
    assert {secret["name"]: value_of(sm, secret["name"]) for secret in secrets} == values


def test_omitted_rotation_is_left_alone_and_enabled_false_turns_it_off(run_module, sm, rotator, api_calls):
    run_module(main, present(dict(name="a", generate={}, rotation=rotation(rotator))))

    omitted = run_module(main, present(dict(name="a")))
    assert omitted["changed"] is False
    assert described(sm, "a")["RotationEnabled"] is True

    api_calls.clear()
    off = run_module(main, present(dict(name="a", rotation=dict(enabled=False))))
    assert off["secrets"][0]["changes"] == ["rotation"]
    assert off["secrets"][0]["rotation_enabled"] is False
    assert changes_made(api_calls) == [("CancelRotateSecret", {"SecretId": "a"})]
    assert described(sm, "a")["RotationEnabled"] is False

    again = run_module(main, present(dict(name="a", rotation=dict(enabled=False))))
    assert again["changed"] is False


def test_another_rotation_function_is_a_change(run_module, sm, rotator):
    run_module(main, present(dict(name="a", generate={}, rotation=rotation(rotator))))
    other = lambda_function("other-rotator")

    result = run_module(main, present(dict(name="a", rotation=rotation(other))))

    assert result["secrets"][0]["changes"] == ["rotation"]
    assert described(sm, "a")["RotationLambdaARN"] == other


def test_rotation_with_a_missing_function_fails_with_the_aws_error(run_module, sm):
    missing = f"arn:aws:lambda:{REGION}:123456789012:function:missing"

    result = run_module(main, present(dict(name="a", rotation=rotation(missing))))

    assert result["failed"] is True
    assert result["msg"].startswith("Failed to rotate secret a: ")
    assert result["error"]["code"] == "ResourceNotFoundException"


def test_template_placeholder_is_replaced_at_any_depth(run_module, sm):
    template = {
        "engine": "postgres",
        "urls": [
            "postgresql://app:__GENERATED__@primary/app",
            {"replica": "postgresql://app:__GENERATED__@replica/app"},
        ],
        "password": "__GENERATED__",
    }
    run_module(main, present(dict(name="db", generate=dict(length=24, exclude_punctuation=True, template=template))))

    stored = json.loads(value_of(sm, "db")[1])
    password = stored["password"]
    assert len(password) == 24 and "__GENERATED__" not in json.dumps(stored)
    assert stored == {
        "engine": "postgres",
        "urls": [f"postgresql://app:{password}@primary/app", {"replica": f"postgresql://app:{password}@replica/app"}],
        "password": password,
    }


def test_exclude_characters_and_include_space_reach_aws(run_module, sm):
    generate = dict(length=200, exclude_characters="abcdefABCDEF0123", include_space=True)
    run_module(main, present(dict(name="a", generate=generate)))

    value = value_of(sm, "a")[1]
    assert len(value) == 200 and " " in value
    assert not set(value) & set("abcdefABCDEF0123")


def test_a_secret_scheduled_for_deletion_is_restored(run_module, sm):
    run_module(main, present(dict(name="a", generate={}, tags={"a": "1"})))
    value = value_of(sm, "a")
    sm.delete_secret(SecretId="a", RecoveryWindowInDays=7)

    result = run_module(main, present(dict(name="a", generate={}, tags={"a": "2"})), diff=True)

    assert result["changed"] is True
    assert result["secrets"][0]["changes"] == ["restored", "tags"]
    assert "deleted_date" in result["diff"]["before"]["secrets"][0]
    assert "deleted_date" not in result["secrets"][0]
    assert "DeletedDate" not in described(sm, "a")
    assert value_of(sm, "a") == value
    assert tags_of(sm, "a") == {"a": "2"}


def test_resource_policy_is_put_compared_and_removed(run_module, sm, api_calls):
    policy = {
        "Version": "2012-10-17",
        "Statement": [
            {
                "Effect": "Allow",
                "Principal": {"AWS": "arn:aws:iam::210987654321:role/reader"},
                "Action": "secretsmanager:GetSecretValue",
                "Resource": "*",
            }
        ],
    }
    created = run_module(main, present(dict(name="a", resource_policy=policy)))
    assert json.loads(sm.get_resource_policy(SecretId="a")["ResourcePolicy"]) == policy
    assert created["secrets"][0]["changes"] == ["created"]

    # The same policy with its statement's keys in another order, given as a JSON string.
    reordered = json.dumps(
        {"Statement": [dict(reversed(list(policy["Statement"][0].items())))], "Version": "2012-10-17"}
    )
    assert run_module(main, present(dict(name="a", resource_policy=reordered)))["changed"] is False

    api_calls.clear()
    removed = run_module(main, present(dict(name="a", resource_policy={})))
    assert removed["secrets"][0]["changes"] == ["resource_policy"]
    assert changes_made(api_calls) == [("DeleteResourcePolicy", {"SecretId": "a"})]
    assert "ResourcePolicy" not in sm.get_resource_policy(SecretId="a")
    assert run_module(main, present(dict(name="a", resource_policy={})))["changed"] is False


def test_diff_shows_attributes_before_and_after(run_module, sm):
    run_module(main, present(dict(name="a", description="old")))

    result = run_module(main, present(dict(name="a", description="new"), dict(name="b")), diff=True)

    assert [(s["name"], s["description"]) for s in result["diff"]["before"]["secrets"]] == [("a", "old")]
    assert [(s["name"], s["description"]) for s in result["diff"]["after"]["secrets"]] == [("a", "new"), ("b", None)]
    assert "changes" not in result["diff"]["after"]["secrets"][0]


def test_absent_schedules_deletion_with_the_recovery_window(run_module, sm):
    run_module(main, present(dict(name="a"), dict(name="b"), dict(name="c")))

    result = run_module(main, dict(state="absent", names=["a", "b", "missing"], recovery_window_in_days=7))

    assert result == dict(changed=True, secrets=[], arns={}, failed=False)
    for name in ("a", "b"):
        remaining = described(sm, name)["DeletedDate"] - datetime.datetime.now(datetime.timezone.utc)
        assert datetime.timedelta(days=6) < remaining <= datetime.timedelta(days=7)
    assert "DeletedDate" not in described(sm, "c")
    again = run_module(main, dict(state="absent", names=["a", "b"], recovery_window_in_days=7))
    assert again["changed"] is False


def test_absent_in_check_mode_deletes_nothing(run_module, sm):
    run_module(main, present(dict(name="a")))

    result = run_module(main, dict(state="absent", names=["a"]), check_mode=True, diff=True)

    assert result["changed"] is True
    assert [secret["name"] for secret in result["diff"]["before"]["secrets"]] == ["a"]
    assert "DeletedDate" not in described(sm, "a")


def test_force_delete_also_removes_secrets_scheduled_for_deletion(run_module, sm):
    run_module(main, present(dict(name="a"), dict(name="b")))
    sm.delete_secret(SecretId="b", RecoveryWindowInDays=7)

    result = run_module(main, dict(state="absent", names=["a", "b"], force_delete_without_recovery=True))

    assert result["changed"] is True
    assert sm.list_secrets(IncludePlannedDeletion=True)["SecretList"] == []


@pytest.mark.parametrize(
    "args, message",
    [
        (present(dict(description="no name")), "missing required arguments: name found in secrets"),
        (
            dict(state="absent", names=["a"], recovery_window_in_days=5),
            "recovery_window_in_days must be between 7 and 30, not 5.",
        ),
        (dict(state="absent", names=["a"], recovery_window_in_days=31), "must be between 7 and 30, not 31."),
        (
            present(dict(name="a", rotation=dict(automatically_after_days=30))),
            "Secret a: rotation requires lambda_arn; to turn rotation off, set rotation.enabled to false.",
        ),
        (present(dict(name="a", rotation={})), "Secret a: rotation requires lambda_arn"),
        (
            present(dict(name="a", rotation=dict(lambda_arn="arn:aws:lambda:us-east-1:1:function:f"))),
            "Secret a: rotation requires automatically_after_days or schedule_expression.",
        ),
        (
            present(dict(name="a", rotation=rotation("arn:aws:lambda:us-east-1:1:function:f", duration="2h"))),
            "Secret a: rotation.duration requires schedule_expression.",
        ),
        (
            present(dict(name="a", rotation=rotation("f", schedule_expression="rate(1 day)"))),
            "parameters are mutually exclusive: automatically_after_days|schedule_expression found in secrets -> rotation",
        ),
        (
            present(dict(name="a", generate=dict(json_key="k", template={"a": "__GENERATED__"}))),
            "parameters are mutually exclusive: json_key|template found in secrets -> generate",
        ),
        (
            present(dict(name="a", generate=dict(template={"url": "postgresql://app@db/app"}))),
            "Secret a: generate.template must contain the placeholder __GENERATED__.",
        ),
        (
            present(dict(name="a", generate=dict(length=0))),
            "Secret a: generate.length must be between 1 and 4096, not 0.",
        ),
        (present(dict(name="a"), dict(name="b"), dict(name="a")), "Each name may appear once in secrets; repeated: a."),
        (dict(state="absent"), "state is absent but all of the following are missing: names"),
        (dict(state="present"), "state is present but all of the following are missing: secrets"),
        (dict(secrets=[dict(name="a")], names=["a"]), "parameters are mutually exclusive: secrets|names"),
    ],
)
def test_invalid_arguments_fail_before_any_call(run_module, sm, api_calls, args, message):
    result = run_module(main, args)

    assert result["failed"] is True
    assert message in result["msg"]
    assert api_calls == []


# --- no value ever leaves AWS through the module --------------------------------------------------


def test_no_value_reaches_the_result_and_the_values_are_masked(run_module, sm, rotator, api_calls, monkeypatch):
    no_log_values = set()
    exit_json = basic.AnsibleModule.exit_json

    def recording_exit_json(self, **kwargs):
        no_log_values.update(self.no_log_values)
        exit_json(self, **kwargs)

    monkeypatch.setattr(basic.AnsibleModule, "exit_json", recording_exit_json)
    template = {"url": "postgresql://app:__GENERATED__@db/app", "note": "static-part"}
    secrets = [
        dict(name="plain", generate={}, rotation=rotation(rotator)),
        dict(name="json", generate=dict(json_key="password")),
        dict(name="templated", generate=dict(template=template)),
    ]

    outputs = [
        run_module(main, present(*secrets), diff=True),
        run_module(main, present(*secrets), diff=True, check_mode=True),
    ]

    plain = value_of(sm, "plain")[1]
    password = json.loads(value_of(sm, "json")[1])["password"]
    templated = json.loads(value_of(sm, "templated")[1])
    generated = between(templated["url"], "postgresql://app:", "@db/app")
    for output in outputs:
        text = json.dumps(output)
        for value in (plain, password, generated, value_of(sm, "json")[1], value_of(sm, "templated")[1]):
            assert value not in text
    # Ansible masks what the template carries (no_log) and the generated strings, should they ever appear.
    assert {"postgresql://app:__GENERATED__@db/app", "static-part"} <= no_log_values
    assert {plain, password, generated} <= no_log_values
    assert not set(operations(api_calls)) & {"GetSecretValue", "BatchGetSecretValue", "PutSecretValue"}


# --- Stubber ------------------------------------------------------------------------------------

LAMBDA_ARN = f"arn:aws:lambda:{REGION}:123456789012:function:rotator"


def existing(name, **attributes):
    secret = dict(
        ARN=f"{ARN_PREFIX}{name}-AbCdEf",
        Name=name,
        CreatedDate=datetime.datetime(2024, 5, 1, tzinfo=datetime.timezone.utc),
    )
    secret.update(attributes)
    return secret


def expect_describe(stubber, name, secret=None):
    if secret is None:
        stubber.add_client_error(
            "describe_secret",
            service_error_code="ResourceNotFoundException",
            http_status_code=400,
            expected_params={"SecretId": name},
        )
    else:
        stubber.add_response("describe_secret", secret, {"SecretId": name})


def scheduled(lambda_arn=LAMBDA_ARN, **rules):
    return dict(RotationEnabled=True, RotationLambdaARN=lambda_arn, RotationRules=rules)


def test_check_mode_only_reads(run_module, stubbed):
    stubber = stubbed("secretsmanager")
    expect_describe(stubber, "new")
    expect_describe(stubber, "old", existing("old", Description="old", **scheduled(AutomaticallyAfterDays=30)))
    stubber.add_response("get_resource_policy", {"Name": "old"}, {"SecretId": "old"})

    secrets = [
        dict(name="new", generate=dict(json_key="password"), rotation=rotation(LAMBDA_ARN)),
        dict(name="old", description="new", rotation=rotation(LAMBDA_ARN, 7), resource_policy={"Statement": []}),
    ]
    result = run_module(main, present(*secrets), check_mode=True)

    assert [secret["changes"] for secret in result["secrets"]] == [
        ["created"],
        ["description", "resource_policy", "rotation"],
    ]
    assert result["secrets"][0]["rotation_rules"] == {"automatically_after_days": 30}


def test_creation_requests(run_module, stubbed):
    stubber = stubbed("secretsmanager")
    expect_describe(stubber, "db")
    stubber.add_response(
        "get_random_password",
        {"RandomPassword": "generated-value"},
        dict(
            PasswordLength=16,
            ExcludeCharacters="/@\"'",
            ExcludePunctuation=False,
            IncludeSpace=False,
            RequireEachIncludedType=False,
        ),
    )
    created = existing("db")
    stubber.add_response(
        "create_secret",
        {"ARN": created["ARN"], "Name": "db", "VersionId": "v1" * 16},
        dict(
            Name="db",
            ClientRequestToken=ANY,
            Description="Database",
            KmsKeyId="alias/app",
            Tags=[{"Key": "Environment", "Value": "test"}],
            SecretString=json.dumps({"password": "generated-value"}),
        ),
    )
    stubber.add_response(
        "put_resource_policy",
        {"ARN": created["ARN"], "Name": "db"},
        dict(SecretId="db", ResourcePolicy=json.dumps({"Statement": []}), BlockPublicPolicy=True),
    )
    stubber.add_response(
        "rotate_secret",
        {"ARN": created["ARN"], "Name": "db"},
        dict(
            SecretId="db",
            RotationLambdaARN=LAMBDA_ARN,
            RotationRules={"ScheduleExpression": "cron(0 2 ? * SUN *)", "Duration": "2h"},
            RotateImmediately=True,
        ),
    )

    secret = dict(
        name="db",
        description="Database",
        kms_key_id="alias/app",
        tags={"Environment": "test"},
        generate=dict(length=16, exclude_characters="/@\"'", require_each_included_type=False, json_key="password"),
        resource_policy={"Statement": []},
        rotation=dict(
            lambda_arn=LAMBDA_ARN, schedule_expression="cron(0 2 ? * SUN *)", duration="2h", rotate_immediately=True
        ),
    )
    result = run_module(main, present(secret))

    assert result["arns"] == {"db": created["ARN"]}
    assert result["secrets"][0]["rotation_rules"] == {"schedule_expression": "cron(0 2 ? * SUN *)", "duration": "2h"}
    assert "generated-value" not in json.dumps(result)


@pytest.mark.parametrize(
    "reported, wanted, changed",
    [
        (dict(ScheduleExpression="cron(0 2 ? * SUN *)", Duration="2h", AutomaticallyAfterDays=7), {}, False),
        (dict(ScheduleExpression="cron(0 2 ? * SUN *)", Duration="2h"), dict(duration="2h"), False),
        (dict(ScheduleExpression="cron(0 2 ? * SUN *)", Duration="3h"), dict(duration="2h"), True),
        (dict(ScheduleExpression="cron(0 3 ? * SUN *)"), {}, True),
        (dict(AutomaticallyAfterDays=7, ScheduleExpression="rate(7 days)"), dict(days=7), False),
        (dict(AutomaticallyAfterDays=7, ScheduleExpression="cron(0 2 ? * SUN *)"), dict(days=7), True),
        (dict(AutomaticallyAfterDays=7), dict(days=14), True),
    ],
)
def test_rotation_schedules_are_compared(run_module, stubbed, reported, wanted, changed):
    stubber = stubbed("secretsmanager")
    expect_describe(stubber, "a", existing("a", **scheduled(**reported)))
    if "days" in wanted:
        wanted_rotation = rotation(LAMBDA_ARN, wanted["days"])
    else:
        wanted_rotation = dict(lambda_arn=LAMBDA_ARN, schedule_expression="cron(0 2 ? * SUN *)", **wanted)

    result = run_module(main, present(dict(name="a", rotation=wanted_rotation)), check_mode=True)

    assert result["changed"] is changed


def test_throttled_calls_are_retried(run_module, stubbed, sleeps):
    stubber = stubbed("secretsmanager")
    stubber.add_client_error("describe_secret", service_error_code="ThrottlingException", http_status_code=400)
    expect_describe(stubber, "a", existing("a", Description="old"))
    stubber.add_client_error("update_secret", service_error_code="ThrottlingException", http_status_code=400)
    stubber.add_response(
        "update_secret", {"ARN": existing("a")["ARN"], "Name": "a"}, {"SecretId": "a", "Description": "new"}
    )

    result = run_module(main, present(dict(name="a", description="new")))

    assert result["secrets"][0]["changes"] == ["description"]
    assert len(sleeps) == 2


def test_another_error_fails_with_the_secret_name(run_module, stubbed):
    stubber = stubbed("secretsmanager")
    stubber.add_client_error("describe_secret", service_error_code="AccessDeniedException", http_status_code=400)

    result = run_module(main, present(dict(name="a")))

    assert result["failed"] is True
    assert result["msg"].startswith("Failed to describe secret a: ")
    assert result["error"]["code"] == "AccessDeniedException"
