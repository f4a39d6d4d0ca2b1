"""ECS RunTask on Fargate, StopTask and ListTasks, and the life of the tasks the emulator runs.

moto 5.2.1's RunTask with ``launchType: FARGATE`` fails with HTTP 500 for the usual Fargate task definition, whose
containers have no memory of their own (a TypeError adding None), and in a VPC without DNS hostnames (its network
interface has no ``private_dns_name``); with a ``capacityProviderStrategy`` instead of a launch type it looks for
container instances and fails ("No instances found in cluster", HTTP 500). The tasks it does start are RUNNING at
once and move one state further per DescribeTasks, to STOPPED without a stopCode or an exit code, with one container
(the task definition's first) whatever the task definition has. ListTasks without ``desiredStatus`` lists stopped
tasks too (AWS: RUNNING ones only) and ignores ``launchType``.

Here RunTask with ``launchType: FARGATE``, with a strategy of ``FARGATE``/``FARGATE_SPOT`` capacity providers, or
with neither on a cluster whose default strategy is Fargate, starts emulated tasks without any container instance.
T is ``SEED_EMULATOR_ECS_TASK_SECONDS`` (default 2, read from the server's environment at each RunTask). A task is
PROVISIONING in RunTask's answer, PENDING from T/4, RUNNING from T/2 and STOPPED at T with ``stopCode``
``EssentialContainerExited``, ``stoppedReason`` "Essential container in task exited" and every container's
``exitCode`` 0, except 1 for a container whose command (its override in ``overrides.containerOverrides``, else the
task definition's) starts with ``false``, like the Unix command: the emulator's failure trigger for one-off tasks.
An essential container's image in this account's ECR registry (``ACCOUNT.dkr.ecr.REGION.amazonaws.com/REPO:TAG`` or
``...@sha256:...``) whose repository, tag or digest moto's ECR does not have fails the pull, as on AWS: the task is
STOPPED at T/2 with ``stopCode`` ``TaskFailedToStart`` and AWS's CannotPullContainerError as the task's
``stoppedReason`` and that container's ``reason``. Images elsewhere (public.ecr.aws, Docker Hub, other accounts)
always start. StopTask stops an emulated task at once (``UserInitiated``, "Task stopped by user" without a reason).
ListTasks answers RUNNING tasks unless ``desiredStatus`` says STOPPED, and filters by ``launchType``.
Refused as on AWS (InvalidParameterException): a launch type together with a strategy, a task definition not
compatible with FARGATE, no ``networkConfiguration``, unknown subnets or security groups, ``count`` outside 1-10.

ecs_service_deployments runs its services' tasks with ``EmulatedTask`` too (with a schedule of its own).

Deliberately not done: no container runs and no command is interpreted but ``false``; the network interface is not
created in EC2 (the task's attachment names a made-up ``eni-`` ID, MAC and an address in the first subnet); no
placement, logs, health checks or container dependencies; RunTask on EC2 (container instances) is left to moto;
stopped tasks are kept until a reset (AWS: about an hour).
"""

import functools
import hashlib
import ipaddress
import os
import re
import threading
from datetime import datetime
from datetime import timedelta
from typing import Any

from moto.core.responses import ActionResult
from moto.core.utils import utcnow
from moto.ec2.exceptions import InvalidSubnetIdError
from moto.ec2.models import ec2_backends
from moto.ec2.utils import generate_dns_from_ip
from moto.ec2.utils import random_eni_id
from moto.ec2.utils import random_mac_address
from moto.ecr.models import ecr_backends
from moto.ecs.exceptions import InvalidParameterException
from moto.ecs.models import Cluster
from moto.ecs.models import EC2ContainerServiceBackend
from moto.ecs.models import Task
from moto.ecs.models import TaskDefinition
from moto.ecs.responses import EC2ContainerServiceResponse
from moto.moto_api._internal import mock_random

TASK_SECONDS = "SEED_EMULATOR_ECS_TASK_SECONDS"
DEFAULT_TASK_SECONDS = 2.0
FARGATE_PROVIDERS = ("FARGATE", "FARGATE_SPOT")
# What a Fargate task answers for platform version LATEST.
FARGATE_PLATFORM_VERSION = "1.4.0"
PENDING_STATES = ("PROVISIONING", "PENDING")
BOTH_LAUNCH_TYPE_AND_STRATEGY = (
    "Specifying both a launch type and capacity provider strategy is not supported. Remove one and try again."
)
ECR_IMAGE = re.compile(r"^(?P<account>\d{12})\.dkr\.ecr\.(?P<region>[a-z0-9-]+)\.amazonaws\.com(?:\.cn)?/(?P<rest>.+)$")
# werkzeug serves requests on threads (Ansible's forks call concurrently): the lazy evaluation of tasks and services
# must not run twice at once, or a service would launch its tasks twice.
LOCK = threading.RLock()


