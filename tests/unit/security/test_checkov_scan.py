"""checkov finds nothing in the synthesized stacks beyond the by-design skips in .checkov.yaml.

The first run builds checkov's own virtualenv (.venvs/checkov-venv, about
30 s); later runs reuse it. The stacks are scanned in one checkov call, once per
session: every system in dev, pr-42, staging and prod, and dev as the API
Gateway account owner (the only stack with the opt-in CloudWatch role).
"""

from pathlib import Path

import pytest

from constructs_lib import cdk
from stacks.environment import api_gateway_account_system, config_for
from stacks.profiles import profile_for
from stacks.registry import SYSTEMS, system_named
from tests.fixtures.synth import SYNTHESIZED_SUFFIXES
from tools.scan import CONFIG_FILE, ScanResult, ensure_checkov, scan, scannable_copy, skipped_check_ids

ACCOUNT_OWNER = "dev-api-gateway-account-owner"
DEV_PROFILE_STACKS = {system.stack_id(suffix) for system in SYSTEMS for suffix in ("dev", "pr-42")}
# A skip may hide a check only where the SPEC wants it to: prod reserves
# concurrency, so the per-environment skip must not be hiding a prod finding.
TRANSACTION_PROCESSOR_STACKS = {f"transaction-processor-{suffix}" for suffix in SYNTHESIZED_SUFFIXES}
# A stack with a public API has a web ACL where its profile says so (not in the dev profile).
API_STACKS_BY_WEB_ACL = {
    guarded: {system.stack_id(suffix) for system in SYSTEMS if system.api for suffix in SYNTHESIZED_SUFFIXES
              if (profile_for(suffix).web_acl is not None) == guarded}
    for guarded in (True, False)
}
# checkov's checks of a web ACL and of what it protects.
WEB_ACL_CHECKS = {"CKV2_AWS_29", "CKV2_AWS_31", "CKV2_AWS_77", "CKV_AWS_175", "CKV_AWS_192", "CKV_AWS_342"}
SKIPS_LIMITED_TO = {
    "CKV_AWS_115": DEV_PROFILE_STACKS | {ACCOUNT_OWNER},
    "CKV2_AWS_29": API_STACKS_BY_WEB_ACL[False] | {ACCOUNT_OWNER},
    # The uploads bucket and the API without body or parameters exist only in the transaction processor.
    "CKV2_AWS_53": TRANSACTION_PROCESSOR_STACKS,
    "CKV_AWS_144": TRANSACTION_PROCESSOR_STACKS,
    "CKV_AWS_18": TRANSACTION_PROCESSOR_STACKS,
}


@pytest.fixture(scope="session")
def checkov() -> Path:
    executable, _install_seconds = ensure_checkov()
    return executable


@pytest.fixture(scope="session")
def stack_files(synthesized, tmp_path_factory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("checkov-stacks")
    stacks = {f"{system}-{suffix}": stack_json for (system, suffix), stack_json in synthesized.items()}
    owner = api_gateway_account_system(SYSTEMS)
    owner_config = config_for("dev", api_gateway_account_system=owner)
    stacks[ACCOUNT_OWNER] = cdk.Testing.synth(system_named(owner).load_stack()(cdk.Testing.app(), owner_config))
    files = {}
    for name, stack_json in stacks.items():
        synthesized_file = folder / f"{name}.synth.json"
        synthesized_file.write_text(stack_json)
        files[name] = scannable_copy(synthesized_file, folder, name)
    assert set(files) == {s.stack_id(suffix) for s in SYSTEMS for suffix in SYNTHESIZED_SUFFIXES} | {ACCOUNT_OWNER}
    return files


@pytest.fixture(scope="session")
def configured_scan(checkov, stack_files) -> ScanResult:
    """The scan a reviewer runs: every check, with the skips in .checkov.yaml."""
    return scan(checkov, list(stack_files.values()), config_file=CONFIG_FILE, cwd=CONFIG_FILE.parent)


@pytest.fixture(scope="session")
def unskipped_scan(checkov, stack_files, tmp_path_factory) -> ScanResult:
    """Only the skipped checks, without the config (run outside the repo so it isn't picked up)."""
    return scan(
        checkov,
        list(stack_files.values()),
        checks=skipped_check_ids(),
        cwd=tmp_path_factory.mktemp("checkov-no-config"),
    )


def test_scan_parsed_every_stack(configured_scan, stack_files):
    for suffix, path in stack_files.items():
        checked = [f for f in configured_scan.passed + configured_scan.failed if f.file == path.name]
        assert len(checked) > 0, f"checkov ran no check on {suffix} ({path.name}): an empty scan proves nothing"


def test_no_failed_checks(configured_scan):
    failures = sorted(str(f) for f in configured_scan.failed)
    assert not failures, (
        f"{len(failures)} failed checkov checks (fix the infra, or skip the id in .checkov.yaml "
        "with a one-line reason if it is by design):\n" + "\n".join(failures)
    )


def test_config_skips_are_applied(configured_scan):
    ran = {f.check_id for f in configured_scan.passed + configured_scan.failed}
    assert ran.isdisjoint(skipped_check_ids()), ran & set(skipped_check_ids())


def test_every_skip_has_a_reason_beside_it():
    skips = [line for line in CONFIG_FILE.read_text().splitlines() if line.lstrip().startswith("- CKV")]
    assert len(skips) == len(skipped_check_ids()) > 0
    unexplained = [line for line in skips if len(line.partition("#")[2].strip()) < 20]
    assert not unexplained, unexplained


def test_skip_ids_are_unique():
    ids = skipped_check_ids()
    assert len(ids) == len(set(ids)), ids


def test_every_skipped_check_still_fires_without_its_skip(unskipped_scan):
    dead = set(skipped_check_ids()) - unskipped_scan.failed_ids()
    assert not dead, f"these skips in .checkov.yaml hide nothing any more; remove them: {sorted(dead)}"


@pytest.mark.parametrize("check_id", sorted(SKIPS_LIMITED_TO))
def test_limited_skip_fires_only_where_intended(unskipped_scan, check_id):
    fired_in = {f.file.removesuffix(".tf.json") for f in unskipped_scan.failed if f.check_id == check_id}
    assert fired_in == SKIPS_LIMITED_TO[check_id]


def test_every_web_acl_check_passes_without_a_skip_where_the_profile_has_a_web_acl(configured_scan, unskipped_scan):
    assert API_STACKS_BY_WEB_ACL[True]
    for stack in API_STACKS_BY_WEB_ACL[True]:
        passed = {f.check_id for scan in (configured_scan, unskipped_scan) for f in scan.passed if f.file == f"{stack}.tf.json"}
        assert WEB_ACL_CHECKS <= passed, f"{stack}: {sorted(WEB_ACL_CHECKS - passed)} did not pass"
