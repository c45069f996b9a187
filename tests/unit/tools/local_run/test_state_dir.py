"""The local run never overwrites or removes an outputs file that is not its own."""

import json

from tools.cli import main


def test_a_deployed_stacks_outputs_file_is_refused_and_kept(tmp_path, capsys):
    # GIVEN a state directory holding a real deployment's outputs file
    outputs = tmp_path / "outputs.json"
    outputs.write_text(json.dumps({"webhook-pipeline-prod": {"api_endpoint": "https://x.execute-api.us-east-1.amazonaws.com/prod/webhook"}}))
    before = outputs.read_bytes()
    # WHEN the local run is pointed at it
    status = main(["local-run", "--state-dir", str(tmp_path), "--stacks-dir", str(tmp_path / "none")])
    # THEN it refuses before starting anything, and the file is untouched
    assert status == 2
    assert "is not a local run's" in capsys.readouterr().err
    assert outputs.read_bytes() == before
