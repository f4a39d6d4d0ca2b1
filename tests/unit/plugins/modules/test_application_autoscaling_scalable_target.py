"""Unit tests of seed.aws_platform.application_autoscaling_scalable_target.

moto (in-process) backs registering, describing and deregistering targets, and putting, describing and deleting
scaling policies and scheduled actions, against a moto ECS service (moto refuses a target whose service does not
exist). moto 5.2.1 has no ListTagsForResource, TagResource or UntagResource and ignores the Tags of
RegisterScalableTarget, never reports DisableScaleIn, cooldowns or a time zone AWS adds, does not answer
ObjectNotFoundException for a target deregistered meanwhile, and keeps a target's policies and scheduled actions
after DeregisterScalableTarget: botocore's Stubber backs those paths and asserts the exact requests.
"""

import datetime

import boto3
import pytest

from ansible_collections.seed.aws_platform.plugins.modules.application_autoscaling_scalable_target import main

REGION = "us-east-1"
ACCOUNT = "123456789012"
CLUSTER = "tiger"
RESOURCE_ID = f"service/{CLUSTER}/web"
DIMENSION = "ecs:service:DesiredCount"
KEY = dict(ServiceNamespace="ecs", ResourceId=RESOURCE_ID, ScalableDimension=DIMENSION)
TARGET_ARN = f"arn:aws:application-autoscaling:{REGION}:{ACCOUNT}:scalable-target/0ec3a45f1bd1c41e6e9d9b2bd1c6b1ec"
LABEL = "app/tiger/50dc6c495c0c9188/targetgroup/tiger-web/943f017f100becff"
READS = ("DescribeScalableTargets", "DescribeScalingPolicies", "DescribeScheduledActions", "ListTagsForResource")

CPU = dict(name="cpu", predefined_metric_type="ECSServiceAverageCPUUtilization", target_value=60)
MEMORY = dict(name="memory", predefined_metric_type="ECSServiceAverageMemoryUtilization", target_value=75)
NIGHT = dict(name="night", schedule="cron(0 22 * * ? *)", min_capacity=1, max_capacity=2)
MORNING = dict(name="morning", schedule="cron(0 7 * * ? *)", min_capacity=2, max_capacity=10)


def present(**extra):
    return dict(dict(resource_id=RESOURCE_ID, min_capacity=2, max_capacity=10), **extra)


# --- moto ---------------------------------------------------------------------------------------


@pytest.fixture
def scaling(aws):
    """The application-autoscaling client of the tests, with the ECS service the target scales."""
    ecs = boto3.client("ecs", region_name=REGION)
    ecs.create_cluster(clusterName=CLUSTER)
    ecs.register_task_definition(family="web", containerDefinitions=[dict(name="web", image="nginx", memory=128)])
    ecs.create_service(cluster=CLUSTER, serviceName="web", taskDefinition="web", desiredCount=2)
    return boto3.client("application-autoscaling", region_name=REGION)


def writes(calls):
    return [(operation, params) for operation, params in calls if operation not in READS]


def write_names(calls):
    return [operation for operation, _params in writes(calls)]


def stored_target(scaling):
    found = scaling.describe_scalable_targets(ServiceNamespace="ecs", ResourceIds=[RESOURCE_ID])["ScalableTargets"]
    return found[0] if found else None


def stored_policies(scaling):
    policies = scaling.describe_scaling_policies(ServiceNamespace="ecs", ResourceId=RESOURCE_ID)["ScalingPolicies"]
    return {policy["PolicyName"]: policy for policy in policies}


def stored_configs(scaling):
    return {
        name: policy["TargetTrackingScalingPolicyConfiguration"] for name, policy in stored_policies(scaling).items()
    }


def stored_actions(scaling):
    actions = scaling.describe_scheduled_actions(ServiceNamespace="ecs", ResourceId=RESOURCE_ID)["ScheduledActions"]
    return {action["ScheduledActionName"]: action for action in actions}


def utc(*args):
    return datetime.datetime(*args, tzinfo=datetime.timezone.utc)


# --- create -------------------------------------------------------------------------------------


