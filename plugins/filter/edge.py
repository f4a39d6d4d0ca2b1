"""The edge layer's declarations checked and turned into requests: listeners, target groups and WAF rules.

Every check runs in the preflight play, before any AWS call, so a bad inventory fails with a message
that names the variable rather than an ELB, ACM or WAF error half-way through a converge.
"""

import ipaddress
import re

from ansible.errors import AnsibleFilterError

DNS_LABEL = re.compile(r"^(?!-)[A-Za-z0-9-]{1,63}(?<!-)$")
# TLS 1.2 or newer only: the policies that still accept TLS 1.0 or 1.1 are refused.
TLS_POLICIES = (
    "ELBSecurityPolicy-TLS13-1-2-2021-06",
    "ELBSecurityPolicy-TLS13-1-2-Res-2021-06",
    "ELBSecurityPolicy-TLS13-1-2-Ext1-2021-06",
    "ELBSecurityPolicy-TLS13-1-2-Ext2-2021-06",
    "ELBSecurityPolicy-TLS13-1-3-2021-06",
    "ELBSecurityPolicy-TLS13-1-2-FIPS-2023-04",
    "ELBSecurityPolicy-TLS13-1-3-FIPS-2023-04",
    "ELBSecurityPolicy-TLS-1-2-2017-01",
    "ELBSecurityPolicy-TLS-1-2-Ext-2018-06",
    "ELBSecurityPolicy-FS-1-2-2019-08",
    "ELBSecurityPolicy-FS-1-2-Res-2020-10",
)
CERTIFICATE_SOURCES = ("acm", "self_signed")
DEPLOYMENTS = ("rolling", "blue_green")
PRICE_CLASSES = ("PriceClass_100", "PriceClass_200", "PriceClass_All")
# AWS WAF: a rate-based rule counts at least 10 requests, over one of these windows (seconds).
RATE_LIMIT_RANGE = (10, 2_000_000_000)
RATE_WINDOWS = (60, 120, 300, 600)
MANAGED_RULE_GROUP = re.compile(r"^AWSManagedRules[A-Za-z0-9]+$")
BOT_CONTROL = "AWSManagedRulesBotControlRuleSet"
COUNTRY = re.compile(r"^[A-Z]{2}$")
# ALB rules: at most five condition values per rule, priorities 1-50000, patterns up to 128 characters.
RULE_VALUES_MAX = 5
PRIORITY_RANGE = (1, 50000)
PATH_PATTERN = re.compile(r"^/[A-Za-z0-9_\-.$/~\"'@:+*?&]{0,127}$")
COLOURS = {"rolling": ["main"], "blue_green": ["blue", "green"]}
RULE_PRIORITY_START = 100
RULE_PRIORITY_STEP = 10
ORIGIN_HEADER = "X-Origin-Verify"


def dns_name_errors(name, where, wildcard=False):
    """Why ``name`` is not a DNS name ACM and Route 53 accept ([] when it is)."""
    text = str(name or "")
    labels = text.split(".")
    if wildcard and labels[0] == "*":
        labels = labels[1:]
    if len(text) > 253 or len(labels) < 2 or not all(DNS_LABEL.match(label) for label in labels):
        return [f"{where}: '{text}' is not a valid DNS name (labels of 1-63 letters, digits and inner hyphens, "
                "at least two labels, 253 characters at most)"]
    return []


def web_services(services):
    """The services the load balancer serves (those with a container port), their routing filled in."""
    web = []
    for index, service in enumerate(s for s in services if s.get("port")):
        routing = dict(service.get("routing") or {})
        deployment = service.get("deployment") or "rolling"
        web.append({
            "name": service["name"],
            "port": service["port"],
            "deployment": deployment,
            "colours": COLOURS.get(deployment, ["main"]),
            "path_patterns": list(routing.get("path_patterns") or (["/*"] if not routing.get("host_headers") else [])),
            "host_headers": list(routing.get("host_headers") or []),
            "priority": int(routing.get("priority") or RULE_PRIORITY_START + RULE_PRIORITY_STEP * index),
            "health_check_path": routing.get("health_check_path", "/health"),
            "health_check_matcher": str(routing.get("health_check_matcher", "200")),
            "deregistration_delay": int(routing.get("deregistration_delay", 30)),
        })
    return web


