import pytest
from ansible.errors import AnsibleFilterError

from ansible_collections.seed.aws_platform.plugins.filter.network import (
    database_nacl_rules,
    network_errors,
    subnet_plan,
)

AZS2 = ["us-east-1a", "us-east-1b"]
AZS3 = AZS2 + ["us-east-1c"]
TIGER_SUBNETS = {
    "public": ["10.0.1.0/24", "10.0.2.0/24"],
    "private": ["10.0.10.0/24", "10.0.11.0/24"],
    "database": ["10.0.20.0/24", "10.0.21.0/24"],
}


def cidrs(plan, tier):
    return [s["cidr"] for s in plan[tier]]


def test_computed_plan_reproduces_the_seed_table():
    plan = subnet_plan("10.0.0.0/16", AZS2)
    for tier, expected in TIGER_SUBNETS.items():
        assert cidrs(plan, tier) == expected
    assert [s["az"] for s in plan["private"]] == AZS2
    assert plan["database"][1] == {"tier": "database", "az": "us-east-1b", "index": 1, "cidr": "10.0.21.0/24"}


def test_prod_plan_over_three_zones():
    plan = subnet_plan("10.2.0.0/16", AZS3)
    assert cidrs(plan, "public") == ["10.2.1.0/24", "10.2.2.0/24", "10.2.3.0/24"]
    assert cidrs(plan, "database") == ["10.2.20.0/24", "10.2.21.0/24", "10.2.22.0/24"]


def test_explicit_tier_is_kept_and_others_computed():
    plan = subnet_plan("10.0.0.0/16", AZS2, {"public": ["10.0.100.0/24", "10.0.101.0/24"]})
    assert cidrs(plan, "public") == ["10.0.100.0/24", "10.0.101.0/24"]
    assert cidrs(plan, "private") == ["10.0.10.0/24", "10.0.11.0/24"]


def test_newbits_and_offsets_shape_computed_subnets():
    plan = subnet_plan("10.0.0.0/16", AZS2, {}, 4, {"public": 0, "private": 4, "database": 8})
    assert cidrs(plan, "public") == ["10.0.0.0/20", "10.0.16.0/20"]
    assert cidrs(plan, "private") == ["10.0.64.0/20", "10.0.80.0/20"]


def test_valid_layout_has_no_errors():
    assert network_errors("10.0.0.0/16", AZS2, TIGER_SUBNETS, region="us-east-1") == []


@pytest.mark.parametrize(
    "vpc_cidr, message",
    [
        ("10.0.0.0/33", "network_vpc_cidr: '10.0.0.0/33' is not an IPv4 CIDR block"),
        ("banana", "network_vpc_cidr: 'banana' is not an IPv4 CIDR block"),
        ("10.0.0.1/16", "network_vpc_cidr: '10.0.0.1/16' has host bits set; the block is 10.0.0.0/16"),
        ("10.0.0.0/8", "network_vpc_cidr: '10.0.0.0/8' has prefix /8; AWS accepts /16 to /28"),
    ],
)
def test_bad_vpc_cidr_is_named(vpc_cidr, message):
    assert network_errors(vpc_cidr, AZS2) == [message]


def test_overlapping_subnets_are_named():
    subnets = dict(TIGER_SUBNETS, private=["10.0.1.128/25", "10.0.11.0/24"])
    errors = network_errors("10.0.0.0/16", AZS2, subnets)
    assert errors == ["network_subnets.private[0]: 10.0.1.128/25 overlaps 10.0.1.0/24 (network_subnets.public[0])"]


def test_explicit_subnet_overlapping_a_computed_one_is_named():
    errors = network_errors("10.0.0.0/16", AZS2, {"public": ["10.0.10.0/24", "10.0.2.0/24"]})
    assert errors == [
        "network_subnet_offsets.private (computed private subnet 10.0.10.0/24): 10.0.10.0/24 overlaps "
        "10.0.10.0/24 (network_subnets.public[0])"
    ]


def test_subnet_outside_the_vpc_is_named():
    subnets = dict(TIGER_SUBNETS, database=["10.0.20.0/24", "10.9.21.0/24"])
    assert network_errors("10.0.0.0/16", AZS2, subnets) == [
        "network_subnets.database[1]: 10.9.21.0/24 is outside the VPC CIDR 10.0.0.0/16 (network_vpc_cidr)"
    ]


def test_one_cidr_per_zone_is_required():
    subnets = dict(TIGER_SUBNETS, public=["10.0.1.0/24"])
    assert network_errors("10.0.0.0/16", AZS2, subnets) == [
        "network_subnets.public: 1 CIDR(s) for 2 availability zone(s); give one per zone, in zone order"
    ]


def test_database_tier_needs_two_zones():
    errors = network_errors("10.0.0.0/16", ["us-east-1a"])
    assert errors == [
        "network_availability_zones: 1 zone(s) given; the database tier needs at least 2 "
        "(an RDS DB subnet group must span 2 availability zones)"
    ]


def test_zones_must_be_distinct_and_in_the_region():
    errors = network_errors("10.0.0.0/16", ["us-east-1a", "us-east-1a", "eu-west-1a"], region="us-east-1")
    assert "network_availability_zones: us-east-1a listed more than once" in errors
    assert "network_availability_zones: eu-west-1a not in region us-east-1 (platform_region)" in errors


def test_unknown_tier_is_named():
    errors = network_errors("10.0.0.0/16", AZS2, {"dmz": ["10.0.30.0/24", "10.0.31.0/24"]})
    assert errors == ["network_subnets: unknown tier(s) dmz; tiers are public, private, database"]


def test_computed_subnet_beyond_the_vpc_is_named():
    errors = network_errors("10.0.0.0/16", AZS2, {}, 8, {"public": 1, "private": 10, "database": 255})
    assert errors[0].startswith("network_subnet_offsets.database: subnet 256 of 10.0.0.0/16")


def test_subnet_plan_refuses_invalid_input():
    with pytest.raises(AnsibleFilterError, match="overlaps"):
        subnet_plan("10.0.0.0/16", AZS2, {"public": ["10.0.10.0/24", "10.0.2.0/24"]})


def test_database_nacl_rules_admit_each_port_from_each_source_and_replies_back():
    rules = database_nacl_rules([5432, 6379], ["10.0.10.0/24", "10.0.11.0/24"])
    assert rules["ingress"] == [
        [100, "tcp", "allow", "10.0.10.0/24", None, None, 5432, 5432],
        [110, "tcp", "allow", "10.0.10.0/24", None, None, 6379, 6379],
        [120, "tcp", "allow", "10.0.11.0/24", None, None, 5432, 5432],
        [130, "tcp", "allow", "10.0.11.0/24", None, None, 6379, 6379],
    ]
    assert rules["egress"] == [
        [100, "tcp", "allow", "10.0.10.0/24", None, None, 1024, 65535],
        [110, "tcp", "allow", "10.0.11.0/24", None, None, 1024, 65535],
    ]
