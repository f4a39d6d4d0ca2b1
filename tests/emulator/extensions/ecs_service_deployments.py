"""ECS services: rolling deployments that start, complete, fail and roll back; what CreateService and UpdateService
are given, answered; CODE_DEPLOY services' counts and refused updates.

moto 5.2.1 computes a service's one deployment at creation and never again: it stays IN_PROGRESS for ever (unless
MOTO_ECS_SERVICE_RUNNING reaches the desired count), no task is ever started for a service, UpdateService with a new
task definition sets the service's ``taskDefinition`` to the string given (not its ARN) but starts no deployment,
``forceNewDeployment`` only renames the deployment, and a new ``desiredCount`` is copied to ``runningCount`` at once.
CreateService drops ``deploymentConfiguration``, ``capacityProviderStrategy`` (the service answers ``launchType:
EC2``), ``healthCheckGracePeriodSeconds``, ``enableExecuteCommand``, ``enableECSManagedTags`` and the placement
settings, and answers no ``platformVersion`` unless given. CODE_DEPLOY services answer ``runningCount`` 0, and
UpdateService changes their task definition, which AWS refuses.

Here, for services with the ECS (rolling update) deployment controller (R is ``SEED_EMULATOR_ECS_ROLLOUT_SECONDS``,
default 2, read from the server's environment when a deployment starts):

- CreateService starts a PRIMARY deployment (IN_PROGRESS, ``runningCount`` 0, ``pendingCount`` the desired count)
  and launches its tasks (ecs_run_task_fargate's EmulatedTask, group ``service:NAME``, ``startedBy`` the deployment
  ID): PROVISIONING, PENDING after R/2, RUNNING after R. When all of them run, the deployment is COMPLETED, the
  service's ``runningCount`` is the desired count and its events say so.
- UpdateService with another task definition, capacity provider strategy, network configuration, platform version,
  load balancers or service registries, or with ``forceNewDeployment``, starts a new PRIMARY deployment (IN_PROGRESS)
  and turns the previous one ACTIVE; when the new one completes, the older deployments' tasks are stopped
  (``ServiceSchedulerInitiated``, "Scaling activity initiated by (deployment ID)") and those deployments go away.
  A new ``desiredCount`` alone changes the PRIMARY deployment's count: tasks are launched or stopped, no deployment.
- Failure: a task definition whose essential container image is missing from this account's ECR (see
  ecs_run_task_fargate) makes every task of the deployment stop after R with ``TaskFailedToStart`` and AWS's
  CannotPullContainerError; the deployment's ``failedTasks`` grows and new tasks are launched each R. With
  ``deploymentCircuitBreaker.enable`` the deployment goes FAILED ("ECS deployment circuit breaker: tasks failed to
  start.") once ``failedTasks`` reaches AWS's threshold (half the desired count, at least 3, at most 200); with
  ``rollback`` too, a new PRIMARY deployment of the last completed deployment's task definition (and network, platform
  and capacity settings) starts ("ECS deployment circuit breaker: rolling back to deploymentId ID.") and completes as
  any other. Without the circuit breaker the deployment stays IN_PROGRESS.
- Service events, newest first (at most 100), with AWS's messages: "(service S) has started 2 tasks: (task ID) (task
  ID).", "(service S) has stopped 1 running tasks: (task ID).", "(service S) (deployment ecs-svc/N) deployment
  completed.", "(service S) has reached a steady state.", "(service S) (deployment ecs-svc/N) deployment failed:
  tasks failed to start.", "(service S) rolling back to deployment ecs-svc/N.".
- DescribeServices answers what CreateService and UpdateService were given, and AWS's defaults otherwise:
  ``deploymentConfiguration`` {maximumPercent 200, minimumHealthyPercent 100, deploymentCircuitBreaker {enable
  false, rollback false}} (UpdateService changes only the keys it is given), ``platformVersion`` LATEST and
  ``platformFamily`` Linux on Fargate, ``healthCheckGracePeriodSeconds`` 0, ``enableExecuteCommand`` and
  ``enableECSManagedTags`` false, placement constraints and strategy [], ``capacityProviderStrategy`` (the cluster's
  default when neither it nor a launch type is given; no ``launchType`` then), ``createdAt``.
- CODE_DEPLOY services: ``runningCount`` is the desired count at once, no deployments; UpdateService refuses a
  task definition, load balancers, network configuration, platform version, capacity provider strategy or
  ``forceNewDeployment: true`` with AWS's InvalidParameterException ("Unable to update task definition on services
  with a CODE_DEPLOY deployment controller. Use AWS CodeDeploy to trigger a new deployment." and the like).
- ListTasks ``serviceName`` lists the service's tasks (ServiceNotFoundException for an unknown service); DeleteService
  stops them. DescribeClusters counts running and pending tasks and active services from what is there.

Everything is evaluated lazily, from timestamps, when ECS is asked (DescribeServices, ListServices, ListTasks,
DescribeTasks, StopTask, UpdateService, DeleteService, DescribeClusters): no threads. A task stopped with StopTask is
replaced by the service. Deliberately not done: minimumHealthyPercent and maximumPercent are answered but every new
task starts at once and the old ones stop when the new deployment completes; no load balancer registration, health
checks or grace periods; CloudWatch alarms in ``deploymentConfiguration.alarms`` never fire; a service keeps its 100
latest stopped tasks; MOTO_ECS_SERVICE_RUNNING and MOTO_ECS_SERVICE_FAILED_TASKS no longer matter; EXTERNAL services
are left as moto makes them.
"""

