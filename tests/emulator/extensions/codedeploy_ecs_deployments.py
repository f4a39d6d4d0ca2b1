"""CodeDeploy blue/green deployments of ECS services: they progress, move the load balancer's traffic, update the
service, fail, stop and roll back as on AWS, on a compressed, deterministic timeline.

moto 5.2.1 records a deployment and leaves it ``Created`` for ever; it has no StopDeployment, ContinueDeployment,
ListDeploymentTargets, BatchGetDeploymentTargets or GetDeploymentTarget (HTTP 500), so nothing that waits for a
deployment can be tested. Here a deployment of a deployment group of an ``ECS`` application advances one step every
``SEED_EMULATOR_CODEDEPLOY_STEP_SECONDS`` seconds (default 1; read from the server's environment whenever a deployment
is evaluated). There is no background thread: a deployment is evaluated when something reads it (GetDeployment,
BatchGetDeployments, ListDeployments, the deployment target calls, GetDeploymentGroup, CreateDeployment in its group)
or reads what it changes (ELBv2 DescribeListeners and DescribeRules, ECS DescribeServices), and then takes every step
that has come due, each stamped with the time it was due.

The timeline, step by step: ``Created``; ``InProgress`` with BeforeInstall ``InProgress``; then at each step the
lifecycle event in progress ends and the next one starts, in AWS's order BeforeInstall, Install, AfterInstall,
AllowTestTraffic, AfterAllowTestTraffic, BeforeAllowTraffic, AllowTraffic, AfterAllowTraffic. The group's
``deploymentReadyOption`` holds the deployment ``Ready`` after AfterAllowTestTraffic: with ``STOP_DEPLOYMENT`` until
ContinueDeployment (it never times out here), with ``CONTINUE_DEPLOYMENT`` and ``waitTimeInMinutes`` > 0 for one step.
``terminateBlueInstancesOnDeploymentSuccess`` with ``terminationWaitTimeInMinutes`` > 0 keeps it ``InProgress`` one
step after the last event (``instanceTerminationWaitTimeStarted: true``; ContinueDeployment ``TERMINATION_WAIT`` ends
it at once). Then ``Succeeded``: nine steps without waits. Traffic shifting of linear and canary configurations is
compressed into the AllowTraffic step too.

What the events do: Install reads the AppSpec (revision ``AppSpecContent`` or ``String``, JSON or YAML, or ``S3`` from
moto's S3), checks the group's ECS service (exists, ``CODE_DEPLOY`` controller), the AppSpec's task definition and
container, and the group's target group pair: the original target group is the one of the pair the production listener
forwards to, the replacement the other. AllowTestTraffic rewrites the test listeners' default actions and rules, and
AllowTraffic the production listeners': every forward to the original target group forwards to the replacement one
(a weighted forward to both has its two target groups swapped, weights and all). From AllowTraffic the ECS service's
``taskDefinition`` is the AppSpec's. Hook events (BeforeInstall, AfterInstall, AfterAllowTestTraffic,
BeforeAllowTraffic, AfterAllowTraffic) look the AppSpec's hook function up in moto's Lambda: a function that exists
succeeds (the emulator runs no code), a missing one fails the event.

Failures: at every step, an alarm of the group's ``alarmConfiguration`` (or the deployment's
``overrideAlarmConfiguration``) in ``ALARM`` in moto's CloudWatch stops the deployment (``Stopped``, ``ALARM_ACTIVE``);
a missing hook function fails it (``Failed``, ``HOOK_EXECUTION_FAILURE``, the event's diagnostics ``UnknownError``);
Install fails it with ``INVALID_REVISION``, ``INVALID_ECS_SERVICE``, ``ECS_UPDATE_ERROR`` (a task definition or
container ECS does not have) or ``MISSING_ELB_INFORMATION``/``ELASTIC_LOAD_BALANCING_INVALID``. The event in progress
is ``Failed``, the later ones ``Skipped``. StopDeployment stops it (``MANUAL_STOP``). A rollback (the deployment's or
else the group's ``autoRollbackConfiguration`` names the event: DEPLOYMENT_FAILURE, DEPLOYMENT_STOP_ON_ALARM,
DEPLOYMENT_STOP_ON_REQUEST; StopDeployment's ``autoRollbackEnabled`` overrides the last) puts the listeners' actions
and the service's task definition back as they were and, as AWS does, records a rollback deployment (creator
``codeDeployRollback``, ``CodeDeployDefault.ECSAllAtOnce``, ``Succeeded`` at once) linked both ways by ``rollbackInfo``.

A group has one active deployment at a time: CreateDeployment meanwhile answers AWS's DeploymentLimitExceededException
("The Deployment Group '...' already has an active Deployment '...'"). Deployment IDs have AWS's form ``d-XXXXXXXXX``.

Not done: deployments of ``Server`` and ``Lambda`` applications (they stay ``Created``, as in moto), running hook
functions or PutLifecycleEventHookExecutionStatus, gradual weights, the ``STOP_DEPLOYMENT`` timeout, real ECS task sets
(``taskSetsInfo`` is made up from the service's desired count), ``ignorePollAlarmFailure`` (a missing alarm is just not
in ``ALARM``), and evaluating alarms at the past time a step was due (their state when the deployment is read counts).
"""

import copy
import functools
import hashlib
import json
import os
import string
import threading
import time
from typing import Any

import yaml
from moto.awslambda.models import lambda_backends
from moto.cloudwatch.models import cloudwatch_backends
from moto.codedeploy.exceptions import CodeDeployException
from moto.codedeploy.models import CodeDeployBackend
from moto.codedeploy.models import DeploymentGroup
from moto.codedeploy.models import DeploymentInfo
from moto.codedeploy.models import codedeploy_backends
from moto.codedeploy.responses import CodeDeployResponse
from moto.ecs.models import EC2ContainerServiceBackend
from moto.ecs.models import ecs_backends
from moto.elbv2.models import ELBv2Backend
from moto.elbv2.models import FakeAction
from moto.elbv2.models import elbv2_backends
from moto.moto_api._internal import mock_random
from moto.s3.models import s3_backends

