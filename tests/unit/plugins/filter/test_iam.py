import pytest
from ansible.errors import AnsibleFilterError

from ansible_collections.seed.aws_platform.plugins.filter.iam import (
    audit_bucket_policy,
    github_trust_policy,
    kms_key_policy,
    service_permission_errors,
    service_role_policy,
    task_roles,
    trust_policy,
    execution_role_policy,
    task_role_policy,
    task_role_policy_errors,
)

CONTEXT = {
    "region": "us-east-1",
    "account_id": "123456789012",
    "name_prefix": "tiger",
    "secret_prefix": "tiger/fastapi/",
    "buckets": {"assets": "tiger-fastapi-assets-123456789012", "logs": "tiger-fastapi-logs-123456789012"},
    "topics": {"alerts": "arn:aws:sns:us-east-1:123456789012:tiger-alerts"},
    "secrets": ["database-url", "secret-key"],
    "secrets_kms_key_arn": "arn:aws:kms:us-east-1:123456789012:key/secrets",
}


def test_fastapi_task_role_policy_is_exactly_what_it_declares():
    permissions = {"s3": [{"assets": "read_write"}], "ses": "send", "sns": "sms", "secrets": ["secret-key"]}
    assert task_role_policy(permissions, CONTEXT) == {
        "Version": "2012-10-17",
        "Statement": [
            {"Sid": "S3AssetsReadWrite", "Effect": "Allow",
             "Action": ["s3:AbortMultipartUpload", "s3:DeleteObject", "s3:GetObject", "s3:GetObjectVersion", "s3:PutObject"],
             "Resource": "arn:aws:s3:::tiger-fastapi-assets-123456789012/*"},
            {"Sid": "S3ListAssets", "Effect": "Allow", "Action": ["s3:ListBucket"],
             "Resource": "arn:aws:s3:::tiger-fastapi-assets-123456789012"},
            {"Sid": "SesSend", "Effect": "Allow", "Action": ["ses:SendEmail", "ses:SendRawEmail"],
             "Resource": "arn:aws:ses:us-east-1:123456789012:identity/*"},
            {"Sid": "SnsSendSms", "Effect": "Allow", "Action": ["sns:Publish"], "Resource": "*"},
            {"Sid": "ReadSecrets", "Effect": "Allow", "Action": ["secretsmanager:GetSecretValue"],
             "Resource": "arn:aws:secretsmanager:us-east-1:123456789012:secret:tiger/fastapi/secret-key-??????"},
            {"Sid": "DecryptSecrets", "Effect": "Allow", "Action": ["kms:Decrypt"],
             "Resource": "arn:aws:kms:us-east-1:123456789012:key/secrets",
             "Condition": {"StringEquals": {"kms:ViaService": "secretsmanager.us-east-1.amazonaws.com"}}},
        ],
    }


def test_read_only_bucket_gets_no_write_action():
    [objects, listing] = task_role_policy({"s3": {"logs": "read"}}, CONTEXT)["Statement"]
    assert objects["Action"] == ["s3:GetObject", "s3:GetObjectVersion"]
    assert listing["Resource"] == "arn:aws:s3:::tiger-fastapi-logs-123456789012"


def test_topic_publish_names_the_topic():
    [statement] = task_role_policy({"sns": [{"alerts": "publish"}]}, CONTEXT)["Statement"]
    assert statement == {"Sid": "SnsPublish", "Effect": "Allow", "Action": ["sns:Publish"],
                         "Resource": "arn:aws:sns:us-east-1:123456789012:tiger-alerts"}


def test_a_worker_with_no_permissions_gets_an_empty_policy():
    assert task_role_policy({}, CONTEXT) == {"Version": "2012-10-17", "Statement": []}


@pytest.mark.parametrize(
    "permissions, message",
    [
        ({"dynamodb": ["orders"]}, "service_permissions: unknown permission kind 'dynamodb'; known kinds: s3, ses, sns,"),
        ({"s3": [{"asets": "read"}]}, "service_permissions.s3: unknown bucket 'asets'; declared buckets: assets, logs"),
        ({"s3": [{"assets": "admin"}]}, "service_permissions.s3.assets: access 'admin' is not one of read, write, read_write"),
        ({"secrets": ["api-token"]}, "service_permissions.secrets: unknown secret 'api-token'; declared secrets: database-url, secret-key"),
        ({"ses": "receive"}, "service_permissions.ses: 'receive' is not a known SES permission; use 'send'"),
        ({"sns": [{"billing": "publish"}]}, "service_permissions.sns: unknown topic 'billing'; declared topics: alerts"),
    ],
)
def test_bad_permissions_are_named(permissions, message):
    errors = task_role_policy_errors(permissions, CONTEXT)
    assert len(errors) == 1 and errors[0].startswith(message)
    with pytest.raises(AnsibleFilterError, match="service_permissions"):
        task_role_policy(permissions, CONTEXT)