import copy
import functools
import math
from datetime import datetime
from datetime import timedelta
from typing import Any

from moto.core.responses import ActionResult
from moto.core.utils import utcnow
from moto.ecs.exceptions import ECSException
from moto.ecs.exceptions import InvalidParameterException
from moto.ecs.models import EC2ContainerServiceBackend
from moto.ecs.models import Service
from moto.ecs.responses import EC2ContainerServiceResponse
from moto.moto_api._internal import mock_random

from tests.emulator.extensions.ecs_run_task_fargate import BOTH_LAUNCH_TYPE_AND_STRATEGY
from tests.emulator.extensions.ecs_run_task_fargate import FARGATE_PROVIDERS
from tests.emulator.extensions.ecs_run_task_fargate import LOCK
from tests.emulator.extensions.ecs_run_task_fargate import PENDING_STATES
from tests.emulator.extensions.ecs_run_task_fargate import EmulatedTask
from tests.emulator.extensions.ecs_run_task_fargate import fargate_provider
from tests.emulator.extensions.ecs_run_task_fargate import setting
from tests.emulator.extensions.ecs_run_task_fargate import validate_network

ROLLOUT_SECONDS = "SEED_EMULATOR_ECS_ROLLOUT_SECONDS"
DEFAULT_ROLLOUT_SECONDS = 2.0
MAX_EVENTS = 100
MAX_STOPPED_TASKS = 100
# Bounds one evaluation: a failing deployment without circuit breaker relaunches its tasks every R for ever.
MAX_STEPS = 1000
DEPLOYMENT_DEFAULTS = {"maximumPercent": 200, "minimumHealthyPercent": 100}
CIRCUIT_BREAKER_DEFAULT = {"enable": False, "rollback": False}
# What a deployment is made of: a change of any of these (by UpdateService) starts a new one.
DEPLOYMENT_SETTINGS = {
    "taskDefinition": "task_definition",
    "capacityProviderStrategy": "capacity_provider_strategy",
    "networkConfiguration": "network_configuration",
    "platformVersion": "platform_version",
    "loadBalancers": "load_balancers",
    "serviceRegistries": "service_registries",
}
# A deployment's settings (snapshot) -> the service's attribute, for a rollback.
SNAPSHOT_ATTRIBUTES = {
    "taskDefinition": "task_definition",
    "launchType": "launch_type",
    "capacityProviderStrategy": "capacity_provider_strategy",
    "platformVersion": "platform_version",
    "networkConfiguration": "network_configuration",
}
CODE_DEPLOY_REFUSALS = {
    "taskDefinition": "task definition",
    "loadBalancers": "load balancers",
    "networkConfiguration": "network parameters",
    "platformVersion": "platform version",
    "capacityProviderStrategy": "capacity provider strategy",
}


class ServiceNotActiveException(ECSException):
    def __init__(self) -> None:
        super().__init__("ServiceNotActiveException", "Service was not ACTIVE.")


def controller(service: Service) -> str:
    return (service.deployment_controller or {}).get("type") or "ECS"


def emulated(service: Service) -> bool:
    """True for the services this extension runs: ECS controller, made after it was registered."""
    return controller(service) == "ECS" and hasattr(service, "_last_completed")