from tests.emulator.extensions.codedeploy_deployment_groups import ECS_DEPLOYMENT_STYLE
from tests.emulator.extensions.codedeploy_deployment_groups import epoch
from tests.emulator.extensions.codedeploy_deployment_groups import group_deployments

STEP_SETTING = "SEED_EMULATOR_CODEDEPLOY_STEP_SECONDS"
DEFAULT_STEP_SECONDS = 1.0
EVENTS = (
    "BeforeInstall",
    "Install",
    "AfterInstall",
    "AllowTestTraffic",
    "AfterAllowTestTraffic",
    "BeforeAllowTraffic",
    "AllowTraffic",
    "AfterAllowTraffic",
)
HOOKS = ("BeforeInstall", "AfterInstall", "AfterAllowTestTraffic", "BeforeAllowTraffic", "AfterAllowTraffic")
ACTIVE = ("Created", "Queued", "InProgress", "Baking", "Ready")
ROLLBACK_CONFIG = "CodeDeployDefault.ECSAllAtOnce"
ALARM_MESSAGE = (
    "One or more alarms have been activated according to the Amazon CloudWatch metrics you selected, and the affected "
    "deployments have been stopped. Activated alarms: {}"
)
HOOK_MESSAGE = "The deployment failed because one or more of the lifecycle event validation functions failed."
MANUAL_STOP_MESSAGE = "The deployment was stopped manually."
STOP_ANSWER = {
    "status": "Pending",
    "statusMessage": "Stopping Pending. Stopping to schedule commands in the deployment instances",
}
# One lock for all deployments: the server is threaded, and evaluating a deployment changes ELBv2 and ECS too.
LOCK = threading.RLock()


def exception(name: str):
    """A CodeDeploy error moto lacks, answered as HTTP 400 with AWS's error code."""

    class Error(CodeDeployException):
        code = 400

        def __init__(self, message: str):
            super().__init__(name, message)

    Error.__name__ = name
    return Error


DeploymentLimitExceededException = exception("DeploymentLimitExceededException")
DeploymentAlreadyCompletedException = exception("DeploymentAlreadyCompletedException")
DeploymentIsNotInReadyStateException = exception("DeploymentIsNotInReadyStateException")
DeploymentNotStartedException = exception("DeploymentNotStartedException")
DeploymentTargetDoesNotExistException = exception("DeploymentTargetDoesNotExistException")
DeploymentTargetIdRequiredException = exception("DeploymentTargetIdRequiredException")
DeploymentIdRequiredException = exception("DeploymentIdRequiredException")
InvalidDeploymentWaitTypeException = exception("InvalidDeploymentWaitTypeException")
InvalidRevisionException = exception("InvalidRevisionException")
RevisionRequiredException = exception("RevisionRequiredException")
UnsupportedActionForDeploymentTypeException = exception("UnsupportedActionForDeploymentTypeException")


class Failure(Exception):
    """A lifecycle event failed: the deployment's errorInformation, and the event's diagnostics if any."""

    def __init__(self, code: str, message: str, diagnostics: dict[str, str] | None = None):
        super().__init__(message)
        self.code, self.message, self.diagnostics = code, message, diagnostics


class Run:
    """The simulated progress of one ECS deployment, kept on its DeploymentInfo (so a reset forgets it with moto's)."""

    def __init__(self, created_at: float, step: float):
        self.events = [{"lifecycleEventName": name, "status": "Pending"} for name in EVENTS]
        self.current: int | None = None  # index of the event in progress
        self.next_at = created_at + step  # when the next step is due
        self.hold = False  # Ready until ContinueDeployment
        self.termination_wait = False
        self.termination_started = False
        self.target_status = "Pending"
        self.last_updated = created_at
        self.appspec: dict[str, Any] | None = None
        self.original_tg: dict[str, str] | None = None  # {name, arn}
        self.replacement_tg: dict[str, str] | None = None
        self.original_td: str | None = None
        self.new_td: str | None = None
        self.green_created = False
        self.traffic_shifted = False
        self.service_changed = False
        # (listener ARN, rule ARN or None for the default actions) -> the actions' data before this deployment.
        self.snapshots: dict[tuple[str, str | None], list[dict[str, Any]]] = {}
        self.error: dict[str, str] | None = None
        self.rollback_info: dict[str, str] | None = None
        self.previous_revision: dict[str, Any] | None = None
        self.blue_id = f"ecs-svc/{mock_random.randint(10**18, 10**19 - 1)}"
        self.green_id = f"ecs-svc/{mock_random.randint(10**18, 10**19 - 1)}"


def step_seconds() -> float:
    try:
        return max(float(os.environ.get(STEP_SETTING, DEFAULT_STEP_SECONDS)), 0.0)
    except ValueError:
        return DEFAULT_STEP_SECONDS


def run_of(deployment: DeploymentInfo) -> Run | None:
    return getattr(deployment, "seed_ecs", None)


def is_ecs(group: DeploymentGroup) -> bool:
    return group.application.compute_platform == "ECS"


# --- reading what the deployment works on ---------------------------------------------------------------------------


def ecs_service_ref(group: DeploymentGroup) -> tuple[str, str]:
    service = (group.ecs_services or [{}])[0]
    return (service.get("clusterName") or "").split("/")[-1], (service.get("serviceName") or "").split("/")[-1]


def ecs_service(backend: CodeDeployBackend, group: DeploymentGroup):
    cluster, name = ecs_service_ref(group)
    return ecs_backends[backend.account_id][backend.region_name].services.get(f"{cluster}:{name}")


