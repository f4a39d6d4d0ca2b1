"""Application secrets as the inventory declares them, turned into secretsmanager_secret requests."""


def secret_specs(secrets, prefix, kms_key_id=""):
    """Each declared secret with its full name (prefix + name) and the environment's secrets key."""
    specs = []
    for secret in secrets:
        spec = dict(secret)
        spec["name"] = f"{prefix}{secret['name']}"
        if kms_key_id and "kms_key_id" not in secret:
            spec["kms_key_id"] = kms_key_id
        specs.append(spec)
    return specs


class FilterModule:
    def filters(self):
        return {"secret_specs": secret_specs}
