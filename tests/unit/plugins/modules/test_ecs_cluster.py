"""Unit tests of seed.aws_platform.ecs_cluster.

moto (in-process) backs creating, describing, updating, tagging and deleting clusters. It describes a cluster
without capacity providers with no ``capacityProviders`` key at all (AWS answers an empty list), which is what the
idempotence tests run into. botocore's Stubber scripts what moto gets wrong: moto never counts a cluster's services
(``activeServicesCount`` stays 0) and deletes a cluster that still has some, and it cannot show which requests the
module sends.
"""

import boto3
import pytest

from ansible_collections.seed.aws_platform.plugins.modules.ecs_cluster import main

REGION = "us-east-1"
ARN = "arn:aws:ecs:us-east-1:123456789012:cluster/tiger"
INCLUDE = ["SETTINGS", "CONFIGURATIONS", "TAGS"]

FULL_ARGS = dict(
    name="tiger",
    container_insights="enhanced",
    execute_command=dict(kms_key_id="alias/exec", logging="OVERRIDE", log_group_name="/ecs/tiger/exec"),
    capacity_providers=["FARGATE", "FARGATE_SPOT"],
    default_capacity_provider_strategy=[
        dict(capacity_provider="FARGATE", weight=1, base=1),
        dict(capacity_provider="FARGATE_SPOT", weight=3),
    ],
    tags={"Environment": "tiger", "CostCenter": 1234},
)


@pytest.fixture
def ecs(aws):
    return boto3.client("ecs", region_name=REGION)


def described(ecs, name="tiger"):
    """The cluster as DescribeClusters gives it, or None when it is missing."""
    clusters = ecs.describe_clusters(clusters=[name], include=INCLUDE)["clusters"]
    return clusters[0] if clusters else None


def strategy_set(cluster):
    return {
        (item["capacityProvider"], item.get("weight", 0), item.get("base", 0))
        for item in cluster["defaultCapacityProviderStrategy"]
    }


def tags_of(cluster):
    return {tag["key"]: tag["value"] for tag in cluster.get("tags", [])}


def insights_of(cluster):
    return {setting["name"]: setting["value"] for setting in cluster["settings"]}["containerInsights"]


# --- create -------------------------------------------------------------------------------------


def test_creates_the_cluster_with_everything(run_module, ecs):
    result = run_module(main, FULL_ARGS)

    assert result["changed"] is True
    assert result["changes"] == ["created"]
    cluster = described(ecs)
    assert cluster["status"] == "ACTIVE"
    assert insights_of(cluster) == "enhanced"
    assert cluster["configuration"]["executeCommandConfiguration"] == dict(
        kmsKeyId="alias/exec",
        logging="OVERRIDE",
        logConfiguration=dict(cloudWatchLogGroupName="/ecs/tiger/exec", cloudWatchEncryptionEnabled=True),
    )
    assert cluster["capacityProviders"] == ["FARGATE", "FARGATE_SPOT"]
    assert strategy_set(cluster) == {("FARGATE", 1, 1), ("FARGATE_SPOT", 3, 0)}
    assert tags_of(cluster) == {"Environment": "tiger", "CostCenter": "1234"}

    returned = result["cluster"]
    assert (returned["cluster_arn"], returned["cluster_name"], returned["status"]) == (ARN, "tiger", "ACTIVE")
    assert returned["settings"] == [dict(name="containerInsights", value="enhanced")]
    assert returned["configuration"]["execute_command_configuration"]["log_configuration"] == dict(
        cloud_watch_log_group_name="/ecs/tiger/exec", cloud_watch_encryption_enabled=True
    )
    assert returned["capacity_providers"] == ["FARGATE", "FARGATE_SPOT"]
    assert returned["default_capacity_provider_strategy"] == [
        dict(capacity_provider="FARGATE", weight=1, base=1),
        dict(capacity_provider="FARGATE_SPOT", weight=3, base=0),
    ]
    assert returned["tags"] == {"Environment": "tiger", "CostCenter": "1234"}
    assert returned["active_services_count"] == 0


