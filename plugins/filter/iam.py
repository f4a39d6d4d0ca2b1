"""Least-privilege IAM policy documents generated from what the inventory declares."""

from ansible.errors import AnsibleFilterError

S3_ACTIONS = {
    "read": ["s3:GetObject", "s3:GetObjectVersion"],
    "write": ["s3:PutObject", "s3:DeleteObject", "s3:AbortMultipartUpload"],
}
S3_ACCESS = {"read": ["read"], "write": ["write"], "read_write": ["read", "write"]}

# Write actions whose API accepts no resource narrower than "*" (AWS's service authorization
# reference lists no resource type for them). Any other write action on "*" is refused.
WRITE_ACTIONS_WITHOUT_RESOURCE = {
    "sns:Publish": "publishing an SMS to a phone number has no resource ARN",
    "xray:PutTraceSegments": "X-Ray has no resource type for trace segments",
    "xray:PutTelemetryRecords": "X-Ray has no resource type for telemetry",
    "ssmmessages:CreateControlChannel": "ECS Exec's Session Manager channels have no resource type",
    "ssmmessages:CreateDataChannel": "ECS Exec's Session Manager channels have no resource type",
    "ssmmessages:OpenControlChannel": "ECS Exec's Session Manager channels have no resource type",
    "ssmmessages:OpenDataChannel": "ECS Exec's Session Manager channels have no resource type",
    "ecs:RegisterTaskDefinition": "task definitions are registered before they have an ARN",
}
READ_VERBS = ("Get", "List", "Describe", "BatchGet", "BatchCheck")
PERMISSION_KINDS = ("s3", "ses", "sns", "secrets", "xray", "exec", "statements")


def _arn(context, service, resource):
    return ":".join(["arn", context.get("partition", "aws"), service, context["region"], context["account_id"], resource])


def _is_read(action):
    verb = action.split(":", 1)[1]
    return verb.startswith(READ_VERBS)


def _statement(sid, actions, resources, condition=None):
    statement = {"Sid": sid, "Effect": "Allow", "Action": sorted(actions),
                 "Resource": resources if len(resources) > 1 else resources[0]}
    if condition:
        statement["Condition"] = condition
    return statement


def _sid(*parts):
    return "".join(part.replace("-", " ").replace("_", " ").title().replace(" ", "") for part in parts)


def _entries(value):
    """`[assets: read_write]`, `{assets: read_write}` or `[assets]` as (name, access) pairs."""
    if isinstance(value, dict):
        return list(value.items())
    pairs = []
    for entry in value or []:
        if isinstance(entry, dict):
            pairs.extend(entry.items())
        else:
            pairs.append((entry, None))
    return pairs


def _s3(value, context, where, errors):
    buckets = context.get("buckets", {})
    statements = []
    for name, access in _entries(value):
        if name not in buckets:
            errors.append(f"{where}.s3: unknown bucket '{name}'; declared buckets: {', '.join(sorted(buckets)) or 'none'}")
            continue
        if access not in S3_ACCESS:
            errors.append(f"{where}.s3.{name}: access '{access}' is not one of {', '.join(S3_ACCESS)}")
            continue
        bucket_arn = f"arn:{context.get('partition', 'aws')}:s3:::{buckets[name]}"
        actions = [action for kind in S3_ACCESS[access] for action in S3_ACTIONS[kind]]
        statements.append(_statement(_sid("S3", name, access), actions, [f"{bucket_arn}/*"]))
        statements.append(_statement(_sid("S3List", name), ["s3:ListBucket"], [bucket_arn]))
    return statements


def _ses(value, context, where, errors):
    if value != "send":
        errors.append(f"{where}.ses: '{value}' is not a known SES permission; use 'send'")
        return []
    return [_statement("SesSend", ["ses:SendEmail", "ses:SendRawEmail"], [_arn(context, "ses", "identity/*")])]


