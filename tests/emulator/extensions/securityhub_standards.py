"""Security Hub standards subscriptions: GetEnabledStandards, BatchEnableStandards, BatchDisableStandards.

moto 5.2.1 has none of the three (404 Not Found), and its EnableSecurityHub ignores
EnableDefaultStandards. seed.aws_platform.securityhub_hub reads the subscriptions on every run. Here
each hub keeps them in memory, shaped as botocore's model has them: a standard enabled is READY at
once (AWS: PENDING first), one disabled is answered DELETING and forgotten at once (AWS: after a
while). EnableSecurityHub subscribes to AWS's default standards unless EnableDefaultStandards is false,
and DisableSecurityHub drops every subscription, as on AWS.
"""

import functools
import json
import re
from typing import Any

from moto.securityhub import urls
from moto.securityhub.exceptions import SecurityHubClientError
from moto.securityhub.models import SecurityHubBackend
from moto.securityhub.responses import SecurityHubResponse

# arn:aws:securityhub:REGION::standards/NAME/v/VERSION, or a regionless ruleset (CIS v1.2.0).
STANDARDS_ARN = re.compile(
    r"^arn:aws:securityhub:(?P<region>[a-z0-9-]*)::(?P<kind>standards|ruleset)/(?P<standard>[a-z0-9-]+/v/[0-9.]+)$"
)
# The standards EnableSecurityHub enables unless told not to (its documentation in botocore's model).
DEFAULT_STANDARDS = (
    "arn:aws:securityhub:{region}::standards/aws-foundational-security-best-practices/v/1.0.0",
    "arn:aws:securityhub:::ruleset/cis-aws-foundations-benchmark/v/1.2.0",
)


def subscriptions(backend: SecurityHubBackend) -> dict[str, dict[str, Any]]:
    """StandardsSubscriptionArn -> StandardsSubscription, on the backend so that a reset empties it."""
    return backend.__dict__.setdefault("standards_subscriptions", {})


def require_hub(backend: SecurityHubBackend) -> None:
    if not backend.enabled:
        raise SecurityHubClientError("InvalidAccessException", "Account is not subscribed to AWS Security Hub")


def subscription_arn(backend: SecurityHubBackend, standards_arn: str) -> str:
    match = STANDARDS_ARN.match(standards_arn)
    # Regional standards name the hub's region; only a ruleset has none.
    if not match or match["region"] != ("" if match["kind"] == "ruleset" else backend.region_name):
        raise SecurityHubClientError("InvalidInputException", f"Invalid StandardsArn: {standards_arn}")
    return f"arn:aws:securityhub:{backend.region_name}:{backend.account_id}:subscription/{match['standard']}"


def enable_standards(backend: SecurityHubBackend, requests: list[dict[str, Any]]) -> list[dict[str, Any]]:
    require_hub(backend)
    # Every ARN is checked before any is enabled: AWS rejects the whole batch.
    arns = [subscription_arn(backend, request["StandardsArn"]) for request in requests]
    enabled = []
    for arn, request in zip(arns, requests):
        subscriptions(backend)[arn] = dict(
            StandardsSubscriptionArn=arn,
            StandardsArn=request["StandardsArn"],
            StandardsInput=request.get("StandardsInput", {}),
            StandardsStatus="READY",
            StandardsControlsUpdatable="READY_FOR_UPDATES",
        )
        enabled.append(subscriptions(backend)[arn])
    return enabled


def disable_standards(backend: SecurityHubBackend, arns: list[str]) -> list[dict[str, Any]]:
    require_hub(backend)
    unknown = [arn for arn in arns if arn not in subscriptions(backend)]
    if unknown:
        raise SecurityHubClientError("InvalidInputException", f"No such standards subscriptions: {', '.join(unknown)}")
    return [dict(subscriptions(backend).pop(arn), StandardsStatus="DELETING") for arn in arns]


def get_enabled_standards(self: SecurityHubResponse) -> str:
    backend = self.securityhub_backend
    require_hub(backend)
    wanted = json.loads(self.body or "{}").get("StandardsSubscriptionArns")
    found = [item for arn, item in subscriptions(backend).items() if wanted is None or arn in wanted]
    return json.dumps({"StandardsSubscriptions": found})


def batch_enable_standards(self: SecurityHubResponse) -> str:
    requests = json.loads(self.body)["StandardsSubscriptionRequests"]
    return json.dumps({"StandardsSubscriptions": enable_standards(self.securityhub_backend, requests)})


def batch_disable_standards(self: SecurityHubResponse) -> str:
    arns = json.loads(self.body)["StandardsSubscriptionArns"]
    return json.dumps({"StandardsSubscriptions": disable_standards(self.securityhub_backend, arns)})


def register() -> None:
    original_enable = SecurityHubBackend.enable_security_hub
    original_disable = SecurityHubBackend.disable_security_hub

    @functools.wraps(original_enable)
    def enable_security_hub(self, enable_default_standards=True, tags=None):
        newly_enabled = not self.enabled
        result = original_enable(self, enable_default_standards=enable_default_standards, tags=tags)
        if newly_enabled and enable_default_standards:
            enable_standards(self, [{"StandardsArn": arn.format(region=self.region_name)} for arn in DEFAULT_STANDARDS])
        return result

    @functools.wraps(original_disable)
    def disable_security_hub(self):
        result = original_disable(self)
        subscriptions(self).clear()
        return result

    SecurityHubBackend.enable_security_hub = enable_security_hub
    SecurityHubBackend.disable_security_hub = disable_security_hub
    SecurityHubResponse.get_enabled_standards = get_enabled_standards
    SecurityHubResponse.batch_enable_standards = batch_enable_standards
    SecurityHubResponse.batch_disable_standards = batch_disable_standards
    for path in ("get", "register", "deregister"):
        urls.url_paths[f"{{0}}/standards/{path}$"] = SecurityHubResponse.dispatch