def service_arn(backend: CodeDeployBackend, group: DeploymentGroup) -> str:
    service = ecs_service(backend, group)
    if service is not None:
        return service.arn
    cluster, name = ecs_service_ref(group)
    return f"arn:aws:ecs:{backend.region_name}:{backend.account_id}:service/{cluster}/{name}"


def find_task_definition(backend: CodeDeployBackend, wanted: str):
    """The task definition named by ARN, ``family:revision`` or ``family`` (its latest revision), or None. Read from
    moto's dictionary, not through ECS calls that other extensions may wrap with locks of their own."""
    family, _sep, revision = wanted.split(":task-definition/")[-1].partition(":")
    revisions = ecs_backends[backend.account_id][backend.region_name].task_definitions.get(family) or {}
    if not revision:
        return revisions[max(revisions)] if revisions else None
    return revisions.get(int(revision)) if revision.isdigit() else None


def read_appspec(backend: CodeDeployBackend, revision: dict[str, Any]) -> dict[str, Any]:
    kind = revision.get("revisionType")
    if kind == "AppSpecContent":
        content = (revision.get("appSpecContent") or {}).get("content")
    elif kind == "String":
        content = (revision.get("string") or {}).get("content")
    elif kind == "S3":
        location = revision.get("s3Location") or {}
        try:
            key = s3_backends[backend.account_id]["aws"].get_object(location.get("bucket"), location.get("key"))
        except Exception:  # noqa: BLE001 - moto raises MissingBucket and friends; AWS answers one code for all
            key = None
        if key is None:
            raise Failure(
                "REVISION_MISSING", f"The revision s3://{location.get('bucket')}/{location.get('key')} does not exist."
            )
        content = key.value.decode()
    else:
        raise Failure("INVALID_REVISION", f"The revision type {kind} is not supported for Amazon ECS deployments.")
    try:
        document = json.loads(content)
    except (TypeError, ValueError):
        try:
            document = yaml.safe_load(content or "")
        except yaml.YAMLError as error:
            raise Failure("INVALID_REVISION", f"The AppSpec file cannot be parsed: {error}") from None
    try:
        [resource] = document["Resources"][:1]
        [target] = list(resource.values())[:1]
        properties = target["Properties"]
        if not properties["TaskDefinition"]:
            raise KeyError("TaskDefinition")
    except (KeyError, TypeError, ValueError, AttributeError):
        raise Failure(
            "INVALID_REVISION",
            "The AppSpec file is not valid for an Amazon ECS deployment: Resources[0] must name a TargetService "
            "with Properties.TaskDefinition.",
        ) from None
    return {"properties": properties, "hooks": document.get("Hooks") or []}


def appspec(backend: CodeDeployBackend, deployment: DeploymentInfo, run: Run) -> dict[str, Any]:
    if run.appspec is None:
        run.appspec = read_appspec(backend, deployment.revision or {})
    return run.appspec


def target_group_pair(group: DeploymentGroup) -> dict[str, Any]:
    pairs = (group.load_balancer_info or {}).get("targetGroupPairInfoList") or []
    if (
        not pairs
        or len(pairs[0].get("targetGroups") or []) != 2
        or not (pairs[0].get("prodTrafficRoute") or {}).get("listenerArns")
    ):
        raise Failure(
            "MISSING_ELB_INFORMATION",
            "The deployment group needs loadBalancerInfo.targetGroupPairInfoList with two target groups and a "
            "production listener for an Amazon ECS blue/green deployment.",
        )
    return pairs[0]


def find_listener(elbv2: ELBv2Backend, listener_arn: str):
    for load_balancer in elbv2.load_balancers.values():
        if listener_arn in load_balancer.listeners:
            return load_balancer.listeners[listener_arn]
    raise Failure("ELASTIC_LOAD_BALANCING_INVALID", f"The listener {listener_arn} does not exist.")


def rule_action_lists(listener) -> list[tuple[str | None, list[FakeAction]]]:
    """Every action list of a listener: its default actions (rule None) and each rule's."""
    return [(None, listener.default_actions)] + [
        (arn, rule.actions) for arn, rule in listener._non_default_rules.items()
    ]


def forwards(action: dict[str, Any]) -> dict[str, float]:
    """Target group ARN -> weight of a forward action."""
    if action.get("Type") != "forward":
        return {}
    entries = (action.get("ForwardConfig") or {}).get("TargetGroups") or []
    weights = {entry["TargetGroupArn"]: float(entry.get("Weight", 1)) for entry in entries}
    if action.get("TargetGroupArn") and action["TargetGroupArn"] not in weights:
        weights[action["TargetGroupArn"]] = 1.0
    return weights


def redirect(action: dict[str, Any], original: str, replacement: str) -> dict[str, Any] | None:
    """The action forwarding to ``replacement`` where it forwarded to ``original`` (None if it did not): a weighted
    forward to both has the two swapped, so the weights move with them."""
    weights = forwards(action)
    if original not in weights:
        return None
    swap = {original: replacement, replacement: original} if replacement in weights else {original: replacement}
    changed = copy.deepcopy(action)
    if changed.get("TargetGroupArn") in swap:
        changed["TargetGroupArn"] = swap[changed["TargetGroupArn"]]
    for entry in (changed.get("ForwardConfig") or {}).get("TargetGroups") or []:
        entry["TargetGroupArn"] = swap.get(entry["TargetGroupArn"], entry["TargetGroupArn"])
    return changed


def set_actions(listener, rule_arn: str | None, datas: list[dict[str, Any]]) -> None:
    actions = [FakeAction(copy.deepcopy(data)) for data in datas]
    if rule_arn is None:
        # moto keeps the default actions twice: on the listener and on its default rule.
        listener.default_actions = actions
        listener._default_rule[0].actions = actions
    elif rule_arn in listener._non_default_rules:
        listener._non_default_rules[rule_arn].actions = actions


