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

from skill.acts import Act, Caution, Event, Hold, Kind, Reply, Say, Step
from skill.content import Content
from skill.dialogue_answers import Answers, Turn
from skill.plan import chunk, chunk_starts, segments
from skill.state import Phase, PlanItem, Position, State


def advance(state: State, event: Event, content: Content) -> Turn:
    """Answer one user event."""
    return _Turn(state, content).handle(event)


class _Turn(Answers):
    # -- dispatch -----------------------------------------------------------------------

    def handle(self, event: Event) -> Turn:
        s = self.s
        if event.kind is Kind.PAIN:
            return State(), Reply((Say(self.c.prompt("pain")),))
        if event.kind is Kind.STOP:
            return self._stopped(), Reply((Say(self.c.prompt("goodbye")),))
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
        }

    # -- starting --------------------------------------------------------------------------

    def start(self, event: Event) -> Turn:
        resolved = self.c.slot_id(event.arg)
        if resolved is None:
            self.s = replace(self.s, confirmed=False)  # the user meant to leave this stretch
            acts = (Say(self.c.prompt("unknown_stretch")), Say(self._list()))
            return self.answer("list", acts)
        stretch_id, advanced = resolved
        self.s = State(phase=Phase.READY, plan=(PlanItem(stretch_id, advanced),))
        name = self._name(stretch_id, advanced)
        return self.begin((Say(self.c.prompt("start_stretch", name=name)),))

    def routine(self) -> Turn:
        plan = tuple(PlanItem(stretch_id) for stretch_id in self.c.routine)
        self.s = State(phase=Phase.READY, plan=plan)
        first = self.c.stretch(plan[0].stretch).name
        return self.begin((Say(self.c.prompt("start_routine", name=first)),))

    def begin(self, lead: tuple[Act, ...] = ()) -> Turn:
        """Deliver from ``at``: the caution first where it is due, else the next chunk."""
        s = self.s
        stretch = self.c.stretch(s.item.stretch)
        acts = list(lead)
        at_start = s.at.segment == 0 and s.at.step == 0
        if at_start and stretch.intro:
            acts.append(Say(stretch.intro))
        if stretch.has_caution and not s.confirmed:
            acts.append(Caution(stretch.id, stretch.caution))
            self.s = replace(s, phase=Phase.CAUTION, answer="", last=None)
            ask, reprompt = self._context_ask()
            return self.s, Reply(tuple(acts), ask, reprompt)
        return self.deliver(tuple(acts))

    def deliver(self, lead: tuple[Act, ...] = ()) -> Turn:
        """Speak the chunk of steps at ``at``; the caution, where due, was confirmed."""
        s = self.s
        item = s.item
        stretch = self.c.stretch(item.stretch)
        if stretch.has_caution and not s.confirmed:
            return self.begin(lead)
        segs = segments(self.c, item)
        taken, seg, step = chunk(segs, s.at.segment, s.at.step)
        acts = list(lead)
        for seg_index, step_index in taken:
            segment = segs[seg_index]
            if step_index == 0:
                acts.extend(self._segment_lead(stretch.id, seg_index, segment))
            source = segment.steps[step_index]
            acts.append(Step(stretch.id, segment.fill(source.say, source.hold_seconds)))
            if source.hold_seconds:
                acts.append(Hold(source.hold_seconds))
            if source.after:
                acts.append(Step(stretch.id, segment.fill(source.after)))
        self.s = replace(s, at=Position(s.at.item, seg, step), last=s.at, answer="")
        if seg < len(segs):
            self.s = replace(self.s, phase=Phase.READY)
            p = self.c.prompt
            if step == 0 and segs[seg].side:
                acts.append(Say(p("side_up_next", side=segs[seg].side)))
            return self.s, Reply(tuple(acts), p("next_ask"), p("next_reprompt"))
        return self.finish_item(acts)

    def _segment_lead(self, stretch_id: str, index: int, segment) -> list[Act]:
        if segment.advanced:
            return [Step(stretch_id, self.c.stretch(stretch_id).advanced.intro)]
        if segment.side:
            key = "side_first" if index == 0 else "side_next"
            return [Say(self.c.prompt(key, side=segment.side))]
        return []

    def finish_item(self, acts: list[Act], done: bool = True) -> Turn:
        s, p = self.s, self.c.prompt
        item = s.item
        stretch = self.c.stretch(item.stretch)
        if done:
            acts.append(Say(p("stretch_done", name=self._name(item.stretch, item.advanced))))
        if done and len(s.plan) == 1 and stretch.advanced and not item.advanced:
            self.s = replace(s, phase=Phase.ADVANCED_OFFER)
            return self.s, Reply(tuple(acts), stretch.advanced.offer, p("advanced_reprompt"))
        following = s.at.item + 1
        if following < len(s.plan):
            self.s = self._moved(Position(following), Phase.READY)
            name = self.c.stretch(s.plan[following].stretch).name
            acts.append(Say(p("up_next", name=name)))
            return self.s, Reply(tuple(acts), p("next_ask"), p("next_reprompt"))
        if len(s.plan) > 1:
            acts.append(Say(p("routine_done")))
        self.s = self._moved(Position(len(s.plan)), Phase.MENU)
        return self.s, Reply(tuple(acts), p("another_ask"), p("another_reprompt"))

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
                self.s = State()
                return self.answer("", tuple(acts))
            return self.finish_item(acts, done=False)
        if s.phase is Phase.ADVANCED_OFFER:
            self.s = self._moved(Position(len(s.plan)), Phase.MENU)
            return self.s, Reply((), p("another_ask"), p("another_reprompt"))
        if s.phase is Phase.MENU:
            return self.s, Reply((Say(p("goodbye")),))
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
            for start in chunk_starts(self.c, index, item)
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

    def _moved(self, to: Position, phase: Phase) -> State:
        """The state at a new position; leaving a plan item withdraws its confirmation."""
        s = self.s
        confirmed = s.confirmed and to.item == s.at.item
        return replace(s, at=to, phase=phase, confirmed=confirmed, benefits_next=0)

    def _stopped(self) -> State:
        s = self.s
        if s.phase is Phase.ADVANCED_OFFER:
            return replace(s, phase=Phase.MENU, confirmed=False, benefits_next=0)
        if s.in_plan and s.phase is not Phase.MENU:
            return replace(s, phase=Phase.PAUSED, confirmed=False, benefits_next=0, answer="")
        return replace(s, benefits_next=0)