def test_creates_the_target_its_policies_and_scheduled_actions(run_module, scaling, api_calls):
    args = present(
        policies=[
            dict(CPU, scale_in_cooldown=300, scale_out_cooldown=60),
            dict(
                name="requests",
                predefined_metric_type="ALBRequestCountPerTarget",
                resource_label=LABEL,
                target_value=500,
            ),
        ],
        scheduled_actions=[
            dict(
                NIGHT,
                timezone="Europe/Paris",
                start_time="2030-01-31T22:00:00Z",
                end_time="2030-12-31T23:00:00+01:00",
            ),
            dict(name="burst", schedule="at(2030-06-01T08:00:00)", max_capacity=20),
        ],
    )

    result = run_module(main, args)

    assert result["changed"] is True
    assert result["changes"] == [
        "registered",
        "policy cpu added",
        "policy requests added",
        "scheduled action night added",
        "scheduled action burst added",
    ]
    target = stored_target(scaling)
    assert (target["MinCapacity"], target["MaxCapacity"]) == (2, 10)
    assert stored_configs(scaling) == {
        "cpu": dict(
            TargetValue=60.0,
            DisableScaleIn=False,
            PredefinedMetricSpecification=dict(PredefinedMetricType="ECSServiceAverageCPUUtilization"),
            ScaleInCooldown=300,
            ScaleOutCooldown=60,
        ),
        "requests": dict(
            TargetValue=500.0,
            DisableScaleIn=False,
            PredefinedMetricSpecification=dict(PredefinedMetricType="ALBRequestCountPerTarget", ResourceLabel=LABEL),
        ),
    }
    actions = stored_actions(scaling)
    assert actions["night"]["Schedule"] == "cron(0 22 * * ? *)"
    assert actions["night"]["Timezone"] == "Europe/Paris"
    assert actions["night"]["StartTime"] == utc(2030, 1, 31, 22)
    assert actions["night"]["EndTime"] == utc(2030, 12, 31, 22)
    assert actions["night"]["ScalableTargetAction"] == dict(MinCapacity=1, MaxCapacity=2)
    assert actions["burst"]["ScalableTargetAction"] == dict(MaxCapacity=20)
    # The target is registered before the policies and actions that need it.
    assert write_names(api_calls) == ["RegisterScalableTarget"] + ["PutScalingPolicy"] * 2 + ["PutScheduledAction"] * 2
    assert "SuspendedState" not in writes(api_calls)[0][1]

    assert result["scalable_target"]["scalable_target_arn"] == target["ScalableTargetARN"]
    assert (result["scalable_target"]["min_capacity"], result["scalable_target"]["max_capacity"]) == (2, 10)
    assert result["scalable_target"]["suspended_state"] == dict(
        dynamic_scaling_in_suspended=False, dynamic_scaling_out_suspended=False, scheduled_scaling_suspended=False
    )
    assert "tags" not in result["scalable_target"]
    by_name = {policy["policy_name"]: policy for policy in result["policies"]}
    assert by_name["cpu"]["policy_arn"] == stored_policies(scaling)["cpu"]["PolicyARN"]
    assert by_name["cpu"]["alarms"] and all(alarm["alarm_arn"] for alarm in by_name["cpu"]["alarms"])
    assert by_name["requests"]["target_tracking_scaling_policy_configuration"]["predefined_metric_specification"] == (
        dict(predefined_metric_type="ALBRequestCountPerTarget", resource_label=LABEL)
    )
    night = next(action for action in result["scheduled_actions"] if action["scheduled_action_name"] == "night")
    assert night["scalable_target_action"] == dict(min_capacity=1, max_capacity=2)
    assert night["scheduled_action_arn"] == actions["night"]["ScheduledActionARN"]
    assert datetime.datetime.fromisoformat(night["start_time"]) == utc(2030, 1, 31, 22)


def test_a_customized_metric_is_passed_as_it_is(run_module, scaling):
    metric = dict(
        MetricName="BacklogPerTask",
        Namespace="Tiger/Worker",
        Statistic="Average",
        Dimensions=[dict(Name="Service", Value="web")],
    )
    args = present(policies=[dict(name="backlog", target_value=100, customized_metric=metric, disable_scale_in=True)])

    result = run_module(main, args)
    again = run_module(main, args)

    assert stored_configs(scaling)["backlog"] == dict(
        TargetValue=100.0, DisableScaleIn=True, CustomizedMetricSpecification=metric
    )
    assert result["changes"] == ["registered", "policy backlog added"]
    assert (again["changed"], again["changes"]) == (False, [])


def test_suspended_state_is_registered_with_the_target(run_module, scaling, api_calls):
    result = run_module(main, present(suspended_state=dict(scheduled_scaling_suspended=True)))

    assert writes(api_calls)[0][1]["SuspendedState"] == dict(
        DynamicScalingInSuspended=False, DynamicScalingOutSuspended=False, ScheduledScalingSuspended=True
    )
    assert stored_target(scaling)["SuspendedState"]["ScheduledScalingSuspended"] is True
    assert result["scalable_target"]["suspended_state"]["scheduled_scaling_suspended"] is True


def test_a_target_of_a_missing_service_fails_with_the_target_named(run_module, scaling):
    result = run_module(main, present(resource_id=f"service/{CLUSTER}/missing"))

    assert result["failed"] is True
    assert result["msg"].startswith(f"Failed to register scalable target service/{CLUSTER}/missing ({DIMENSION})")
    assert "ECS service doesn't exist" in result["msg"]