def refresh_load_balancer_arns(elbv2: ELBv2Backend, target_group_arns: list[str]) -> None:
    """A target group's LoadBalancerArns: the load balancers whose listeners forward to it."""
    for arn in target_group_arns:
        target_group = elbv2.target_groups.get(arn)
        if target_group is None:
            continue
        target_group.load_balancer_arns = [
            load_balancer.arn
            for load_balancer in elbv2.load_balancers.values()
            if any(
                arn in forwards(action.data)
                for listener in load_balancer.listeners.values()
                for _rule, actions in rule_action_lists(listener)
                for action in actions
            )
        ]


# --- the lifecycle events -------------------------------------------------------------------------------------------


def run_hook(backend: CodeDeployBackend, deployment: DeploymentInfo, run: Run, event: str) -> None:
    try:
        hooks = appspec(backend, deployment, run)["hooks"]
    except Failure:
        return  # an AppSpec that cannot be read fails Install, the first event that needs it
    function = next((hook[event] for hook in hooks if isinstance(hook, dict) and event in hook), None)
    if not function:
        return
    try:
        lambda_backends[backend.account_id][backend.region_name].get_function(function)
    except Exception as error:  # noqa: BLE001 - UnknownFunctionException and the like: the function cannot be invoked
        message = getattr(error, "message", None) or str(error)
        raise Failure(
            "HOOK_EXECUTION_FAILURE",
            HOOK_MESSAGE,
            {
                "errorCode": "UnknownError",
                "message": f"Failed to invoke the lifecycle event hook function {function}: {message}",
            },
        ) from None


def install(backend: CodeDeployBackend, deployment: DeploymentInfo, run: Run) -> None:
    """The replacement task set: the AppSpec, the service, the task definition and the target group pair."""
    group = deployment.deployment_group
    properties = appspec(backend, deployment, run)["properties"]
    cluster, name = ecs_service_ref(group)
    service = ecs_service(backend, group)
    if service is None or service.status != "ACTIVE":
        raise Failure("INVALID_ECS_SERVICE", f"The ECS service {name} does not exist in cluster {cluster}.")
    if (service.deployment_controller or {}).get("type") != "CODE_DEPLOY":
        raise Failure(
            "INVALID_ECS_SERVICE",
            f"The ECS service {name} in cluster {cluster} does not use the CODE_DEPLOY deployment controller.",
        )
    wanted = str(properties["TaskDefinition"])
    task_definition = find_task_definition(backend, wanted)
    if task_definition is None:
        raise Failure(
            "ECS_UPDATE_ERROR",
            f"The ECS service cannot be updated due to an unexpected error: TaskDefinition not found: {wanted} "
            "(Service: AmazonECS; Status Code: 400; Error Code: ClientException)",
        )
    container = (properties.get("LoadBalancerInfo") or {}).get("ContainerName")
    if container and container not in [definition.get("name") for definition in task_definition.container_definitions]:
        raise Failure(
            "ECS_UPDATE_ERROR",
            f"The ECS service cannot be updated due to an unexpected error: The container {container} does not exist "
            f"in the task definition {task_definition.arn}. (Service: AmazonECS; Status Code: 400; "
            "Error Code: InvalidParameterException)",
        )
    pair = target_group_pair(group)
    elbv2 = elbv2_backends[backend.account_id][backend.region_name]
    by_name = {target_group.name: target_group for target_group in elbv2.target_groups.values()}
    names = [item.get("name") for item in pair["targetGroups"]]
    missing = [name for name in names if name not in by_name]
    if missing:
        raise Failure("ELASTIC_LOAD_BALANCING_INVALID", f"The target group {missing[0]} does not exist.")
    weights: dict[str, float] = {}
    for listener_arn in pair["prodTrafficRoute"]["listenerArns"]:
        for _rule, actions in rule_action_lists(find_listener(elbv2, listener_arn)):
            for action in actions:
                for arn, weight in forwards(action.data).items():
                    weights[arn] = weights.get(arn, 0.0) + weight
    serving = [name for name in names if weights.get(by_name[name].arn, 0.0) > 0]
    if not serving:
        raise Failure(
            "ELASTIC_LOAD_BALANCING_INVALID",
            f"The production listener does not forward to either target group of the pair ({', '.join(names)}).",
        )
    original = max(serving, key=lambda name: weights[by_name[name].arn])
    replacement = next(name for name in names if name != original)
    run.original_tg = {"name": original, "arn": by_name[original].arn}
    run.replacement_tg = {"name": replacement, "arn": by_name[replacement].arn}
    run.original_td, run.new_td = service.task_definition, task_definition.arn
    run.green_created = True


def shift(backend: CodeDeployBackend, deployment: DeploymentInfo, run: Run, route: str) -> None:
    """Point the listeners of ``route`` (testTrafficRoute, prodTrafficRoute) at the replacement target group."""
    group = deployment.deployment_group
    pair = target_group_pair(group)
    elbv2 = elbv2_backends[backend.account_id][backend.region_name]
    for listener_arn in (pair.get(route) or {}).get("listenerArns") or []:
        listener = find_listener(elbv2, listener_arn)
        for rule_arn, actions in rule_action_lists(listener):
            datas = [action.data for action in actions]
            changed = [redirect(data, run.original_tg["arn"], run.replacement_tg["arn"]) for data in datas]
            if not any(changed):
                continue
            run.snapshots.setdefault((listener_arn, rule_arn), copy.deepcopy(datas))
            set_actions(listener, rule_arn, [new or old for new, old in zip(changed, datas)])
    refresh_load_balancer_arns(elbv2, [run.original_tg["arn"], run.replacement_tg["arn"]])
    if route == "prodTrafficRoute":
        # The replacement task set is primary from now on: DescribeServices shows the released task definition.
        service = ecs_service(backend, group)
        if service is not None:
            service.task_definition = run.new_td
            run.service_changed = True
        run.traffic_shifted = True


