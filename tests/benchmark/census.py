"""What the emulator holds: a count per resource type, asked through boto3 like any AWS client.

``CENSUS`` is a table of (name, count): a layer that adds resource types (RDS, ECS, ...) adds rows.
Resources moto creates by itself (the default VPC with its subnets, route table, network ACL and
security group) are left out, so an empty emulator counts zero everywhere.
"""

from collections.abc import Callable

import boto3
from botocore.config import Config


class Clients:
    """``aws("ec2")``: one boto3 client per service, made from an emulator's ``env()``, no retries."""

    def __init__(self, env: dict[str, str]):
        self._env = env
        self._clients: dict[str, object] = {}

    def __call__(self, service: str):
        if service not in self._clients:
            self._clients[service] = self._client(service)
        return self._clients[service]

    def _client(self, service: str):
        return boto3.client(
            service,
            endpoint_url=self._env["SEED_EMULATOR_ENDPOINT"],
            region_name=self._env["AWS_REGION"],
            aws_access_key_id=self._env["AWS_ACCESS_KEY_ID"],
            aws_secret_access_key=self._env["AWS_SECRET_ACCESS_KEY"],
            aws_session_token=self._env["AWS_SESSION_TOKEN"],
            config=Config(retries={"max_attempts": 1}),
        )


def listed(aws: Clients, service: str, operation: str, key: str, **params) -> list:
    """Every item of ``key`` in the answers to ``operation``, across pages when it pages."""
    client = aws(service)
    if client.can_paginate(operation):
        return [item for page in client.get_paginator(operation).paginate(**params) for item in page[key]]
    return getattr(client, operation)(**params)[key]


def custom_vpc_ids(aws: Clients) -> list[str]:
    return [vpc["VpcId"] for vpc in listed(aws, "ec2", "describe_vpcs", "Vpcs") if not vpc["IsDefault"]]


def in_custom_vpcs(operation: str, key: str) -> Callable[[Clients], int]:
    """Counts the items of an EC2 describe call that belong to a non-default VPC."""

    def count(aws: Clients) -> int:
        vpc_ids = custom_vpc_ids(aws)
        return (
            len(listed(aws, "ec2", operation, key, Filters=[{"Name": "vpc-id", "Values": vpc_ids}])) if vpc_ids else 0
        )

    return count


def count_where(service: str, operation: str, key: str, keep: Callable[[dict], bool] = lambda item: True):
    return lambda aws: sum(1 for item in listed(aws, service, operation, key) if keep(item))


CENSUS: tuple[tuple[str, Callable[[Clients], int]], ...] = (
    ("vpcs", lambda aws: len(custom_vpc_ids(aws))),
    ("subnets", in_custom_vpcs("describe_subnets", "Subnets")),
    ("internet_gateways", count_where("ec2", "describe_internet_gateways", "InternetGateways")),
    ("nat_gateways", count_where("ec2", "describe_nat_gateways", "NatGateways", lambda nat: nat["State"] != "deleted")),
    ("elastic_ips", count_where("ec2", "describe_addresses", "Addresses")),
    ("route_tables", in_custom_vpcs("describe_route_tables", "RouteTables")),
    (
        "vpc_endpoints",
        count_where(
            "ec2", "describe_vpc_endpoints", "VpcEndpoints", lambda endpoint: endpoint["State"].lower() != "deleted"
        ),
    ),
    ("network_acls", count_where("ec2", "describe_network_acls", "NetworkAcls", lambda acl: not acl["IsDefault"])),
    ("security_groups", in_custom_vpcs("describe_security_groups", "SecurityGroups")),
    ("flow_logs", count_where("ec2", "describe_flow_logs", "FlowLogs")),
    ("log_groups", count_where("logs", "describe_log_groups", "logGroups")),
    ("iam_roles", count_where("iam", "list_roles", "Roles")),
    ("db_instances", count_where("rds", "describe_db_instances", "DBInstances")),
    ("db_clusters", count_where("rds", "describe_db_clusters", "DBClusters")),
    ("cache_replication_groups", count_where("elasticache", "describe_replication_groups", "ReplicationGroups")),
    ("s3_buckets", count_where("s3", "list_buckets", "Buckets")),
    ("backup_plans", count_where("backup", "list_backup_plans", "BackupPlansList")),
    ("secrets", count_where("secretsmanager", "list_secrets", "SecretList")),
    ("kafka_clusters", count_where("kafka", "list_clusters_v2", "ClusterInfoList")),
    ("load_balancers", count_where("elbv2", "describe_load_balancers", "LoadBalancers")),
    ("target_groups", count_where("elbv2", "describe_target_groups", "TargetGroups")),
    ("certificates", count_where("acm", "list_certificates", "CertificateSummaryList")),
    ("hosted_zones", count_where("route53", "list_hosted_zones", "HostedZones")),
    ("regional_web_acls", lambda aws: len(aws("wafv2").list_web_acls(Scope="REGIONAL")["WebACLs"])),
    ("distributions", lambda aws: aws("cloudfront").list_distributions()["DistributionList"].get("Quantity", 0)),
    ("ecr_repositories", lambda aws: len(aws("ecr").describe_repositories()["repositories"])),
    ("ecs_clusters", lambda aws: len(aws("ecs").list_clusters()["clusterArns"])),
    ("ecs_services", lambda aws: sum(len(aws("ecs").list_services(cluster=arn)["serviceArns"])
                                     for arn in aws("ecs").list_clusters()["clusterArns"])),
    ("task_definitions", lambda aws: len(aws("ecs").list_task_definitions()["taskDefinitionArns"])),
    ("scalable_targets", lambda aws: len(aws("application-autoscaling").describe_scalable_targets(ServiceNamespace="ecs")["ScalableTargets"])),
    ("codedeploy_groups", lambda aws: sum(len(aws("codedeploy").list_deployment_groups(applicationName=name)["deploymentGroups"])
                                          for name in aws("codedeploy").list_applications()["applications"])),
    ("sns_topics", lambda aws: len(aws("sns").list_topics()["Topics"])),
    ("alarms", lambda aws: len(aws("cloudwatch").describe_alarms()["MetricAlarms"])),
    ("dashboards", lambda aws: len(aws("cloudwatch").list_dashboards()["DashboardEntries"])),
)


def take(env: dict[str, str]) -> dict[str, int]:
    """The census of the emulator that ``env`` (``Emulator.env()``) points at."""
    aws = Clients(env)
    return {name: count(aws) for name, count in CENSUS}