def test_check_mode_reports_the_creation_and_creates_nothing(run_module, scaling, api_calls):
    args = present(policies=[CPU], scheduled_actions=[dict(NIGHT, start_time="2030-01-31T22:00:00")], tags={"a": 1})

    result = run_module(main, args, check_mode=True, diff=True)

    assert result["changed"] is True
    assert result["changes"] == ["registered", "policy cpu added", "scheduled action night added"]
    assert stored_target(scaling) is None
    assert stored_policies(scaling) == {} and stored_actions(scaling) == {}
    assert writes(api_calls) == []
    assert result["scalable_target"] == dict(
        service_namespace="ecs",
        resource_id=RESOURCE_ID,
        scalable_dimension=DIMENSION,
        min_capacity=2,
        max_capacity=10,
        suspended_state=dict(
            dynamic_scaling_in_suspended=False, dynamic_scaling_out_suspended=False, scheduled_scaling_suspended=False
        ),
        tags={"a": "1"},
    )
    assert [policy["policy_name"] for policy in result["policies"]] == ["cpu"]
    assert "policy_arn" not in result["policies"][0]
    assert result["scheduled_actions"][0]["start_time"] == "2030-01-31T22:00:00+00:00"
    assert result["diff"]["before"] == {}
    assert result["diff"]["after"]["policies"]["cpu"]["target_value"] == 60.0
    assert result["diff"]["after"]["scheduled_actions"]["night"]["timezone"] == "UTC"


# --- idempotence --------------------------------------------------------------------------------


FULL = present(
    policies=[dict(CPU, scale_in_cooldown=120), MEMORY],
    scheduled_actions=[dict(NIGHT, timezone="Europe/Paris", start_time="2030-01-31T23:00:00+01:00"), MORNING],
    suspended_state=dict(dynamic_scaling_in_suspended=False),
)


def test_second_run_changes_nothing_and_only_reads(run_module, scaling, api_calls):
    run_module(main, FULL)
    del api_calls[:]

    result = run_module(main, FULL, diff=True)

    assert (result["changed"], result["changes"]) == (False, [])
    assert writes(api_calls) == []
    assert [operation for operation, _params in api_calls] == list(READS[:3])
    assert result["diff"]["before"] == result["diff"]["after"]
    assert {policy["policy_name"] for policy in result["policies"]} == {"cpu", "memory"}
    assert {action["scheduled_action_name"] for action in result["scheduled_actions"]} == {"night", "morning"}


def test_check_mode_on_a_converged_target_reports_no_change(run_module, scaling, api_calls):
    run_module(main, FULL)
    del api_calls[:]

    result = run_module(main, FULL, check_mode=True)

    assert (result["changed"], result["changes"]) == (False, [])
    assert writes(api_calls) == []


def test_a_target_value_matches_whatever_its_yaml_type(run_module, scaling):
    run_module(main, present(policies=[dict(CPU, target_value=60.5)]))

    result = run_module(main, present(policies=[dict(CPU, target_value="60.5")]))

    assert result["changed"] is False


# --- updates ------------------------------------------------------------------------------------


def test_a_new_range_only_registers_the_target_again(run_module, scaling, api_calls):
    run_module(main, FULL)
    del api_calls[:]

    result = run_module(main, dict(FULL, min_capacity=3, max_capacity=12), diff=True)

    assert result["changes"] == ["range"]
    assert writes(api_calls) == [
        (
            "RegisterScalableTarget",
            dict(
                KEY,
                MinCapacity=3,
                MaxCapacity=12,
                SuspendedState=dict(
                    DynamicScalingInSuspended=False, DynamicScalingOutSuspended=False, ScheduledScalingSuspended=False
                ),
            ),
        )
    ]
    target = stored_target(scaling)
    assert (target["MinCapacity"], target["MaxCapacity"]) == (3, 12)
    assert (result["scalable_target"]["min_capacity"], result["scalable_target"]["max_capacity"]) == (3, 12)
    assert (result["diff"]["before"]["min_capacity"], result["diff"]["after"]["min_capacity"]) == (2, 3)
    assert result["diff"]["before"]["policies"] == result["diff"]["after"]["policies"]


def test_suspended_state_is_changed_and_left_alone_when_omitted(run_module, scaling, api_calls):
    run_module(main, present())
    del api_calls[:]

    suspended = run_module(main, present(suspended_state=dict(dynamic_scaling_in_suspended=True)))
    omitted = run_module(main, present())

    assert suspended["changes"] == ["suspended_state"]
    assert stored_target(scaling)["SuspendedState"] == dict(
        DynamicScalingInSuspended=True, DynamicScalingOutSuspended=False, ScheduledScalingSuspended=False
    )
    assert omitted["changed"] is False
    assert omitted["scalable_target"]["suspended_state"]["dynamic_scaling_in_suspended"] is True


