"""The edge layer's filters: inventory checks, target groups, listener rules, WAF rules, bucket policy."""

import pytest
from ansible.errors import AnsibleFilterError

from ansible_collections.seed.aws_platform.plugins.filter.edge import (
    cdn_bucket_policy,
    edge_errors,
    edge_listener_rules,
    edge_target_group_arns,
    edge_target_group_components,
    edge_target_groups,
    waf_rules,
    web_services,
)
from ansible_collections.seed.aws_platform.plugins.filter.naming import resource_name_errors, resource_names

API = {"name": "api", "port": 8000, "deployment": "blue_green",
       "routing": {"path_patterns": ["/api/*"], "priority": 10, "health_check_path": "/healthz"}}
WEB = {"name": "web", "port": 3000, "deployment": "rolling", "routing": {}}
WORKER = {"name": "worker", "port": None, "deployment": "rolling", "routing": {}}
SERVICES = [API, WEB, WORKER]
EDGE = {
    "domain": "staging.example.com",
    "hosted_zone": {"name": "example.com", "create": False, "private": False},
    "certificate": {"source": "acm", "subject_alternative_names": ["*.staging.example.com"]},
    "load_balancer": {"idle_timeout": 60, "ssl_policy": "ELBSecurityPolicy-TLS13-1-2-2021-06"},
    "test_listener": {"port": 8443, "cidrs": []},
    "waf": {"rate_limit": 1000, "rate_window_seconds": 300, "managed_rule_groups": ["AWSManagedRulesCommonRuleSet"]},
    "cloudfront": {"enabled": True, "price_class": "PriceClass_100", "api_path_pattern": "/api/*"},
    "buckets": [{"name": "logs", "purpose": "logs"}, {"name": "assets", "cloudfront_origin": True}],
    "alb_ingress": "internet",
}


def errors_with(**changes):
    return edge_errors({**EDGE, **changes}, SERVICES)


def test_a_sound_declaration_has_no_errors():
    assert edge_errors(EDGE, SERVICES) == []


@pytest.mark.parametrize("domain", ["-bad.example.com", "localhost", "a..b.com", "under_score.example.com", "x" * 64 + ".com"])
def test_a_domain_that_is_not_a_dns_name_is_refused(domain):
    [message, *rest] = errors_with(domain=domain, hosted_zone={"name": domain})
    assert message.startswith(f"edge_domain: '{domain}' is not a valid DNS name")


def test_the_zone_must_be_the_domain_or_a_parent():
    assert "edge_hosted_zone.name: 'other.com' is not 'staging.example.com' or a parent of it" in errors_with(
        hosted_zone={"name": "other.com"})


def test_a_rate_limit_below_the_waf_minimum_is_refused():
    [message] = errors_with(waf={**EDGE["waf"], "rate_limit": 5})
    assert message == "edge_waf.rate_limit: 5 requests is outside what AWS WAF accepts (10-2000000000 per window)"
    assert errors_with(waf={**EDGE["waf"], "rate_window_seconds": 30})[0].startswith("edge_waf.rate_window_seconds: 30")


def test_managed_groups_and_countries_are_checked():
    errors = errors_with(waf={"managed_rule_groups": ["CommonRuleSet"], "block_countries": ["usa"], "allow_countries": ["DE"]})
    assert any("'CommonRuleSet' is not an AWS managed rule group name" in e for e in errors)
    assert any("'usa' is not an ISO 3166 two-letter country code" in e for e in errors)
    assert "edge_waf: give block_countries or allow_countries, not both" in errors


def test_a_path_pattern_two_services_claim_is_refused():
    other = {"name": "admin", "port": 9000, "routing": {"path_patterns": ["/api/*"], "priority": 30}}
    errors = edge_errors(EDGE, SERVICES + [other])
    assert ("service admin (service_deployment/service_routing): path pattern '/api/*' is also claimed by service api; "
            "give one of them other path_patterns or host_headers") in errors


def test_the_same_path_on_other_hosts_is_no_conflict():
    routing = {"path_patterns": ["/api/*"], "host_headers": ["admin.example.com"], "priority": 30}
    other = {"name": "admin", "port": 9000, "routing": routing}
    assert edge_errors(EDGE, SERVICES + [other]) == []


def test_two_services_without_routing_both_claim_everything():
    errors = edge_errors(EDGE, [WEB, dict(WEB, name="site")])
    assert any("path pattern '/*' is also claimed by service web" in e for e in errors)