def complete_event(backend: CodeDeployBackend, deployment: DeploymentInfo, run: Run, event: str) -> None:
    if event in HOOKS:
        run_hook(backend, deployment, run, event)
    if event == "Install":
        install(backend, deployment, run)
    elif event == "AllowTestTraffic":
        shift(backend, deployment, run, "testTrafficRoute")
    elif event == "AllowTraffic":
        shift(backend, deployment, run, "prodTrafficRoute")


# --- the timeline ---------------------------------------------------------------------------------------------------


def start_event(run: Run, index: int, at: float) -> None:
    run.current = index
    run.events[index].update(status="InProgress", startTime=at)


def active_alarms(backend: CodeDeployBackend, deployment: DeploymentInfo) -> list[str]:
    override = deployment.override_alarm_configuration
    config = override if override is not None else deployment.deployment_group.alarm_configuration
    if not isinstance(config, dict) or not config.get("enabled"):
        return []
    alarms = cloudwatch_backends[backend.account_id][backend.region_name].alarms
    names = [alarm.get("name") for alarm in config.get("alarms") or []]
    return [name for name in names if name in alarms and alarms[name].state_value == "ALARM"]


def rollback_wanted(deployment: DeploymentInfo, event: str, requested: bool | None = None) -> bool:
    if requested is not None:
        return requested
    config = deployment.auto_rollback_configuration or deployment.deployment_group.auto_rollback_configuration or {}
    return bool(config.get("enabled")) and event in (config.get("events") or [])


def ready_wait(group: DeploymentGroup) -> str | None:
    """After AfterAllowTestTraffic: 'hold' (until ContinueDeployment), 'step' (one step) or None."""
    option = (group.blue_green_deployment_configuration or {}).get("deploymentReadyOption") or {}
    if option.get("actionOnTimeout") == "STOP_DEPLOYMENT":
        return "hold"
    if option.get("actionOnTimeout") == "CONTINUE_DEPLOYMENT" and int(option.get("waitTimeInMinutes") or 0) > 0:
        return "step"
    return None


def termination_wait(group: DeploymentGroup) -> bool:
    option = (group.blue_green_deployment_configuration or {}).get("terminateBlueInstancesOnDeploymentSuccess") or {}
    return option.get("action", "TERMINATE") == "TERMINATE" and int(option.get("terminationWaitTimeInMinutes") or 0) > 0


def succeed(deployment: DeploymentInfo, run: Run, at: float) -> None:
    deployment.status, deployment.complete_time = "Succeeded", at
    run.target_status, run.termination_wait, run.current, run.last_updated = "Succeeded", False, None, at


def end(
    backend: CodeDeployBackend,
    deployment: DeploymentInfo,
    run: Run,
    at: float,
    status: str,
    code: str,
    message: str,
    rollback_event: str,
    diagnostics: dict[str, str] | None = None,
    requested: bool | None = None,
) -> None:
    """Stop or fail the deployment at ``at``: the event in progress fails, the later ones are skipped."""
    if run.current is not None:
        event = run.events[run.current]
        event.update(status="Failed", endTime=at)
        if diagnostics:
            event["diagnostics"] = diagnostics
    for event in run.events:
        if event["status"] == "Pending":
            event["status"] = "Skipped"
    deployment.status, deployment.complete_time = status, at
    run.error = {"code": code, "message": message}
    run.target_status, run.termination_wait, run.hold, run.current, run.last_updated = "Failed", False, False, None, at
    if rollback_wanted(deployment, rollback_event, requested):
        roll_back(backend, deployment, run, at)


def roll_back(backend: CodeDeployBackend, deployment: DeploymentInfo, run: Run, at: float) -> None:
    """The listeners' actions and the service's task definition as they were; a rollback deployment, as AWS records."""
    elbv2 = elbv2_backends[backend.account_id][backend.region_name]
    for (listener_arn, rule_arn), datas in run.snapshots.items():
        try:
            set_actions(find_listener(elbv2, listener_arn), rule_arn, datas)
        except Failure:
            continue  # the listener is gone: nothing to put back
    if run.original_tg and run.replacement_tg:
        refresh_load_balancer_arns(elbv2, [run.original_tg["arn"], run.replacement_tg["arn"]])
    service = ecs_service(backend, deployment.deployment_group)
    if run.service_changed and service is not None:
        service.task_definition = run.original_td
    run.snapshots, run.service_changed, run.traffic_shifted, run.green_created = {}, False, False, False
    group = deployment.deployment_group
    if backend.deployment_groups.get(deployment.application_name, {}).get(group.deployment_group_name) is not group:
        return  # the group was deleted: AWS would have nothing to record the rollback in either
    revision = run.previous_revision or original_revision(run, service)
    rollback_id = CodeDeployBackend.seed_create_deployment(
        backend,
        application_name=deployment.application_name,
        deployment_group_name=group.deployment_group_name,
        revision=revision,
        deployment_config_name=ROLLBACK_CONFIG,
    )
    rollback = backend.deployments[rollback_id]
    rollback_run = Run(at, 0.0)
    rollback_run.previous_revision = run.previous_revision
    for event in rollback_run.events:
        event.update(status="Succeeded", startTime=at, endTime=at)
    rollback_run.target_status = "Succeeded"
    rollback_run.rollback_info = {
        "rollbackTriggeringDeploymentId": deployment.deployment_id,
        "rollbackMessage": f"Deployment {rollback_id} is triggered to roll back deployment {deployment.deployment_id}.",
    }
    rollback.seed_ecs = rollback_run
    rollback.creator = "codeDeployRollback"
    rollback.create_time = rollback.start_time = rollback.complete_time = at
    rollback.status = "Succeeded"
    run.rollback_info = {
        "rollbackDeploymentId": rollback_id,
        "rollbackMessage": f"Deployment {deployment.deployment_id} terminated. Automatic rollback is triggered with a "
        f"DeploymentId {rollback_id}.",
    }