def test_a_minimal_cluster_has_container_insights_on_and_empty_lists(run_module, ecs):
    result = run_module(main, dict(name="tiger"))

    assert result["changes"] == ["created"]
    cluster = described(ecs)
    assert insights_of(cluster) == "enabled"
    assert "configuration" not in cluster and "capacityProviders" not in cluster
    returned = result["cluster"]
    assert (returned["capacity_providers"], returned["default_capacity_provider_strategy"]) == ([], [])
    assert returned["tags"] == {}


def test_check_mode_reports_the_creation_and_creates_nothing(run_module, ecs):
    result = run_module(main, FULL_ARGS, check_mode=True, diff=True)

    assert (result["changed"], result["changes"]) == (True, ["created"])
    assert described(ecs) is None
    assert result["cluster"]["cluster_name"] == "tiger"
    assert result["cluster"]["capacity_providers"] == ["FARGATE", "FARGATE_SPOT"]
    assert result["cluster"]["tags"] == {"Environment": "tiger", "CostCenter": "1234"}
    assert "cluster_arn" not in result["cluster"]
    assert result["diff"]["before"] == {}
    assert result["diff"]["after"]["container_insights"] == "enhanced"
    assert result["diff"]["after"]["execute_command"]["log_encryption_enabled"] is True


def test_an_inactive_cluster_is_created_again(run_module, ecs):
    ecs.create_cluster(clusterName="tiger")
    ecs.delete_cluster(cluster="tiger")

    result = run_module(main, dict(name="tiger", container_insights="disabled"))

    assert result["changes"] == ["created"]
    cluster = described(ecs)
    assert (cluster["status"], insights_of(cluster)) == ("ACTIVE", "disabled")


# --- idempotence --------------------------------------------------------------------------------


def test_second_run_changes_nothing(run_module, ecs):
    run_module(main, FULL_ARGS)
    before = described(ecs)

    result = run_module(main, FULL_ARGS, diff=True)

    assert (result["changed"], result["changes"]) == (False, [])
    assert result["diff"]["before"] == result["diff"]["after"]
    assert described(ecs) == before


def test_second_run_of_a_minimal_cluster_without_capacity_provider_keys(run_module, ecs):
    run_module(main, dict(name="tiger"))
    assert "capacityProviders" not in described(ecs)

    result = run_module(main, dict(name="tiger", capacity_providers=[], default_capacity_provider_strategy=[]))

    assert (result["failed"], result["changed"]) == (False, False)
    assert result["cluster"]["capacity_providers"] == []


def test_execute_command_is_compared_with_defaults_filled_in(run_module, ecs):
    ecs.create_cluster(
        clusterName="tiger",
        settings=[dict(name="containerInsights", value="enabled")],
        configuration=dict(
            executeCommandConfiguration=dict(
                logging="OVERRIDE",
                logConfiguration=dict(s3BucketName="exec-logs", cloudWatchEncryptionEnabled=False),
            )
        ),
    )

    result = run_module(main, dict(name="tiger", execute_command=dict(s3_bucket_name="exec-logs", logging="OVERRIDE")))

    assert (result["changed"], result["changes"]) == (False, [])


def test_strategy_order_does_not_matter(run_module, ecs):
    run_module(main, FULL_ARGS)

    args = dict(
        FULL_ARGS,
        capacity_providers=["FARGATE_SPOT", "FARGATE", "FARGATE"],
        default_capacity_provider_strategy=list(reversed(FULL_ARGS["default_capacity_provider_strategy"])),
    )
    result = run_module(main, args)

    assert (result["changed"], result["changes"]) == (False, [])


def test_check_mode_on_a_converged_cluster_changes_nothing(run_module, ecs):
    run_module(main, FULL_ARGS)

    result = run_module(main, FULL_ARGS, check_mode=True)

    assert (result["changed"], result["changes"]) == (False, [])