def test_only_the_policy_that_differs_is_put_and_keeps_its_cooldowns(run_module, scaling, api_calls):
    run_module(main, present(policies=[dict(CPU, scale_in_cooldown=120, scale_out_cooldown=30), MEMORY]))
    memory_arn = stored_policies(scaling)["memory"]["PolicyARN"]
    del api_calls[:]

    result = run_module(main, present(policies=[dict(CPU, target_value=50), MEMORY]), diff=True)

    assert result["changes"] == ["policy cpu updated"]
    assert write_names(api_calls) == ["PutScalingPolicy"]
    assert writes(api_calls)[0][1]["PolicyName"] == "cpu"
    assert stored_configs(scaling)["cpu"] == dict(
        TargetValue=50.0,
        DisableScaleIn=False,
        PredefinedMetricSpecification=dict(PredefinedMetricType="ECSServiceAverageCPUUtilization"),
        ScaleInCooldown=120,
        ScaleOutCooldown=30,
    )
    assert stored_policies(scaling)["memory"]["PolicyARN"] == memory_arn
    assert result["diff"]["before"]["policies"]["cpu"]["target_value"] == 60.0
    assert result["diff"]["after"]["policies"]["cpu"]["target_value"] == 50.0
    by_name = {policy["policy_name"]: policy for policy in result["policies"]}
    assert by_name["cpu"]["target_tracking_scaling_policy_configuration"]["target_value"] == 50.0


@pytest.mark.parametrize(
    "change, stored",
    [
        (dict(scale_out_cooldown=45), dict(ScaleOutCooldown=45)),
        (dict(disable_scale_in=True), dict(DisableScaleIn=True)),
        (
            dict(predefined_metric_type="ECSServiceAverageMemoryUtilization"),
            dict(PredefinedMetricSpecification=dict(PredefinedMetricType="ECSServiceAverageMemoryUtilization")),
        ),
    ],
)
def test_each_setting_of_a_policy_is_compared(run_module, scaling, change, stored):
    run_module(main, present(policies=[CPU]))

    result = run_module(main, present(policies=[dict(CPU, **change)]))

    assert result["changes"] == ["policy cpu updated"]
    assert stored_configs(scaling)["cpu"].items() >= stored.items()


def test_policies_not_listed_are_purged_or_kept(run_module, scaling, api_calls):
    run_module(main, present(policies=[CPU, MEMORY]))

    kept = run_module(main, present(policies=[CPU], purge_policies=False))
    omitted = run_module(main, present())
    assert (kept["changed"], omitted["changed"]) == (False, False)
    assert set(stored_policies(scaling)) == {"cpu", "memory"}
    del api_calls[:]

    result = run_module(main, present(policies=[MEMORY]))

    assert result["changes"] == ["policy cpu removed"]
    assert writes(api_calls) == [("DeleteScalingPolicy", dict(KEY, PolicyName="cpu"))]
    assert set(stored_policies(scaling)) == {"memory"}
    assert [policy["policy_name"] for policy in result["policies"]] == ["memory"]

    emptied = run_module(main, present(policies=[]))

    assert emptied["changes"] == ["policy memory removed"]
    assert stored_policies(scaling) == {}


def test_step_scaling_policies_are_never_purged_nor_taken_over(run_module, scaling, api_calls):
    run_module(main, present())
    scaling.put_scaling_policy(
        PolicyName="steps",
        PolicyType="StepScaling",
        StepScalingPolicyConfiguration=dict(
            AdjustmentType="ChangeInCapacity", StepAdjustments=[dict(MetricIntervalLowerBound=0, ScalingAdjustment=1)]
        ),
        **KEY,
    )

    purged = run_module(main, present(policies=[CPU]))
    taken = run_module(main, present(policies=[dict(CPU, name="steps")]))

    assert purged["changes"] == ["policy cpu added"]
    assert {policy["policy_name"] for policy in purged["policies"]} == {"cpu", "steps"}
    assert taken["failed"] is True
    assert "Scaling policy steps of scalable target service/tiger/web" in taken["msg"]
    assert "is a StepScaling policy" in taken["msg"]
    assert stored_policies(scaling)["steps"]["PolicyType"] == "StepScaling"
    assert set(stored_policies(scaling)) == {"cpu", "steps"}


def test_a_refused_policy_changes_nothing_before_it(run_module, scaling, api_calls):
    """Everything is planned before the first call, so a refusal leaves the range as it was too."""
    run_module(main, present())
    scaling.put_scaling_policy(
        PolicyName="steps",
        PolicyType="StepScaling",
        StepScalingPolicyConfiguration=dict(AdjustmentType="ChangeInCapacity"),
        **KEY,
    )
    del api_calls[:]

    result = run_module(main, present(max_capacity=20, policies=[dict(CPU, name="steps")]))

    assert result["failed"] is True
    assert writes(api_calls) == []
    assert stored_target(scaling)["MaxCapacity"] == 10