def setting(name: str, default: float) -> float:
    """A duration in seconds from the server's environment, read when called; an unusable value gives the default."""
    try:
        return max(float(os.environ.get(name, default)), 0.0)
    except ValueError:
        return default


def image_reference(image: str) -> tuple[str, str, str, str | None, str | None] | None:
    """(account, region, repository, tag, digest) of an image in an ECR private registry, None for any other image."""
    match = ECR_IMAGE.match(image or "")
    if match is None:
        return None
    repository, tag, digest = match["rest"], None, None
    if "@" in repository:
        repository, digest = repository.split("@", 1)
    elif ":" in repository.rsplit("/", 1)[-1]:
        repository, tag = repository.rsplit(":", 1)
    else:
        tag = "latest"
    return match["account"], match["region"], repository, tag, digest


def ecr_image(account_id: str, image: str) -> Any:
    """moto's ECR image behind ``image`` when it is in this account's registry: the Image, or None when the
    repository, tag or digest is missing. ``False`` for images elsewhere, which the emulator always pulls."""
    reference = image_reference(image)
    if reference is None or reference[0] != account_id:
        return False
    _account, region, repository_name, tag, digest = reference
    try:
        repository = ecr_backends[account_id][region].repositories.get(repository_name)
    except KeyError:
        return None
    for candidate in repository.images if repository else []:
        if (tag is None or tag in candidate.image_tags) and (digest is None or digest == candidate.get_image_digest()):
            return candidate
    return None


def pull_failures(account_id: str, task_definition: TaskDefinition) -> dict[str, str]:
    """Essential container name -> AWS's CannotPullContainerError, for images missing from this account's ECR."""
    failures = {}
    for container in task_definition.container_definitions:
        image = container.get("image") or ""
        if container.get("essential", True) and ecr_image(account_id, image) is None:
            failures[container.get("name")] = (
                f"CannotPullContainerError: pull image manifest has been retried 1 time(s): "
                f"failed to resolve ref {image}: not found"
            )
    return failures


def image_digest(account_id: str, image: str) -> str:
    found = ecr_image(account_id, image)
    return found.get_image_digest() if found else "sha256:" + hashlib.sha256(image.encode()).hexdigest()


def validate_network(backend: EC2ContainerServiceBackend, network_configuration: dict[str, Any]) -> dict[str, Any]:
    """The awsvpc configuration with AWS's default ``assignPublicIp``; unknown subnets or groups refused as moto's
    CreateService refuses them."""
    config = dict(network_configuration.get("awsvpcConfiguration") or {})
    if not config.get("subnets"):
        raise InvalidParameterException("subnets can not be empty.")
    ec2 = ec2_backends[backend.account_id][backend.region_name]
    for subnet_id in config["subnets"]:
        try:
            ec2.get_subnet(subnet_id)
        except InvalidSubnetIdError as error:
            raise InvalidParameterException(
                f"Error retrieving subnet information for [{subnet_id}]: {error.message} (ErrorCode: {error.code})"
            ) from None
    known_groups = {group.id for group in ec2.describe_security_groups()}
    for group_id in config.get("securityGroups") or []:
        if group_id not in known_groups:
            raise InvalidParameterException(
                f"Error retrieving security group information for [{group_id}]: "
                f"The security group '{group_id}' does not exist (ErrorCode: InvalidGroup.NotFound)"
            )
    config.setdefault("assignPublicIp", "DISABLED")
    return {**network_configuration, "awsvpcConfiguration": config}


def network_attachment(backend: EC2ContainerServiceBackend, network_configuration: dict[str, Any] | None):
    """([ElasticNetworkInterface attachment], availability zone, private address) in the first subnet."""
    subnets = ((network_configuration or {}).get("awsvpcConfiguration") or {}).get("subnets") or []
    if not subnets:
        return [], None, None
    subnet = ec2_backends[backend.account_id][backend.region_name].get_subnet(subnets[0])
    network = ipaddress.IPv4Network(subnet.cidr_block)
    # AWS reserves the first four addresses of a subnet and the last.
    address = str(network.network_address + mock_random.randint(4, max(network.num_addresses - 2, 4)))
    attachment = {
        "id": str(mock_random.uuid4()),
        "type": "ElasticNetworkInterface",
        "status": "ATTACHED",
        "details": [
            {"name": "subnetId", "value": subnet.id},
            {"name": "networkInterfaceId", "value": random_eni_id()},
            {"name": "macAddress", "value": random_mac_address()},
            {"name": "privateDnsName", "value": generate_dns_from_ip(address)},
            {"name": "privateIPv4Address", "value": address},
        ],
    }
    return [attachment], subnet.availability_zone, address