def original_revision(run: Run, service) -> dict[str, Any]:
    """An AppSpec of the task definition the service ran before, for the rollback of a group's first deployment."""
    before = run.original_td or (service.task_definition if service is not None else None)
    properties: dict[str, Any] = {"TaskDefinition": before or ""}
    if run.appspec and run.appspec["properties"].get("LoadBalancerInfo"):
        properties["LoadBalancerInfo"] = run.appspec["properties"]["LoadBalancerInfo"]
    content = json.dumps(
        {"version": 0.0, "Resources": [{"TargetService": {"Type": "AWS::ECS::Service", "Properties": properties}}]}
    )
    return {"revisionType": "AppSpecContent", "appSpecContent": {"content": content}}


def take_step(backend: CodeDeployBackend, deployment: DeploymentInfo, run: Run, at: float) -> None:
    run.last_updated = at
    if deployment.status == "Created":
        deployment.status, deployment.start_time, run.target_status = "InProgress", at, "InProgress"
        start_event(run, 0, at)
        return
    alarms = active_alarms(backend, deployment)
    if alarms:
        message = ALARM_MESSAGE.format(" ".join(f"<{name}>" for name in alarms))
        end(backend, deployment, run, at, "Stopped", "ALARM_ACTIVE", message, "DEPLOYMENT_STOP_ON_ALARM")
        return
    if deployment.status == "Ready":  # CONTINUE_DEPLOYMENT's wait, one step
        deployment.status, run.target_status = "InProgress", "InProgress"
        start_event(run, EVENTS.index("BeforeAllowTraffic"), at)
        return
    if run.termination_wait:
        succeed(deployment, run, at)
        return
    index = run.current
    if index is None:
        return
    try:
        complete_event(backend, deployment, run, EVENTS[index])
    except Failure as failure:
        end(
            backend,
            deployment,
            run,
            at,
            "Failed",
            failure.code,
            failure.message,
            "DEPLOYMENT_FAILURE",
            failure.diagnostics,
        )
        return
    run.events[index].update(status="Succeeded", endTime=at)
    run.current = None
    group = deployment.deployment_group
    if EVENTS[index] == "AfterAllowTestTraffic" and ready_wait(group):
        deployment.status, run.target_status, run.hold = "Ready", "Ready", ready_wait(group) == "hold"
    elif index + 1 < len(EVENTS):
        start_event(run, index + 1, at)
    elif termination_wait(group):
        run.termination_wait = run.termination_started = True
    else:
        succeed(deployment, run, at)


def progress(backend: CodeDeployBackend, deployment: DeploymentInfo, now: float | None = None) -> None:
    """Take every step of the deployment that has come due by ``now``."""
    run = run_of(deployment)
    if run is None:
        return
    now = time.time() if now is None else now
    step = step_seconds()
    with LOCK:
        while deployment.status in ACTIVE and run.next_at <= now:
            if deployment.status == "Ready" and run.hold:
                # Waiting for ContinueDeployment: only the alarms can end it.
                alarms = active_alarms(backend, deployment)
                if alarms:
                    message = ALARM_MESSAGE.format(" ".join(f"<{name}>" for name in alarms))
                    end(backend, deployment, run, now, "Stopped", "ALARM_ACTIVE", message, "DEPLOYMENT_STOP_ON_ALARM")
                break
            at, run.next_at = run.next_at, run.next_at + step
            take_step(backend, deployment, run, at)


def progress_all(backend: CodeDeployBackend, deployments=None) -> None:
    now = time.time()
    with LOCK:
        for deployment in list(backend.deployments.values() if deployments is None else deployments):
            progress(backend, deployment, now)


# --- answers --------------------------------------------------------------------------------------------------------


def with_sha256(revision: dict[str, Any]) -> dict[str, Any]:
    """AWS answers an AppSpecContent or String revision with the content's SHA-256."""
    answered = copy.deepcopy(revision or {})
    for key in ("appSpecContent", "string"):
        if isinstance(answered.get(key), dict) and "content" in answered[key]:
            answered[key].setdefault("sha256", hashlib.sha256(answered[key]["content"].encode()).hexdigest())
    return answered


def deployment_info(self: DeploymentInfo, original) -> dict[str, Any]:
    run = run_of(self)
    if run is None:
        return original(self)
    group = self.deployment_group
    info: dict[str, Any] = {
        "applicationName": self.application_name,
        "deploymentGroupName": self.deployment_group_name,
        "deploymentConfigName": str(self.deployment_config_name),
        "deploymentId": self.deployment_id,
        "revision": with_sha256(self.revision),
        "status": self.status,
        "createTime": epoch(self.create_time),
        "creator": self.creator,
        "ignoreApplicationStopFailures": bool(self.ignore_application_stop_failures),
        "updateOutdatedInstancesOnly": bool(self.update_outdated_instances_only),
        "deploymentStyle": group.deployment_style or ECS_DEPLOYMENT_STYLE,
        "instanceTerminationWaitTimeStarted": run.termination_started,
        "computePlatform": "ECS",
        "deploymentStatusMessages": [],
    }
    if self.status not in ACTIVE:
        # AWS answers no overview while an ECS deployment runs, then the count of its one target.
        overview = dict.fromkeys(("Pending", "InProgress", "Succeeded", "Failed", "Skipped", "Ready"), 0)
        overview[run.target_status] += 1
        info["deploymentOverview"] = overview
    optional = {
        "previousRevision": with_sha256(run.previous_revision) if run.previous_revision else None,
        "errorInformation": run.error,
        "startTime": self.start_time,
        "completeTime": self.complete_time if self.status not in ACTIVE else None,
        "description": self.description,
        "autoRollbackConfiguration": self.auto_rollback_configuration or group.auto_rollback_configuration or None,
        "rollbackInfo": run.rollback_info,
        "blueGreenDeploymentConfiguration": group.blue_green_deployment_configuration or None,
        "loadBalancerInfo": group.load_balancer_info or None,
        "overrideAlarmConfiguration": self.override_alarm_configuration,
    }
    info.update({key: value for key, value in optional.items() if value is not None})
    return info