def is_fargate(service: Service) -> bool:
    providers = [item.get("capacityProvider") for item in getattr(service, "capacity_provider_strategy", None) or []]
    return service.launch_type == "FARGATE" or any(provider in FARGATE_PROVIDERS for provider in providers)


def tasks_of(backend: EC2ContainerServiceBackend, service: Service) -> list[EmulatedTask]:
    return [
        task
        for task in backend.tasks.get(service.cluster_name, {}).values()
        if isinstance(task, EmulatedTask) and task._service is service
    ]


def add_event(service: Service, at: datetime, message: str) -> None:
    service.events.insert(0, {"id": str(mock_random.uuid4()), "createdAt": at, "message": message})
    del service.events[MAX_EVENTS:]


def task_list(tasks: list[EmulatedTask]) -> str:
    return " ".join(f"(task {task.id})" for task in tasks)


def circuit_breaker(service: Service) -> dict[str, bool]:
    return (service.deployment_configuration or {}).get("deploymentCircuitBreaker") or CIRCUIT_BREAKER_DEFAULT


def failure_threshold(desired_count: int) -> int:
    """AWS's circuit breaker threshold: half the desired count, at least 3, at most 200."""
    return min(max(3, math.ceil(desired_count / 2)), 200)


def snapshot(service: Service) -> dict[str, Any]:
    """The settings a deployment of ``service`` runs with, as the service has them now."""
    return {
        "taskDefinition": service.task_definition,
        "launchType": service.launch_type,
        "capacityProviderStrategy": copy.deepcopy(service.capacity_provider_strategy),
        "platformVersion": service.platform_version,
        "networkConfiguration": copy.deepcopy(service.network_configuration),
    }


def launch(backend: EC2ContainerServiceBackend, service: Service, deployment: dict[str, Any], count: int, at: datetime):
    if not deployment["taskDefinition"]:
        return  # moto lets a service be made without a task definition: nothing to run
    cluster = backend._get_cluster(service.cluster_name)
    task_definition = backend.describe_task_definition(deployment["taskDefinition"])
    tags = []
    if service.enable_ecs_managed_tags:
        tags += [
            {"key": "aws:ecs:clusterName", "value": cluster.name},
            {"key": "aws:ecs:serviceName", "value": service.name},
        ]
    if service.propagate_tags == "SERVICE":
        tags += service.tags or []
    elif service.propagate_tags == "TASK_DEFINITION":
        tags += task_definition.tags or []
    fargate = is_fargate(service)
    tasks = []
    for _index in range(count):
        task = EmulatedTask(
            backend,
            cluster,
            task_definition,
            launched_at=at,
            pull_after=deployment["_rollout_seconds"],
            run_for=None,
            group=f"service:{service.name}",
            started_by=deployment["id"],
            launch_type="FARGATE" if fargate else (service.launch_type or "EC2"),
            capacity_provider_name=fargate_provider(deployment.get("capacityProviderStrategy")),
            network_configuration=deployment.get("networkConfiguration"),
            platform_version=deployment.get("platformVersion"),
            tags=tags,
            enable_execute_command=service.enable_execute_command,
            service=service,
            deployment_id=deployment["id"],
        )
        backend.tasks.setdefault(cluster.name, {})[task.task_arn] = task
        tasks.append(task)
    add_event(service, at, f"(service {service.name}) has started {count} tasks: {task_list(tasks)}.")


def stop(service: Service, tasks: list[EmulatedTask], at: datetime, deployment_id: str) -> None:
    running = [task for task in tasks if task.last_status != "STOPPED"]
    for task in running:
        task.stop(at, f"Scaling activity initiated by (deployment {deployment_id})", "ServiceSchedulerInitiated")
    if running:
        add_event(
            service, at, f"(service {service.name}) has stopped {len(running)} running tasks: {task_list(running)}."
        )


