"""The platform's security groups, chained by reference: ALB -> ECS tasks -> database, Redis, MSK, EFS."""

import ipaddress

from ansible.errors import AnsibleFilterError

# Data stores answer only the ECS tasks and never start a connection: no egress rule at all.
DATA_GROUPS = {
    "database": {"ports": [5432], "description": "PostgreSQL from the ECS tasks only"},
    "redis": {"ports": [6379], "description": "Redis from the ECS tasks only"},
    "msk": {"ports": [9094, 9098], "description": "Kafka (TLS and IAM auth) from the ECS tasks only"},
    "efs": {"ports": [2049], "description": "NFS from the ECS tasks only"},
}
OPTIONAL_GROUPS = ("msk", "efs")
ALB_INGRESS = ("internet", "cloudfront")
EVERYWHERE = {"0.0.0.0/0", "::/0"}


def _port_errors(ports, where):
    return [f"{where}: port {port!r} is outside 1-65535" for port in ports
            if not isinstance(port, int) or isinstance(port, bool) or not 1 <= port <= 65535]


def security_group_errors(services, alb_ingress="internet", optional_groups=None, extra_groups=None):
    """Messages naming the variable at fault; empty when the groups can be built."""
    errors = []
    for service in services:
        if service.get("port") is not None:
            errors += _port_errors([service["port"]], f"hostvars[{service['host']}].service_container_port")
    if alb_ingress not in ALB_INGRESS:
        errors.append(f"security_alb_ingress: '{alb_ingress}' is not one of {', '.join(ALB_INGRESS)}")
    unknown = sorted(set(optional_groups or []) - set(OPTIONAL_GROUPS))
    if unknown:
        errors.append(f"security_optional_groups: unknown group(s) {', '.join(unknown)}; optional groups are "
                      f"{', '.join(OPTIONAL_GROUPS)}")
    known = {"alb", "ecs_tasks", "database", "redis", *(optional_groups or []), *(extra_groups or {})}
    for name, group in (extra_groups or {}).items():
        for index, rule in enumerate(group.get("ingress", [])):
            where = f"security_extra_groups.{name}.ingress[{index}]"
            errors += _port_errors(rule.get("ports", []), where)
            if not rule.get("ports"):
                errors.append(f"{where}: needs ports")
            if not rule.get("description"):
                errors.append(f"{where}: needs a description")
            if "source_group" in rule and rule["source_group"] not in known:
                errors.append(f"{where}: source_group '{rule['source_group']}' is not a security group of this "
                              f"inventory ({', '.join(sorted(known))})")
            elif "cidr" in rule:
                try:
                    cidr = str(ipaddress.ip_network(rule["cidr"]))
                except ValueError:
                    errors.append(f"{where}: cidr '{rule['cidr']}' is not a CIDR block")
                    continue
                if cidr in EVERYWHERE:
                    errors.append(f"{where}: opens ports to {cidr}; only the ALB faces the internet")
            elif "source_group" not in rule:
                errors.append(f"{where}: needs a source_group or a cidr")
    return errors


def _ingress(ports, source, description):
    rule = {"proto": "tcp", "ports": sorted(set(ports)), "rule_desc": description}
    rule.update(source)
    return rule


def security_group_plan(services, names, alb_ingress="internet", cloudfront_prefix_list_id="",
                        optional_groups=None, extra_groups=None, test_listener=None):
    """amazon.aws.ec2_security_group arguments per group, in an order where every referenced group exists.

    ``names`` maps each group key (alb, ecs_tasks, database, ...) to its AWS name. The ECS group comes
    first and creates the ALB group it refers to (rule ``group_desc``); the ALB group then refers back
    to it for its egress, so neither side is open wider than the service ports. ``test_listener``
    ({port, cidrs}) opens the blue/green test listener to those networks when a service deploys blue_green.
    """
    problems = security_group_errors(services, alb_ingress, optional_groups, extra_groups)
    if problems:
        raise AnsibleFilterError("; ".join(problems))
    ports = sorted({service["port"] for service in services if service.get("port")})
    alb_description = "Application load balancer: HTTPS from " + (
        "CloudFront only" if alb_ingress == "cloudfront" else "the internet")
    ecs_source = {"group_name": names["alb"], "group_desc": alb_description}
    plan = [{
        "key": "ecs_tasks", "name": names["ecs_tasks"], "description": "ECS tasks: service ports from the ALB only",
        "rules": [_ingress(ports, ecs_source, "Service ports from the ALB")] if ports else [],
        # Tasks reach AWS APIs, the data stores and third parties through the NAT gateways.
        "rules_egress": [{"proto": "all", "cidr_ip": "0.0.0.0/0", "rule_desc": "Outbound from the tasks"}],
    }]
    if alb_ingress == "cloudfront":
        alb_rules = [_ingress([443], {"ip_prefix": cloudfront_prefix_list_id}, "HTTPS from CloudFront's origin-facing addresses")]
    else:
        alb_rules = [_ingress([80], {"cidr_ip": "0.0.0.0/0"}, "HTTP from the internet, redirected to HTTPS"),
                     _ingress([443], {"cidr_ip": "0.0.0.0/0"}, "HTTPS from the internet")]
    if test_listener and any(service.get("deployment") == "blue_green" for service in services):
        alb_rules += [_ingress([int(test_listener["port"])], {"cidr_ip": cidr},
                               "Test listener of blue/green deployments") for cidr in test_listener.get("cidrs", [])]
    plan.append({
        "key": "alb", "name": names["alb"], "description": alb_description, "rules": alb_rules,
        "rules_egress": [_ingress(ports, {"group_name": names["ecs_tasks"]}, "Service ports of the ECS tasks")] if ports else [],
    })
    for key in ["database", "redis", *(optional_groups or [])]:
        spec = DATA_GROUPS[key]
        plan.append({
            "key": key, "name": names[key], "description": spec["description"],
            "rules": [_ingress(spec["ports"], {"group_name": names["ecs_tasks"]}, spec["description"])],
            "rules_egress": [],
        })
    for key, group in (extra_groups or {}).items():
        rules = []
        for rule in group.get("ingress", []):
            source = ({"group_name": names.get(rule["source_group"], rule["source_group"])} if "source_group" in rule
                      else {"cidr_ip": rule["cidr"]})
            rules.append(_ingress(rule["ports"], source, rule["description"]))
        plan.append({"key": key, "name": names[key], "description": group.get("description", key),
                     "rules": rules, "rules_egress": []})
    return plan


class FilterModule:
    def filters(self):
        return {"security_group_errors": security_group_errors, "security_group_plan": security_group_plan}