def target_id(deployment: DeploymentInfo) -> str:
    cluster, name = ecs_service_ref(deployment.deployment_group)
    return f"{cluster}:{name}"


def task_sets(backend: CodeDeployBackend, deployment: DeploymentInfo, run: Run) -> list[dict[str, Any]]:
    service = ecs_service(backend, deployment.deployment_group)
    count = service.desired_count if service is not None else 0

    def task_set(identifier: str, label: str, primary: bool, target_group: dict[str, str] | None) -> dict[str, Any]:
        answer = {
            "identifer": identifier,  # sic: AWS's field name
            "desiredCount": count,
            "pendingCount": 0,
            "runningCount": count,
            "status": "PRIMARY" if primary else "ACTIVE",
            "trafficWeight": 100.0 if primary else 0.0,
            "taskSetLabel": label,
        }
        if target_group:
            answer["targetGroup"] = {"name": target_group["name"]}
        return answer

    if deployment.status == "Succeeded" and run.green_created:
        return [task_set(run.green_id, "Green", True, run.replacement_tg)]
    sets = [task_set(run.blue_id, "Blue", not run.traffic_shifted, run.original_tg)]
    if run.green_created:
        sets.append(task_set(run.green_id, "Green", run.traffic_shifted, run.replacement_tg))
    return sets


def ecs_target(backend: CodeDeployBackend, deployment: DeploymentInfo) -> dict[str, Any]:
    run = run_of(deployment)
    return {
        "deploymentTargetType": "ECSTarget",
        "ecsTarget": {
            "deploymentId": deployment.deployment_id,
            "targetId": target_id(deployment),
            "targetArn": service_arn(backend, deployment.deployment_group),
            "lastUpdatedAt": run.last_updated,
            "lifecycleEvents": [dict(event) for event in run.events],
            "status": run.target_status,
            "taskSetsInfo": task_sets(backend, deployment, run),
        },
    }


def started_deployment(backend: CodeDeployBackend, deployment_id: str | None) -> DeploymentInfo:
    if not deployment_id:
        raise DeploymentIdRequiredException("At least one deployment ID must be specified.")
    deployment = backend.get_deployment(deployment_id)
    if run_of(deployment) is None or deployment.status == "Created":
        raise DeploymentNotStartedException(f"The deployment {deployment_id} has not started.")
    return deployment


def list_deployment_targets_response(self: CodeDeployResponse) -> str:
    with LOCK:
        deployment = started_deployment(self.codedeploy_backend, self._get_param("deploymentId"))
        statuses = (self._get_param("targetFilters") or {}).get("TargetStatus")
        run = run_of(deployment)
        ids = [target_id(deployment)] if not statuses or run.target_status in statuses else []
    return json.dumps({"targetIds": ids})


def targets(backend: CodeDeployBackend, deployment_id: str | None, ids: list[str]) -> list[dict[str, Any]]:
    with LOCK:
        deployment = started_deployment(backend, deployment_id)
        if not ids:
            raise DeploymentTargetIdRequiredException("A deployment target ID was not provided.")
        for wanted in ids:
            if wanted != target_id(deployment):
                raise DeploymentTargetDoesNotExistException(
                    f"The target {wanted} does not belong to the deployment {deployment.deployment_id}."
                )
        return [ecs_target(backend, deployment) for _wanted in ids]


def batch_get_deployment_targets_response(self: CodeDeployResponse) -> str:
    answer = targets(self.codedeploy_backend, self._get_param("deploymentId"), self._get_param("targetIds") or [])
    return json.dumps({"deploymentTargets": answer})


def get_deployment_target_response(self: CodeDeployResponse) -> str:
    wanted = self._get_param("targetId")
    [answer] = targets(self.codedeploy_backend, self._get_param("deploymentId"), [wanted] if wanted else [])
    return json.dumps({"deploymentTarget": answer})


def ecs_deployment(backend: CodeDeployBackend, deployment_id: str | None) -> tuple[DeploymentInfo, Run]:
    if not deployment_id:
        raise DeploymentIdRequiredException("At least one deployment ID must be specified.")
    deployment = backend.get_deployment(deployment_id)
    run = run_of(deployment)
    if run is None:
        raise UnsupportedActionForDeploymentTypeException(
            "The emulator runs deployments of Amazon ECS deployment groups only."
        )
    if deployment.status not in ACTIVE:
        raise DeploymentAlreadyCompletedException(f"The deployment {deployment_id} has already completed.")
    return deployment, run


def stop_deployment_response(self: CodeDeployResponse) -> str:
    backend = self.codedeploy_backend
    requested = self._get_param("autoRollbackEnabled")
    with LOCK:
        deployment, run = ecs_deployment(backend, self._get_param("deploymentId"))
        end(
            backend,
            deployment,
            run,
            time.time(),
            "Stopped",
            "MANUAL_STOP",
            MANUAL_STOP_MESSAGE,
            "DEPLOYMENT_STOP_ON_REQUEST",
            requested=requested,
        )
    return json.dumps(STOP_ANSWER)


def continue_deployment_response(self: CodeDeployResponse) -> str:
    backend = self.codedeploy_backend
    wait_type = self._get_param("deploymentWaitType") or "READY_WAIT"
    if wait_type not in ("READY_WAIT", "TERMINATION_WAIT"):
        raise InvalidDeploymentWaitTypeException(f"The wait type {wait_type} is invalid.")
    with LOCK:
        deployment, run = ecs_deployment(backend, self._get_param("deploymentId"))
        now = time.time()
        if wait_type == "READY_WAIT" and deployment.status == "Ready":
            deployment.status, run.target_status, run.hold, run.last_updated = "InProgress", "InProgress", False, now
            start_event(run, EVENTS.index("BeforeAllowTraffic"), now)
            run.next_at = now + step_seconds()
        elif wait_type == "TERMINATION_WAIT" and run.termination_wait:
            succeed(deployment, run, now)
        else:
            raise DeploymentIsNotInReadyStateException(
                "The deployment does not have a status of Ready and can't continue yet."
            )
    return "{}"