def test_options_left_out_are_left_alone(run_module, ecs):
    run_module(main, FULL_ARGS)

    result = run_module(main, dict(name="tiger", container_insights="enhanced"))

    assert (result["changed"], result["changes"]) == (False, [])
    cluster = described(ecs)
    assert cluster["configuration"]["executeCommandConfiguration"]["logging"] == "OVERRIDE"
    assert cluster["capacityProviders"] == ["FARGATE", "FARGATE_SPOT"]
    assert tags_of(cluster) == {"Environment": "tiger", "CostCenter": "1234"}


# --- updates ------------------------------------------------------------------------------------


def test_container_insights_is_updated(run_module, ecs):
    run_module(main, FULL_ARGS)

    result = run_module(main, dict(FULL_ARGS, container_insights="disabled"), diff=True)

    assert (result["changed"], result["changes"]) == (True, ["container_insights"])
    assert insights_of(described(ecs)) == "disabled"
    assert result["cluster"]["settings"] == [dict(name="containerInsights", value="disabled")]
    assert (result["diff"]["before"]["container_insights"], result["diff"]["after"]["container_insights"]) == (
        "enhanced",
        "disabled",
    )


def test_execute_command_is_replaced(run_module, ecs):
    run_module(main, FULL_ARGS)

    result = run_module(
        main,
        dict(
            FULL_ARGS,
            execute_command=dict(
                logging="OVERRIDE",
                s3_bucket_name="exec-logs",
                s3_key_prefix="tiger/",
                s3_encryption_enabled=True,
            ),
        ),
        diff=True,
    )

    assert result["changes"] == ["execute_command"]
    assert described(ecs)["configuration"]["executeCommandConfiguration"] == dict(
        logging="OVERRIDE",
        logConfiguration=dict(s3BucketName="exec-logs", s3KeyPrefix="tiger/", s3EncryptionEnabled=True),
    )
    assert result["diff"]["before"]["execute_command"]["kms_key_id"] == "alias/exec"
    assert result["diff"]["after"]["execute_command"] == dict(
        kms_key_id=None,
        logging="OVERRIDE",
        log_group_name=None,
        log_encryption_enabled=False,
        s3_bucket_name="exec-logs",
        s3_key_prefix="tiger/",
        s3_encryption_enabled=True,
    )


def test_log_encryption_can_be_turned_off(run_module, ecs):
    run_module(main, FULL_ARGS)
    execute_command = dict(FULL_ARGS["execute_command"], log_encryption_enabled=False)

    result = run_module(main, dict(FULL_ARGS, execute_command=execute_command))

    assert result["changes"] == ["execute_command"]
    log = described(ecs)["configuration"]["executeCommandConfiguration"]["logConfiguration"]
    assert log == dict(cloudWatchLogGroupName="/ecs/tiger/exec", cloudWatchEncryptionEnabled=False)


def test_capacity_providers_and_strategy_are_put(run_module, ecs):
    run_module(main, dict(name="tiger", capacity_providers=["FARGATE"]))

    result = run_module(
        main,
        dict(
            name="tiger",
            capacity_providers=["FARGATE_SPOT", "FARGATE"],
            default_capacity_provider_strategy=[dict(capacity_provider="FARGATE_SPOT", weight=1)],
        ),
    )

    assert result["changes"] == ["capacity_providers", "default_capacity_provider_strategy"]
    cluster = described(ecs)
    assert sorted(cluster["capacityProviders"]) == ["FARGATE", "FARGATE_SPOT"]
    assert strategy_set(cluster) == {("FARGATE_SPOT", 1, 0)}
    assert result["cluster"]["default_capacity_provider_strategy"] == [
        dict(capacity_provider="FARGATE_SPOT", weight=1, base=0)
    ]


def test_the_strategy_alone_is_put(run_module, ecs):
    run_module(main, FULL_ARGS)
    strategy = [dict(capacity_provider="FARGATE", weight=1, base=2)]

    result = run_module(main, dict(FULL_ARGS, default_capacity_provider_strategy=strategy))

    assert result["changes"] == ["default_capacity_provider_strategy"]
    cluster = described(ecs)
    assert (cluster["capacityProviders"], strategy_set(cluster)) == (["FARGATE", "FARGATE_SPOT"], {("FARGATE", 1, 2)})


