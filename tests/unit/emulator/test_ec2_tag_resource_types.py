"""Extension ec2_tag_resource_types: DescribeTags filters by AWS's resource type names."""

import pytest

TAG = [{"Key": "Name", "Value": "probe"}]


def tagged(ec2, resource_type: str) -> list[str]:
    found = ec2.describe_tags(Filters=[{"Name": "resource-type", "Values": [resource_type]}])["Tags"]
    return [tag["ResourceId"] for tag in found]


@pytest.fixture
def network(aws):
    ec2 = aws("ec2")
    vpc_id = ec2.create_vpc(CidrBlock="10.0.0.0/16")["Vpc"]["VpcId"]
    subnet_id = ec2.create_subnet(VpcId=vpc_id, CidrBlock="10.0.1.0/24")["Subnet"]["SubnetId"]
    return ec2, vpc_id, subnet_id


def test_nat_gateway_tags_are_found_as_natgateway(network):
    ec2, _vpc_id, subnet_id = network
    allocation_id = ec2.allocate_address(Domain="vpc")["AllocationId"]
    nat_id = ec2.create_nat_gateway(
        SubnetId=subnet_id, AllocationId=allocation_id,
        TagSpecifications=[{"ResourceType": "natgateway", "Tags": TAG}],
    )["NatGateway"]["NatGatewayId"]
    assert tagged(ec2, "natgateway") == [nat_id]
    [tag] = ec2.describe_tags(Filters=[{"Name": "resource-id", "Values": [nat_id]}])["Tags"]
    assert tag["ResourceType"] == "natgateway"


def test_elastic_ip_tags_are_found_as_elastic_ip(network):
    ec2 = network[0]
    allocation_id = ec2.allocate_address(
        Domain="vpc", TagSpecifications=[{"ResourceType": "elastic-ip", "Tags": TAG}]
    )["AllocationId"]
    assert tagged(ec2, "elastic-ip") == [allocation_id]


def test_other_resource_types_keep_their_names(network):
    ec2, vpc_id, _subnet_id = network
    ec2.create_tags(Resources=[vpc_id], Tags=TAG)
    assert tagged(ec2, "vpc") == [vpc_id]