def register() -> None:
    original_init = DeploymentInfo.__init__

    @functools.wraps(original_init)
    def init(self, *args, **kwargs):
        original_init(self, *args, **kwargs)
        # AWS's form of deployment IDs: d- and nine upper-case letters and digits.
        self.deployment_id = "d-" + "".join(
            mock_random.choice(string.ascii_uppercase + string.digits) for _index in range(9)
        )

    original_create = CodeDeployBackend.create_deployment

    @functools.wraps(original_create)
    def create_deployment(self, application_name, deployment_group_name, *args, **kwargs):
        group = self.deployment_groups.get(application_name, {}).get(deployment_group_name)
        if group is None or not is_ecs(group):
            return original_create(self, application_name, deployment_group_name, *args, **kwargs)
        revision = kwargs.get("revision") if "revision" in kwargs else (args[0] if args else None)
        if not revision:
            raise RevisionRequiredException("The revision ID was not specified.")
        if revision.get("revisionType") not in ("AppSpecContent", "String", "S3"):
            raise InvalidRevisionException(
                f"The revision type {revision.get('revisionType')} is not valid for an Amazon ECS deployment."
            )
        with LOCK:
            now = time.time()
            mine = group_deployments(group)
            progress_all(self, mine)
            active = [deployment for deployment in mine if deployment.status in ACTIVE]
            if active:
                raise DeploymentLimitExceededException(
                    f"The Deployment Group '{group.deployment_group_name}' already has an active Deployment "
                    f"'{active[-1].deployment_id}'"
                )
            succeeded = [deployment for deployment in mine if deployment.status == "Succeeded"]
            deployment_id = original_create(self, application_name, deployment_group_name, *args, **kwargs)
            deployment = self.deployments[deployment_id]
            deployment.create_time = now
            deployment.seed_ecs = Run(now, step_seconds())
            deployment.seed_ecs.previous_revision = succeeded[-1].revision if succeeded else None
            return deployment_id

    def reading(method, which):
        """Backend ``method``, after taking the due steps of the deployments ``which(backend, *args)`` names."""

        @functools.wraps(method)
        def wrapper(self, *args, **kwargs):
            with LOCK:
                progress_all(self, which(self, *args, **kwargs))
                return method(self, *args, **kwargs)

        return wrapper

    def one(backend, deployment_id=None, **_):
        return [backend.deployments[deployment_id]] if deployment_id in backend.deployments else []

    def some(backend, deployment_ids=None, **_):
        return [backend.deployments[item] for item in deployment_ids or [] if item in backend.deployments]

    def of_group(backend, application_name=None, deployment_group_name=None, **_):
        group = backend.deployment_groups.get(application_name, {}).get(deployment_group_name)
        return group_deployments(group) if group is not None else []

    original_list = CodeDeployBackend.list_deployments

    @functools.wraps(original_list)
    def list_deployments(
        self, application_name, deployment_group_name, external_id, include_only_statuses, create_time_range
    ):
        with LOCK:
            progress_all(self)
            ids = original_list(
                self, application_name, deployment_group_name, external_id, include_only_statuses, create_time_range
            )
            # moto filters by status only within a group, and never by creation time.
            start, stop = (create_time_range or {}).get("start"), (create_time_range or {}).get("end")
            return [
                item
                for item in ids
                if (not include_only_statuses or self.deployments[item].status in include_only_statuses)
                and (start is None or epoch(self.deployments[item].create_time) >= float(start))
                and (stop is None or epoch(self.deployments[item].create_time) <= float(stop))
            ]

    original_to_dict = DeploymentInfo.to_dict

    def to_dict(self):
        return deployment_info(self, original_to_dict)

    def region_reader(method):
        """An ELBv2 or ECS read: the deployments that change what it reads take their due steps first."""

        @functools.wraps(method)
        def wrapper(self, *args, **kwargs):
            codedeploy = codedeploy_backends[self.account_id][self.region_name]
            if any(
                run_of(deployment) is not None and deployment.status in ACTIVE
                for deployment in codedeploy.deployments.values()
            ):
                progress_all(codedeploy)
            return method(self, *args, **kwargs)

        return wrapper

    DeploymentInfo.__init__ = init
    DeploymentInfo.to_dict = to_dict
    CodeDeployBackend.seed_create_deployment = original_create
    CodeDeployBackend.create_deployment = create_deployment
    CodeDeployBackend.get_deployment = reading(CodeDeployBackend.get_deployment, one)
    CodeDeployBackend.batch_get_deployments = reading(CodeDeployBackend.batch_get_deployments, some)
    CodeDeployBackend.get_deployment_group = reading(CodeDeployBackend.get_deployment_group, of_group)
    CodeDeployBackend.list_deployments = list_deployments
    CodeDeployResponse.list_deployment_targets = list_deployment_targets_response
    CodeDeployResponse.batch_get_deployment_targets = batch_get_deployment_targets_response
    CodeDeployResponse.get_deployment_target = get_deployment_target_response
    CodeDeployResponse.stop_deployment = stop_deployment_response
    CodeDeployResponse.continue_deployment = continue_deployment_response
    ELBv2Backend.describe_listeners = region_reader(ELBv2Backend.describe_listeners)
    ELBv2Backend.describe_rules = region_reader(ELBv2Backend.describe_rules)
    EC2ContainerServiceBackend.describe_services = region_reader(EC2ContainerServiceBackend.describe_services)
