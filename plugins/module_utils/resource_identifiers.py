# -*- coding: utf-8 -*-

# Copyright: seed.aws_platform maintainers
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""AWS's rules for the hyphenated identifiers of ElastiCache (and RDS) resources, checked before any call."""

import re
from typing import Optional

LOWERCASE = re.compile(r"^[a-z][a-z0-9-]*$")
ANY_CASE = re.compile(r"^[A-Za-z][A-Za-z0-9-]*$")


def identifier_problem(value: str, max_length: int, lowercase: bool = False) -> Optional[str]:
    """What AWS would refuse in an identifier: starts with a letter, letters/digits/hyphens, no "--", no trailing "-"."""
    if not 1 <= len(value) <= max_length:
        return f"must be 1 to {max_length} characters long, not {len(value)}"
    if not (LOWERCASE if lowercase else ANY_CASE).match(value):
        letters = "lowercase letters" if lowercase else "letters"
        return f"must start with a letter and contain only {letters}, digits and hyphens"
    if value.endswith("-") or "--" in value:
        return "must not end with a hyphen or contain two hyphens in a row"
    return None