def fargate_provider(strategy: list[dict[str, Any]] | None) -> str | None:
    """The Fargate capacity provider a task of ``strategy`` runs on (base first, then weight); None unless every
    provider of the strategy is a Fargate one."""
    if not strategy or any(item.get("capacityProvider") not in FARGATE_PROVIDERS for item in strategy):
        return None
    chosen = max(strategy, key=lambda item: (item.get("base") or 0, item.get("weight") or 0))
    return chosen["capacityProvider"]


class EmulatedTask(Task):
    """A task whose states follow a schedule from its launch; ``settle(now)`` brings it to ``now``.

    PROVISIONING, PENDING after half of ``pull_after``, then at ``pull_after`` RUNNING (or STOPPED with
    TaskFailedToStart when an image cannot be pulled), then STOPPED ``run_for`` later (never when ``run_for`` is
    None: a service's tasks run until the service stops them). ``stop`` stops it at a given time.
    """

    def __init__(
        self,
        backend: EC2ContainerServiceBackend,
        cluster: Cluster,
        task_definition: TaskDefinition,
        *,
        launched_at: datetime,
        pull_after: float,
        run_for: float | None,
        group: str,
        started_by: str | None,
        launch_type: str,
        capacity_provider_name: str | None = None,
        network_configuration: dict[str, Any] | None = None,
        platform_version: str | None = None,
        overrides: dict[str, Any] | None = None,
        tags: list[dict[str, str]] | None = None,
        enable_execute_command: bool = False,
        service: Any = None,
        deployment_id: str | None = None,
    ):
        # Task.__init__ is not called: it makes one container only, an EC2 network interface that fails without DNS
        # hostnames, and a state that moves per DescribeTasks.
        fargate = launch_type == "FARGATE"
        self.id = mock_random.uuid4().hex
        self._backend = backend
        self._account_id = backend.account_id
        self.region_name = cluster.region_name
        self.cluster_name = cluster.name
        self.cluster_arn = cluster.arn
        self.container_instance_arn = None
        self.resource_requirements = None
        self.task_definition_arn = task_definition.arn
        self.group = group
        self.started_by = started_by or None
        self.launch_type = launch_type
        self.capacity_provider_name = capacity_provider_name
        self.platform_version = (platform_version or FARGATE_PLATFORM_VERSION) if fargate else None
        if self.platform_version == "LATEST":
            self.platform_version = FARGATE_PLATFORM_VERSION
        self.platform_family = (task_definition.runtime_platform or {}).get("operatingSystemFamily", "Linux")
        self.platform_family = self.platform_family if fargate else None
        self.cpu = task_definition.cpu
        self.memory = task_definition.memory
        overrides = dict(overrides or {})
        overrides.setdefault("containerOverrides", [])
        overrides.setdefault("inferenceAcceleratorOverrides", [])
        self.overrides = overrides
        self.tags = list(tags or [])
        self.enable_execute_command = bool(enable_execute_command)
        self.health_status = "UNKNOWN"
        self.ephemeral_storage = {"sizeInGiB": 20} if fargate else None
        self.fargate_ephemeral_storage = self.ephemeral_storage
        self.network_configuration = network_configuration
        self.attachments, self.availability_zone, address = network_attachment(backend, network_configuration)
        self.created_at = launched_at
        self.desired_status = "RUNNING"
        self._status = "PROVISIONING"
        self.version = 1
        self.connectivity = self.connectivity_at = self.pull_started_at = self.pull_stopped_at = None
        self.started_at = self.stopping_at = self.execution_stopped_at = self.stopped_at = None
        self.stop_code = self.stopped_reason = None
        self._service = service
        self._deployment_id = deployment_id
        self._failure_counted = False
        self._pending_at = launched_at + timedelta(seconds=pull_after / 2)
        self._pull_at = launched_at + timedelta(seconds=pull_after)
        self._exit_at = None if run_for is None else self._pull_at + timedelta(seconds=run_for)
        self._pull_failures = pull_failures(backend.account_id, task_definition)
        commands = {
            item.get("name"): item.get("command") for item in overrides["containerOverrides"] if "command" in item
        }
        self.containers = []
        for definition in task_definition.container_definitions:
            name = definition.get("name")
            command = commands.get(name, definition.get("command")) or []
            container = {
                "containerArn": f"arn:aws:ecs:{self.region_name}:{self._account_id}:container/{cluster.name}/{self.id}/"
                + str(mock_random.uuid4()),
                "taskArn": self.task_arn,
                "name": name,
                "image": definition.get("image"),
                "lastStatus": "PENDING",
                "networkInterfaces": (
                    [{"attachmentId": self.attachments[0]["id"], "privateIpv4Address": address}] if address else []
                ),
                "healthStatus": "UNKNOWN",
                "cpu": str(definition.get("cpu") or 0),
                # The emulator's failure trigger: a command that starts with "false" exits with 1, as false(1) does.
                "_exit_code": 1 if command[:1] == ["false"] else 0,
            }
            for key in ("memory", "memoryReservation"):
                if definition.get(key) is not None:
                    container[key] = str(definition[key])
            self.containers.append(container)

    @property
    def last_status(self) -> str:
        return self._status

    @last_status.setter
    def last_status(self, value: str) -> None:
        self._status = value

    def advance(self) -> None:
        """moto's DescribeTasks moves its own tasks one state per call; these follow their schedule instead."""

    def _set_status(self, status: str) -> None:
        self._status = status
        self.version += 1

    def next_event(self) -> datetime | None:
        """When this task next changes on its own (the end of the pull, or the exit of its containers)."""
        if self._status in PENDING_STATES:
            return self._pull_at
        if self._status == "RUNNING":
            return self._exit_at
        return None

    def settle(self, now: datetime) -> None:
        if self._status == "PROVISIONING" and now >= self._pending_at:
            self._set_status("PENDING")
            self.connectivity, self.connectivity_at, self.pull_started_at = (
                "CONNECTED",
                self._pending_at,
                self._pending_at,
            )
        if self._status == "PENDING" and now >= self._pull_at:
            self.pull_stopped_at = self._pull_at
            if self._pull_failures:
                self.stop(self._pull_at, next(iter(self._pull_failures.values())), "TaskFailedToStart")
            else:
                self._set_status("RUNNING")
                self.started_at = self._pull_at
                for container in self.containers:
                    container["lastStatus"] = "RUNNING"
                    container["runtimeId"] = f"{self.id}-{mock_random.randint(1000000000, 9999999999)}"
                    container["imageDigest"] = image_digest(self._account_id, container["image"] or "")
        if self._status == "RUNNING" and self._exit_at is not None and now >= self._exit_at:
            for container in self.containers:
                container["exitCode"] = container["_exit_code"]
            self.stop(self._exit_at, "Essential container in task exited", "EssentialContainerExited")

    def stop(self, at: datetime, reason: str, stop_code: str) -> None:
        if self._status == "STOPPED":
            return
        self.desired_status = "STOPPED"
        self._set_status("STOPPED")
        self.stopping_at = self.execution_stopped_at = self.stopped_at = at
        self.stop_code, self.stopped_reason = stop_code, reason
        for container in self.containers:
            container["lastStatus"] = "STOPPED"
            if stop_code == "TaskFailedToStart" and container["name"] in self._pull_failures:
                container["reason"] = self._pull_failures[container["name"]]
        for attachment in self.attachments:
            attachment["status"] = "DELETED"


