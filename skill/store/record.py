"""What the skill remembers about one user: where they were, their preferences (inside the
state), the stretches they finished per day (in their own time zone), whether they heard the
disclaimer, how the offer of a daily reminder went, and each device's time zone for a day.

Stored as JSON text. :func:`parse` accepts only a record it fully understands; anything else
raises :class:`RecordError`, and the caller then leaves the stored text untouched.
"""

import json
from collections.abc import Mapping
from datetime import date, datetime, timedelta
from types import MappingProxyType
from typing import Any, NamedTuple

from skill.content.model import Content
from skill.dialogue.acts import Reply
from skill.dialogue.codec import StateError, check_version, decode, encode
from skill.dialogue.events import Facts
from skill.dialogue.schedule import OfferStep
from skill.dialogue.state import State

RECORD_VERSION = 1
HISTORY_DAYS = 60
MAX_PER_DAY = 60  # stretches kept per day; enough for ten whole routines
# The fullest record (61 days of 60 stretches) is about 110,000 characters; more is not ours.
MAX_RECORD_CHARS = 256_000
MAX_DEVICES = 8  # devices whose time zone is kept; the least recently looked up goes first
MAX_ID_CHARS = 512  # Alexa's device and session ids are about 200 characters
MAX_SESSIONS = 10_000  # sessions counted; beyond, the count only has to stay large
ZONE_KEPT = timedelta(days=1)  # a device's time zone is looked up again after this
RETRY_AFTER = timedelta(minutes=30)  # and after a failed lookup, this much sooner
UNKNOWN_ZONE = ""  # the name kept when the lookup failed: UTC until it is asked again


class Zone(NamedTuple):
    """A device's time zone as the Alexa settings service gave it (UNKNOWN_ZONE when it could
    not), and when (UTC, ISO)."""

    name: str
    fetched: str

    def fresh(self, now: datetime) -> bool:
        """Still good to use, rather than asking the service again."""
        kept = ZONE_KEPT if self.name != UNKNOWN_ZONE else RETRY_AFTER
        try:
            return now - datetime.fromisoformat(self.fetched) < kept
        except ValueError:
            return False


class TurnNotes(NamedTuple):
    """What one turn adds to the record beside its state: the user's day, whether the
    disclaimer was heard, the session (to count it once), and a device's new time zone."""

    today: date
    heard: bool = False
    session_id: str = ""
    zone: tuple[str, Zone] | None = None  # (device id, zone) when looked up this turn


# Records saved before reminders and time zones lack the optional keys.
_REQUIRED = {"v", "state", "history", "disclaimer_heard"}
_OPTIONAL = {"lineage", "reminder_offer", "finished_sessions", "counted_session", "zones"}


class RecordError(ValueError):
    """A stored record this version cannot read; the message names the field."""


NONE_YET: Mapping[str, Any] = MappingProxyType({})  # an empty history or zones, shared read-only


class UserRecord(NamedTuple):
    state: State = State()
    history: Mapping[str, tuple[str, ...]] = NONE_YET  # ISO day -> stretch ids
    disclaimer_heard: bool = False
    # Set when the record is first created, kept by every save: a record with another lineage
    # was created after a delete, and nothing of the old one may be merged into it.
    lineage: str = ""
    reminder_offer: OfferStep | None = None
    finished_sessions: int = 0
    counted_session: str = ""  # the last session counted in finished_sessions
    zones: Mapping[str, Zone] = NONE_YET  # device id -> its time zone

    def facts(
        self, now: datetime, new_session: bool, session_id: str = "", history_known: bool = True
    ) -> Facts:
        """What the dialogue may know of the user, ``now`` being their local time."""
        today = now.date()
        days = stretches = streak = 0
        if self.history:  # else every count is 0: a new user, or a skill without a store
            monday = today - timedelta(days=today.weekday())
            week = [ids for day, ids in self.history.items()
                    if monday <= date.fromisoformat(day) <= today]  # fmt: skip
            days, stretches = sum(1 for ids in week if ids), sum(len(ids) for ids in week)
            streak = self._streak(today)
        return Facts(
            first_visit=new_session and not self.disclaimer_heard,
            days_this_week=days,
            stretches_this_week=stretches,
            streak_days=streak,
            today=today,
            minute=now.hour * 60 + now.minute,
            reminder_offer_open=self.reminder_offer is None,
            finished_sessions=self.finished_sessions,
            session_counted=bool(session_id) and session_id == self.counted_session,
            history_known=history_known,
        )

    def _streak(self, today: date) -> int:
        day = today if self.history.get(today.isoformat()) else today - timedelta(days=1)
        streak = 0
        while self.history.get(day.isoformat()):
            streak += 1
            day -= timedelta(days=1)
        return streak

    def after_turn(self, state: State, reply: Reply, notes: TurnNotes) -> "UserRecord":
        history = dict(self.history)
        today = notes.today
        sessions, counted = self.finished_sessions, self.counted_session
        if reply.completed:
            key = today.isoformat()
            history[key] = (history.get(key, ()) + reply.completed)[-MAX_PER_DAY:]
            if notes.session_id != counted or not counted:  # once per session
                sessions, counted = min(sessions + 1, MAX_SESSIONS), notes.session_id
        oldest = (today - timedelta(days=HISTORY_DAYS)).isoformat()
        history = {day: ids for day, ids in sorted(history.items()) if day >= oldest}
        zones = dict(self.zones)
        if notes.zone is not None:
            device, zone = notes.zone
            zones.pop(device, None)
            zones[device] = zone  # newest last
            zones = dict(list(zones.items())[-MAX_DEVICES:])
        return self._replace(
            state=state,
            history=history,
            disclaimer_heard=self.disclaimer_heard or notes.heard,
            reminder_offer=_offer_after(self.reminder_offer, reply.offer),
            finished_sessions=sessions,
            counted_session=counted,
            zones=zones,
        )


