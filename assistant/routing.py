"""Who works on what: tickets routed to the agents on shift, in turn, with skills respected.

The team is a YAML file (TEAM_FILE); without one nothing is assigned and anyone picks any card:

    max_open: 8                    # at most this many open tickets assigned to one agent
    agents:
      - id: U0AGENT1               # their Slack user id
        shift: mon-fri 08:00-14:00 # in TEAM_TIMEZONE, as BUSINESS_HOURS is written; none: always on
        skills: [x, es, billing]   # a network, a language code, a topic (intent) or an article id/tag
      - id: U0AGENT2
        shift: mon-fri 14:00-20:00

The rule (`choose`): of the agents on shift with fewer than `max_open` open tickets, those with a
skill the ticket needs if any of them has one, else all of them; of those, the one assigned least
recently among those given the fewest tickets over the last EVEN_OVER (round robin that comes out
even when skills send some tickets to one agent, and survives restarts: both are read from the
audit log), fewer open tickets first on a tie. Tickets needing a skill someone has are routed before the others, so a
skilled agent's free place goes to the ticket that needs them. Nobody available: the ticket waits unassigned (anyone may still take it)
and is assigned once someone is. Assignment puts a ticket in a queue; a claim is still what locks.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from assistant.hours import Hours, HoursError, parse_hours
from assistant.text.hazard import hazard_in

MAX_AGENTS = 500
MAX_SKILLS = 50
DEFAULT_MAX_OPEN = 10
EVEN_OVER = timedelta(hours=12)  # assignments counted for evenness: about a shift
_ID = re.compile(r"^[UW][A-Z0-9]{2,20}$")
_SKILL = re.compile(r"^[a-z0-9][a-z0-9_.-]{0,47}$")


class TeamError(ValueError):
    """A team file that can't be used: where, and what to write instead."""


@dataclass(frozen=True)
class Agent:
    id: str
    shift: Hours | None = None  # None: always on shift
    skills: frozenset[str] = frozenset()
    name: str = ""  # what reports call them (Slack shows its own name for the id)

    def on_shift(self, now: datetime) -> bool:
        if self.shift is None:
            return True
        return self.shift.open_between(now, now + timedelta(seconds=1)) > timedelta(0)


@dataclass(frozen=True)
class Team:
    agents: tuple[Agent, ...] = ()
    max_open: int = DEFAULT_MAX_OPEN
    skills: frozenset[str] = field(default=frozenset())  # every skill someone on the team has

    def agent(self, user: str) -> Agent | None:
        return next((a for a in self.agents if a.id == user), None)


def _as_list(value: Any, where: str) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):
        value = [v for v in re.split(r"[,\s]+", value) if v]
    if not isinstance(value, list) or not all(isinstance(v, str | int) for v in value):
        raise TeamError(f"{where}: skills must be a list like [x, es, billing]")
    return [str(v).strip().lower() for v in value]


