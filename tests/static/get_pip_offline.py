"""Offline stand-in for the get-pip.py that ansible-test downloads to bootstrap pip in its sanity venvs.

ansible-test fetches get-pip.py from a host these machines cannot reach, and documents saving the
script to its cache by hand instead. This one installs pip from the interpreter's bundled ensurepip
wheel, then the pip version ansible-test asked for from the package index that is reachable.
ensurepip runs in its own process because it blanks pip's configuration while it runs.
"""

import subprocess
import sys

subprocess.check_call([sys.executable, "-m", "ensurepip"])
args = [arg for arg in sys.argv[1:] if arg not in ("--no-setuptools", "--no-wheel")]
sys.exit(subprocess.call([sys.executable, "-m", "pip", "install", *args]))