def test_a_write_action_on_any_resource_is_rejected():
    permissions = {"statements": [{"actions": ["s3:PutObject", "s3:GetObject"], "resources": ["*"]}]}
    assert task_role_policy_errors(permissions, CONTEXT, "hostvars[tiger-fastapi-app].service_permissions") == [
        "hostvars[tiger-fastapi-app].service_permissions: write action s3:PutObject on Resource '*'; "
        "name the resources it may change"
    ]


def test_a_read_action_on_any_resource_is_allowed_in_custom_statements():
    permissions = {"statements": [{"sid": "Describe", "actions": ["ec2:DescribeRegions"], "resources": ["*"]}]}
    assert task_role_policy(permissions, CONTEXT)["Statement"] == [
        {"Sid": "Describe", "Effect": "Allow", "Action": ["ec2:DescribeRegions"], "Resource": "*"}
    ]


def test_execution_role_policy_for_tiger():
    assert execution_role_policy(CONTEXT) == {
        "Version": "2012-10-17",
        "Statement": [
            {"Sid": "EcrLogin", "Effect": "Allow", "Action": ["ecr:GetAuthorizationToken"], "Resource": "*"},
            {"Sid": "EcrPull", "Effect": "Allow",
             "Action": ["ecr:BatchCheckLayerAvailability", "ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"],
             "Resource": "arn:aws:ecr:us-east-1:123456789012:repository/tiger-*"},
            {"Sid": "WriteLogs", "Effect": "Allow", "Action": ["logs:CreateLogStream", "logs:PutLogEvents"],
             "Resource": "arn:aws:logs:us-east-1:123456789012:log-group:/ecs/tiger-*:*"},
            {"Sid": "ReadSecrets", "Effect": "Allow", "Action": ["secretsmanager:GetSecretValue"],
             "Resource": "arn:aws:secretsmanager:us-east-1:123456789012:secret:tiger/fastapi/*"},
            {"Sid": "DecryptSecrets", "Effect": "Allow", "Action": ["kms:Decrypt"],
             "Resource": "arn:aws:kms:us-east-1:123456789012:key/secrets",
             "Condition": {"StringEquals": {"kms:ViaService": "secretsmanager.us-east-1.amazonaws.com"}}},
        ],
    }


ROOT = {"Sid": "AccountAdministersAndDelegatesToIam", "Effect": "Allow",
        "Principal": {"AWS": "arn:aws:iam::123456789012:root"}, "Action": "kms:*", "Resource": "*"}


@pytest.mark.parametrize("purpose", ["data", "secrets", "exec", "backups"])
def test_keys_used_through_iam_delegate_to_the_account_only(purpose):
    assert kms_key_policy(purpose, CONTEXT) == {"Version": "2012-10-17", "Statement": [ROOT]}


def test_logs_key_lets_cloudwatch_logs_use_it_for_this_accounts_log_groups_only():
    [root, logs] = kms_key_policy("logs", CONTEXT)["Statement"]
    assert root == ROOT
    assert logs["Principal"] == {"Service": "logs.us-east-1.amazonaws.com"}
    assert "kms:CreateGrant" not in logs["Action"] and "kms:*" not in logs["Action"]
    assert logs["Condition"] == {"ArnLike": {"kms:EncryptionContext:aws:logs:arn": "arn:aws:logs:us-east-1:123456789012:log-group:*"}}


def test_audit_key_lets_cloudtrail_encrypt_this_accounts_trails_only():
    [_root, encrypt, describe] = kms_key_policy("audit", CONTEXT)["Statement"]
    assert encrypt["Action"] == ["kms:GenerateDataKey*"]
    assert encrypt["Condition"]["StringLike"] == {
        "kms:EncryptionContext:aws:cloudtrail:arn": "arn:aws:cloudtrail:*:123456789012:trail/*"}
    assert describe["Action"] == ["kms:DescribeKey"]


def test_alerts_key_lets_alarm_and_budget_publishers_encrypt_for_sns():
    [_root, publishers] = kms_key_policy("alerts", CONTEXT)["Statement"]
    assert publishers["Action"] == ["kms:Decrypt", "kms:GenerateDataKey*"]
    assert "budgets.amazonaws.com" in publishers["Principal"]["Service"]
    assert publishers["Condition"] == {"StringEquals": {"aws:SourceAccount": "123456789012"}}


def test_unknown_key_purpose_is_refused():
    with pytest.raises(AnsibleFilterError, match="unknown key purpose 'payments'"):
        kms_key_policy("payments", CONTEXT)


