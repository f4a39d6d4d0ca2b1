# Sourced by scripts/demo and scripts/test after scripts/bootstrap: the venv's tools first on PATH,
# and Mitogen's strategy for every ansible-playbook they start. Measured with scripts/benchmark on
# tiger, Mitogen cuts a converge about 1.7x and a re-run or check-mode run about 2x, with the same
# tasks and API calls. Plain Ansible (AWX, a user's shell) needs none of this:
# SEED_ANSIBLE_STRATEGY=linear turns it off here too.
export PATH="$root/.venv/bin:$PATH"
if [[ "${SEED_ANSIBLE_STRATEGY:-mitogen}" == mitogen ]]; then
  mitogen_strategy="$(python -c 'import ansible_mitogen, pathlib; print(pathlib.Path(ansible_mitogen.__file__).parent / "plugins" / "strategy")')"
  export ANSIBLE_STRATEGY_PLUGINS="$mitogen_strategy" ANSIBLE_STRATEGY=mitogen_linear
fi