def emulated_tasks(backend: EC2ContainerServiceBackend) -> list[EmulatedTask]:
    return [task for tasks in backend.tasks.values() for task in tasks.values() if isinstance(task, EmulatedTask)]


def settle_one_off_tasks(backend: EC2ContainerServiceBackend, now: datetime) -> None:
    """Bring RunTask's tasks to ``now``; a service's tasks are settled by ecs_service_deployments, in order."""
    for task in emulated_tasks(backend):
        if task._service is None:
            task.settle(now)


def run_fargate_tasks(backend: EC2ContainerServiceBackend, params: dict[str, Any]) -> list[EmulatedTask] | None:
    """RunTask on Fargate; None when the request is not for Fargate (moto's RunTask handles it)."""
    cluster = backend._get_cluster(params.get("cluster") or "default")
    launch_type, strategy = params.get("launchType"), params.get("capacityProviderStrategy")
    if launch_type and strategy:
        raise InvalidParameterException(BOTH_LAUNCH_TYPE_AND_STRATEGY)
    if not launch_type and not strategy:
        strategy = cluster.default_capacity_provider_strategy
    provider = None if launch_type else fargate_provider(strategy)
    if launch_type != "FARGATE" and provider is None:
        return None
    task_definition = backend.describe_task_definition(params["taskDefinition"])
    if "FARGATE" not in task_definition.compatibilities:
        raise InvalidParameterException("Task definition does not support launch_type FARGATE.")
    if not params.get("networkConfiguration"):
        raise InvalidParameterException(
            "Network Configuration must be provided when networkMode 'awsvpc' is specified."
        )
    network_configuration = validate_network(backend, params["networkConfiguration"])
    count = int(params.get("count") or 1)
    if not 1 <= count <= 10:
        raise InvalidParameterException("The count must be between 1 and 10.")
    tags = list(params.get("tags") or [])
    if params.get("propagateTags") == "TASK_DEFINITION":
        tags += [tag for tag in task_definition.tags if tag["key"] not in {item["key"] for item in tags}]
    task_seconds = setting(TASK_SECONDS, DEFAULT_TASK_SECONDS)
    now = utcnow()
    tasks = []
    for _index in range(count):
        task = EmulatedTask(
            backend,
            cluster,
            task_definition,
            launched_at=now,
            pull_after=task_seconds / 2,
            run_for=task_seconds / 2,
            group=params.get("group") or f"family:{task_definition.family}",
            started_by=params.get("startedBy"),
            launch_type="FARGATE",
            capacity_provider_name=provider,
            network_configuration=network_configuration,
            platform_version=params.get("platformVersion"),
            overrides=params.get("overrides"),
            tags=tags,
            enable_execute_command=params.get("enableExecuteCommand"),
        )
        backend.tasks.setdefault(cluster.name, {})[task.task_arn] = task
        tasks.append(task)
    return tasks


