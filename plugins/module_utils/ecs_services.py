# -*- coding: utf-8 -*-

# Copyright: seed.aws_platform maintainers
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Reading ECS services, comparing their settings and explaining failed deployments, for the ecs_service module.

The functions take boto3 clients wrapped by ``AnsibleAWSModule.client`` (``aws_retry=True``) and let botocore errors
through: the module knows what it was doing and words the failure.
"""

from typing import Any
from typing import Dict
from typing import List
from typing import Optional
from typing import Tuple

from ansible_collections.amazon.aws.plugins.module_utils.botocore import normalize_boto3_result
from ansible_collections.amazon.aws.plugins.module_utils.tagging import boto3_tag_list_to_ansible_dict
from ansible_collections.amazon.aws.plugins.module_utils.transformation import boto3_resource_to_ansible_dict

# Seconds between two DescribeServices calls while waiting, as botocore's services_stable waiter.
WAIT_DELAY = 15
# How many service events and stopped tasks a failure reports: the newest, enough to see a pattern.
EVENT_COUNT = 5
STOPPED_TASK_COUNT = 5
FARGATE_PROVIDERS = ("FARGATE", "FARGATE_SPOT")


def describe_service(client, cluster: str, name: str) -> Optional[Dict[str, Any]]:
    """The service as DescribeServices(include=[TAGS]) has it, whatever its status, or None when ECS has none."""
    found = client.describe_services(aws_retry=True, cluster=cluster, services=[name], include=["TAGS"])
    return next(iter(found["services"]), None)


def is_absent(service: Optional[Dict[str, Any]]) -> bool:
    """ECS keeps a deleted service, INACTIVE, for a while; it is gone all the same."""
    return service is None or service["status"] == "INACTIVE"


def controller(service: Dict[str, Any]) -> str:
    return (service.get("deploymentController") or {}).get("type", "ECS")


def service_tags(service: Dict[str, Any]) -> Dict[str, str]:
    return boto3_tag_list_to_ansible_dict(service.get("tags") or [])


# --- comparison keys: what AWS may report in another order or form, reduced to what matters ------------------


def task_definition_ref(value: Optional[str]) -> Optional[str]:
    """``family:revision`` of a task definition given by ARN or by ``family:revision``.

    A service can only use task definitions of its own account and region, so the rest of the ARN tells nothing.
    """
    if not value:
        return value
    return value.split(":task-definition/", 1)[-1]


def awsvpc_key(configuration: Optional[Dict[str, Any]], compare_security_groups: bool = True) -> Tuple[Any, ...]:
    """(subnets, security groups, assignPublicIp) of a networkConfiguration, the ID lists as sets."""
    awsvpc = (configuration or {}).get("awsvpcConfiguration") or {}
    groups = frozenset(awsvpc.get("securityGroups") or []) if compare_security_groups else None
    return frozenset(awsvpc.get("subnets") or []), groups, awsvpc.get("assignPublicIp", "DISABLED")


def load_balancer_key(load_balancers: Optional[List[Dict[str, Any]]], with_target_group: bool = True) -> frozenset:
    """The load balancers as a set of (target group, container, port); without the target group if told so."""
    return frozenset(
        (lb.get("targetGroupArn") if with_target_group else None, lb.get("containerName"), lb.get("containerPort"))
        for lb in load_balancers or []
    )


def strategy_key(strategy: Optional[List[Dict[str, Any]]]) -> frozenset:
    """A capacity provider strategy as a set of (provider, weight, base); AWS takes a missing weight or base as 0."""
    return frozenset(
        (item["capacityProvider"], item.get("weight") or 0, item.get("base") or 0) for item in strategy or []
    )


def uses_fargate(launch_type: Optional[str], strategy: Optional[List[Dict[str, Any]]]) -> bool:
    if strategy:
        return all(item["capacityProvider"] in FARGATE_PROVIDERS for item in strategy)
    return launch_type == "FARGATE"


# --- deployments and diagnostics ----------------------------------------------------------------------------


def primary_deployment(service: Optional[Dict[str, Any]]) -> Optional[Dict[str, Any]]:
    return next((item for item in (service or {}).get("deployments") or [] if item.get("status") == "PRIMARY"), None)


def rollout(service: Dict[str, Any], deployment_id: Optional[str]) -> Tuple[str, Optional[Dict[str, Any]]]:
    """Where deployment ``deployment_id`` (None: the PRIMARY one) of ``service`` is, and that deployment.

    The state is COMPLETED (done, its tasks all running, no other deployment still rolling out), IN_PROGRESS,
    FAILED, or REPLACED when another deployment became PRIMARY, as a circuit breaker rollback does: the primary
    deployment then completes with the old task definition, which is no success.
    """
    primary = primary_deployment(service)
    deployments = service.get("deployments") or []
    tracked = (
        next((item for item in deployments if item.get("id") == deployment_id), None) if deployment_id else primary
    )
    if tracked is not None and tracked.get("rolloutState") == "FAILED":
        return "FAILED", tracked
    if primary is None:
        # ECS has not reported the deployment yet.
        return "IN_PROGRESS", tracked
    if tracked is None or tracked.get("id") != primary.get("id"):
        return "REPLACED", tracked or primary
    others_rolling = any(
        item.get("rolloutState") == "IN_PROGRESS" for item in deployments if item.get("id") != tracked.get("id")
    )
    running = tracked.get("runningCount", 0) >= tracked.get("desiredCount", 0)
    if tracked.get("rolloutState") == "COMPLETED" and not others_rolling and running:
        return "COMPLETED", tracked
    return "IN_PROGRESS", tracked


def newest_first(items: List[Dict[str, Any]], *keys: str) -> List[Dict[str, Any]]:
    """``items`` sorted on the first of the timestamp ``keys`` each has, newest first, those without any last."""

    def when(item: Dict[str, Any]) -> Tuple[bool, Any]:
        stamp = next((item[key] for key in keys if item.get(key) is not None), None)
        return stamp is not None, stamp

    return sorted(items, key=when, reverse=True)


def recent_events(service: Dict[str, Any], count: int = EVENT_COUNT) -> List[Dict[str, Any]]:
    """The newest ``count`` service events, newest first, as {id, created_at, message}."""
    events = newest_first(service.get("events") or [], "createdAt")[:count]
    return [boto3_resource_to_ansible_dict(event, force_tags=False) for event in events]


def stopped_task_summaries(
    tasks: List[Dict[str, Any]], deployment_id: Optional[str], count: int = STOPPED_TASK_COUNT
) -> List[Dict[str, Any]]:
    """Why the newest stopped tasks stopped, those of deployment ``deployment_id`` when there are some.

    The tasks of earlier deployments a rolling update stops on purpose would only hide the failing ones.
    """
    own = [task for task in tasks if deployment_id and task.get("startedBy") == deployment_id]
    tasks = newest_first(own or tasks, "stoppedAt", "createdAt")[:count]
    summaries = [
        dict(
            task_arn=task.get("taskArn"),
            task_definition_arn=task.get("taskDefinitionArn"),
            stopped_at=task.get("stoppedAt"),
            stop_code=task.get("stopCode"),
            stopped_reason=task.get("stoppedReason"),
            containers=[
                dict(name=container.get("name"), exit_code=container.get("exitCode"), reason=container.get("reason"))
                for container in task.get("containers") or []
            ],
        )
        for task in tasks
    ]
    return normalize_boto3_result(summaries)


def list_stopped_tasks(client, cluster: str, name: str) -> List[Dict[str, Any]]:
    """The service's STOPPED tasks ECS still remembers (about an hour), from one page of ListTasks."""
    arns = client.list_tasks(
        aws_retry=True, cluster=cluster, serviceName=name, desiredStatus="STOPPED", maxResults=100
    )["taskArns"]
    if not arns:
        return []
    return client.describe_tasks(aws_retry=True, cluster=cluster, tasks=arns)["tasks"]


