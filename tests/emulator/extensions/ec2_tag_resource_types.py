"""DescribeTags' ``resource-type`` for NAT gateways, flow logs, Elastic IPs and prefix lists.

moto 5.2.1 derives a tag's resource type from the id prefix with its own names
(``nat-gateway``, ``flow-logs``, ``vpc-elastic-ip``, ``managed-prefix-list``); AWS calls them
``natgateway``, ``vpc-flow-log``, ``elastic-ip`` and ``prefix-list``. amazon.aws filters
DescribeTags by the AWS name (ec2_vpc_nat_gateway's tag check among others), finds no tags in
moto, re-applies them on every run and reports a change: a converged network never reads as
converged. Only moto's tag listing reads this mapping, so correcting it in place is enough.
"""

from moto.ec2 import utils

AWS_RESOURCE_TYPES = {
    "nat": "natgateway",
    "fl": "vpc-flow-log",
    "eipalloc": "elastic-ip",
    "pl": "prefix-list",
}


def register() -> None:
    utils.EC2_PREFIX_TO_RESOURCE.update(AWS_RESOURCE_TYPES)
