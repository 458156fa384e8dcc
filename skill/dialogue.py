"""The conversation: ``advance(state, event, content)`` gives the next state and the reply.

Pure: no Alexa SDK, no I/O. Two rules hold on every path:

* Caution first. A stretch with a caution speaks it, and waits for "yes", before its first
  step. ``State.confirmed`` is cleared whenever the position enters another plan item, on
  pause, stop, start over and on any digression while the caution question is open.
* Stop on pain. A pain event ends the exercise at once, in any state, with the advice.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from skill.acts import Act, Event, Facts, Kind, Reply, Say
from skill.content import Content
from skill.dialogue_answers import Turn
from skill.dialogue_delivery import Delivery
from skill.plan import chunk_starts, segments
from skill.state import Phase, PlanItem, Position, State

NO_FACTS = Facts()


def advance(state: State, event: Event, content: Content, facts: Facts = NO_FACTS) -> Turn:
    """Answer one user event; ``facts`` tell what the store knows about the user."""
    turn = _Turn(state, content)
    turn.facts = facts
    state, reply = turn.handle(event)
    if turn.completed:
        reply = replace(reply, completed=tuple(turn.completed))
    if facts.first_visit and event.kind is not Kind.PAIN:
        reply = reply.prefixed(Say(content.prompt("disclaimer")))
    return state, reply


class _Turn(Delivery):
    completed: list[str]

    # -- dispatch -----------------------------------------------------------------------

    def handle(self, event: Event) -> Turn:
        self.completed = []
        s = self.s
        if event.kind is Kind.PAIN:
            return self.fresh(), Reply((Say(self.c.prompt("pain")),))
        if event.kind is Kind.STOP:
            return self._stopped(), Reply((Say(self.c.prompt("goodbye")),))
        if s.phase is Phase.CONFIRM_DELETE:
            if event.kind is Kind.YES:
                return self.confirmed_delete()
            self.cancel_delete()
            if event.kind is Kind.NO:
                return self.answer("", (Say(self.c.prompt("delete_kept")),))
            s = self.s
        if s.benefits_next and event.kind in (Kind.MORE, Kind.YES):
            return self.benefits(s.benefits_next)
        self.s = replace(s, benefits_next=0)
        if s.benefits_next and event.kind is Kind.NO:
            return self.answer("", ())
        handler = self._table().get(event.kind)
        return handler(event) if handler else self.answer("", (Say(self.c.prompt("fallback")),))

    def _table(self) -> dict[Kind, Callable[[Event], Turn]]:
        return {
            Kind.LAUNCH: lambda e: self.welcome(),
            Kind.START: self.start,
            Kind.ROUTINE: lambda e: self.routine(),
            Kind.NEXT: lambda e: self.next(),
            Kind.RESUME: lambda e: self.resume(),
            Kind.YES: lambda e: self.yes(),
            Kind.NO: lambda e: self.no(),
            Kind.PREVIOUS: lambda e: self.previous(),
            Kind.REPEAT: lambda e: self.repeat(),
            Kind.SKIP: lambda e: self.skip(),
            Kind.START_OVER: lambda e: self.start_over(),
            Kind.PAUSE: lambda e: self.pause(),
            Kind.HELP: lambda e: self.answer("help", (Say(self.c.prompt("help")),)),
            Kind.LIST: lambda e: self.answer("list", (Say(self._list()),)),
            Kind.BENEFITS: lambda e: self.benefits(0),
            Kind.MORE: lambda e: self.answer("", (Say(self.c.prompt("nothing_more")),)),
            Kind.TOPIC: self.topic,
            Kind.FALLBACK: lambda e: self.answer("", (Say(self.c.prompt("fallback")),)),
            Kind.SET_PACE: self.set_pace,
            Kind.SET_HOLD: self.set_hold,
            Kind.HISTORY: lambda e: self.history(),
            Kind.DELETE_DATA: lambda e: self.delete_data(),
        }

    # -- starting --------------------------------------------------------------------------

    def start(self, event: Event) -> Turn:
        resolved = self.c.slot_id(event.arg)
        if resolved is None:
            self.s = replace(self.s, confirmed=False)  # the user meant to leave this stretch
            acts = (Say(self.c.prompt("unknown_stretch")), Say(self._list()))
            return self.answer("list", acts)
        stretch_id, advanced = resolved
        self.s = replace(self.fresh(), phase=Phase.READY, plan=(PlanItem(stretch_id, advanced),))
        name = self._name(stretch_id, advanced)
        return self.begin((Say(self.c.prompt("start_stretch", name=name)),))

    def routine(self) -> Turn:
        plan = tuple(PlanItem(stretch_id) for stretch_id in self.c.routine)
        self.s = replace(self.fresh(), phase=Phase.READY, plan=plan)
        first = self.c.stretch(plan[0].stretch).name
        return self.begin((Say(self.c.prompt("start_routine", name=first)),))

    # -- moving through a plan ---------------------------------------------------------------

    def next(self) -> Turn:
        phase = self.s.phase
        if phase is Phase.READY and self.s.in_plan:
            at = self.s.at
            if at.segment == 0 and at.step == 0:
                item = self.s.item
                name = self._name(item.stretch, item.advanced)
                return self.begin((Say(self.c.prompt("start_stretch", name=name)),))
            return self.begin()
        if phase is Phase.CAUTION:
            name = self.c.stretch(self.s.item.stretch).name
            prompt = self.c.prompt("caution_reprompt", name=name)
            return self.s, Reply((), prompt, prompt)
        if phase is Phase.ADVANCED_OFFER:
            return self.no()
        if phase is Phase.PAUSED:
            return self.resume()
        return self.answer("list", (Say(self._list()),))

    def resume(self) -> Turn:
        s = self.s
        if s.phase is Phase.PAUSED and s.in_plan:
            self.s = replace(s, phase=Phase.READY, confirmed=False)
            name = self.c.stretch(s.item.stretch).name
            return self.begin((Say(self.c.prompt("resuming", name=name)),))
        if s.phase is Phase.READY and s.in_plan:
            return self.begin()
        return self.answer("", (Say(self.c.prompt("nothing_paused")),))

    def yes(self) -> Turn:
        s = self.s
        if s.phase is Phase.CAUTION:
            self.s = replace(s, confirmed=True, phase=Phase.READY)
            return self.deliver()
        if s.phase is Phase.ADVANCED_OFFER:
            item = replace(s.item, advanced=True)
            plan = (*s.plan[: s.at.item], item, *s.plan[s.at.item + 1 :])
            self.s = replace(s, plan=plan, at=Position(s.at.item, len(segments(self.c, item)) - 1))
            return self.deliver()
        if s.phase in (Phase.READY, Phase.PAUSED):
            return self.resume()
        return self.answer("list", (Say(self._list()),))

    def no(self) -> Turn:
        s, p = self.s, self.c.prompt
        if s.phase is Phase.CAUTION:
            name = self.c.stretch(s.item.stretch).name
            acts = [Say(p("caution_declined", name=name))]
            if len(s.plan) == 1:
                self.s = self.fresh()
                return self.answer("", tuple(acts))
            return self.finish_item(acts, done=False)
        if s.phase is Phase.ADVANCED_OFFER:
            self.s = self._moved(Position(len(s.plan)), Phase.MENU)
            return self.s, Reply((), p("another_ask"), p("another_reprompt"))
        if s.phase is Phase.MENU:
            return self.s, Reply((Say(p("goodbye")),))
        if s.phase is Phase.PAUSED:
            self.s = self.fresh()
            return self.answer("", (Say(p("resume_declined")),))
        return self.answer("", ())

    def skip(self) -> Turn:
        s = self.s
        if not s.in_plan or s.phase in (Phase.MENU, Phase.ADVANCED_OFFER):
            return self.answer("", (Say(self.c.prompt("nothing_to_skip")),))
        name = self.c.stretch(s.item.stretch).name
        return self.finish_item([Say(self.c.prompt("skipping", name=name))], done=False)

    def start_over(self) -> Turn:
        s = self.s
        if not s.plan:
            return self.answer("list", (Say(self._list()),))
        item = min(s.at.item, len(s.plan) - 1)
        self.s = replace(s, at=Position(item), phase=Phase.READY, confirmed=False)
        name = self.c.stretch(s.plan[item].stretch).name
        return self.begin((Say(self.c.prompt("start_over", name=name)),))

    def previous(self) -> Turn:
        s = self.s
        if not s.plan:
            return self.answer("list", (Say(self._list()),))
        anchor = s.last or Position(min(s.at.item, len(s.plan) - 1))
        starts = [
            start
            for index, item in enumerate(s.plan[: anchor.item + 1])
            for start in chunk_starts(self.c, index, item, self._continuous)
        ]
        earlier = [start for start in starts if start < anchor]
        lead: tuple[Act, ...] = ()
        if not earlier:
            lead = (Say(self.c.prompt("previous_first")),)
        target = earlier[-1] if earlier else starts[0]
        if target.item != anchor.item:
            target = Position(target.item)
        self.s = self._moved(target, Phase.READY)
        return self.begin(lead)

    def repeat(self) -> Turn:
        s = self.s
        if s.answer.startswith("benefits:"):
            return self.benefits(int(s.answer.partition(":")[2]))
        if s.answer.startswith("topic:"):
            return self.topic(Event(Kind.TOPIC, s.answer.partition(":")[2]))
        if s.answer == "help":
            return self.answer("help", (Say(self.c.prompt("help")),))
        if s.answer == "list":
            return self.answer("list", (Say(self._list()),))
        if s.answer == "welcome":
            return self.answer("welcome", (Say(self.c.prompt("welcome")),))
        if s.phase is Phase.CAUTION or (s.last is None and s.phase is Phase.READY and s.in_plan):
            self.s = replace(s, phase=Phase.READY, confirmed=False)
            return self.begin()
        if s.last is not None and s.last.item < len(s.plan):
            self.s = self._moved(s.last, Phase.READY)
            return self.begin()
        return self.answer("", (Say(self.c.prompt("repeat_nothing")),))

    def pause(self) -> Turn:
        s = self.s
        if not s.in_plan or s.phase in (Phase.MENU, Phase.ADVANCED_OFFER):
            self.s = replace(s, confirmed=False)  # a pause always withdraws the confirmation
            return self.answer("", (Say(self.c.prompt("nothing_paused")),))
        self.s = replace(s, phase=Phase.PAUSED, confirmed=False)
        name = self.c.stretch(s.item.stretch).name
        reprompt = self.c.prompt("paused_reprompt", name=name)
        return self.s, Reply((Say(self.c.prompt("paused", name=name)),), reprompt, reprompt)

    # -- helpers -----------------------------------------------------------------------------

    def _stopped(self) -> State:
        s = self.s
        if s.phase is Phase.ADVANCED_OFFER:
            return replace(s, phase=Phase.MENU, confirmed=False, benefits_next=0)
        if s.in_plan and s.phase is not Phase.MENU:
            return replace(s, phase=Phase.PAUSED, confirmed=False, benefits_next=0, answer="")
        return replace(s, benefits_next=0)