def start_deployment(
    backend: EC2ContainerServiceBackend, service: Service, at: datetime, rollback_of: str | None = None
):
    """A new PRIMARY deployment of the service's current settings (a rollback to deployment ``rollback_of``); the
    previous PRIMARY becomes ACTIVE."""
    deployment_id = f"ecs-svc/{mock_random.randint(10**18, 10**19 - 1)}"
    rollout_seconds = setting(ROLLOUT_SECONDS, DEFAULT_ROLLOUT_SECONDS)
    settings = snapshot(service)
    deployment = {
        "id": deployment_id,
        "status": "PRIMARY",
        "taskDefinition": settings["taskDefinition"],
        "desiredCount": service.desired_count,
        "pendingCount": 0,
        "runningCount": 0,
        "failedTasks": 0,
        "createdAt": at,
        "updatedAt": at,
        "capacityProviderStrategy": settings["capacityProviderStrategy"],
        "launchType": settings["launchType"],
        "platformVersion": settings["platformVersion"],
        "platformFamily": service.platform_family,
        "networkConfiguration": settings["networkConfiguration"] or None,
        "rolloutState": "IN_PROGRESS",
        "rolloutStateReason": (
            f"ECS deployment circuit breaker: rolling back to deploymentId {rollback_of}."
            if rollback_of
            else f"ECS deployment {deployment_id} in progress."
        ),
        "_rollback": bool(rollback_of),
        "_settings": settings,
        "_rollout_seconds": rollout_seconds,
        # The deployment cannot complete before R has passed, even without tasks (desired count 0).
        "_check_at": at + timedelta(seconds=rollout_seconds),
    }
    for other in service.deployments:
        if other["status"] == "PRIMARY":
            other["status"], other["updatedAt"] = "ACTIVE", at
    service.deployments.insert(0, deployment)
    service._steady = False
    reconcile(backend, service, deployment, at)


def reconcile(backend: EC2ContainerServiceBackend, service: Service, primary: dict[str, Any], at: datetime) -> None:
    """Launch or stop the PRIMARY deployment's tasks until it has its desired count (not for a FAILED one)."""
    if primary["rolloutState"] == "FAILED":
        return
    live = [
        task
        for task in tasks_of(backend, service)
        if task._deployment_id == primary["id"] and task.last_status != "STOPPED"
    ]
    missing = primary["desiredCount"] - len(live)
    if missing > 0:
        launch(backend, service, primary, missing, at)
    elif missing < 0:
        # Pending tasks go first, then the newest.
        live.sort(key=lambda task: (task.last_status == "RUNNING", task.created_at))
        stop(service, live[:-missing], at, primary["id"])


def fail(backend: EC2ContainerServiceBackend, service: Service, primary: dict[str, Any], at: datetime) -> None:
    primary.update(rolloutState="FAILED", rolloutStateReason="ECS deployment circuit breaker: tasks failed to start.")
    primary["updatedAt"] = at
    add_event(
        service, at, f"(service {service.name}) (deployment {primary['id']}) deployment failed: tasks failed to start."
    )
    target = service._last_completed
    # A failed rollback is not rolled back again (it would go round for ever).
    if not circuit_breaker(service).get("rollback") or target is None or primary["_rollback"]:
        return
    add_event(service, at, f"(service {service.name}) rolling back to deployment {target['id']}.")
    for key, value in target["settings"].items():
        setattr(service, SNAPSHOT_ATTRIBUTES[key], copy.deepcopy(value))
    start_deployment(backend, service, at, rollback_of=target["id"])


def complete(backend: EC2ContainerServiceBackend, service: Service, primary: dict[str, Any], at: datetime) -> None:
    primary.update(
        rolloutState="COMPLETED", rolloutStateReason=f"ECS deployment {primary['id']} completed.", updatedAt=at
    )
    older = {deployment["id"] for deployment in service.deployments[1:]}
    stop(service, [task for task in tasks_of(backend, service) if task._deployment_id in older], at, primary["id"])
    service.deployments[1:] = []
    service._last_completed = {"id": primary["id"], "settings": copy.deepcopy(primary["_settings"])}
    add_event(service, at, f"(service {service.name}) (deployment {primary['id']}) deployment completed.")