def test_capacity_providers_and_strategy_are_cleared(run_module, ecs):
    run_module(main, FULL_ARGS)

    result = run_module(main, dict(FULL_ARGS, capacity_providers=[], default_capacity_provider_strategy=[]))

    assert result["changes"] == ["capacity_providers", "default_capacity_provider_strategy"]
    cluster = described(ecs)
    assert (cluster["capacityProviders"], cluster["defaultCapacityProviderStrategy"]) == ([], [])


def test_a_provider_the_kept_strategy_uses_is_not_removed(run_module, ecs):
    run_module(main, FULL_ARGS)

    result = run_module(main, dict(name="tiger", container_insights="enhanced", capacity_providers=["FARGATE"]))

    assert result["failed"] is True
    assert "uses FARGATE_SPOT, which capacity_providers no longer lists" in result["msg"]
    assert "set default_capacity_provider_strategy as well" in result["msg"]
    assert described(ecs)["capacityProviders"] == ["FARGATE", "FARGATE_SPOT"]


def test_check_mode_reports_updates_and_makes_none(run_module, ecs):
    run_module(main, FULL_ARGS)
    before = described(ecs)
    args = dict(
        FULL_ARGS,
        container_insights="disabled",
        execute_command=dict(logging="NONE"),
        capacity_providers=["FARGATE"],
        default_capacity_provider_strategy=[dict(capacity_provider="FARGATE", weight=1)],
        tags={"Environment": "cheetah"},
    )

    result = run_module(main, args, check_mode=True, diff=True)

    assert result["changed"] is True
    assert result["changes"] == [
        "container_insights",
        "execute_command",
        "capacity_providers",
        "default_capacity_provider_strategy",
        "tags",
    ]
    assert described(ecs) == before
    returned = result["cluster"]
    assert returned["settings"] == [dict(name="containerInsights", value="disabled")]
    assert returned["configuration"] == dict(execute_command_configuration=dict(logging="NONE"))
    assert returned["capacity_providers"] == ["FARGATE"]
    assert returned["tags"] == {"Environment": "cheetah"}
    assert result["diff"]["after"]["default_capacity_provider_strategy"] == [
        dict(capacity_provider="FARGATE", weight=1, base=0)
    ]


# --- tags ---------------------------------------------------------------------------------------


def test_tags_are_added_and_purged(run_module, ecs):
    run_module(main, dict(name="tiger", tags={"Environment": "dev", "Old": "x"}))

    result = run_module(main, dict(name="tiger", tags={"Environment": "prod", "CostCenter": 1234}))

    assert result["changes"] == ["tags"]
    assert tags_of(described(ecs)) == {"Environment": "prod", "CostCenter": "1234"}
    assert result["cluster"]["tags"] == {"Environment": "prod", "CostCenter": "1234"}


def test_tags_are_kept_without_purge_tags(run_module, ecs):
    run_module(main, dict(name="tiger", tags={"Old": "x"}))

    result = run_module(main, dict(name="tiger", tags={"New": "y"}, purge_tags=False))

    assert result["changes"] == ["tags"]
    assert tags_of(described(ecs)) == {"Old": "x", "New": "y"}


def test_tags_left_out_are_left_alone(run_module, ecs):
    run_module(main, dict(name="tiger", tags={"Old": "x"}))

    result = run_module(main, dict(name="tiger"))

    assert result["changed"] is False
    assert tags_of(described(ecs)) == {"Old": "x"}


def test_empty_tags_purge_them_all(run_module, ecs):
    run_module(main, dict(name="tiger", tags={"Old": "x"}))

    result = run_module(main, dict(name="tiger", tags={}))

    assert result["changes"] == ["tags"]
    assert tags_of(described(ecs)) == {}


# --- delete -------------------------------------------------------------------------------------


