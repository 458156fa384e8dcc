"""Answers about the user: the resume offer, preferences, history and deleting their data."""

from __future__ import annotations

from dataclasses import replace

from skill.acts import Event, Facts, Reply, Say
from skill.dialogue_answers import Answers, Turn
from skill.plan import segments
from skill.state import Pace, Phase, State


class ProfileAnswers(Answers):
    facts: Facts

    def fresh(self) -> State:
        """A new state that keeps the user's preferences."""
        return State(prefs=self.s.prefs)

    def welcome(self) -> Turn:
        s, p = self.s, self.c.prompt
        if s.phase is Phase.PAUSED and s.in_plan:
            item = s.item
            name = self._name(item.stretch, item.advanced)
            segs = segments(self.c, item)
            side = segs[s.at.segment].side if s.at.segment < len(segs) else ""
            if len(s.plan) > 1:
                offer = p("resume_offer_routine", name=name)
            elif side and (s.at.segment, s.at.step) != (0, 0):
                offer = p("resume_offer_side", name=name, side=side)
            else:
                offer = p("resume_offer", name=name)
            self.s = replace(s, confirmed=False, answer="", benefits_next=0)
            return self.s, Reply(
                (Say(offer),), p("paused_ask", name=name), p("paused_reprompt", name=name)
            )
        self.s = self.fresh()
        return self.answer("welcome", (Say(p("welcome")),))

    def set_pace(self, event: Event) -> Turn:
        try:
            pace = Pace(event.arg)
        except ValueError:
            return self.answer("", (Say(self.c.prompt("pace_unknown")),))
        self.s = replace(self.s, prefs=replace(self.s.prefs, pace=pace))
        return self.answer("", (Say(self.c.prompt(f"pace_{pace.value}")),))

    def set_hold(self, event: Event) -> Turn:
        ranged = [
            (stretch, step)
            for stretch in self.c.stretches
            for step in stretch.steps
            if step.hold_max_seconds
        ]
        if not ranged:
            return self.answer("", (Say(self.c.prompt("fallback")),))
        stretch, step = ranged[0]
        low, high = step.hold_seconds, step.hold_max_seconds
        seconds = int(event.arg) if event.arg.isdigit() else -1
        if not low <= seconds <= high:
            text = self.c.prompt("hold_range", name=stretch.name, low=str(low), high=str(high))
            return self.answer("", (Say(text),))
        self.s = replace(self.s, prefs=replace(self.s.prefs, ranged_hold=seconds))
        text = self.c.prompt("hold_set", name=stretch.name, seconds=str(seconds))
        return self.answer("", (Say(text),))

    def history(self) -> Turn:
        f, p = self.facts, self.c.prompt
        if not f.stretches_this_week:
            return self.answer("", (Say(p("history_none")),))
        days = self._count("days", f.days_this_week)
        count = self._count("stretches", f.stretches_this_week)
        acts = [Say(p("history_week", days=days, count=count))]
        if f.streak_days > 1:
            acts.append(Say(p("history_streak", days=self._count("days", f.streak_days))))
        return self.answer("", tuple(acts))

    def _count(self, noun: str, n: int) -> str:
        return self.c.prompt(f"{noun}_one") if n == 1 else self.c.prompt(f"{noun}_many", n=str(n))

    def delete_data(self) -> Turn:
        self.s = replace(self.s, phase=Phase.CONFIRM_DELETE, confirmed=False, benefits_next=0)
        ask = self.c.prompt("delete_confirm")
        return self.s, Reply((), ask, ask)

    def confirmed_delete(self) -> Turn:
        return State(), Reply((Say(self.c.prompt("delete_done")),), forget_user=True)

    def cancel_delete(self) -> None:
        """Leave the delete question: back to the paused stretch, or the menu."""
        s = self.s
        phase = Phase.PAUSED if s.in_plan else Phase.MENU
        self.s = replace(s, phase=phase, confirmed=False)
