"""CloudFront's origin-facing managed prefix list reports ``MaxEntries: 55``, as on AWS.

moto 5.2.1 creates ``com.amazonaws.global.cloudfront.origin-facing`` in every region (owner ``AWS``,
IPv4, ten CloudFront CIDR blocks) but, like all its AWS-managed lists, without ``MaxEntries``. On
AWS the list's ``MaxEntries`` is its weight, 55: a security group rule that references it counts as
55 rules against the group's quota, which is why the ALB group admits CloudFront on one port only.
seed.aws_platform.ec2_managed_prefix_list_info returns ``max_entries`` for every list.
"""

from moto.ec2.models.managed_prefixes import ManagedPrefixListBackend

NAME = "com.amazonaws.global.cloudfront.origin-facing"
WEIGHT = 55


def register() -> None:
    original = ManagedPrefixListBackend.create_default_pls

    # Every region's backend, and every backend a reset builds again, makes its AWS lists here.
    def create_default_pls(self) -> None:
        original(self)
        for prefix_list in self.managed_prefix_lists.values():
            if prefix_list.prefix_list_name == NAME and prefix_list.owner_id == "AWS":
                prefix_list.max_entries = WEIGHT

    ManagedPrefixListBackend.create_default_pls = create_default_pls