@pytest.mark.parametrize("role", ["codedeploy", "rds_monitoring", "backup", "github_deploy"])
def test_service_role_policies_name_this_environments_resources(role):
    policy = service_role_policy(role, CONTEXT)
    for statement in policy["Statement"]:
        resources = statement["Resource"] if isinstance(statement["Resource"], list) else [statement["Resource"]]
        if resources == ["*"]:
            # Only reads, or actions whose API takes no resource.
            assert all(action.split(":")[1].startswith(("Get", "Describe", "List", "Register")) for action in statement["Action"])
        else:
            # Besides this environment's resources: AWS Backup's own snapshots, keys used only through
            # named services, CodeDeploy's deployment configurations and RDS's one OS-metrics log group.
            assert all("tiger" in resource or "snapshot:awsbackup" in resource or "RDSOSMetrics" in resource
                       or resource.endswith(("key/*", "deploymentconfig:*")) for resource in resources), statement


def test_codedeploy_may_pass_only_task_roles_to_ecs():
    [pass_role] = [s for s in service_role_policy("codedeploy", CONTEXT)["Statement"] if s["Sid"] == "PassTaskRoles"]
    assert pass_role["Resource"] == "arn:aws:iam::123456789012:role/tiger-*"
    assert pass_role["Condition"] == {"StringEquals": {"iam:PassedToService": "ecs-tasks.amazonaws.com"}}


def test_unknown_service_role_is_refused():
    with pytest.raises(AnsibleFilterError, match="unknown service role 'lambda'"):
        service_role_policy("lambda", CONTEXT)


def test_trust_policy_admits_one_service_for_this_account():
    assert trust_policy("ecs-tasks.amazonaws.com", CONTEXT)["Statement"] == [{
        "Effect": "Allow", "Principal": {"Service": "ecs-tasks.amazonaws.com"}, "Action": "sts:AssumeRole",
        "Condition": {"StringEquals": {"aws:SourceAccount": "123456789012"}},
    }]


def test_github_trust_policy_admits_one_branch_of_one_repository():
    [statement] = github_trust_policy("arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com",
                                      "example/app", "main")["Statement"]
    assert statement["Action"] == "sts:AssumeRoleWithWebIdentity"
    assert statement["Condition"]["StringEquals"] == {
        "token.actions.githubusercontent.com:aud": "sts.amazonaws.com",
        "token.actions.githubusercontent.com:sub": "repo:example/app:ref:refs/heads/main",
    }


def test_audit_bucket_policy_lets_only_this_trail_write_and_refuses_plain_http():
    statements = {s["Sid"]: s for s in audit_bucket_policy("tiger-audit", CONTEXT, "tiger-trail")["Statement"]}
    trail = "arn:aws:cloudtrail:us-east-1:123456789012:trail/tiger-trail"
    assert statements["CloudTrailWrite"]["Resource"] == "arn:aws:s3:::tiger-audit/AWSLogs/123456789012/*"
    assert statements["CloudTrailWrite"]["Condition"]["StringEquals"]["aws:SourceArn"] == trail
    assert statements["DenyInsecureTransport"]["Effect"] == "Deny"
    assert statements["DenyInsecureTransport"]["Condition"] == {"Bool": {"aws:SecureTransport": "false"}}


def test_task_roles_one_per_service_with_errors_naming_the_host():
    services = [{"host": "tiger-fastapi-app", "name": "fastapi-app", "permissions": {"ses": "send"}},
                {"host": "tiger-celery-worker", "name": "celery-worker", "permissions": {}}]
    roles = task_roles(services, CONTEXT, {"fastapi-app": "tiger-fastapi-app-task", "celery-worker": "tiger-celery-worker-task"})
    assert [(role["key"], role["name"], len(role["policy"]["Statement"])) for role in roles] == [
        ("task:fastapi-app", "tiger-fastapi-app-task", 1), ("task:celery-worker", "tiger-celery-worker-task", 0)]
    bad = [dict(services[0], permissions={"queue": ["jobs"]})]
    assert service_permission_errors(bad, CONTEXT) == [
        "hostvars[tiger-fastapi-app].service_permissions: unknown permission kind 'queue'; "
        "known kinds: s3, ses, sns, secrets, xray, exec, statements"]


def test_audit_bucket_policy_admits_aws_config_only_when_it_records():
    without = {s["Sid"] for s in audit_bucket_policy("tiger-audit", CONTEXT, "tiger-trail")["Statement"]}
    assert without == {"CloudTrailAclCheck", "CloudTrailWrite", "DenyInsecureTransport"}
    statements = {s["Sid"]: s for s in audit_bucket_policy("tiger-audit", CONTEXT, "", config=True)["Statement"]}
    assert set(statements) == {"ConfigAclCheck", "ConfigWrite", "DenyInsecureTransport"}
    assert statements["ConfigWrite"]["Resource"] == "arn:aws:s3:::tiger-audit/AWSLogs/123456789012/Config/*"
    assert statements["ConfigWrite"]["Condition"]["StringEquals"]["AWS:SourceAccount"] == "123456789012"