def test_a_scheduled_action_that_differs_is_put_again(run_module, scaling, api_calls):
    run_module(main, present(scheduled_actions=[NIGHT, MORNING]))
    del api_calls[:]

    result = run_module(
        main,
        present(scheduled_actions=[dict(NIGHT, schedule="cron(0 23 * * ? *)", max_capacity=3), MORNING]),
        diff=True,
    )

    assert result["changes"] == ["scheduled action night updated"]
    assert writes(api_calls) == [
        (
            "PutScheduledAction",
            dict(
                KEY,
                ScheduledActionName="night",
                Schedule="cron(0 23 * * ? *)",
                ScalableTargetAction=dict(MinCapacity=1, MaxCapacity=3),
            ),
        )
    ]
    night = stored_actions(scaling)["night"]
    assert (night["Schedule"], night["ScalableTargetAction"]) == (
        "cron(0 23 * * ? *)",
        dict(MinCapacity=1, MaxCapacity=3),
    )
    assert result["diff"]["before"]["scheduled_actions"]["night"]["max_capacity"] == 2
    assert result["diff"]["after"]["scheduled_actions"]["night"]["max_capacity"] == 3
    assert (
        result["diff"]["after"]["scheduled_actions"]["morning"]
        == result["diff"]["before"]["scheduled_actions"]["morning"]
    )


def test_a_capacity_left_out_makes_a_new_action(run_module, scaling, api_calls):
    run_module(main, present(scheduled_actions=[NIGHT]))
    del api_calls[:]

    result = run_module(main, present(scheduled_actions=[dict(NIGHT, min_capacity=None)]))

    assert result["changes"] == ["scheduled action night updated"]
    assert write_names(api_calls) == ["DeleteScheduledAction", "PutScheduledAction"]
    assert stored_actions(scaling)["night"]["ScalableTargetAction"] == dict(MaxCapacity=2)


def test_a_time_zone_left_out_is_put_back_to_utc(run_module, scaling, api_calls):
    run_module(main, present(scheduled_actions=[dict(NIGHT, timezone="Europe/Paris")]))
    del api_calls[:]

    result = run_module(main, present(scheduled_actions=[NIGHT]))
    again = run_module(main, present(scheduled_actions=[NIGHT]))

    assert result["changes"] == ["scheduled action night updated"]
    assert writes(api_calls)[0][1]["Timezone"] == "UTC"
    assert stored_actions(scaling)["night"]["Timezone"] == "UTC"
    assert again["changed"] is False


def test_start_and_end_times_are_compared_to_the_second_and_removed_when_left_out(run_module, scaling, api_calls):
    run_module(main, present(scheduled_actions=[dict(NIGHT, start_time="2030-01-31T22:00:00Z")]))

    same = run_module(main, present(scheduled_actions=[dict(NIGHT, start_time="2030-01-31T23:00:00.400+01:00")]))
    removed = run_module(main, present(scheduled_actions=[NIGHT]))

    assert same["changed"] is False
    assert removed["changes"] == ["scheduled action night updated"]
    assert "StartTime" not in stored_actions(scaling)["night"]


def test_scheduled_actions_not_listed_are_purged_or_kept(run_module, scaling, api_calls):
    run_module(main, present(scheduled_actions=[NIGHT, MORNING]))

    kept = run_module(main, present(scheduled_actions=[NIGHT], purge_scheduled_actions=False))
    omitted = run_module(main, present())
    assert (kept["changed"], omitted["changed"]) == (False, False)
    del api_calls[:]

    result = run_module(main, present(scheduled_actions=[NIGHT]))

    assert result["changes"] == ["scheduled action morning removed"]
    assert writes(api_calls) == [("DeleteScheduledAction", dict(KEY, ScheduledActionName="morning"))]
    assert set(stored_actions(scaling)) == {"night"}
    assert [action["scheduled_action_name"] for action in result["scheduled_actions"]] == ["night"]


def test_check_mode_reports_every_update_and_makes_none(run_module, scaling, api_calls):
    run_module(main, present(policies=[CPU, MEMORY], scheduled_actions=[NIGHT, MORNING]))
    before = (stored_target(scaling), stored_configs(scaling), stored_actions(scaling))
    cpu_arn = stored_policies(scaling)["cpu"]["PolicyARN"]
    del api_calls[:]

    result = run_module(
        main,
        present(
            max_capacity=12,
            policies=[
                dict(CPU, target_value=40),
                dict(
                    name="alb",
                    predefined_metric_type="ALBRequestCountPerTarget",
                    resource_label=LABEL,
                    target_value=100,
                ),
            ],
            scheduled_actions=[
                dict(NIGHT, min_capacity=None),
                dict(name="noon", schedule="cron(0 12 * * ? *)", min_capacity=4),
            ],
        ),
        check_mode=True,
        diff=True,
    )

    assert result["changes"] == [
        "range",
        "policy cpu updated",
        "policy alb added",
        "policy memory removed",
        "scheduled action night updated",
        "scheduled action noon added",
        "scheduled action morning removed",
    ]
    assert writes(api_calls) == []
    assert (stored_target(scaling), stored_configs(scaling), stored_actions(scaling)) == before
    assert result["scalable_target"]["max_capacity"] == 12
    policies = {policy["policy_name"]: policy for policy in result["policies"]}
    assert set(policies) == {"cpu", "alb"}
    assert policies["cpu"]["target_tracking_scaling_policy_configuration"]["target_value"] == 40.0
    assert policies["cpu"]["policy_arn"] == cpu_arn
    assert result["diff"]["after"]["policies"]["alb"]["predefined_metric_specification"]["resource_label"] == LABEL
    assert result["diff"]["after"]["scheduled_actions"]["night"]["min_capacity"] is None
    assert set(result["diff"]["after"]["scheduled_actions"]) == {"night", "noon"}


