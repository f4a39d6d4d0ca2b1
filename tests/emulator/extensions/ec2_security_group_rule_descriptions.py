"""Security group rule descriptions: kept for prefix-list rules, and their updates answer ``Return: true``.

moto 5.2.1 drops the ``Description`` of a rule that references a prefix list (DescribeSecurityGroups
shows none), and UpdateSecurityGroupRuleDescriptions{Ingress,Egress} answer with an empty body, where
AWS answers ``Return: true``. amazon.aws.ec2_security_group therefore saw the ALB group's "HTTPS from
CloudFront" rule without its description on every run, updated it, and failed reading ``["Return"]``;
any other change of a rule description failed the same way.
"""

import functools
import inspect

from moto.core.responses import ActionResult
from moto.ec2.models.security_groups import SecurityGroup, SecurityGroupBackend, SecurityGroupRule
from moto.ec2.responses.security_groups import SecurityGroups


def _answer_true(update):
    @functools.wraps(update)
    def answered(self):
        update(self)
        return ActionResult({"Return": True})

    return answered


def _keep_prefix_list_description(init):
    signature = inspect.signature(init)

    @functools.wraps(init)
    def initialised(self, *args, **kwargs):
        init(self, *args, **kwargs)
        given = signature.bind(self, *args, **kwargs).arguments.get("prefix_list_id")
        self.prefix_list_description = (given or {}).get("Description")

    return initialised


def _show_prefix_list_descriptions(flatten):
    @functools.wraps(flatten)
    def flattened(self, rules):
        views = flatten(self, rules)
        described = {(rule.from_port, rule.to_port, rule.ip_protocol, rule.prefix_list_id): rule.prefix_list_description
                     for rule in rules if rule.prefix_list_id and getattr(rule, "prefix_list_description", None)}
        for view in views:
            for entry in view.prefix_list_ids:
                key = (view.from_port, view.to_port, view.ip_protocol, entry["PrefixListId"])
                if key in described:
                    entry["Description"] = described[key]
        return views

    return flattened


def _update_prefix_list_description(update):
    @functools.wraps(update)
    def updated(self, security_rule, rule):
        update(self, security_rule, rule)
        if security_rule.prefix_list_id and security_rule.prefix_list_id == rule.prefix_list_id:
            rule.prefix_list_description = getattr(security_rule, "prefix_list_description", None)

    return updated


def register() -> None:
    SecurityGroupRule.__init__ = _keep_prefix_list_description(SecurityGroupRule.__init__)
    SecurityGroup._flattened_rules = _show_prefix_list_descriptions(SecurityGroup._flattened_rules)
    SecurityGroupBackend._sg_update_description = _update_prefix_list_description(SecurityGroupBackend._sg_update_description)
    SecurityGroups.update_security_group_rule_descriptions_ingress = _answer_true(
        SecurityGroups.update_security_group_rule_descriptions_ingress)
    SecurityGroups.update_security_group_rule_descriptions_egress = _answer_true(
        SecurityGroups.update_security_group_rule_descriptions_egress)