def _service_errors(services):
    errors = []
    claims = {}
    priorities = {}
    for service in services:
        where = f"service {service['name']} (service_deployment/service_routing)"
        if service["deployment"] not in DEPLOYMENTS:
            errors.append(f"{where}: deployment '{service['deployment']}' is not one of {', '.join(DEPLOYMENTS)}")
        for pattern in service["path_patterns"]:
            if not PATH_PATTERN.match(str(pattern)):
                errors.append(f"{where}: path pattern '{pattern}' must start with / and have at most 128 of the "
                              "characters ALB accepts")
        for host in service["host_headers"]:
            errors.extend(dns_name_errors(host, f"{where}: host header", wildcard=True))
        if len(service["path_patterns"]) + len(service["host_headers"]) > RULE_VALUES_MAX:
            errors.append(f"{where}: {len(service['path_patterns']) + len(service['host_headers'])} path patterns and "
                          f"host headers; an ALB rule takes at most {RULE_VALUES_MAX}")
        if not PRIORITY_RANGE[0] <= service["priority"] <= PRIORITY_RANGE[1]:
            errors.append(f"{where}: priority {service['priority']} is outside {PRIORITY_RANGE[0]}-{PRIORITY_RANGE[1]}")
        if service["priority"] in priorities:
            errors.append(f"{where}: priority {service['priority']} is also service {priorities[service['priority']]}'s")
        priorities.setdefault(service["priority"], service["name"])
        if not str(service["health_check_path"]).startswith("/"):
            errors.append(f"{where}: health check path '{service['health_check_path']}' must start with /")
        if not 0 <= service["deregistration_delay"] <= 3600:
            errors.append(f"{where}: deregistration delay {service['deregistration_delay']} is outside 0-3600 seconds")
        hosts = tuple(sorted(host.lower() for host in service["host_headers"])) or ("*",)
        for pattern in service["path_patterns"] or ["/*"]:
            for host in hosts:
                owner = claims.setdefault((host, pattern), service["name"])
                if owner != service["name"]:
                    on = "" if host == "*" else f" on host {host}"
                    errors.append(f"{where}: path pattern '{pattern}'{on} is also claimed by service {owner}; "
                                  "give one of them other path_patterns or host_headers")
    return errors


def _waf_errors(waf):
    errors = []
    limit = waf.get("rate_limit")
    if limit is not None and not (isinstance(limit, int) and RATE_LIMIT_RANGE[0] <= limit <= RATE_LIMIT_RANGE[1]):
        errors.append(f"edge_waf.rate_limit: {limit} requests is outside what AWS WAF accepts "
                      f"({RATE_LIMIT_RANGE[0]}-{RATE_LIMIT_RANGE[1]} per window)")
    if waf.get("rate_window_seconds", 300) not in RATE_WINDOWS:
        errors.append(f"edge_waf.rate_window_seconds: {waf.get('rate_window_seconds')} is not one of "
                      f"{', '.join(map(str, RATE_WINDOWS))}")
    for group in waf.get("managed_rule_groups", []):
        if not MANAGED_RULE_GROUP.match(str(group)):
            errors.append(f"edge_waf.managed_rule_groups: '{group}' is not an AWS managed rule group name "
                          "(AWSManagedRules...)")
    for key in ("block_countries", "allow_countries"):
        for code in waf.get(key, []):
            if not COUNTRY.match(str(code)):
                errors.append(f"edge_waf.{key}: '{code}' is not an ISO 3166 two-letter country code")
    if waf.get("block_countries") and waf.get("allow_countries"):
        errors.append("edge_waf: give block_countries or allow_countries, not both")
    return errors