def test_rule_limits_priorities_and_health_checks():
    crowded = {"name": "busy", "port": 1, "routing": {"path_patterns": [f"/p{i}" for i in range(6)], "priority": 10,
                                                      "health_check_path": "health", "deregistration_delay": 4000}}
    errors = edge_errors(EDGE, [API, crowded])
    assert any("6 path patterns and host headers; an ALB rule takes at most 5" in e for e in errors)
    assert any("priority 10 is also service api's" in e for e in errors)
    assert any("health check path 'health' must start with /" in e for e in errors)
    assert any("deregistration delay 4000 is outside 0-3600 seconds" in e for e in errors)
    assert any("deployment 'canary' is not one of rolling, blue_green" in e
               for e in edge_errors(EDGE, [dict(WEB, deployment="canary")]))


def test_tls_policies_older_than_tls_1_2_are_refused():
    [message] = errors_with(load_balancer={"ssl_policy": "ELBSecurityPolicy-2016-08"})
    assert message.startswith("edge_load_balancer.ssl_policy: 'ELBSecurityPolicy-2016-08' is not a TLS 1.2+ policy")


def test_the_test_listener_is_never_open_to_everyone():
    errors = errors_with(test_listener={"port": 443, "cidrs": ["0.0.0.0/0", "10.0.0.1/16"]})
    assert "edge_test_listener.port: 443 must be a free port other than 80 and 443" in errors
    assert "edge_test_listener.cidrs: '0.0.0.0/0' opens the test listener to the internet" in errors
    assert "edge_test_listener.cidrs: '10.0.0.1/16' is not a network address in CIDR form" in errors


def test_cloudfront_needs_one_origin_bucket_and_a_trusted_certificate():
    assert any("data_buckets marks 0" in e for e in errors_with(buckets=[{"name": "logs", "purpose": "logs"}]))
    assert any("self_signed cannot serve it" in e for e in errors_with(certificate={"source": "self_signed"}))
    off = errors_with(cloudfront={"enabled": False})
    assert off == ["data_buckets: assets is marked cloudfront_origin but edge_cloudfront.enabled is false"]
    restricted = edge_errors({**EDGE, "cloudfront": {"enabled": False}, "buckets": [], "alb_ingress": "cloudfront"}, SERVICES)
    assert restricted == ["security_alb_ingress: cloudfront restricts the load balancer to a distribution; "
                          "set edge_cloudfront.enabled"]


def test_web_services_fill_in_routing_defaults():
    api, web = web_services(SERVICES)
    assert (api["colours"], api["priority"], api["health_check_path"]) == (["blue", "green"], 10, "/healthz")
    assert (web["colours"], web["path_patterns"], web["priority"], web["health_check_matcher"]) == (["main"], ["/*"], 110, "200")
    assert web["deregistration_delay"] == 30


def test_target_groups_are_named_by_the_convention_and_shortened():
    components = edge_target_group_components(web_services(SERVICES))
    assert components == {"api-blue": ["api-blue", "target_group"], "api-green": ["api-green", "target_group"],
                          "web": ["web", "target_group"]}
    names = resource_names(components, "a-rather-long-prefix")
    groups = edge_target_groups(SERVICES, names)
    assert [(g["service"], g["colour"], g["name"]) for g in groups] == [
        ("api", "blue", "a-rather-long-prefix-api-blue"), ("api", "green", "a-rather-long-prefix-api-green"),
        ("web", "main", "a-rather-long-prefix-web")]
    long = resource_names({"x": ["customer-notifications-green", "target_group"]}, "staging")["x"]
    assert len(long) == 32 and long.startswith("staging-customer-notifica")


def test_a_prefix_too_long_for_any_target_group_name_is_reported():
    components = edge_target_group_components(web_services([API]))
    [blue, green] = resource_name_errors(components, "p" * 29, "edge_name_prefix")
    assert "target_group name" in blue and "even after shortening; AWS allows at most 32" in blue
    assert green


def test_target_group_arns_by_service_and_colour():
    groups = edge_target_groups(SERVICES, resource_names(edge_target_group_components(web_services(SERVICES)), "t"))
    arns = edge_target_group_arns(groups, {"t-api-blue": "arn:blue", "t-web": "arn:web"})
    assert arns == {"api": {"blue": "arn:blue", "green": ""}, "web": {"main": "arn:web"}}


ARNS = {"api": {"blue": "arn:blue", "green": "arn:green"}, "web": {"main": "arn:web"}}


