"""Secrets Manager RotateSecret: three faults of moto 5.2.1 that seed.aws_platform.secretsmanager_secret hits.

- A rotation scheduled by ``ScheduleExpression`` (and ``Duration``) is not kept: DescribeSecret and
  ListSecrets report ``RotationRules: {"AutomaticallyAfterDays": 0}`` and ``RotationEnabled: false``, so the
  module finds the rotation different on every run. Here the expression and the window are kept and
  reported as AWS does, and they turn rotation on as a number of days does.
- With a Lambda function that does not exist, moto answers ResourceNotFoundException only after it has
  recorded the rotation (RotationEnabled, RotationLambdaARN, RotationRules, an AWSPENDING version), so the
  next run finds rotation configured. Here the function is looked up first and the secret left alone.
- On a secret without a value, moto fails with UnboundLocalError (HTTP 500) as it invokes the function.
  Here the rotation of such a secret is recorded without invoking the function, which would find no value
  to rotate.
"""

import functools
import inspect

from moto.awslambda.utils import get_backend
from moto.secretsmanager.exceptions import ResourceNotFoundException
from moto.secretsmanager.models import FakeSecret
from moto.secretsmanager.models import SecretsManagerBackend

SCHEDULE_KEYS = ("ScheduleExpression", "Duration")


def register() -> None:
    original_rotate = SecretsManagerBackend.rotate_secret
    signature = inspect.signature(original_rotate)

    @functools.wraps(original_rotate)
    def rotate_secret(*args, **kwargs):
        call = signature.bind(*args, **kwargs)
        backend, lambda_arn = call.arguments["self"], call.arguments.get("rotation_lambda_arn")
        secret = backend.secrets.get(call.arguments["secret_id"])
        # Missing, replica and deleted secrets: moto's own answers are right.
        if not isinstance(secret, FakeSecret) or secret.is_deleted():
            return original_rotate(*args, **kwargs)
        if lambda_arn:
            try:
                get_backend(backend.account_id, backend.region_name).get_function(lambda_arn)
            except Exception as error:  # as broad as moto's own lookup, whose error this is
                raise ResourceNotFoundException(f"Resource not found for ARN '{lambda_arn}'.") from error
        without_value = bool(lambda_arn) and not secret.versions
        if without_value:
            call.arguments["rotation_lambda_arn"] = None
        response = original_rotate(*call.args, **call.kwargs)
        if without_value:
            secret.rotation_lambda_arn = lambda_arn
        rules = call.arguments.get("rotation_rules")
        if rules:
            secret.rotation_schedule = {key: rules[key] for key in SCHEDULE_KEYS if key in rules}
            secret.rotation_enabled = secret.rotation_enabled or "ScheduleExpression" in rules
        return response

    original_to_dict = FakeSecret.to_dict

    @functools.wraps(original_to_dict)
    def to_dict(self):
        described = original_to_dict(self)
        schedule = getattr(self, "rotation_schedule", None)
        if schedule and "RotationRules" in described:
            described["RotationRules"] = dict(schedule)
        return described

    SecretsManagerBackend.rotate_secret = rotate_secret
    FakeSecret.to_dict = to_dict
