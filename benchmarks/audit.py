"""Known vulnerabilities in the installed, pinned dependencies: a pip-audit run.

Usage: .venv/bin/python benchmarks/audit.py [--pip-audit PATH] [--service pypi|osv]
Audits every distribution installed in this environment (the pins of pyproject.toml and
requirements-models.txt, with their own dependencies) with pip-audit, which is not one of
tidings' dependencies: install it anywhere (`pipx install pip-audit`, or a separate venv) and
give its path if it is not on PATH. pip-audit asks a vulnerability service (PyPI's JSON API or
OSV) over the network; offline, this script says so and exits 2 rather than report "no findings".
Prints one line per vulnerable package and a summary; exits 1 when anything is found.
"""

from __future__ import annotations

import argparse
import json
import shutil
import site
import subprocess
import sys
import sysconfig
from pathlib import Path


def _find_pip_audit(given: str | None) -> str | None:
    if given:
        return given
    beside = Path(sys.executable).with_name("pip-audit")
    return str(beside) if beside.exists() else shutil.which("pip-audit")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--pip-audit", help="The pip-audit executable (default: beside python, then PATH).")
    parser.add_argument("--service", choices=("pypi", "osv"), default="pypi")
    args = parser.parse_args()
    tool = _find_pip_audit(args.pip_audit)
    if tool is None:
        print("not run: pip-audit is not installed; install it (pipx install pip-audit) and pass --pip-audit")
        return 2
    packages = sysconfig.get_paths()["purelib"]
    paths = dict.fromkeys([packages, *site.getsitepackages()])
    command = [tool, "--format", "json", "--progress-spinner", "off", "--vulnerability-service", args.service]
    for path in paths:
        command += ["--path", path]
    print("running:", " ".join(command))
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    try:
        report = json.loads(done.stdout)
    except json.JSONDecodeError:
        print(f"not completed (pip-audit exit {done.returncode}); it needs the network for its vulnerability "
              f"data. Its message:\n{done.stderr.strip()[-2000:]}")
        return 2
    dependencies = report.get("dependencies", report if isinstance(report, list) else [])
    vulnerable = [dep for dep in dependencies if dep.get("vulns")]
    skipped = [dep for dep in dependencies if dep.get("skip_reason")]
    for dep in vulnerable:
        ids = ", ".join(f"{v['id']} (fixed in {', '.join(v.get('fix_versions') or ['-'])})"
                        for v in dep["vulns"])
        print(f"{dep['name']} {dep.get('version', '?')}: {ids}")
    print(f"{len(dependencies)} distributions audited against {args.service}: {len(vulnerable)} with known "
          f"vulnerabilities, {len(skipped)} not auditable"
          + (f" ({', '.join(sorted(dep['name'] for dep in skipped))})" if skipped else ""))
    if dependencies and len(skipped) == len(dependencies):
        print(f"not completed: the service had no data for any distribution (first reason: "
              f"{skipped[0]['skip_reason']}); a package mirror without PyPI's JSON API, or no network. "
              "This is not a clean result.")
        return 2
    return 1 if vulnerable else 0


if __name__ == "__main__":
    sys.exit(main())
