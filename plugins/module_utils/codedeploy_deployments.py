# -*- coding: utf-8 -*-

# Copyright: seed.aws_platform maintainers
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""What the codedeploy_deployment module computes without calling AWS.

Building the AppSpec of an ECS blue/green deployment and its revision, reading the task definition back out of
the AppSpec of an existing deployment, and summarising a deployment (lifecycle events, a timeline of what changed
between two polls, why it failed, what keeps it waiting) for the module's result and messages.
"""

import datetime
import hashlib
import json
from typing import Any
from typing import Dict
from typing import List
from typing import Optional

from ansible.module_utils.common import yaml as common_yaml
from ansible.module_utils.common.dict_transformations import camel_dict_to_snake_dict

# The ECS lifecycle events that run a hook (Lambda function), in the order CodeDeploy runs them.
LIFECYCLE_HOOKS = ("BeforeInstall", "AfterInstall", "AfterAllowTestTraffic", "BeforeAllowTraffic", "AfterAllowTraffic")

# Ready is an active status: CodeDeploy waits there for the traffic to be rerouted by hand.
ACTIVE_STATUSES = ("Created", "Queued", "InProgress", "Baking", "Ready")
ENDED_STATUSES = ("Succeeded", "Failed", "Stopped")
# CodeDeploy answers ListDeploymentTargets with DeploymentNotStartedException in these.
NOT_STARTED_STATUSES = ("Created", "Queued")

# Revision types whose AppSpec CodeDeploy keeps as text (the others point to S3 or GitHub).
TEXT_REVISION_TYPES = {"AppSpecContent": "appSpecContent", "String": "string"}

# A log tail is up to 4 KB; the message keeps its end, the structured ``error`` keeps it whole.
LOG_TAIL_IN_MESSAGE = 1000


def build_appspec(params: Dict[str, Any]) -> Dict[str, Any]:
    """The AppSpec of a deployment of ``params["task_definition"]`` (the module's options, by name)."""
    properties = {
        "TaskDefinition": params["task_definition"],
        "LoadBalancerInfo": {"ContainerName": params["container_name"], "ContainerPort": params["container_port"]},
    }
    if params.get("platform_version"):
        properties["PlatformVersion"] = params["platform_version"]
    network = params.get("network_configuration")
    if network:
        awsvpc = {"Subnets": list(network["subnets"])}
        if network.get("security_groups"):
            awsvpc["SecurityGroups"] = list(network["security_groups"])
        awsvpc["AssignPublicIp"] = "ENABLED" if network.get("assign_public_ip") else "DISABLED"
        properties["NetworkConfiguration"] = {"AwsvpcConfiguration": awsvpc}
    strategy = params.get("capacity_provider_strategy")
    if strategy:
        properties["CapacityProviderStrategy"] = [
            {
                key: item[option]
                for key, option in (("CapacityProvider", "capacity_provider"), ("Weight", "weight"), ("Base", "base"))
                if item.get(option) is not None
            }
            for item in strategy
        ]
    appspec = {
        "version": 0.0,
        "Resources": [{"TargetService": {"Type": "AWS::ECS::Service", "Properties": properties}}],
    }
    hooks = params.get("hooks")
    if hooks:
        appspec["Hooks"] = [{event: hooks[event]} for event in LIFECYCLE_HOOKS if event in hooks]
    return appspec


def appspec_revision(appspec: Dict[str, Any]) -> Dict[str, Any]:
    """The CreateDeployment ``revision`` that carries ``appspec`` as JSON, with the SHA-256 of that text."""
    content = json.dumps(appspec)
    return {
        "revisionType": "AppSpecContent",
        "appSpecContent": {"content": content, "sha256": hashlib.sha256(content.encode("utf-8")).hexdigest()},
    }


def revision_text(revision: Dict[str, Any]) -> Dict[str, Any]:
    """The ``{content, sha256}`` part of a text revision, or an empty dict."""
    return revision.get(TEXT_REVISION_TYPES.get(revision.get("revisionType"), ""), None) or {}


def parse_appspec(content: Optional[str]) -> Optional[Dict[str, Any]]:
    """An AppSpec given as JSON or YAML text, or None when it is neither (or is not a mapping)."""
    if not content:
        return None
    try:
        parsed = json.loads(content)
    except ValueError:
        # AppSpecs written by hand or by CodePipeline are often YAML.
        if not common_yaml.HAS_YAML:
            return None
        try:
            parsed = common_yaml.yaml_load(content)
        except Exception:  # pylint: disable=broad-exception-caught
            return None
    return parsed if isinstance(parsed, dict) else None


def appspec_task_definition(appspec: Optional[Dict[str, Any]]) -> Optional[str]:
    """The TaskDefinition of the ECS service resource of an AppSpec, or None."""
    for resource in (appspec or {}).get("Resources") or []:
        if not isinstance(resource, dict):
            continue
        for target in resource.values():
            if isinstance(target, dict) and target.get("Type") == "AWS::ECS::Service":
                return (target.get("Properties") or {}).get("TaskDefinition")
    return None


def task_definition_ref(task_definition: str) -> str:
    """``family:revision`` of a task definition given by ARN or by ``family:revision``."""
    return task_definition.split(":task-definition/", 1)[-1]


def same_task_definition(first: Optional[str], second: Optional[str]) -> bool:
    return bool(first and second) and task_definition_ref(first) == task_definition_ref(second)


def jsonable(value: Any) -> Any:
    """``value`` with its datetimes (botocore's timestamps) as ISO 8601 strings."""
    if isinstance(value, dict):
        return {key: jsonable(item) for key, item in value.items()}
    if isinstance(value, list):
        return [jsonable(item) for item in value]
    if isinstance(value, datetime.datetime):
        return value.isoformat()
    return value


def normalize_deployment(deployment: Optional[Dict[str, Any]]) -> Dict[str, Any]:
    """A GetDeployment ``deploymentInfo`` as the module returns it: snake_cased, timestamps as strings."""
    return camel_dict_to_snake_dict(jsonable(deployment or {}))


def lifecycle_events(targets: List[Dict[str, Any]]) -> List[Dict[str, Any]]:
    """The lifecycle events of the ECS targets of a BatchGetDeploymentTargets answer, in CodeDeploy's order."""
    events = []
    for target in targets:
        events.extend((target.get("ecsTarget") or {}).get("lifecycleEvents") or [])
    return events


def normalize_events(events: List[Dict[str, Any]]) -> List[Dict[str, Any]]:
    return [camel_dict_to_snake_dict(jsonable(event)) for event in events]


def now() -> str:
    return datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds")


class Timeline:
    """What a run saw change from one poll to the next: the status of the deployment and of each lifecycle event."""

    def __init__(self) -> None:
        self.entries: List[Dict[str, Any]] = []
        self._last: Dict[str, Optional[str]] = {}

    def record(self, deployment: Dict[str, Any], events: List[Dict[str, Any]], when: str) -> None:
        # Lifecycle events first: a change of the deployment's status follows from them.
        seen = [(event["lifecycleEventName"], event.get("status")) for event in events]
        seen.append(("deployment", deployment.get("status")))
        for name, status in seen:
            if name not in self._last or self._last[name] != status:
                self._last[name] = status
                self.entries.append({"time": when, "event": name, "status": status})


def first_event(events: List[Dict[str, Any]], status: str) -> Optional[Dict[str, Any]]:
    return next((event for event in events if event.get("status") == status), None)


def deployment_error(deployment: Dict[str, Any], events: List[Dict[str, Any]]) -> Dict[str, Any]:
    """``{code, message, failed_lifecycle_event, diagnostics}`` of a deployment that went wrong, else ``{}``."""
    information = deployment.get("errorInformation") or {}
    failed = first_event(events, "Failed")
    if not information and failed is None:
        return {}
    return {
        "code": information.get("code"),
        "message": information.get("message"),
        "failed_lifecycle_event": failed["lifecycleEventName"] if failed else None,
        "diagnostics": camel_dict_to_snake_dict((failed or {}).get("diagnostics") or {}),
    }


def rollback_info(deployment: Dict[str, Any]) -> Dict[str, Any]:
    return camel_dict_to_snake_dict(deployment.get("rollbackInfo") or {})


def sentence(text: str) -> str:
    text = text.strip()
    return text if text.endswith((".", "!", "?")) else text + "."


def deployment_name(deployment: Dict[str, Any]) -> str:
    return (
        f"CodeDeploy deployment {deployment.get('deploymentId')} of deployment group"
        f" {deployment.get('deploymentGroupName')} (application {deployment.get('applicationName')})"
    )


def failure_message(deployment: Dict[str, Any], events: List[Dict[str, Any]]) -> str:
    """Why a Failed or Stopped deployment did not succeed, in sentences."""
    outcome = "was stopped" if deployment.get("status") == "Stopped" else "failed"
    information = deployment.get("errorInformation") or {}
    if information:
        detail = ": ".join(str(information[key]) for key in ("code", "message") if information.get(key))
        parts = [sentence(f"{deployment_name(deployment)} {outcome}: {detail}")]
    else:
        parts = [f"{deployment_name(deployment)} {outcome}; CodeDeploy gives no error information."]
    failed = first_event(events, "Failed")
    if failed:
        diagnostics = failed.get("diagnostics") or {}
        detail = ": ".join(str(diagnostics[key]) for key in ("errorCode", "message") if diagnostics.get(key))
        detail = f": {detail}" if detail else ""
        parts.append(sentence(f"Lifecycle event {failed['lifecycleEventName']} failed{detail}"))
        tail = (diagnostics.get("logTail") or "").strip()
        if tail:
            shown = tail if len(tail) <= LOG_TAIL_IN_MESSAGE else "..." + tail[-LOG_TAIL_IN_MESSAGE:]
            parts.append(f"Log tail: {shown}")
    rollback = deployment.get("rollbackInfo") or {}
    if rollback.get("rollbackDeploymentId"):
        detail = f": {rollback['rollbackMessage']}" if rollback.get("rollbackMessage") else ""
        parts.append(sentence(f"CodeDeploy rolls back with deployment {rollback['rollbackDeploymentId']}{detail}"))
    elif rollback.get("rollbackMessage"):
        parts.append(sentence(f"Rollback: {rollback['rollbackMessage']}"))
    return " ".join(parts)


def waiting_reason(deployment: Dict[str, Any], events: List[Dict[str, Any]]) -> str:
    """What an unfinished deployment is at, as the end of a sentence: its status and the lifecycle event running."""
    reason = f"its status is {deployment.get('status')}"
    running = first_event(events, "InProgress")
    if running:
        since = running.get("startTime")
        since = f" since {jsonable(since)}" if since else ""
        reason += f" and lifecycle event {running['lifecycleEventName']} is in progress{since}"
    if deployment.get("status") == "Ready":
        reason += (
            ": CodeDeploy waits for the traffic to be rerouted to the replacement tasks by hand"
            " (ContinueDeployment with deploymentWaitType READY_WAIT, or Reroute traffic in the console),"
            " or for the wait time of the deployment group's blue/green configuration to run out"
        )
    return reason