def _sns(value, context, where, errors):
    if value == "sms":
        return [_statement("SnsSendSms", ["sns:Publish"], ["*"])]
    topics = context.get("topics", {})
    resources = []
    for name, access in _entries(value):
        if access not in (None, "publish"):
            errors.append(f"{where}.sns.{name}: access '{access}' is not 'publish'")
        elif name not in topics:
            errors.append(f"{where}.sns: unknown topic '{name}'; declared topics: {', '.join(sorted(topics)) or 'none'}")
        else:
            resources.append(topics[name])
    return [_statement("SnsPublish", ["sns:Publish"], sorted(resources))] if resources else []


def _secrets(value, context, where, errors):
    known = context.get("secrets", [])
    arns = []
    for name, _access in _entries(value):
        if name not in known:
            errors.append(f"{where}.secrets: unknown secret '{name}'; declared secrets: {', '.join(sorted(known)) or 'none'}")
        else:
            # Secrets Manager appends six random characters to a secret's ARN; the pattern names
            # exactly this secret before it exists, so the policy never waits for the secret.
            arns.append(_arn(context, "secretsmanager", f"secret:{context['secret_prefix']}{name}-??????"))
    if not arns:
        return []
    statements = [_statement("ReadSecrets", ["secretsmanager:GetSecretValue"], sorted(arns))]
    if context.get("secrets_kms_key_arn"):
        statements.append(_decrypt_via("DecryptSecrets", context["secrets_kms_key_arn"], "secretsmanager", context))
    return statements


def _xray(value, context, where, errors):
    if value != "write":
        errors.append(f"{where}.xray: '{value}' is not a known X-Ray permission; use 'write'")
        return []
    return [
        _statement("XrayWrite", ["xray:PutTraceSegments", "xray:PutTelemetryRecords"], ["*"]),
        _statement("XraySampling", ["xray:GetSamplingRules", "xray:GetSamplingTargets",
                                    "xray:GetSamplingStatisticSummaries"], ["*"]),
    ]


def _exec(value, context, where, errors):
    if value is not True:
        errors.append(f"{where}.exec: must be true to allow ECS Exec into the service's tasks")
        return []
    statements = [_statement("EcsExecChannels", [action for action in WRITE_ACTIONS_WITHOUT_RESOURCE
                                                 if action.startswith("ssmmessages:")], ["*"])]
    if context.get("exec_kms_key_arn"):
        statements.append(_statement("EcsExecDecrypt", ["kms:Decrypt"], [context["exec_kms_key_arn"]]))
    if context.get("exec_log_group_arn"):
        statements.append(_statement("EcsExecLogs", ["logs:CreateLogStream", "logs:PutLogEvents",
                                                     "logs:DescribeLogStreams"], [context["exec_log_group_arn"] + ":*"]))
    return statements


def _statements(value, context, where, errors):
    statements = []
    for index, entry in enumerate(value or []):
        if not isinstance(entry, dict) or not entry.get("actions") or not entry.get("resources"):
            errors.append(f"{where}.statements[{index}]: needs 'actions' and 'resources'")
            continue
        statements.append(_statement(entry.get("sid", f"Custom{index}"), list(entry["actions"]), list(entry["resources"])))
    return statements


GENERATORS = {"s3": _s3, "ses": _ses, "sns": _sns, "secrets": _secrets, "xray": _xray, "exec": _exec,
              "statements": _statements}


def _decrypt_via(sid, key_arn, service, context):
    return _statement(sid, ["kms:Decrypt"], [key_arn],
                      {"StringEquals": {"kms:ViaService": f"{service}.{context['region']}.amazonaws.com"}})


def _wildcard_writes(statements, where):
    errors = []
    for statement in statements:
        resources = statement["Resource"] if isinstance(statement["Resource"], list) else [statement["Resource"]]
        if "*" not in resources:
            continue
        for action in statement["Action"]:
            if not _is_read(action) and action not in WRITE_ACTIONS_WITHOUT_RESOURCE:
                errors.append(f"{where}: write action {action} on Resource '*'; name the resources it may change")
    return errors


