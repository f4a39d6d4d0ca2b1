import pytest
from ansible.errors import AnsibleFilterError

from ansible_collections.seed.aws_platform.plugins.filter.naming import (
    resource_name,
    resource_name_errors,
    resource_names,
    standard_tags,
)


def test_convention_is_prefix_dash_component():
    assert resource_name("vpc", "tiger") == "tiger-vpc"
    assert resource_name("cluster", "pcs-prod", "ecs") == "pcs-prod-cluster"


def test_log_groups_keep_their_namespace_in_front():
    assert resource_name("ecs/fastapi-app", "tiger", "log_group") == "/ecs/tiger-fastapi-app"
    assert resource_name("vpc/flow-logs", "pcs-prod", "log_group") == "/vpc/pcs-prod-flow-logs"


def test_target_group_names_are_shortened_deterministically_and_distinctly():
    blue = resource_name("notification-dispatcher-blue", "pcs-prod", "target_group")
    green = resource_name("notification-dispatcher-green", "pcs-prod", "target_group")
    assert len(blue) <= 32 and len(green) <= 32
    assert blue.startswith("pcs-prod-") and green.startswith("pcs-prod-")
    assert blue != green
    assert blue == resource_name("notification-dispatcher-blue", "pcs-prod", "target_group")


def test_short_target_group_names_are_left_alone():
    assert resource_name("api-blue", "pcs-prod", "target_group") == "pcs-prod-api-blue"


def test_name_that_cannot_be_shortened_enough_fails():
    with pytest.raises(AnsibleFilterError, match="even after shortening; AWS allows at most 32"):
        resource_name("api-blue", "a-very-long-environment-prefix-x", "target_group")


def test_iam_role_over_64_characters_fails():
    with pytest.raises(AnsibleFilterError, match="is 74 characters; AWS allows at most 64"):
        resource_name("vpc-flow-logs", "x" * 60, "iam_role")


def test_bucket_names_must_be_lower_case():
    with pytest.raises(AnsibleFilterError, match="characters or a form AWS does not accept"):
        resource_name("Assets", "tiger", "s3_bucket")


def test_unknown_kind_is_refused():
    with pytest.raises(AnsibleFilterError, match="unknown name kind 'queue'"):
        resource_name("jobs", "tiger", "queue")


def test_resource_names_maps_labels():
    names = resource_names({"vpc": "vpc", "role": ["vpc-flow-logs", "iam_role"]}, "tiger")
    assert names == {"vpc": "tiger-vpc", "role": "tiger-vpc-flow-logs"}


def test_resource_name_errors_name_the_variable_and_the_resource():
    errors = resource_name_errors({"vpc": "vpc", "flow_logs_role": ["vpc-flow-logs", "iam_role"]}, "p" * 60)
    assert errors == [
        f"platform_name_prefix '{'p' * 60}' does not fit the flow_logs_role: iam_role name "
        f"'{'p' * 60}-vpc-flow-logs' is 74 characters; AWS allows at most 64"
    ]
    assert resource_name_errors({"vpc": "vpc"}, "tiger") == []


def test_standard_tags_cannot_be_overridden_by_inventory_tags():
    tags = standard_tags({"Owner": "team", "Environment": "wrong"}, "tiger", "fastapi")
    assert tags == {"Owner": "team", "Environment": "tiger", "Project": "fastapi", "ManagedBy": "seed.aws_platform"}