def test_deletes_the_cluster(run_module, ecs):
    run_module(main, FULL_ARGS)

    result = run_module(main, dict(name="tiger", state="absent"), diff=True)

    assert (result["changed"], result["changes"], result["cluster"]) == (True, ["deleted"], {})
    assert described(ecs)["status"] == "INACTIVE"
    assert result["diff"]["before"]["capacity_providers"] == ["FARGATE", "FARGATE_SPOT"]
    assert result["diff"]["after"] == {}


def test_deleting_a_missing_cluster_changes_nothing(run_module, ecs):
    result = run_module(main, dict(name="tiger", state="absent"))

    assert (result["failed"], result["changed"], result["changes"]) == (False, False, [])


def test_deleting_an_inactive_cluster_changes_nothing(run_module, ecs):
    ecs.create_cluster(clusterName="tiger")
    ecs.delete_cluster(cluster="tiger")

    result = run_module(main, dict(name="tiger", state="absent"))

    assert (result["failed"], result["changed"]) == (False, False)


def test_check_mode_reports_the_deletion_and_deletes_nothing(run_module, ecs):
    run_module(main, dict(name="tiger"))

    result = run_module(main, dict(name="tiger", state="absent"), check_mode=True)

    assert (result["changed"], result["changes"]) == (True, ["deleted"])
    assert described(ecs)["status"] == "ACTIVE"


# --- Stubber: what moto gets wrong, and the requests sent ----------------------------------------


def aws_cluster(**attributes):
    """A cluster as AWS describes it, with every key AWS always sends."""
    cluster = dict(
        clusterArn=ARN,
        clusterName="tiger",
        status="ACTIVE",
        registeredContainerInstancesCount=0,
        runningTasksCount=0,
        pendingTasksCount=0,
        activeServicesCount=0,
        settings=[dict(name="containerInsights", value="enabled")],
        capacityProviders=[],
        defaultCapacityProviderStrategy=[],
        tags=[],
    )
    cluster.update(attributes)
    return cluster


@pytest.fixture
def stubbed_ecs(stubbed):
    return stubbed("ecs")


def describe(stubber, *clusters):
    failures = [] if clusters else [dict(arn=ARN, reason="MISSING")]
    stubber.add_response(
        "describe_clusters",
        dict(clusters=list(clusters), failures=failures),
        dict(clusters=["tiger"], include=INCLUDE),
    )


def test_a_cluster_with_active_services_is_not_deleted(run_module, stubbed_ecs):
    describe(stubbed_ecs, aws_cluster(activeServicesCount=2))

    result = run_module(main, dict(name="tiger", state="absent"))

    assert result["failed"] is True
    assert result["msg"].startswith("ECS cluster tiger cannot be deleted: it still has 2 active services")
    assert "must be deleted first" in result["msg"]
    assert result["cluster"]["active_services_count"] == 2


def test_check_mode_also_refuses_a_cluster_with_active_services(run_module, stubbed_ecs):
    describe(stubbed_ecs, aws_cluster(activeServicesCount=1))

    result = run_module(main, dict(name="tiger", state="absent"), check_mode=True)

    assert result["failed"] is True
    assert "it still has 1 active service," in result["msg"]


def test_services_created_meanwhile_are_reported(run_module, stubbed_ecs):
    describe(stubbed_ecs, aws_cluster())
    stubbed_ecs.add_client_error(
        "delete_cluster",
        service_error_code="ClusterContainsServicesException",
        service_message="The Cluster cannot be deleted while Services are active.",
        expected_params=dict(cluster="tiger"),
    )

    result = run_module(main, dict(name="tiger", state="absent"))

    assert result["failed"] is True
    assert "cannot be deleted: it still has active services, which must be deleted first" in result["msg"]


def test_a_cluster_deleted_meanwhile_is_taken_as_deleted(run_module, stubbed_ecs):
    describe(stubbed_ecs, aws_cluster())
    stubbed_ecs.add_client_error("delete_cluster", service_error_code="ClusterNotFoundException")

    result = run_module(main, dict(name="tiger", state="absent"))

    assert (result["failed"], result["changed"]) == (False, False)