# --- delete -------------------------------------------------------------------------------------


def test_absent_deregisters_the_target(run_module, scaling, api_calls):
    run_module(main, present(policies=[CPU], scheduled_actions=[NIGHT]))
    del api_calls[:]

    result = run_module(main, dict(resource_id=RESOURCE_ID, state="absent"), diff=True)

    assert (result["changed"], result["changes"]) == (True, ["deregistered"])
    assert writes(api_calls) == [("DeregisterScalableTarget", KEY)]
    assert stored_target(scaling) is None
    assert (result["scalable_target"], result["policies"], result["scheduled_actions"]) == ({}, [], [])
    assert result["diff"]["before"]["policies"]["cpu"]["target_value"] == 60.0
    assert "night" in result["diff"]["before"]["scheduled_actions"]
    assert result["diff"]["after"] == {}


def test_absent_on_a_missing_target_changes_nothing_and_reads_once(run_module, scaling, api_calls):
    result = run_module(main, dict(resource_id=RESOURCE_ID, state="absent"), diff=True)

    assert (result["changed"], result["changes"], result["scalable_target"]) == (False, [], {})
    assert [operation for operation, _params in api_calls] == ["DescribeScalableTargets"]


def test_absent_in_check_mode_deregisters_nothing(run_module, scaling, api_calls):
    run_module(main, present())
    del api_calls[:]

    result = run_module(main, dict(resource_id=RESOURCE_ID, state="absent"), check_mode=True)

    assert (result["changed"], result["changes"]) == (True, ["deregistered"])
    assert writes(api_calls) == []
    assert stored_target(scaling) is not None


def test_other_targets_are_left_alone(run_module, scaling):
    boto3.client("ecs", region_name=REGION).create_service(
        cluster=CLUSTER, serviceName="web2", taskDefinition="web", desiredCount=1
    )
    run_module(main, present(resource_id=f"service/{CLUSTER}/web2", policies=[CPU], scheduled_actions=[NIGHT]))

    result = run_module(main, present(policies=[], scheduled_actions=[]))
    run_module(main, dict(resource_id=RESOURCE_ID, state="absent"))

    assert result["changes"] == ["registered"]
    other = scaling.describe_scaling_policies(ServiceNamespace="ecs", ResourceId=f"service/{CLUSTER}/web2")
    assert [policy["PolicyName"] for policy in other["ScalingPolicies"]] == ["cpu"]
    assert stored_target(scaling) is None
    remaining = scaling.describe_scalable_targets(ServiceNamespace="ecs")["ScalableTargets"]
    assert [target["ResourceId"] for target in remaining] == [f"service/{CLUSTER}/web2"]


# --- validation ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "args, message",
    [
        (dict(min_capacity=5, max_capacity=2), "min_capacity 5 is greater than max_capacity 2."),
        (dict(min_capacity=-1), "min_capacity must be 0 or more, not -1."),
        (dict(max_capacity=None), "state is present but all of the following are missing: max_capacity"),
        (dict(resource_id=""), "resource_id cannot be empty."),
        (
            dict(policies=[dict(name="alb", predefined_metric_type="ALBRequestCountPerTarget", target_value=100)]),
            "policies[alb]: resource_label is required with predefined_metric_type ALBRequestCountPerTarget",
        ),
        (
            dict(policies=[dict(CPU, resource_label=LABEL)]),
            f"policies[cpu]: resource_label '{LABEL}' only applies to predefined_metric_type ALBRequestCountPerTarget,"
            " not ECSServiceAverageCPUUtilization.",
        ),
        (
            dict(policies=[dict(CPU, customized_metric=dict(MetricName="x"))]),
            "parameters are mutually exclusive: predefined_metric_type|customized_metric found in policies",
        ),
        (
            dict(policies=[dict(name="cpu", target_value=50)]),
            "one of the following is required: predefined_metric_type, customized_metric found in policies",
        ),
        (dict(policies=[dict(CPU, target_value=0)]), "policies[cpu]: target_value must be greater than 0, not 0.0."),
        (dict(policies=[dict(CPU, scale_in_cooldown=-5)]), "policies[cpu]: scale_in_cooldown must be 0 or more"),
        (
            dict(policies=[CPU, dict(MEMORY, name="cpu")]),
            "The names in policies must be unique: cpu given more than once.",
        ),
        (
            dict(scheduled_actions=[NIGHT, dict(MORNING, name="night")]),
            "The names in scheduled_actions must be unique: night given more than once.",
        ),
        (
            dict(scheduled_actions=[dict(NIGHT, schedule="0 22 * * *")]),
            "scheduled_actions[night]: schedule '0 22 * * *' is not valid: it must be at(yyyy-mm-ddThh:mm:ss),",
        ),
        (
            dict(scheduled_actions=[dict(name="night", schedule="rate(1 day)")]),
            "one of the following is required: min_capacity, max_capacity found in scheduled_actions",
        ),
        (
            dict(scheduled_actions=[dict(NIGHT, min_capacity=3)]),
            "scheduled_actions[night]: min_capacity 3 is greater than max_capacity 2.",
        ),
        (
            dict(scheduled_actions=[dict(NIGHT, start_time="tomorrow")]),
            "scheduled_actions[night]: start_time 'tomorrow' is not an ISO 8601 date and time",
        ),
        (
            dict(scheduled_actions=[dict(NIGHT, start_time="2030-02-01T00:00:00Z", end_time="2030-01-01T00:00:00Z")]),
            "scheduled_actions[night]: start_time '2030-02-01T00:00:00Z' must be before end_time",
        ),
        (dict(state="gone"), "value of state must be one of: present, absent"),
    ],
)
def test_invalid_arguments_fail_before_any_call(run_module, api_calls, args, message):
    result = run_module(main, {key: value for key, value in present(**args).items() if value is not None})

    assert result["failed"] is True
    assert message in result["msg"]
    assert api_calls == []