def _offer_after(kept: OfferStep | None, step: OfferStep | None) -> OfferStep | None:
    """A declined offer stays declined; any other step replaces what was kept."""
    if kept is OfferStep.DECLINED or step is None:
        return kept
    return step


_AS_TEXT = json.JSONEncoder(separators=(",", ":"))  # built once, not on every save


def dump(record: UserRecord) -> str:
    return _AS_TEXT.encode(
        {
            "v": RECORD_VERSION,
            "state": encode(record.state),
            "history": {day: list(ids) for day, ids in record.history.items()},
            "disclaimer_heard": record.disclaimer_heard,
            "lineage": record.lineage,
            "reminder_offer": record.reminder_offer.value if record.reminder_offer else None,
            "finished_sessions": record.finished_sessions,
            "counted_session": record.counted_session,
            "zones": {device: [z.name, z.fetched] for device, z in record.zones.items()},
        }
    )


def parse(text: str, content: Content, carried: State | None = None) -> UserRecord:
    """The record ``text`` holds; RecordError for anything else, however it fails.

    With ``carried``, the state a session carries, the stored state is not read back, only
    checked to be of a version this code reads: the turn replaces it with its own anyway.
    """
    if not isinstance(text, str) or len(text) > MAX_RECORD_CHARS:
        raise RecordError(f"record: expected JSON text of at most {MAX_RECORD_CHARS} characters")
    try:
        raw: Any = json.loads(text)
    except (TypeError, ValueError, RecursionError):
        raise RecordError("record: expected JSON") from None
    if not isinstance(raw, dict) or raw.get("v") != RECORD_VERSION:
        raise RecordError(f"record.v: expected {RECORD_VERSION}")
    if not _REQUIRED <= set(raw) <= _REQUIRED | _OPTIONAL:
        raise RecordError(f"record: expected {sorted(_REQUIRED)}, and maybe {sorted(_OPTIONAL)}")
    lineage = raw.get("lineage", "")
    if not isinstance(lineage, str) or len(lineage) > 64:
        raise RecordError("record.lineage: expected a short text")
    try:
        if carried is None:
            state = decode(raw["state"], content)
        else:
            check_version(raw["state"])
            state = carried
    except StateError as error:
        raise RecordError(f"record.state: {error}") from None
    if not isinstance(raw["disclaimer_heard"], bool):
        raise RecordError("record.disclaimer_heard: expected true or false")
    history = _history(raw["history"], content)
    try:
        offer = raw.get("reminder_offer") and OfferStep(raw["reminder_offer"])
    except (TypeError, ValueError):
        raise RecordError("record.reminder_offer: expected null or an offer step") from None
    sessions = raw.get("finished_sessions", 0)
    if (
        not isinstance(sessions, int)
        or isinstance(sessions, bool)
        or not 0 <= sessions <= MAX_SESSIONS
    ):
        raise RecordError(f"record.finished_sessions: expected 0–{MAX_SESSIONS}")
    counted = raw.get("counted_session", "")
    if not isinstance(counted, str) or len(counted) > MAX_ID_CHARS:
        raise RecordError("record.counted_session: expected a session id")
    zones = _zones(raw.get("zones", {}))
    return UserRecord(
        state, history, raw["disclaimer_heard"], lineage, offer or None, sessions, counted, zones
    )


def _zones(raw: Any) -> dict[str, Zone]:
    if not isinstance(raw, dict) or len(raw) > MAX_DEVICES:
        raise RecordError(f"record.zones: expected an object of at most {MAX_DEVICES} devices")
    zones = {}
    for device, entry in raw.items():
        ok = isinstance(entry, list) and len(entry) == 2
        if not (ok and all(isinstance(x, str) and len(x) <= 64 for x in entry)):
            raise RecordError("record.zones: expected [zone name, fetched at] per device")
        if len(device) > MAX_ID_CHARS:
            raise RecordError("record.zones: expected device ids as keys")
        zones[device] = Zone(*entry)
    return zones


def _history(raw: Any, content: Content) -> dict[str, tuple[str, ...]]:
    if not isinstance(raw, dict) or len(raw) > HISTORY_DAYS + 1:
        raise RecordError("record.history: expected an object of days")
    history = {}
    for day, ids in raw.items():
        try:
            date.fromisoformat(day)
        except (TypeError, ValueError):
            raise RecordError("record.history: expected ISO dates as keys") from None
        if (
            not isinstance(ids, list)
            or len(ids) > MAX_PER_DAY
            or not all(isinstance(i, str) and content.has_stretch(i) for i in ids)
        ):
            raise RecordError("record.history: expected a list of stretch ids per day")
        history[day] = tuple(ids)
    return history