def test_new_rules_forward_blue_and_the_test_listener_serves_blue_green_only():
    rules = edge_listener_rules(SERVICES, ARNS)
    assert rules["https"] == [
        {"Priority": 10, "Conditions": [{"Field": "path-pattern", "PathPatternConfig": {"Values": ["/api/*"]}}],
         "Actions": [{"Type": "forward", "TargetGroupArn": "arn:blue"}]},
        {"Priority": 110, "Conditions": [{"Field": "path-pattern", "PathPatternConfig": {"Values": ["/*"]}}],
         "Actions": [{"Type": "forward", "TargetGroupArn": "arn:web"}]},
    ]
    assert [rule["Priority"] for rule in rules["test"]] == [10]


def test_rules_codedeploy_moved_keep_their_colour():
    existing = [{"port": 443, "rules": [{"priority": "10", "actions": [{"type": "forward", "target_group_arn": "arn:green"}]}]},
                {"port": 8443, "rules": [{"priority": "10", "actions": [{"type": "forward", "target_group_arn": "arn:blue"}]}]}]
    rules = edge_listener_rules(SERVICES, ARNS, existing)
    assert rules["https"][0]["Actions"] == [{"Type": "forward", "TargetGroupArn": "arn:green"}]
    assert rules["test"][0]["Actions"] == [{"Type": "forward", "TargetGroupArn": "arn:blue"}]
    stranger = [{"port": 443, "rules": [{"priority": "10", "actions": [{"type": "forward", "target_group_arn": "arn:other"}]}]}]
    assert edge_listener_rules(SERVICES, ARNS, stranger)["https"][0]["Actions"][0]["TargetGroupArn"] == "arn:blue"


def test_behind_cloudfront_production_rules_need_the_origin_header():
    rules = edge_listener_rules(SERVICES, ARNS, origin_secret="s3cret")
    header = {"Field": "http-header", "HttpHeaderConfig": {"HttpHeaderName": "X-Origin-Verify", "Values": ["s3cret"]}}
    assert all(header in rule["Conditions"] for rule in rules["https"])
    assert all(header not in rule["Conditions"] for rule in rules["test"])


def test_waf_rules_rate_limit_geo_and_managed_groups_in_priority_order():
    rules = waf_rules({"rate_limit": 1000, "rate_window_seconds": 300, "block_countries": ["RU", "KP"],
                       "managed_rule_groups": ["AWSManagedRulesCommonRuleSet"], "bot_control": True}, "tiger-web-acl")
    assert [(r["name"], r["priority"]) for r in rules] == [
        ("rate-limit-per-ip", 0), ("geo-block", 1), ("AWSManagedRulesCommonRuleSet", 2),
        ("AWSManagedRulesBotControlRuleSet", 3)]
    assert rules[0]["statement"] == {"rate_based_statement": {"limit": 1000, "aggregate_key_type": "IP",
                                                              "evaluation_window_sec": 300}}
    assert rules[0]["action"] == {"block": {}} and rules[2]["override_action"] == {"none": {}}
    assert rules[1]["statement"]["geo_match_statement"]["country_codes"] == ["KP", "RU"]
    assert rules[2]["visibility_config"] == {"sampled_requests_enabled": True, "cloud_watch_metrics_enabled": True,
                                             "metric_name": "tiger-web-acl-AWSManagedRulesCommonRuleSet"}
    allow = waf_rules({"allow_countries": ["US"]}, "m")
    assert allow[0]["statement"] == {"not_statement": {"statement": {"geo_match_statement": {"country_codes": ["US"]}}}}


def test_the_bucket_policy_admits_the_distribution_alone_and_keeps_the_rest():
    policy = {"Version": "2012-10-17", "Statement": [{"Sid": "DenyInsecureTransport", "Effect": "Deny"},
                                                     {"Sid": "AllowCloudFrontDistribution", "Effect": "Allow"}]}
    result = cdn_bucket_policy(policy, "arn:aws:s3:::assets", "arn:aws:cloudfront::1:distribution/E1")
    assert [s["Sid"] for s in result["Statement"]] == ["DenyInsecureTransport", "AllowCloudFrontDistribution"]
    statement = result["Statement"][1]
    assert statement["Principal"] == {"Service": "cloudfront.amazonaws.com"} and statement["Action"] == "s3:GetObject"
    assert statement["Resource"] == "arn:aws:s3:::assets/*"
    assert statement["Condition"] == {"StringEquals": {"AWS:SourceArn": "arn:aws:cloudfront::1:distribution/E1"}}
    with pytest.raises(AnsibleFilterError):
        cdn_bucket_policy("{}", "a", "b")