def test_a_failed_deletion_is_reported(run_module, stubbed_ecs):
    describe(stubbed_ecs, aws_cluster())
    stubbed_ecs.add_client_error(
        "delete_cluster", service_error_code="ClusterContainsTasksException", service_message="Tasks are running."
    )

    result = run_module(main, dict(name="tiger", state="absent"))

    assert result["failed"] is True
    assert result["msg"].startswith("Failed to delete ECS cluster tiger")
    assert result["error"]["code"] == "ClusterContainsTasksException"


def test_update_cluster_sends_only_the_configuration_that_differs(run_module, stubbed_ecs):
    describe(stubbed_ecs, aws_cluster(tags=[dict(key="Environment", value="tiger")]))
    wanted = dict(executeCommandConfiguration=dict(logging="NONE", kmsKeyId="alias/exec"))
    stubbed_ecs.add_response(
        "update_cluster",
        dict(cluster=aws_cluster(configuration=wanted)),
        dict(cluster="tiger", configuration=wanted),
    )
    describe(stubbed_ecs, aws_cluster(configuration=wanted, tags=[dict(key="Environment", value="tiger")]))

    result = run_module(main, dict(name="tiger", execute_command=dict(logging="NONE", kms_key_id="alias/exec")))

    assert result["changes"] == ["execute_command"]
    assert result["cluster"]["configuration"]["execute_command_configuration"]["kms_key_id"] == "alias/exec"
    assert result["cluster"]["tags"] == {"Environment": "tiger"}


def test_put_cluster_capacity_providers_keeps_the_strategy_left_out(run_module, stubbed_ecs):
    strategy = [dict(capacityProvider="FARGATE", weight=1, base=0)]
    describe(stubbed_ecs, aws_cluster(capacityProviders=["FARGATE"], defaultCapacityProviderStrategy=strategy))
    stubbed_ecs.add_response(
        "put_cluster_capacity_providers",
        dict(
            cluster=aws_cluster(capacityProviders=["FARGATE", "FARGATE_SPOT"], defaultCapacityProviderStrategy=strategy)
        ),
        dict(cluster="tiger", capacityProviders=["FARGATE", "FARGATE_SPOT"], defaultCapacityProviderStrategy=strategy),
    )
    describe(
        stubbed_ecs,
        aws_cluster(
            capacityProviders=["FARGATE", "FARGATE_SPOT"],
            defaultCapacityProviderStrategy=strategy,
            attachmentsStatus="UPDATE_IN_PROGRESS",
        ),
    )

    result = run_module(main, dict(name="tiger", capacity_providers=["FARGATE", "FARGATE_SPOT"]))

    assert result["changes"] == ["capacity_providers"]
    assert result["cluster"]["attachments_status"] == "UPDATE_IN_PROGRESS"
    assert result["cluster"]["default_capacity_provider_strategy"] == [
        dict(capacity_provider="FARGATE", weight=1, base=0)
    ]


def test_a_cluster_described_without_settings_has_container_insights_off(run_module, stubbed_ecs):
    cluster = aws_cluster()
    del cluster["settings"], cluster["capacityProviders"], cluster["defaultCapacityProviderStrategy"]
    describe(stubbed_ecs, cluster)

    result = run_module(main, dict(name="tiger", container_insights="disabled", capacity_providers=[]))

    assert (result["failed"], result["changed"]) == (False, False)


def test_a_failed_update_is_reported(run_module, stubbed_ecs):
    describe(stubbed_ecs, aws_cluster())
    stubbed_ecs.add_client_error(
        "update_cluster", service_error_code="InvalidParameterException", service_message="Invalid setting."
    )

    result = run_module(main, dict(name="tiger", container_insights="enhanced"))

    assert result["failed"] is True
    assert result["msg"].startswith("Failed to update the settings of ECS cluster tiger")


# --- validation ---------------------------------------------------------------------------------