def parse_team(text: str, *, zone: str = "UTC", source: str = "team file") -> Team:
    """The team from YAML text; TeamError naming the agent and field when something is wrong."""
    import yaml

    try:
        data = yaml.safe_load(text) if text.strip() else {}
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = f" line {mark.line + 1}" if mark is not None else ""
        raise TeamError(f"{source}{line}: not YAML ({getattr(exc, 'problem', None) or 'unreadable'})") from None
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise TeamError(f"{source}: expected `max_open:` and `agents:` at the top, not a {type(data).__name__}")
    unknown = sorted(set(map(str, data)) - {"max_open", "agents"})
    if unknown:
        raise TeamError(f"{source}: unknown key {unknown[0][:30]!r}; the keys are max_open and agents")
    max_open = data.get("max_open", DEFAULT_MAX_OPEN)
    if isinstance(max_open, bool) or not isinstance(max_open, int) or not 1 <= max_open <= 1000:
        raise TeamError(f"{source}: max_open must be a whole number from 1 to 1000, not {str(max_open)[:20]!r}")
    raw_agents = data.get("agents") or []
    if not isinstance(raw_agents, list):
        raise TeamError(f"{source}: agents must be a list of entries with id, shift and skills")
    if len(raw_agents) > MAX_AGENTS:
        raise TeamError(f"{source}: {len(raw_agents)} agents; at most {MAX_AGENTS}")
    agents: list[Agent] = []
    for number, raw in enumerate(raw_agents, start=1):
        where = f"{source}: agent {number}"
        if not isinstance(raw, dict):
            raise TeamError(f"{where}: expected id, shift and skills, not {str(raw)[:30]!r}")
        extra = sorted(set(map(str, raw)) - {"id", "shift", "skills", "name"})
        if extra:
            raise TeamError(f"{where}: unknown key {extra[0][:30]!r}; the keys are id, shift, skills (and name)")
        user = str(raw.get("id") or "").strip()
        if not _ID.match(user):
            raise TeamError(f"{where}: id {user[:30]!r} is not a Slack user id (U… or W…, from the profile's ⋮ menu)")
        if any(a.id == user for a in agents):
            raise TeamError(f"{where}: {user} is listed twice")
        shift_text = raw.get("shift")
        try:
            shift = parse_hours(str(shift_text), tz=zone) if shift_text not in (None, "") else None
        except HoursError as exc:
            raise TeamError(f"{where} ({user}): shift: {str(exc).replace('BUSINESS_HOURS: ', '')}") from None
        skills = _as_list(raw.get("skills"), f"{where} ({user})")
        if len(skills) > MAX_SKILLS:
            raise TeamError(f"{where} ({user}): {len(skills)} skills; at most {MAX_SKILLS}")
        bad = next((s for s in skills if not _SKILL.match(s)), None)
        if bad is not None:
            raise TeamError(f"{where} ({user}): skill {bad[:30]!r} should be a short word: a network, a language code, a topic or an article id")
        agents.append(Agent(user, shift, frozenset(skills), " ".join(str(raw.get("name") or "").split())[:80]))
    return Team(tuple(agents), max_open, frozenset(s for a in agents for s in a.skills))


def load_team(path: Path | None, *, zone: str = "UTC") -> Team:
    """The team file at `path` (None or empty path: no team, nothing is assigned)."""
    if path is None:
        return Team()
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise TeamError(f"TEAM_FILE: {path} does not exist") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise TeamError(f"TEAM_FILE: {path} can't be read ({type(exc).__name__})") from None
    return parse_team(text, zone=zone, source=str(path))


def needs(platform: str, text: str, intent: str, articles: list[str], tags: list[str]) -> frozenset[str]:
    """What a ticket is about, as skills are written: its network, the language of `text` (the
    customer's latest message), its topic (intent), the articles its draft cites with their tags,
    and the skill the hazard it reports needs, "safety" or "security" (`text.hazard`)."""
    from assistant.language import detect

    language = detect(text)
    hazard = hazard_in(text)
    found = {platform, language.code if language else "", intent, *articles, *tags, hazard.skill if hazard else ""}
    return frozenset(s.strip().lower() for s in found if s and s.strip())


@dataclass(frozen=True)
class Choice:
    agent: str  # "" when nobody is available
    why: str


def choose(team: Team, wants: frozenset[str], load: dict[str, int], last: dict[str, int], now: datetime, given: dict[str, int] | None = None) -> Choice:
    """The agent a ticket goes to now (module docstring): `load` is each agent's open tickets,
    `last` the order in which each was last assigned one (higher: more recently; absent: never),
    `given` how many each was assigned over the last EVEN_OVER (a skilled ticket counts too, so
    the shift's work comes out even)."""
    given = given or {}
    free = [a for a in team.agents if a.on_shift(now) and load.get(a.id, 0) < team.max_open]
    if not free:
        on = [a for a in team.agents if a.on_shift(now)]
        return Choice("", "nobody is on shift" if not on else f"everyone on shift has {team.max_open} open tickets")
    wanted = wants & team.skills
    skilled = [a for a in free if a.skills & wanted]
    pool = skilled or free
    pick = min(pool, key=lambda a: (given.get(a.id, 0), last.get(a.id, -1), load.get(a.id, 0), a.id))
    if skilled:
        why = f"has {', '.join(sorted(pick.skills & wanted))}"
    elif wanted:
        why = f"nobody free with {', '.join(sorted(wanted))}; next in turn"
    else:
        why = "next in turn"
    return Choice(pick.id, why)
