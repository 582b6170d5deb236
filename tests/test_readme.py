"""The README tells the truth: its counts come from the bundled files, its scopes are the
manifest's, its commands and settings exist, and what it says stops a command does."""

from __future__ import annotations

import json
import re
from pathlib import Path

import yaml

from tests.test_cli import run_cli

REPO = Path(__file__).resolve().parent.parent
README = (REPO / "README.md").read_text(encoding="utf-8")
SAMPLES = REPO / "assistant" / "samples"


def _records(name: str) -> list[dict]:
    return [json.loads(line) for line in (SAMPLES / name).read_text(encoding="utf-8").splitlines() if line.strip()]


def _claim(pattern: str) -> int:
    found = re.search(pattern, README.replace("\n", " "))
    assert found, f"the README no longer says {pattern!r}"
    return int(found.group(1))


def test_the_sample_counts_it_gives_are_the_files() -> None:
    posts = _records("posts.jsonl")
    assert _claim(r"posts\.jsonl` \((\d+) posts written") == len(posts)
    assert _claim(r"(\d+) of them with no fitting article") == sum(1 for p in posts if p.get("expected") == [])
    assert _claim(r"hostile\.jsonl` \((\d+) attacks") == len(_records("hostile.jsonl"))
    conversations = _records("conversations.jsonl")
    assert _claim(r"later messages of (\d+) of those posts' conversations") == len({c["conversation_id"] for c in conversations})
    assert re.search(r"and (\w+) of our own replies seen in the feed", README).group(1) == (
        "three" if sum(1 for c in conversations if c.get("ours")) == 3 else "?"
    )  # type: ignore[union-attr]
    assert f"kb eval                      # the bundled knowledge and {len(posts)} sample posts" in README


def test_the_scopes_it_lists_are_exactly_the_manifests() -> None:
    manifest = yaml.safe_load((REPO / "slack-manifest.yml").read_text(encoding="utf-8"))
    wanted = set(manifest["oauth_config"]["scopes"]["bot"])
    step = README[README.index("## Connect Slack") : README.index("2. *Install to Workspace*")]
    listed = set(re.findall(r"`([a-z][a-z.]*(?::[a-z.]+)?)`", step))
    assert listed == wanted, (sorted(listed - wanted), sorted(wanted - listed))


def test_every_command_it_documents_exists() -> None:
    from typer.main import get_command

    from assistant.cli import app

    root = get_command(app)
    documented = set(re.findall(r"^\| `social-reply ([a-z-]+(?: [a-z-]+)?)", README, re.M))
    assert documented
    for command in documented:
        words = command.split()
        group = root.commands.get(words[0])  # type: ignore[attr-defined]
        assert group is not None, command
        if len(words) == 2 and hasattr(group, "commands"):
            assert words[1] in group.commands, command


def test_every_setting_it_names_is_a_setting() -> None:
    from assistant.config import Settings

    fields = {name.upper() for name in Settings.model_fields}
    example = {line.split("=", 1)[0] for line in (REPO / ".env.example").read_text().splitlines() if re.match(r"^[A-Z_]+=", line)}
    assert example <= fields, sorted(example - fields)
    named = set(re.findall(r"`([A-Z][A-Z0-9_]{3,})(?:=[^`]*)?`", README))
    assert named & example, "the README names settings"
    assert not sorted(n for n in named if n not in fields and n in example)
    for name in ("BUSINESS_HOURS", "HOLIDAYS", "TEAM_TIMEZONE", "TEAM_FILE", "CLAIM_LAPSE", "HERE_DIGEST_EVERY"):
        assert name in fields and name in example and name in named, name


def test_a_missing_knowledge_folder_stops_a_command_as_it_says(tmp_path: Path) -> None:
    assert "a `KNOWLEDGE_DIR` or `PROMPTS_DIR` that is not a folder" in README.replace("\n", " ")
    result = run_cli("stats", env={"KNOWLEDGE_DIR": str(tmp_path / "nope"), "DATA_DIR": str(tmp_path / "data")})
    assert result.returncode == 2 and "KNOWLEDGE_DIR" in result.stderr, (result.returncode, result.stdout, result.stderr)
    elsewhere = run_cli("tickets", env={"DATA_DIR": str(tmp_path / "data")}, cwd=tmp_path)  # the default ./knowledge is not here
    assert "KNOWLEDGE_DIR" not in elsewhere.stderr, "unset, the folder is required only by the commands that read it"


def test_the_install_step_it_quotes_is_the_makefiles() -> None:
    quoted = re.search(r"`(==> \[3/3\] [^`…]+)", README)
    assert quoted is not None and quoted.group(1).strip() in (REPO / "Makefile").read_text(encoding="utf-8")
    assert "==> [1/3]" in (REPO / "Makefile").read_text(encoding="utf-8") and "==> [2/3]" in (REPO / "Makefile").read_text(encoding="utf-8")
