"""Answers that keep the user's place: welcome, help, lists, benefits and safety topics.

The base of the dialogue's turn: every answer ends with the question that fits the phase.
"""

from __future__ import annotations

from dataclasses import replace

from skill.acts import Act, Event, Reply, Say
from skill.content import Content
from skill.state import Phase, State

Turn = tuple[State, Reply]


class Answers:
    def __init__(self, state: State, content: Content) -> None:
        self.s = state
        self.c = content

    def topic(self, event: Event) -> Turn:
        try:
            topic = self.c.topic(event.arg)
        except KeyError:
            return self.answer("", (Say(self.c.prompt("fallback")),))
        return self.answer(f"topic:{topic.id}", (Say(topic.answer),))

    def benefits(self, page: int) -> Turn:
        b = self.c.benefits
        acts: list[Act] = [Say(b.intro)] if page == 0 else []
        spoken = self.c.spoken_list(b.page(page))
        acts.append(Say(spoken[:1].upper() + spoken[1:] + "."))
        following = page + 1 if page + 1 < b.pages else 0
        if not following:
            acts.append(Say(b.done))
        self.s = replace(self.s, benefits_next=0)
        turn_state, reply = self.answer(f"benefits:{page}", tuple(acts))
        if following:
            turn_state = replace(turn_state, benefits_next=following)
            reply = Reply(reply.acts, b.more, b.more)
        return turn_state, reply

    def answer(self, key: str, acts: tuple[Act, ...]) -> Turn:
        """Say ``acts`` and ask what fits the current phase; the position is kept.

        An open caution question is withdrawn, so the caution is spoken again before any step.
        """
        s = replace(self.s, answer=key or self.s.answer, benefits_next=0)
        if s.phase is Phase.CAUTION:
            s = replace(s, phase=Phase.READY, confirmed=False)
        self.s = s
        ask, reprompt = self._context_ask()
        return s, Reply(acts, ask, reprompt)

    def _context_ask(self) -> tuple[str, str]:
        s, p = self.s, self.c.prompt
        name = self.c.stretch(s.item.stretch).name if s.item else ""
        if s.phase is Phase.READY and name:
            if s.at.segment == 0 and s.at.step == 0:
                return p("start_ask", name=name), p("carry_on_reprompt", name=name)
            return p("carry_on_ask", name=name), p("carry_on_reprompt", name=name)
        if s.phase is Phase.CAUTION and name:
            return p("caution_ask"), p("caution_reprompt", name=name)
        if s.phase is Phase.ADVANCED_OFFER and s.item:
            return self.c.stretch(s.item.stretch).advanced.offer, p("advanced_reprompt")
        if s.phase is Phase.PAUSED and name:
            return p("paused_ask", name=name), p("paused_reprompt", name=name)
        return p("menu_ask"), p("menu_reprompt")

    def _list(self) -> str:
        names = [s.name for s in self.c.stretches]
        return self.c.prompt("list", names=self.c.spoken_list(names))

    def _name(self, stretch_id: str, advanced: bool) -> str:
        stretch = self.c.stretch(stretch_id)
        return stretch.advanced.name if advanced and stretch.advanced else stretch.name
