"""CIDR arithmetic and network-layout validation for seed.aws_platform."""

import ipaddress

from ansible.errors import AnsibleFilterError

TIERS = ("public", "private", "database")
DEFAULT_OFFSETS = {"public": 1, "private": 10, "database": 20}
# AWS accepts VPC and subnet prefixes from /16 to /28.
MIN_PREFIX = 16
MAX_PREFIX = 28
# Replies from a database go back to the client's ephemeral port (Linux uses 32768-60999;
# NAT and other clients may use 1024 and up, as AWS documents for NACLs).
EPHEMERAL = (1024, 65535)


def _parse(cidr, variable, errors):
    try:
        network = ipaddress.IPv4Network(str(cidr), strict=False)
    except (ipaddress.AddressValueError, ipaddress.NetmaskValueError, ValueError):
        errors.append(f"{variable}: '{cidr}' is not an IPv4 CIDR block")
        return None
    if str(network) != str(cidr):
        errors.append(f"{variable}: '{cidr}' has host bits set; the block is {network}")
        return None
    if not MIN_PREFIX <= network.prefixlen <= MAX_PREFIX:
        errors.append(f"{variable}: '{cidr}' has prefix /{network.prefixlen}; AWS accepts /{MIN_PREFIX} to /{MAX_PREFIX}")
        return None
    return network


def _computed_subnet(vpc, tier, index, newbits, offsets):
    """Subnet number offsets[tier] + index of the VPC split newbits further, or None if out of range."""
    new_prefix = vpc.prefixlen + newbits
    number = offsets.get(tier, DEFAULT_OFFSETS[tier]) + index
    if new_prefix > MAX_PREFIX or number >= 2**newbits:
        return None
    size = 2 ** (32 - new_prefix)
    return ipaddress.IPv4Network((int(vpc.network_address) + number * size, new_prefix))


def network_errors(vpc_cidr, availability_zones, subnets=None, newbits=8, offsets=None, region="", min_database_azs=2):
    errors = []
    subnets = subnets or {}
    offsets = offsets or DEFAULT_OFFSETS
    vpc = _parse(vpc_cidr, "network_vpc_cidr", errors)

    azs = list(availability_zones or [])
    if not azs:
        errors.append("network_availability_zones: at least one availability zone is required")
    duplicates = sorted({az for az in azs if azs.count(az) > 1})
    if duplicates:
        errors.append(f"network_availability_zones: {', '.join(duplicates)} listed more than once")
    if region:
        foreign = [az for az in azs if not (az.startswith(region) and len(az) > len(region))]
        if foreign:
            errors.append(f"network_availability_zones: {', '.join(foreign)} not in region {region} (platform_region)")
    if len(set(azs)) < min_database_azs:
        errors.append(
            f"network_availability_zones: {len(set(azs))} zone(s) given; the database tier needs at least "
            f"{min_database_azs} (an RDS DB subnet group must span {min_database_azs} availability zones)"
        )

    unknown = sorted(set(subnets) - set(TIERS))
    if unknown:
        errors.append(f"network_subnets: unknown tier(s) {', '.join(unknown)}; tiers are {', '.join(TIERS)}")
    unknown = sorted(set(offsets) - set(TIERS))
    if unknown:
        errors.append(f"network_subnet_offsets: unknown tier(s) {', '.join(unknown)}; tiers are {', '.join(TIERS)}")
    if vpc is None:
        return errors

    placed = []  # (variable, network) of every subnet, to find overlaps
    for tier in TIERS:
        if tier in subnets:
            cidrs = list(subnets[tier] or [])
            if len(cidrs) != len(azs):
                errors.append(
                    f"network_subnets.{tier}: {len(cidrs)} CIDR(s) for {len(azs)} availability zone(s); "
                    "give one per zone, in zone order"
                )
            for index, cidr in enumerate(cidrs):
                variable = f"network_subnets.{tier}[{index}]"
                network = _parse(cidr, variable, errors)
                if network is None:
                    continue
                if not network.subnet_of(vpc):
                    errors.append(f"{variable}: {network} is outside the VPC CIDR {vpc} (network_vpc_cidr)")
                    continue
                placed.append((variable, network))
        else:
            for index in range(len(azs)):
                network = _computed_subnet(vpc, tier, index, newbits, offsets)
                variable = f"network_subnet_offsets.{tier}"
                if network is None:
                    errors.append(
                        f"{variable}: subnet {offsets.get(tier, DEFAULT_OFFSETS[tier]) + index} of {vpc} split "
                        f"{newbits} bits further (network_subnet_newbits) does not exist or is smaller than /{MAX_PREFIX}"
                    )
                    break
                placed.append((f"{variable} (computed {tier} subnet {network})", network))

    for position, (variable, network) in enumerate(placed):
        for other_variable, other in placed[position + 1:]:
            if network.overlaps(other):
                errors.append(f"{other_variable}: {other} overlaps {network} ({variable})")
    return errors


def subnet_plan(vpc_cidr, availability_zones, subnets=None, newbits=8, offsets=None):
    problems = network_errors(vpc_cidr, availability_zones, subnets, newbits, offsets, min_database_azs=0)
    if problems:
        raise AnsibleFilterError("; ".join(problems))
    subnets = subnets or {}
    offsets = offsets or DEFAULT_OFFSETS
    vpc = ipaddress.IPv4Network(vpc_cidr)
    plan = {}
    for tier in TIERS:
        plan[tier] = [
            {
                "tier": tier,
                "az": az,
                "index": index,
                "cidr": str(subnets[tier][index]) if tier in subnets else str(
                    _computed_subnet(vpc, tier, index, newbits, offsets)
                ),
            }
            for index, az in enumerate(availability_zones)
        ]
    return plan


def database_nacl_rules(ports, source_cidrs, first_rule=100, step=10):
    """amazon.aws.ec2_vpc_nacl entries: each port in from each source, replies out to the ephemeral ports."""
    ingress = []
    egress = []
    for cidr in source_cidrs:
        for port in ports:
            ingress.append([first_rule + step * len(ingress), "tcp", "allow", cidr, None, None, int(port), int(port)])
        egress.append([first_rule + step * len(egress), "tcp", "allow", cidr, None, None, EPHEMERAL[0], EPHEMERAL[1]])
    return {"ingress": ingress, "egress": egress}


class FilterModule:
    def filters(self):
        return {
            "database_nacl_rules": database_nacl_rules,
            "network_errors": network_errors,
            "subnet_plan": subnet_plan,
        }