def list_tasks_response(self: EC2ContainerServiceResponse) -> ActionResult:
    # AWS lists the tasks whose desired status is RUNNING unless told otherwise.
    tasks = self.ecs_backend.list_tasks(
        self._get_param("cluster", "default"),
        self._get_param("containerInstance"),
        self._get_param("family"),
        self._get_param("startedBy"),
        self._get_param("serviceName"),
        self._get_param("desiredStatus") or "RUNNING",
    )
    launch_type = self._get_param("launchType")
    return ActionResult(
        {"taskArns": [task.task_arn for task in tasks if not launch_type or task.launch_type == launch_type]}
    )


def register() -> None:
    original_run_task = EC2ContainerServiceResponse.run_task

    @functools.wraps(original_run_task)
    def run_task(self: EC2ContainerServiceResponse) -> ActionResult:
        with LOCK:
            tasks = run_fargate_tasks(self.ecs_backend, self._get_params())
        if tasks is None:
            return original_run_task(self)
        return ActionResult({"tasks": tasks, "failures": []})

    original_describe_tasks = EC2ContainerServiceBackend.describe_tasks

    @functools.wraps(original_describe_tasks)
    def describe_tasks(self: EC2ContainerServiceBackend, *args, **kwargs):
        with LOCK:
            settle_one_off_tasks(self, utcnow())
            return original_describe_tasks(self, *args, **kwargs)

    original_list_tasks = EC2ContainerServiceBackend.list_tasks

    @functools.wraps(original_list_tasks)
    def list_tasks(self: EC2ContainerServiceBackend, *args, **kwargs):
        with LOCK:
            settle_one_off_tasks(self, utcnow())
            return original_list_tasks(self, *args, **kwargs)

    original_stop_task = EC2ContainerServiceBackend.stop_task

    @functools.wraps(original_stop_task)
    def stop_task(self: EC2ContainerServiceBackend, cluster_str: str, task_str: str, reason: str):
        with LOCK:
            cluster = self._get_cluster(cluster_str)
            task_id = task_str.split("/")[-1]
            for task in self.tasks.get(cluster.name, {}).values():
                if isinstance(task, EmulatedTask) and task.id == task_id:
                    now = utcnow()
                    if task._service is None:
                        task.settle(now)
                    task.stop(now, reason or "Task stopped by user", "UserInitiated")
                    return task
            return original_stop_task(self, cluster_str, task_str, reason)

    EC2ContainerServiceResponse.run_task = run_task
    EC2ContainerServiceResponse.list_tasks = list_tasks_response
    EC2ContainerServiceBackend.describe_tasks = describe_tasks
    EC2ContainerServiceBackend.list_tasks = list_tasks
    EC2ContainerServiceBackend.stop_task = stop_task