def _generate(permissions, context, where):
    errors = []
    statements = []
    for kind, value in (permissions or {}).items():
        if kind not in GENERATORS:
            errors.append(f"{where}: unknown permission kind '{kind}'; known kinds: {', '.join(PERMISSION_KINDS)}")
            continue
        statements.extend(GENERATORS[kind](value, context, where, errors))
    errors.extend(_wildcard_writes(statements, where))
    return statements, errors


def task_role_policy_errors(permissions, context, where="service_permissions"):
    return _generate(permissions, context, where)[1]


def service_permission_errors(services, context):
    """task_role_policy_errors of every service, each message naming the service host's variable."""
    return [error for service in services
            for error in task_role_policy_errors(service["permissions"], context,
                                                 f"hostvars[{service['host']}].service_permissions")]


def task_role_policy(permissions, context, where="service_permissions"):
    statements, errors = _generate(permissions, context, where)
    if errors:
        raise AnsibleFilterError("; ".join(errors))
    return {"Version": "2012-10-17", "Statement": statements}


def task_roles(services, context, names):
    """One role per service: its name (``names`` maps service name -> role name) and its task role policy."""
    return [{
        "key": f"task:{service['name']}", "name": names[service["name"]], "service": "ecs-tasks.amazonaws.com",
        "description": f"Task role of {context['name_prefix']} {service['name']}: what the service declares, nothing more",
        "policy": task_role_policy(service["permissions"], context, f"hostvars[{service['host']}].service_permissions"),
    } for service in services]


def execution_role_policy(context):
    """What ECS needs to start this environment's tasks: pull its images, write its logs, read its secrets."""
    prefix = context["name_prefix"]
    statements = [
        # GetAuthorizationToken is a read of the registry login; IAM offers no resource for it.
        _statement("EcrLogin", ["ecr:GetAuthorizationToken"], ["*"]),
        _statement("EcrPull", ["ecr:BatchCheckLayerAvailability", "ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"],
                   [_arn(context, "ecr", f"repository/{prefix}-*")]),
        _statement("WriteLogs", ["logs:CreateLogStream", "logs:PutLogEvents"],
                   [_arn(context, "logs", f"log-group:/ecs/{prefix}-*:*")]),
        _statement("ReadSecrets", ["secretsmanager:GetSecretValue"],
                   [_arn(context, "secretsmanager", f"secret:{context['secret_prefix']}*")]),
    ]
    for sid, key in (("DecryptSecrets", "secrets_kms_key_arn"), ("DecryptImages", "ecr_kms_key_arn")):
        if context.get(key):
            service = "secretsmanager" if key == "secrets_kms_key_arn" else "ecr"
            statements.append(_decrypt_via(sid, context[key], service, context))
    errors = _wildcard_writes(statements, "execution role")
    if errors:
        raise AnsibleFilterError("; ".join(errors))
    return {"Version": "2012-10-17", "Statement": statements}