def diagnostics_text(diagnostics: Dict[str, Any], stopped_tasks_error: Optional[str] = None) -> str:
    """The diagnostics as sentences for a failure message; ``stopped_tasks_error`` says why there are no tasks."""
    parts = []
    if diagnostics.get("rollout_state_reason"):
        parts.append(f"Rollout state reason: {diagnostics['rollout_state_reason']}")
    events = diagnostics.get("events") or []
    if events:
        parts.append(
            "Last service events, newest first: "
            + " | ".join(f"{event.get('created_at', '')} {event.get('message', '')}".strip() for event in events)
        )
    tasks = diagnostics.get("stopped_tasks") or []
    if tasks:
        described = []
        for task in tasks:
            containers = ", ".join(
                f"{container['name']} exit code {container['exit_code']}"
                + (f" ({container['reason']})" if container.get("reason") else "")
                for container in task["containers"]
            )
            described.append(
                f"{task['task_arn']}: {task.get('stop_code') or 'stopped'}: {task.get('stopped_reason') or 'no reason given'}"
                + (f"; containers: {containers}" if containers else "")
            )
        parts.append("Stopped tasks: " + " | ".join(described))
    elif stopped_tasks_error:
        parts.append(f"The stopped tasks could not be read: {stopped_tasks_error}")
    else:
        parts.append("No stopped task of the service is known to ECS.")
    return ". ".join(part.rstrip(".") for part in parts) + "."


def normalize_service(service: Optional[Dict[str, Any]], tags: Optional[Dict[str, str]] = None) -> Dict[str, Any]:
    """The snake_cased service the module returns, tags as a dict (``tags`` when given), or an empty dict."""
    if not service:
        return {}
    service = dict(service, tags=service_tags(service) if tags is None else tags)
    service.pop("ResponseMetadata", None)
    return boto3_resource_to_ansible_dict(service, transform_tags=False, force_tags=False, ignore_list=["tags"])


def normalize_deployment(deployment: Optional[Dict[str, Any]]) -> Dict[str, Any]:
    if not deployment:
        return {}
    return boto3_resource_to_ansible_dict(deployment, force_tags=False)