def test_absent_needs_no_capacity(run_module, scaling, api_calls):
    result = run_module(main, dict(resource_id=RESOURCE_ID, state="absent", min_capacity=9, max_capacity=1))

    assert (result["failed"], result["changed"]) == (False, False)


# --- Stubber: tags, AWS's own answers, failures -------------------------------------------------------------


def aws_target(**extra):
    """A target as AWS describes it: with its role, ARN and the full suspended state."""
    return dict(
        KEY,
        MinCapacity=2,
        MaxCapacity=10,
        RoleARN=f"arn:aws:iam::{ACCOUNT}:role/aws-service-role/ecs.application-autoscaling.amazonaws.com/"
        "AWSServiceRoleForApplicationAutoScaling_ECSService",
        CreationTime=utc(2030, 1, 1),
        SuspendedState=dict(
            DynamicScalingInSuspended=False, DynamicScalingOutSuspended=False, ScheduledScalingSuspended=False
        ),
        ScalableTargetARN=TARGET_ARN,
        **extra,
    )


def described(stub, target=None, policies=(), actions=()):
    stub.add_response(
        "describe_scalable_targets",
        dict(ScalableTargets=[target] if target else []),
        dict(ServiceNamespace="ecs", ResourceIds=[RESOURCE_ID], ScalableDimension=DIMENSION),
    )
    if policies is not None:
        stub.add_response("describe_scaling_policies", dict(ScalingPolicies=list(policies)), KEY)
    if actions is not None:
        stub.add_response("describe_scheduled_actions", dict(ScheduledActions=list(actions)), KEY)


def tags_listed(stub, tags):
    stub.add_response("list_tags_for_resource", dict(Tags=tags), dict(ResourceARN=TARGET_ARN))


@pytest.fixture
def stub(stubbed):
    return stubbed("application-autoscaling")


def test_tags_are_given_to_a_new_target(run_module, stub):
    described(stub)
    stub.add_response(
        "register_scalable_target",
        dict(ScalableTargetARN=TARGET_ARN),
        dict(KEY, MinCapacity=2, MaxCapacity=10, Tags={"Environment": "tiger", "CostCenter": "1234"}),
    )
    stub.add_response(
        "describe_scalable_targets",
        dict(ScalableTargets=[aws_target()]),
        dict(ServiceNamespace="ecs", ResourceIds=[RESOURCE_ID], ScalableDimension=DIMENSION),
    )

    result = run_module(main, present(tags={"Environment": "tiger", "CostCenter": 1234}))

    assert result["changes"] == ["registered"]
    assert result["scalable_target"]["tags"] == {"Environment": "tiger", "CostCenter": "1234"}
    assert result["scalable_target"]["scalable_target_arn"] == TARGET_ARN
    assert result["scalable_target"]["role_arn"].endswith("AWSServiceRoleForApplicationAutoScaling_ECSService")


def test_tags_are_added_and_purged(run_module, stub):
    described(stub, aws_target())
    tags_listed(stub, {"Environment": "dev", "Old": "x"})
    stub.add_response("untag_resource", {}, dict(ResourceARN=TARGET_ARN, TagKeys=["Old"]))
    stub.add_response(
        "tag_resource", {}, dict(ResourceARN=TARGET_ARN, Tags={"CostCenter": "1234", "Environment": "tiger"})
    )

    result = run_module(main, present(tags={"Environment": "tiger", "CostCenter": 1234}), diff=True)

    assert (result["changed"], result["changes"]) == (True, ["tags"])
    assert result["scalable_target"]["tags"] == {"Environment": "tiger", "CostCenter": "1234"}
    assert result["diff"]["before"]["tags"] == {"Environment": "dev", "Old": "x"}
    assert result["diff"]["after"]["tags"] == {"Environment": "tiger", "CostCenter": "1234"}