def step(backend: EC2ContainerServiceBackend, service: Service, at: datetime) -> None:
    """Everything that happens to the service at time ``at``: tasks settle, failures count, the circuit breaker may
    trip, the PRIMARY deployment gets its tasks and may complete."""
    tasks = tasks_of(backend, service)
    for task in tasks:
        task.settle(at)
    deployments = {deployment["id"]: deployment for deployment in service.deployments}
    for task in tasks:
        if task.stop_code == "TaskFailedToStart" and not task._failure_counted:
            task._failure_counted = True
            if task._deployment_id in deployments:
                deployments[task._deployment_id]["failedTasks"] += 1
                deployments[task._deployment_id]["updatedAt"] = at
    for deployment in service.deployments:
        if deployment["_check_at"] is not None and deployment["_check_at"] <= at:
            deployment["_check_at"] = None
    if not service.deployments:
        return
    primary = service.deployments[0]
    if (
        primary["rolloutState"] == "IN_PROGRESS"
        and circuit_breaker(service).get("enable")
        and primary["failedTasks"] >= failure_threshold(primary["desiredCount"])
    ):
        fail(backend, service, primary, at)
        primary = service.deployments[0]
    reconcile(backend, service, primary, at)
    mine = [task for task in tasks_of(backend, service) if task._deployment_id == primary["id"]]
    running = [task for task in mine if task.last_status == "RUNNING"]
    pending = [task for task in mine if task.last_status in PENDING_STATES]
    if (
        primary["rolloutState"] == "IN_PROGRESS"
        and primary["_check_at"] is None
        and len(running) == primary["desiredCount"]
        and not pending
    ):
        complete(backend, service, primary, at)
    steady = (
        len(service.deployments) == 1
        and primary["rolloutState"] == "COMPLETED"
        and len(running) == primary["desiredCount"]
        and not pending
    )
    if steady and not service._steady:
        add_event(service, at, f"(service {service.name}) has reached a steady state.")
    service._steady = steady


def next_event(backend: EC2ContainerServiceBackend, service: Service, now: datetime) -> datetime | None:
    times = [task.next_event() for task in tasks_of(backend, service)]
    times += [deployment["_check_at"] for deployment in service.deployments]
    due = [time for time in times if time is not None and time <= now]
    return min(due) if due else None


def evaluate(backend: EC2ContainerServiceBackend, service: Service, now: datetime) -> None:
    """Bring the service to ``now``: what happened since it was last looked at, in the order it happened."""
    if service.status != "ACTIVE" or not emulated(service):
        return
    for _step in range(MAX_STEPS):
        at = next_event(backend, service, now)
        if at is None:
            break
        step(backend, service, at)
    step(backend, service, now)
    tasks = tasks_of(backend, service)
    stopped = sorted((task for task in tasks if task.last_status == "STOPPED"), key=lambda task: task.stopped_at)
    for task in stopped[:-MAX_STOPPED_TASKS]:
        del backend.tasks[service.cluster_name][task.task_arn]
    refresh(backend, service)


def refresh(backend: EC2ContainerServiceBackend, service: Service) -> None:
    """Counts of the service and of its deployments from its tasks."""
    tasks = tasks_of(backend, service)
    for deployment in service.deployments:
        mine = [task for task in tasks if task._deployment_id == deployment["id"]]
        deployment["runningCount"] = sum(task.last_status == "RUNNING" for task in mine)
        deployment["pendingCount"] = sum(task.last_status in PENDING_STATES for task in mine)
        if deployment["status"] != "PRIMARY":
            deployment["desiredCount"] = deployment["runningCount"] + deployment["pendingCount"]
    service.running_count = sum(task.last_status == "RUNNING" for task in tasks)
    service.pending_count = sum(task.last_status in PENDING_STATES for task in tasks)


def evaluate_all(backend: EC2ContainerServiceBackend) -> None:
    now = utcnow()
    for service in list(backend.services.values()):
        evaluate(backend, service, now)


def deployment_configuration(given: dict[str, Any] | None, current: dict[str, Any] | None, rolling: bool) -> dict:
    if current is None:
        current = {
            **DEPLOYMENT_DEFAULTS,
            **({"deploymentCircuitBreaker": dict(CIRCUIT_BREAKER_DEFAULT)} if rolling else {}),
        }
    configuration = copy.deepcopy(current)
    configuration.update({key: value for key, value in (given or {}).items() if value is not None})
    return configuration


def capacity_provider_strategy(strategy: list[dict[str, Any]] | None) -> list[dict[str, Any]] | None:
    return [{"base": 0, "weight": 0, **item} for item in strategy] if strategy else None