def _service_role_statements(role, context):
    prefix = context["name_prefix"]
    if role == "codedeploy":
        cluster = f"{prefix}-cluster"
        return [
            _statement("EcsBlueGreen", ["ecs:CreateTaskSet", "ecs:DeleteTaskSet", "ecs:DescribeServices",
                                        "ecs:UpdateServicePrimaryTaskSet"],
                       [_arn(context, "ecs", f"service/{cluster}/*"), _arn(context, "ecs", f"task-set/{cluster}/*/*")]),
            _statement("ShiftTraffic", ["elasticloadbalancing:ModifyListener", "elasticloadbalancing:ModifyRule"],
                       [_arn(context, "elasticloadbalancing", f"listener/app/{prefix}-*/*"),
                        _arn(context, "elasticloadbalancing", f"listener-rule/app/{prefix}-*/*")]),
            _statement("ReadLoadBalancersAndAlarms", ["cloudwatch:DescribeAlarms", "elasticloadbalancing:DescribeListeners",
                                                      "elasticloadbalancing:DescribeRules",
                                                      "elasticloadbalancing:DescribeTargetGroups"], ["*"]),
            _statement("RunHooks", ["lambda:InvokeFunction"], [_arn(context, "lambda", f"function:{prefix}-*")]),
            _statement("Notify", ["sns:Publish"], [_arn(context, "sns", f"{prefix}-*")]),
            _statement("PassTaskRoles", ["iam:PassRole"], [f"arn:{context.get('partition', 'aws')}:iam::{context['account_id']}:role/{prefix}-*"],
                       {"StringEquals": {"iam:PassedToService": "ecs-tasks.amazonaws.com"}}),
        ]
    if role == "rds_monitoring":
        return [
            _statement("CreateOsMetricsGroup", ["logs:CreateLogGroup", "logs:PutRetentionPolicy"],
                       [_arn(context, "logs", "log-group:RDSOSMetrics")]),
            _statement("WriteOsMetrics", ["logs:CreateLogStream", "logs:DescribeLogStreams", "logs:GetLogEvents",
                                          "logs:PutLogEvents"], [_arn(context, "logs", "log-group:RDSOSMetrics:log-stream:*")]),
        ]
    if role == "backup":
        return [
            _statement("SnapshotDatabases", ["rds:AddTagsToResource", "rds:CopyDBClusterSnapshot", "rds:CopyDBSnapshot",
                                             "rds:CreateDBClusterSnapshot", "rds:CreateDBSnapshot",
                                             "rds:DeleteDBClusterSnapshot", "rds:DeleteDBSnapshot", "rds:ListTagsForResource"],
                       [_arn(context, "rds", f"db:{prefix}-*"), _arn(context, "rds", f"cluster:{prefix}-*"),
                        _arn(context, "rds", "snapshot:awsbackup:*"), _arn(context, "rds", "cluster-snapshot:awsbackup:*")]),
            _statement("ReadDatabasesAndTags", ["rds:DescribeDBClusterSnapshots", "rds:DescribeDBClusters",
                                                "rds:DescribeDBInstances", "rds:DescribeDBSnapshots", "tag:GetResources"], ["*"]),
            _statement("BackUpBuckets", ["s3:GetBucketAcl", "s3:GetBucketLocation", "s3:GetBucketNotification",
                                         "s3:GetBucketTagging", "s3:GetBucketVersioning", "s3:GetInventoryConfiguration",
                                         "s3:GetObject", "s3:GetObjectAcl", "s3:GetObjectTagging", "s3:GetObjectVersion",
                                         "s3:GetObjectVersionAcl", "s3:GetObjectVersionTagging", "s3:ListBucket",
                                         "s3:ListBucketVersions", "s3:PutInventoryConfiguration"],
                       [f"arn:{context.get('partition', 'aws')}:s3:::{prefix}-*"]),
            _statement("UseVault", ["backup:CopyIntoBackupVault", "backup:DescribeBackupVault"],
                       [_arn(context, "backup", f"backup-vault:{prefix}-*")]),
            _statement("UseKeysThroughServices", ["kms:CreateGrant", "kms:Decrypt", "kms:DescribeKey", "kms:GenerateDataKey"],
                       [_arn(context, "kms", "key/*")],
                       {"StringLike": {"kms:ViaService": [f"rds.{context['region']}.amazonaws.com",
                                                          f"s3.{context['region']}.amazonaws.com",
                                                          f"backup.{context['region']}.amazonaws.com"]}}),
        ]
    if role == "github_deploy":
        cluster = f"{prefix}-cluster"
        return [
            _statement("EcrLogin", ["ecr:GetAuthorizationToken"], ["*"]),
            _statement("EcrPush", ["ecr:BatchCheckLayerAvailability", "ecr:BatchGetImage", "ecr:CompleteLayerUpload",
                                   "ecr:DescribeImages", "ecr:InitiateLayerUpload", "ecr:PutImage", "ecr:UploadLayerPart"],
                       [_arn(context, "ecr", f"repository/{prefix}-*")]),
            _statement("RegisterTaskDefinitions", ["ecs:DescribeTaskDefinition", "ecs:RegisterTaskDefinition"], ["*"]),
            _statement("UpdateServices", ["ecs:DescribeServices", "ecs:UpdateService"],
                       [_arn(context, "ecs", f"service/{cluster}/*")]),
            _statement("Deploy", ["codedeploy:CreateDeployment", "codedeploy:GetApplicationRevision",
                                  "codedeploy:GetDeployment", "codedeploy:GetDeploymentConfig",
                                  "codedeploy:RegisterApplicationRevision"],
                       [_arn(context, "codedeploy", f"application:{prefix}-*"),
                        _arn(context, "codedeploy", f"deploymentgroup:{prefix}-*/*"),
                        _arn(context, "codedeploy", "deploymentconfig:*")]),
            _statement("PassTaskRoles", ["iam:PassRole"], [f"arn:{context.get('partition', 'aws')}:iam::{context['account_id']}:role/{prefix}-*"],
                       {"StringEquals": {"iam:PassedToService": "ecs-tasks.amazonaws.com"}}),
        ]
    raise AnsibleFilterError(f"unknown service role '{role}'; roles are {', '.join(SERVICE_ROLES)}")


