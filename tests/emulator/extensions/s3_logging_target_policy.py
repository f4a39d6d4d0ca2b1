"""PutBucketLogging reads the target bucket's policy the way IAM does.

moto 5.2.1 checks that the target bucket's policy lets ``logging.s3.amazonaws.com`` put objects,
but it expects every statement's ``Principal`` to be a dict (a ``"Principal": "*"`` statement, as
in any TLS-only policy, made it answer HTTP 500) and the ``Resource`` to be one of three exact
strings (a statement for ``bucket/s3-access/*`` did not count for logs under
``s3-access/<source>/``). Here principals, actions and resources may be strings or lists and
resources may use wildcards, as in IAM.
"""

import fnmatch
import json

from moto.s3.models import LOGGING_SERVICE_PRINCIPAL, FakeBucket


def _as_list(value):
    return value if isinstance(value, list) else [value]


def _allows_log_delivery(target_bucket, target_prefix):
    if not target_bucket.policy:
        return False
    arn = f"arn:{target_bucket.partition}:s3:::{target_bucket.name}"
    # A log object's key is the prefix followed by a generated name.
    sample_object = f"{arn}/{target_prefix or ''}2026-01-01-00-00-00-0123456789ABCDEF"
    for statement in json.loads(target_bucket.policy.decode())["Statement"]:
        principal = statement.get("Principal", {})
        services = _as_list(principal.get("Service", [])) if isinstance(principal, dict) else []
        if statement.get("Effect") != "Allow" or LOGGING_SERVICE_PRINCIPAL not in services:
            continue
        if not any(fnmatch.fnmatchcase("s3:PutObject", action) for action in _as_list(statement.get("Action", []))):
            continue
        if any(fnmatch.fnmatchcase(sample_object, resource) for resource in _as_list(statement.get("Resource", []))):
            return True
    return False


def register() -> None:
    FakeBucket._log_permissions_enabled_policy = staticmethod(_allows_log_delivery)