def configure(backend: EC2ContainerServiceBackend, service: Service, params: dict[str, Any], now: datetime) -> None:
    """What moto's CreateService drops, and the first deployment."""
    cluster = backend._get_cluster(service.cluster_name)
    strategy = params.get("capacityProviderStrategy")
    if not strategy and not params.get("launchType"):
        strategy = cluster.default_capacity_provider_strategy
    service.capacity_provider_strategy = capacity_provider_strategy(strategy)
    if strategy:
        service.launch_type = None
    fargate = is_fargate(service)
    service.platform_version = params.get("platformVersion") or ("LATEST" if fargate else None)
    family = "Linux"
    if service.task_definition:
        runtime = backend.describe_task_definition(service.task_definition).runtime_platform or {}
        family = runtime.get("operatingSystemFamily") or family
    service.platform_family = family if fargate else None
    service.deployment_configuration = deployment_configuration(
        params.get("deploymentConfiguration"), None, controller(service) == "ECS"
    )
    service.health_check_grace_period_seconds = params.get("healthCheckGracePeriodSeconds") or 0
    service.enable_execute_command = bool(params.get("enableExecuteCommand"))
    service.enable_ecs_managed_tags = bool(params.get("enableECSManagedTags"))
    service.placement_constraints = params.get("placementConstraints") or []
    service.placement_strategy = params.get("placementStrategy") or []
    service.availability_zone_rebalancing = params.get("availabilityZoneRebalancing")
    service.created_at = now
    if service.network_configuration:
        service.network_configuration = validate_network(backend, service.network_configuration)
    service.events = []
    if controller(service) == "CODE_DEPLOY":
        # CodeDeploy runs the tasks; as far as the service can tell, they all run.
        service.running_count, service.pending_count = service.desired_count, 0
    if controller(service) != "ECS":
        return
    service.deployments = []
    service._steady = False
    service._last_completed = None
    start_deployment(backend, service, now)
    refresh(backend, service)


def update_service(backend: EC2ContainerServiceBackend, params: dict[str, Any]) -> Service:
    """UpdateService (camelCase parameters, as botocore sends them)."""
    service = backend._get_service(params.get("cluster") or "default", params["service"].split("/")[-1])
    if service.status != "ACTIVE":
        raise ServiceNotActiveException()
    now = utcnow()
    evaluate(backend, service, now)
    kind = controller(service)
    if kind == "CODE_DEPLOY":
        for name, what in CODE_DEPLOY_REFUSALS.items():
            if params.get(name):
                raise InvalidParameterException(
                    f"Unable to update {what} on services with a CODE_DEPLOY deployment controller. "
                    "Use AWS CodeDeploy to trigger a new deployment."
                )
        if params.get("forceNewDeployment"):
            raise InvalidParameterException(
                "Unable to force a new deployment on services with a CODE_DEPLOY deployment controller. "
                "Use AWS CodeDeploy to trigger a new deployment."
            )
    wanted = {}
    if kind == "CODE_DEPLOY":
        # CodeDeploy owns these; empty values (community.aws.ecs_service sends taskDefinition "") change nothing.
        params = {name: value for name, value in params.items() if name not in DEPLOYMENT_SETTINGS}
    if params.get("taskDefinition"):
        wanted["taskDefinition"] = backend.describe_task_definition(params["taskDefinition"]).arn
    if params.get("capacityProviderStrategy"):
        wanted["capacityProviderStrategy"] = capacity_provider_strategy(params["capacityProviderStrategy"])
    if params.get("networkConfiguration"):
        wanted["networkConfiguration"] = validate_network(backend, params["networkConfiguration"])
    if params.get("platformVersion"):
        wanted["platformVersion"] = params["platformVersion"]
    for name in ("loadBalancers", "serviceRegistries"):
        if params.get(name) is not None:
            wanted[name] = params[name]
    changed = [name for name, value in wanted.items() if value != getattr(service, DEPLOYMENT_SETTINGS[name], None)]
    for name, value in wanted.items():
        setattr(service, DEPLOYMENT_SETTINGS[name], value)
    if "capacityProviderStrategy" in wanted:
        service.launch_type = None

    if params.get("deploymentConfiguration") is not None:
        service.deployment_configuration = deployment_configuration(
            params["deploymentConfiguration"], getattr(service, "deployment_configuration", None), kind == "ECS"
        )
    simple = {
        "healthCheckGracePeriodSeconds": "health_check_grace_period_seconds",
        "enableExecuteCommand": "enable_execute_command",
        "enableECSManagedTags": "enable_ecs_managed_tags",
        "propagateTags": "propagate_tags",
        "placementConstraints": "placement_constraints",
        "placementStrategy": "placement_strategy",
        "availabilityZoneRebalancing": "availability_zone_rebalancing",
    }
    for name, attribute in simple.items():
        if params.get(name) is not None:
            setattr(service, attribute, params[name])
    if params.get("desiredCount") is not None:
        service.desired_count = int(params["desiredCount"])
        if kind == "CODE_DEPLOY":
            service.running_count, service.pending_count = service.desired_count, 0
    if not emulated(service):
        return service
    if changed or params.get("forceNewDeployment"):
        start_deployment(backend, service, now)
    else:
        service.deployments[0]["desiredCount"] = service.desired_count
        step(backend, service, now)
    refresh(backend, service)
    return service


