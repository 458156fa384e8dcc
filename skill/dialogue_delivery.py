"""Speaking a stretch: its caution where due, then its steps a chunk at a time, paced as the
user prefers, and what comes after it."""

from __future__ import annotations

from dataclasses import replace

from skill.acts import Act, Caution, Hold, Reply, Say, Step
from skill.content import Step as ContentStep
from skill.dialogue_answers import Turn
from skill.dialogue_profile import ProfileAnswers
from skill.plan import Segment, chunk, segments
from skill.state import Pace, Phase, Position, State


class Delivery(ProfileAnswers):
    completed: list[str]

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
        taken, seg, step = chunk(segs, s.at.segment, s.at.step, self._continuous)
        acts = list(lead)
        for seg_index, step_index in taken:
            segment = segs[seg_index]
            if step_index == 0:
                acts.extend(self._segment_lead(stretch.id, seg_index, segment))
            source = segment.steps[step_index]
            hold = self._hold_seconds(source)
            acts.append(Step(stretch.id, segment.fill(source.say, hold)))
            if hold:
                acts.append(Hold(hold))
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

    @property
    def _continuous(self) -> bool:
        return self.s.prefs.pace is Pace.CONTINUOUS

    def _hold_seconds(self, step: ContentStep) -> int:
        """The step's hold, or the user's choice where the source gives a range."""
        wanted = self.s.prefs.ranged_hold
        if step.hold_max_seconds and step.hold_seconds <= wanted <= step.hold_max_seconds:
            return wanted
        return step.hold_seconds

    def _segment_lead(self, stretch_id: str, index: int, segment: Segment) -> list[Act]:
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
            self.completed.append(item.stretch)
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

    def _moved(self, to: Position, phase: Phase) -> State:
        """The state at a new position; leaving a plan item withdraws its confirmation."""
        s = self.s
        confirmed = s.confirmed and to.item == s.at.item
        return replace(s, at=to, phase=phase, confirmed=confirmed, benefits_next=0)