def test_tags_are_kept_without_purge_tags_and_unchanged_tags_make_no_call(run_module, stub):
    described(stub, aws_target())
    tags_listed(stub, {"Old": "x"})
    stub.add_response("tag_resource", {}, dict(ResourceARN=TARGET_ARN, Tags={"New": "y"}))
    described(stub, aws_target())
    tags_listed(stub, {"Old": "x", "New": "y"})

    added = run_module(main, present(tags={"New": "y"}, purge_tags=False))
    same = run_module(main, present(tags={"New": "y", "Old": "x"}))

    assert added["scalable_target"]["tags"] == {"Old": "x", "New": "y"}
    assert (same["changed"], same["changes"]) == (False, [])


def test_check_mode_reports_tag_changes_and_makes_none(run_module, stub):
    described(stub, aws_target())
    tags_listed(stub, {"Old": "x"})

    result = run_module(main, present(tags={}), check_mode=True)

    assert (result["changed"], result["changes"]) == (True, ["tags"])
    assert result["scalable_target"]["tags"] == {}


def test_defaults_aws_adds_to_a_policy_are_no_change(run_module, stub):
    """AWS reports DisableScaleIn false and its cooldowns for a policy put without them."""
    policy = dict(
        KEY,
        PolicyARN=f"arn:aws:autoscaling:{REGION}:{ACCOUNT}:scalingPolicy:1:resource/ecs/{RESOURCE_ID}:policyName/cpu",
        PolicyName="cpu",
        PolicyType="TargetTrackingScaling",
        TargetTrackingScalingPolicyConfiguration=dict(
            TargetValue=60.0,
            PredefinedMetricSpecification=dict(PredefinedMetricType="ECSServiceAverageCPUUtilization"),
            ScaleOutCooldown=300,
            ScaleInCooldown=300,
            DisableScaleIn=False,
        ),
        Alarms=[dict(AlarmName="TargetTracking-high", AlarmARN=f"arn:aws:cloudwatch:{REGION}:{ACCOUNT}:alarm:high")],
        CreationTime=utc(2030, 1, 1),
    )
    action = dict(
        KEY,
        ScheduledActionName="night",
        ScheduledActionARN=f"arn:aws:autoscaling:{REGION}:{ACCOUNT}:scheduledAction:1:scheduledActionName/night",
        Schedule="cron(0 22 * * ? *)",
        Timezone="UTC",
        ScalableTargetAction=dict(MinCapacity=1, MaxCapacity=2),
        CreationTime=utc(2030, 1, 1),
    )
    described(stub, aws_target(), [policy], [action])

    result = run_module(main, present(policies=[CPU], scheduled_actions=[NIGHT]))

    assert (result["changed"], result["changes"]) == (False, [])
    assert result["policies"][0]["alarms"] == [
        dict(alarm_name="TargetTracking-high", alarm_arn=f"arn:aws:cloudwatch:{REGION}:{ACCOUNT}:alarm:high")
    ]


def test_a_target_deregistered_meanwhile_is_taken_as_deregistered(run_module, stub):
    described(stub, aws_target(), policies=None, actions=None)
    stub.add_client_error("deregister_scalable_target", service_error_code="ObjectNotFoundException")

    result = run_module(main, dict(resource_id=RESOURCE_ID, state="absent"))

    assert (result["failed"], result["changed"], result["changes"]) == (False, False, [])


def test_a_failed_deregistration_is_reported(run_module, stub):
    described(stub, aws_target(), policies=None, actions=None)
    stub.add_client_error("deregister_scalable_target", service_error_code="AccessDeniedException")

    result = run_module(main, dict(resource_id=RESOURCE_ID, state="absent"))

    assert result["failed"] is True
    assert result["msg"].startswith(f"Failed to deregister scalable target {RESOURCE_ID} ({DIMENSION})")


def test_a_failed_policy_put_names_the_policy(run_module, stub):
    described(stub, aws_target())
    stub.add_client_error("put_scaling_policy", service_error_code="LimitExceededException")

    result = run_module(main, present(policies=[CPU]))

    assert result["failed"] is True
    assert result["msg"].startswith(f"Failed to put scaling policy cpu of scalable target {RESOURCE_ID}")
    assert result["error"]["code"] == "LimitExceededException"


def test_a_failed_description_is_reported(run_module, stub):
    stub.add_client_error("describe_scalable_targets", service_error_code="AccessDeniedException")

    result = run_module(main, present())

    assert result["failed"] is True
    assert result["msg"].startswith(f"Failed to describe scalable target {RESOURCE_ID} ({DIMENSION})")