def strategy(*items):
    return [dict(zip(("capacity_provider", "weight", "base"), item)) for item in items]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (dict(name="tiger cluster"), "name 'tiger cluster' is not a valid ECS cluster name"),
        (dict(name="x" * 256), "is not a valid ECS cluster name"),
        (
            dict(execute_command=dict(logging="OVERRIDE")),
            "execute_command.logging=OVERRIDE requires execute_command.log_group_name or execute_command.s3_bucket_name",
        ),
        (
            dict(execute_command=dict(log_group_name="/ecs/exec")),
            "execute_command.log_group_name applies only with execute_command.logging=OVERRIDE, not DEFAULT",
        ),
        (
            dict(execute_command=dict(logging="OVERRIDE", log_group_name="g", s3_key_prefix="p/")),
            "execute_command.s3_key_prefix applies only with execute_command.s3_bucket_name",
        ),
        (
            dict(execute_command=dict(logging="OVERRIDE", s3_bucket_name="b", log_encryption_enabled=True)),
            "execute_command.log_encryption_enabled applies only with execute_command.log_group_name",
        ),
        (dict(execute_command=dict(logging="ALL")), "value of logging must be one of: DEFAULT, NONE, OVERRIDE"),
        (dict(capacity_providers=["FARGATE", ""]), "capacity_providers cannot contain empty names"),
        (
            dict(capacity_providers=["FARGATE"], default_capacity_provider_strategy=strategy(("FARGATE_SPOT", 1, 0))),
            "uses capacity provider 'FARGATE_SPOT', which capacity_providers does not list (FARGATE)",
        ),
        (
            dict(
                capacity_providers=["FARGATE"],
                default_capacity_provider_strategy=strategy(("FARGATE", 1, 0), ("FARGATE", 2, 0)),
            ),
            "lists capacity provider 'FARGATE' twice",
        ),
        (
            dict(capacity_providers=["FARGATE"], default_capacity_provider_strategy=strategy(("FARGATE", 1001, 0))),
            "The weight of capacity provider 'FARGATE' in default_capacity_provider_strategy must be between 0 and 1000, not 1001",
        ),
        (
            dict(capacity_providers=["FARGATE"], default_capacity_provider_strategy=strategy(("FARGATE", 1, -1))),
            "The base of capacity provider 'FARGATE' in default_capacity_provider_strategy must be between 0 and 100000, not -1",
        ),
        (
            dict(
                capacity_providers=["FARGATE", "FARGATE_SPOT"],
                default_capacity_provider_strategy=strategy(("FARGATE", 1, 1), ("FARGATE_SPOT", 1, 2)),
            ),
            "Only one capacity provider of default_capacity_provider_strategy may have a base above 0, not 2 (FARGATE, FARGATE_SPOT)",
        ),
        (
            dict(
                capacity_providers=["FARGATE", "FARGATE_SPOT"],
                default_capacity_provider_strategy=strategy(("FARGATE", 0, 1), ("FARGATE_SPOT", 0, 0)),
            ),
            "at least one must have a weight above 0",
        ),
        (
            dict(default_capacity_provider_strategy=strategy(("FARGATE", 1, 0))),
            "missing parameter(s) required by 'default_capacity_provider_strategy': capacity_providers",
        ),
        (dict(container_insights="on"), "value of container_insights must be one of: enabled, enhanced, disabled"),
    ],
)
def test_invalid_parameters_fail_before_any_call(run_module, stubbed_ecs, args, message):
    result = run_module(main, dict(dict(name="tiger"), **args))

    assert result["failed"] is True
    assert message in result["msg"]


def test_the_longest_name_and_a_single_zero_weight_are_valid(run_module, stubbed_ecs):
    name = "t" * 255
    stubbed_ecs.add_response(
        "describe_clusters", dict(clusters=[], failures=[]), dict(clusters=[name], include=INCLUDE)
    )

    result = run_module(
        main,
        dict(name=name, capacity_providers=["FARGATE"], default_capacity_provider_strategy=strategy(("FARGATE", 0, 0))),
        check_mode=True,
    )

    assert (result["failed"], result["changes"]) == (False, ["created"])