def register() -> None:
    original_create = EC2ContainerServiceResponse.create_service

    @functools.wraps(original_create)
    def create_service(self: EC2ContainerServiceResponse) -> ActionResult:
        params = self._get_params()
        if params.get("launchType") and params.get("capacityProviderStrategy"):
            raise InvalidParameterException(BOTH_LAUNCH_TYPE_AND_STRATEGY)
        with LOCK:
            original_create(self)
            service = self.ecs_backend._get_service(params.get("cluster") or "default", params["serviceName"])
            configure(self.ecs_backend, service, params, utcnow())
        return ActionResult({"service": service})

    def update_service_response(self: EC2ContainerServiceResponse) -> ActionResult:
        with LOCK:
            return ActionResult({"service": update_service(self.ecs_backend, self._get_params())})

    def evaluating(original):
        """``original`` run after every service of the backend has been brought up to date."""

        @functools.wraps(original)
        def wrapper(self: EC2ContainerServiceBackend, *args, **kwargs):
            with LOCK:
                evaluate_all(self)
                return original(self, *args, **kwargs)

        return wrapper

    original_list_tasks = EC2ContainerServiceBackend.list_tasks

    @functools.wraps(original_list_tasks)
    def list_tasks(
        self,
        cluster_str=None,
        container_instance=None,
        family=None,
        started_by=None,
        service_name=None,
        desiredStatus=None,
    ):  # noqa: N803 - moto's parameter name
        with LOCK:
            evaluate_all(self)
            tasks = original_list_tasks(
                self, cluster_str, container_instance, family, started_by, service_name, desiredStatus
            )
            if not service_name:
                return tasks
            # moto ignores serviceName: only the service's own tasks.
            service = self._get_service(cluster_str or "default", service_name.split("/")[-1])
            return [task for task in tasks if isinstance(task, EmulatedTask) and task._service is service]

    original_delete = EC2ContainerServiceBackend.delete_service

    @functools.wraps(original_delete)
    def delete_service(self: EC2ContainerServiceBackend, cluster_name: str, service_name: str, force: bool):
        with LOCK:
            evaluate_all(self)
            service = original_delete(self, cluster_name, service_name, force)
            if emulated(service):
                stop(
                    service,
                    tasks_of(self, service),
                    utcnow(),
                    service.deployments[0]["id"] if service.deployments else "",
                )
                service.desired_count = 0
                refresh(self, service)
            return service

    original_describe_clusters = EC2ContainerServiceBackend.describe_clusters

    @functools.wraps(original_describe_clusters)
    def describe_clusters(self: EC2ContainerServiceBackend, *args, **kwargs):
        with LOCK:
            evaluate_all(self)
            clusters, failures = original_describe_clusters(self, *args, **kwargs)
            # moto keeps running counters that the emulated tasks do not go through: count what is there.
            for cluster in clusters:
                tasks = list(self.tasks.get(cluster.name, {}).values())
                cluster.running_tasks_count = sum(task.last_status == "RUNNING" for task in tasks)
                cluster.pending_tasks_count = sum(task.last_status in PENDING_STATES for task in tasks)
                cluster.active_services_count = sum(
                    service.cluster_name == cluster.name and service.status == "ACTIVE"
                    for service in self.services.values()
                )
            return clusters, failures

    EC2ContainerServiceResponse.create_service = create_service
    EC2ContainerServiceResponse.update_service = update_service_response
    for name in ("describe_services", "list_services", "describe_tasks", "stop_task"):
        setattr(EC2ContainerServiceBackend, name, evaluating(getattr(EC2ContainerServiceBackend, name)))
    EC2ContainerServiceBackend.list_tasks = list_tasks
    EC2ContainerServiceBackend.delete_service = delete_service
    EC2ContainerServiceBackend.describe_clusters = describe_clusters
