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


def task_role_policy(permissions, context, where="service_permissions"):
    statements, errors = _generate(permissions, context, where)
    if errors:
        raise AnsibleFilterError("; ".join(errors))
    return {"Version": "2012-10-17", "Statement": statements}


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
            "execution_role_policy": execution_role_policy,
            "kms_key_policy": kms_key_policy,
            "task_role_policy": task_role_policy,
            "task_role_policy_errors": task_role_policy_errors,
        }