SERVICE_ROLES = ("codedeploy", "rds_monitoring", "backup", "github_deploy")


def service_role_policy(role, context):
    """Inline policies replacing the AWS-managed service role policies, scoped to this environment's resources."""
    statements = _service_role_statements(role, context)
    errors = _wildcard_writes(statements, f"{role} role")
    if errors:
        raise AnsibleFilterError("; ".join(errors))
    return {"Version": "2012-10-17", "Statement": statements}


def github_trust_policy(provider_arn, repository, branch):
    """Only workflow runs of one repository's branch may assume the role, through GitHub's OIDC provider."""
    return {"Version": "2012-10-17", "Statement": [{
        "Effect": "Allow", "Principal": {"Federated": provider_arn}, "Action": "sts:AssumeRoleWithWebIdentity",
        "Condition": {"StringEquals": {
            "token.actions.githubusercontent.com:aud": "sts.amazonaws.com",
            "token.actions.githubusercontent.com:sub": f"repo:{repository}:ref:refs/heads/{branch}",
        }},
    }]}


def audit_bucket_policy(bucket, context, trail_name="", config=False):
    """CloudTrail (for the named trail) and AWS Config (when on) may write this account's files; no plain HTTP."""
    partition = context.get("partition", "aws")
    bucket_arn = f"arn:{partition}:s3:::{bucket}"
    account_files = f"{bucket_arn}/AWSLogs/{context['account_id']}"
    statements = []
    if trail_name:
        trail_arn = f"arn:{partition}:cloudtrail:{context['region']}:{context['account_id']}:trail/{trail_name}"
        cloudtrail = {"Service": "cloudtrail.amazonaws.com"}
        statements += [
            {"Sid": "CloudTrailAclCheck", "Effect": "Allow", "Principal": cloudtrail, "Action": "s3:GetBucketAcl",
             "Resource": bucket_arn, "Condition": {"StringEquals": {"aws:SourceArn": trail_arn}}},
            {"Sid": "CloudTrailWrite", "Effect": "Allow", "Principal": cloudtrail, "Action": "s3:PutObject",
             "Resource": f"{account_files}/*",
             "Condition": {"StringEquals": {"aws:SourceArn": trail_arn, "s3:x-amz-acl": "bucket-owner-full-control"}}},
        ]
    if config:
        from_this_account = {"StringEquals": {"AWS:SourceAccount": context["account_id"]}}
        statements += [
            {"Sid": "ConfigAclCheck", "Effect": "Allow", "Principal": {"Service": "config.amazonaws.com"},
             "Action": ["s3:GetBucketAcl", "s3:ListBucket"], "Resource": bucket_arn, "Condition": from_this_account},
            {"Sid": "ConfigWrite", "Effect": "Allow", "Principal": {"Service": "config.amazonaws.com"},
             "Action": "s3:PutObject", "Resource": f"{account_files}/Config/*",
             "Condition": {"StringEquals": {"AWS:SourceAccount": context["account_id"],
                                            "s3:x-amz-acl": "bucket-owner-full-control"}}},
        ]
    statements.append(
        {"Sid": "DenyInsecureTransport", "Effect": "Deny", "Principal": "*", "Action": "s3:*",
         "Resource": [bucket_arn, f"{bucket_arn}/*"], "Condition": {"Bool": {"aws:SecureTransport": "false"}}})
    return {"Version": "2012-10-17", "Statement": statements}