def edge_errors(edge, services):
    """Every problem with the edge declarations, as messages naming the variable; [] when they are fine.

    ``edge`` holds the role's inputs with their defaults: domain, hosted_zone, certificate, load_balancer,
    test_listener, waf, cloudfront, the data layer's bucket declarations (buckets) and security_alb_ingress
    (alb_ingress). ``services`` is the output of service_specs.
    """
    errors = dns_name_errors(edge.get("domain"), "edge_domain")
    zone = edge.get("hosted_zone") or {}
    domain = str(edge.get("domain") or "").lower().rstrip(".")
    zone_name = str(zone.get("name") or domain).lower().rstrip(".")
    errors += dns_name_errors(zone_name, "edge_hosted_zone.name")
    if domain and zone_name and domain != zone_name and not domain.endswith("." + zone_name):
        errors.append(f"edge_hosted_zone.name: '{zone_name}' is not '{domain}' or a parent of it")
    certificate = edge.get("certificate") or {}
    if certificate.get("source", "acm") not in CERTIFICATE_SOURCES:
        errors.append(f"edge_certificate.source: '{certificate.get('source')}' is not one of {', '.join(CERTIFICATE_SOURCES)}")
    for name in certificate.get("subject_alternative_names", []):
        errors += dns_name_errors(name, "edge_certificate.subject_alternative_names", wildcard=True)
    balancer = edge.get("load_balancer") or {}
    if balancer.get("ssl_policy") not in TLS_POLICIES:
        errors.append(f"edge_load_balancer.ssl_policy: '{balancer.get('ssl_policy')}' is not a TLS 1.2+ policy; "
                      f"use one of {', '.join(TLS_POLICIES)}")
    if not 1 <= int(balancer.get("idle_timeout", 60)) <= 4000:
        errors.append(f"edge_load_balancer.idle_timeout: {balancer.get('idle_timeout')} is outside 1-4000 seconds")
    test = edge.get("test_listener") or {}
    if int(test.get("port", 8443)) in (80, 443) or not 1 <= int(test.get("port", 8443)) <= 65535:
        errors.append(f"edge_test_listener.port: {test.get('port')} must be a free port other than 80 and 443")
    for cidr in test.get("cidrs", []):
        try:
            network = ipaddress.ip_network(str(cidr), strict=True)
        except ValueError:
            errors.append(f"edge_test_listener.cidrs: '{cidr}' is not a network address in CIDR form")
            continue
        if network.prefixlen == 0:
            errors.append(f"edge_test_listener.cidrs: '{cidr}' opens the test listener to the internet")
    errors += _waf_errors(edge.get("waf") or {})
    web = web_services(services)
    errors += _service_errors(web)
    cloudfront = edge.get("cloudfront") or {}
    origins = [bucket["name"] for bucket in edge.get("buckets", []) if bucket.get("cloudfront_origin")]
    if cloudfront.get("enabled"):
        if len(origins) != 1:
            errors.append(f"edge_cloudfront.enabled: CloudFront serves one data bucket marked cloudfront_origin; "
                          f"data_buckets marks {len(origins)}")
        if certificate.get("source", "acm") == "self_signed":
            errors.append("edge_cloudfront.enabled: CloudFront accepts only certificates from a trusted authority; "
                          "edge_certificate.source self_signed cannot serve it")
        if cloudfront.get("price_class", "PriceClass_100") not in PRICE_CLASSES:
            errors.append(f"edge_cloudfront.price_class: '{cloudfront.get('price_class')}' is not one of "
                          f"{', '.join(PRICE_CLASSES)}")
        if not PATH_PATTERN.match(str(cloudfront.get("api_path_pattern", "/api/*"))):
            errors.append(f"edge_cloudfront.api_path_pattern: '{cloudfront.get('api_path_pattern')}' is not a path pattern")
    elif origins:
        errors.append(f"data_buckets: {origins[0]} is marked cloudfront_origin but edge_cloudfront.enabled is false")
    if edge.get("alb_ingress") == "cloudfront" and not cloudfront.get("enabled"):
        errors.append("security_alb_ingress: cloudfront restricts the load balancer to a distribution; "
                      "set edge_cloudfront.enabled")
    return errors


def _target_group_key(service, colour):
    return service["name"] if colour == "main" else f"{service['name']}-{colour}"


def edge_target_group_components(web):
    """Naming components of the target groups: {key: [key, 'target_group']}, key <service>[-<colour>]."""
    return {_target_group_key(s, colour): [_target_group_key(s, colour), "target_group"]
            for s in web for colour in s["colours"]}


def edge_target_groups(services, names):
    """One target group per web service and colour: {service, colour, name, port, health check, delay}.

    ``names`` maps ``<service>-<colour>`` (``<service>`` for a rolling service) to the convention's name.
    """
    groups = []
    for service in web_services(services):
        for colour in service["colours"]:
            key = _target_group_key(service, colour)
            groups.append({
                "key": key, "service": service["name"], "colour": colour, "name": names[key],
                "port": service["port"], "health_check_path": service["health_check_path"],
                "health_check_matcher": service["health_check_matcher"],
                "deregistration_delay": service["deregistration_delay"],
            })
    return groups


def edge_target_group_arns(target_groups, arns_by_name):
    """{service: {colour: ARN}} from the target groups' names; '' where a group does not exist (check mode)."""
    arns = {}
    for group in target_groups:
        arns.setdefault(group["service"], {})[group["colour"]] = arns_by_name.get(group["name"], "")
    return arns


def _conditions(service, origin_secret):
    conditions = []
    if service["path_patterns"]:
        conditions.append({"Field": "path-pattern", "PathPatternConfig": {"Values": service["path_patterns"]}})
    if service["host_headers"]:
        conditions.append({"Field": "host-header", "HostHeaderConfig": {"Values": service["host_headers"]}})
    if origin_secret:
        conditions.append({"Field": "http-header",
                           "HttpHeaderConfig": {"HttpHeaderName": ORIGIN_HEADER, "Values": [origin_secret]}})
    return conditions