def trust_policy(service, context):
    """Who may assume a role: one AWS service, on behalf of this account only (confused-deputy guard)."""
    return {"Version": "2012-10-17", "Statement": [{
        "Effect": "Allow", "Principal": {"Service": service}, "Action": "sts:AssumeRole",
        "Condition": {"StringEquals": {"aws:SourceAccount": context["account_id"]}},
    }]}


KMS_USE = ["kms:Decrypt", "kms:DescribeKey", "kms:Encrypt", "kms:GenerateDataKey*", "kms:ReEncrypt*"]
# Services that use a key as themselves (a service principal in the key policy), per purpose.
# Every other purpose is used by IAM principals of the account, which the key policy delegates to IAM.
KMS_PURPOSE_SERVICES = {
    "logs": lambda context: [_statement(
        "CloudWatchLogsUse", KMS_USE, ["*"],
        {"ArnLike": {"kms:EncryptionContext:aws:logs:arn": _arn(context, "logs", "log-group:*")}},
    ) | {"Principal": {"Service": f"logs.{context['region']}.amazonaws.com"}}],
    "audit": lambda context: [
        _statement("CloudTrailEncrypt", ["kms:GenerateDataKey*"], ["*"], {
            "StringLike": {"kms:EncryptionContext:aws:cloudtrail:arn":
                           f"arn:{context.get('partition', 'aws')}:cloudtrail:*:{context['account_id']}:trail/*"},
            "StringEquals": {"aws:SourceAccount": context["account_id"]},
        }) | {"Principal": {"Service": "cloudtrail.amazonaws.com"}},
        _statement("CloudTrailDescribe", ["kms:DescribeKey"], ["*"]) | {"Principal": {"Service": "cloudtrail.amazonaws.com"}},
    ],
    "alerts": lambda context: [_statement(
        "AlarmPublishersUse", ["kms:Decrypt", "kms:GenerateDataKey*"], ["*"],
        {"StringEquals": {"aws:SourceAccount": context["account_id"]}},
    ) | {"Principal": {"Service": ["budgets.amazonaws.com", "cloudwatch.amazonaws.com", "codestar-notifications.amazonaws.com",
                                   "events.amazonaws.com"]}}],
}
KMS_PURPOSES = ("data", "logs", "secrets", "exec", "backups", "audit", "alerts")


def kms_key_policy(purpose, context):
    """Key policy: the account administers and delegates use to IAM; services that encrypt as themselves get only use."""
    if purpose not in KMS_PURPOSES:
        raise AnsibleFilterError(f"unknown key purpose '{purpose}'; purposes are {', '.join(KMS_PURPOSES)}")
    root = {"Sid": "AccountAdministersAndDelegatesToIam", "Effect": "Allow",
            "Principal": {"AWS": f"arn:{context.get('partition', 'aws')}:iam::{context['account_id']}:root"},
            "Action": "kms:*", "Resource": "*"}
    return {"Version": "2012-10-17", "Statement": [root] + KMS_PURPOSE_SERVICES.get(purpose, lambda _context: [])(context)}


class FilterModule:
    def filters(self):
        return {
            "audit_bucket_policy": audit_bucket_policy,
            "execution_role_policy": execution_role_policy,
            "github_trust_policy": github_trust_policy,
            "kms_key_policy": kms_key_policy,
            "service_permission_errors": service_permission_errors,
            "service_role_policy": service_role_policy,
            "trust_policy": trust_policy,
            "task_role_policy": task_role_policy,
            "task_roles": task_roles,
            "task_role_policy_errors": task_role_policy_errors,
        }