def _live_arn(listener_rules, priority, pair):
    """The target group a rule forwards to now, when it is one of the service's pair (CodeDeploy moved it)."""
    for rule in listener_rules:
        if str(rule.get("priority")) != str(priority):
            continue
        for action in rule.get("actions", []):
            if action.get("type") == "forward" and action.get("target_group_arn") in pair:
                return action["target_group_arn"]
    return None


def edge_listener_rules(services, target_group_arns, existing_listeners=None, test_port=8443, origin_secret=""):
    """The rules of the HTTPS listener and of the test listener, in amazon.aws.elb_application_lb's form.

    A blue/green service's rules forward to blue when they are created; afterwards CodeDeploy moves them
    between blue and green, so a rule that already forwards to either keeps its target (``existing_listeners``
    is elb_application_lb_info's ``listeners`` with rules). ``origin_secret``, when set, is the value of
    the header CloudFront adds: rules then match only requests that came through the distribution.
    """
    listeners = {int(listener.get("port", 0)): listener.get("rules", []) for listener in existing_listeners or []}
    https, test = [], []
    for service in web_services(services):
        arns = target_group_arns[service["name"]]
        pair = list(arns.values())
        first = arns.get("blue", arns.get("main"))
        for port, rules, secret in ((443, https, origin_secret), (test_port, test, "")):
            if port == test_port and service["deployment"] != "blue_green":
                continue
            target = _live_arn(listeners.get(port, []), service["priority"], pair) or first
            rules.append({
                "Priority": service["priority"],
                "Conditions": _conditions(service, secret),
                "Actions": [{"Type": "forward", "TargetGroupArn": target}],
            })
    return {"https": https, "test": test}


def waf_rules(waf, metric_prefix):
    """The web ACL's rules in community.aws.wafv2_web_acl's form: rate limit, geo match, managed groups."""
    def visibility(name):
        return {"sampled_requests_enabled": bool(waf.get("sampled_requests", True)),
                "cloud_watch_metrics_enabled": True,
                "metric_name": f"{metric_prefix}-{name}"}

    rules = []
    if waf.get("rate_limit"):
        rules.append({
            "name": "rate-limit-per-ip", "action": {"block": {}}, "visibility_config": visibility("rate-limit-per-ip"),
            "statement": {"rate_based_statement": {
                "limit": int(waf["rate_limit"]), "aggregate_key_type": "IP",
                "evaluation_window_sec": int(waf.get("rate_window_seconds", 300))}},
        })
    if waf.get("block_countries"):
        rules.append({
            "name": "geo-block", "action": {"block": {}}, "visibility_config": visibility("geo-block"),
            "statement": {"geo_match_statement": {"country_codes": sorted(waf["block_countries"])}},
        })
    if waf.get("allow_countries"):
        rules.append({
            "name": "geo-allow-only", "action": {"block": {}}, "visibility_config": visibility("geo-allow-only"),
            "statement": {"not_statement": {"statement": {
                "geo_match_statement": {"country_codes": sorted(waf["allow_countries"])}}}},
        })
    groups = list(waf.get("managed_rule_groups", []))
    if waf.get("bot_control") and BOT_CONTROL not in groups:
        groups.append(BOT_CONTROL)
    for group in groups:
        rules.append({
            "name": group, "override_action": {"none": {}}, "visibility_config": visibility(group),
            "statement": {"managed_rule_group_statement": {"vendor_name": "AWS", "name": group}},
        })
    for priority, rule in enumerate(rules):
        rule["priority"] = priority
    return rules


def cdn_bucket_policy(policy, bucket_arn, distribution_arn):
    """The bucket's policy plus the statement that lets this distribution alone read it through OAC."""
    if not isinstance(policy, dict):
        raise AnsibleFilterError("cdn_bucket_policy: the input is the bucket's policy document as a dict")
    statements = [s for s in policy.get("Statement", []) if s.get("Sid") != "AllowCloudFrontDistribution"]
    statements.append({
        "Sid": "AllowCloudFrontDistribution",
        "Effect": "Allow",
        "Principal": {"Service": "cloudfront.amazonaws.com"},
        "Action": "s3:GetObject",
        "Resource": f"{bucket_arn}/*",
        "Condition": {"StringEquals": {"AWS:SourceArn": distribution_arn}},
    })
    return {**policy, "Statement": statements}


class FilterModule:
    def filters(self):
        return {
            "edge_errors": edge_errors,
            "edge_web_services": web_services,
            "edge_target_group_components": edge_target_group_components,
            "edge_target_groups": edge_target_groups,
            "edge_target_group_arns": edge_target_group_arns,
            "edge_listener_rules": edge_listener_rules,
            "waf_rules": waf_rules,
            "cdn_bucket_policy": cdn_bucket_policy,
        }
