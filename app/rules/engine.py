"""One entry point: `judge(subject, code, year, book)` → Verdict, for a person or a unit.

    book = RuleBook(parameter_rows, short_names, title_codes)
    verdict = judge(person_history, "CSTD_TINH", 2024, book, granting=frozenset({("CSTDCS", 2024)}))

`granting` holds the (code, year) pairs the same review is granting this subject; they count in
chains, marked " (đang xét cùng đợt)". For a unit, `members_granting` does the same for its members.
`on` judges under the rules in force that day instead of the year-end review's; `judge_dossier` judges a
nomination under the rules of the day its dossier was received, or today's when they favour the nominee.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator, Mapping, Sequence
from itertools import compress
from operator import attrgetter

from app.rules import persons, units
from app.rules.columns import BULK, KEYS, Columns, Judging, all_read, columns_of, held_ids
from app.rules.columns import held_of as columns_held_of
from app.rules.conditions import Check, Verdict, held_award
from app.rules.history import PersonHistory, UnitHistory
from app.rules.parameters import RuleBook

PERSON_CODES = tuple(persons.RULES)
UNIT_CODES = tuple(units.RULES)
ALL_CODES = tuple(dict.fromkeys(PERSON_CODES + UNIT_CODES))


class UnknownTitle(ValueError):
    """A code the engine has no rule for, for this kind of subject."""

    def __init__(self, code: str, collective: bool):
        kind = "tập thể" if collective else "cá nhân"
        super().__init__(f"Không có quy tắc xét “{code}” cho {kind}.")


def judge(
    subject: PersonHistory | UnitHistory,
    code: str,
    year: int,
    book: RuleBook,
    granting: frozenset = frozenset(),
    members_granting: Mapping[int, frozenset] | None = None,
    on: dt.date | None = None,
) -> Verdict:
    collective = isinstance(subject, UnitHistory)
    rule = (units.RULES if collective else persons.RULES).get(code)
    if rule is None:
        raise UnknownTitle(code, collective)
    rules = book.year(year, on)
    shape = None if collective else persons.SHAPES.get(code)
    key = (code, shape(subject, year, granting, rules)) if shape is not None else None
    shared = key is not None and key[1] is not None
    if shared:
        found = rules.verdicts.get(key)
        if found is None:
            found = _share(rules, key, rule, subject)
    else:
        found = _run(rule, Check(code, rules, granting, members_granting), subject)
    # No award twice (Luật Đ5.2c [V]): the award already held for the year, or ever for a once-only one.
    once = code in book.once
    held = held_award(subject.ix, code, year, code in rules.titles, once)
    return (
        found if held is None else _as_held(rules, code, once, found, held, key if shared else None, subject)
    )


def judge_each(
    people: Iterable[PersonHistory],
    code: str,
    year: int,
    book: RuleBook,
    granting_of: Mapping[int, frozenset] | None = None,
    shaped_before: dict | None = None,
    ids: Sequence[int] | None = None,
) -> Iterator[Verdict]:
    """`judge(h, code, year, book, granting_of[h.id])` for each person, in order: the work that is the same
    for everyone (the rule, the year's rules, whether the code is a title or once-only) done once, and the
    many people whose record has the same shape answered from the year's shared verdicts. People read with
    the whole province (their `columns`, app.rules.columns) are keyed from the columns, all at once; others
    one by one. Several codes judged over the same year and grants may pass one `shaped_before` (a dict):
    a shape two codes share (LĐTT and Giấy khen, a title and its ministry's version) is worked out once
    per person. `ids` may pass the people's ids when the caller has them (a hundred thousand people then
    need not be fetched from memory for them)."""
    rule = persons.RULES.get(code)
    if rule is None:
        raise UnknownTitle(code, False)
    rules = book.year(year)
    shape, verdicts = persons.SHAPES.get(code), rules.verdicts
    once, is_title = code in book.once, code in rules.titles
    granting_of = granting_of or {}
    nothing = frozenset()

    def alone(h: PersonHistory, granting: frozenset, shaped=nothing) -> Verdict:
        if shaped is nothing:
            shaped = shape(h, year, granting, rules) if shape is not None else None
        if shaped is None:  # read on its own
            found, key = _run(rule, Check(code, rules, granting), h), None
        else:
            key = (code, shaped)
            found = verdicts.get(key)
            if found is None:
                found = _share(rules, key, rule, h)
        held = held_award(h.ix, code, year, is_title, once)
        return found if held is None else _as_held(rules, code, once, found, held, key, h)

    if not isinstance(people, (list, tuple)):
        people = list(people)
    cols = columns_of(people) if code in KEYS else None
    if cols is not None:
        job = Judging(code, year, rules, rule, once, is_title, alone)
        yield from _judge_columns(people, job, cols, granting_of, ids)
        return
    seen = shaped_before.setdefault(shape, {}) if shaped_before is not None and shape is not None else None
    for h in people:
        granting = granting_of.get(h.id, nothing)
        if seen is None:
            yield alone(h, granting)
            continue
        shaped = seen.get(id(h), seen)  # the dict itself: not worked out yet
        if shaped is seen:
            shaped = seen[id(h)] = shape(h, year, granting, rules)
        yield alone(h, granting, shaped)


def _judge_columns(
    people: Sequence[PersonHistory],
    job: Judging,
    cols: Columns,
    granting_of: Mapping[int, frozenset],
    ids: Sequence[int] | None = None,
) -> list[Verdict]:
    """The verdicts of `people`, in order, keyed from the columns (app.rules.columns); the people the
    columns do not describe (`odd`) judged by `job.alone`."""
    keys, odd = KEYS[job.code](cols, job)
    bulk = BULK.get(job.code)
    if bulk is not None:
        ids = list(map(_id, people)) if ids is None or len(ids) != len(people) else list(ids)
        if all_read(cols, people, ids):
            return _judge_bulk(people, ids, job, cols, granting_of, bulk, odd)
    if granting_of:
        odd = odd | {pid for pid, granted in granting_of.items() if granted}
    if job.once:  # held in any year: read on their own
        odd = odd | cols.holders(job.code)
    code, rules, rule, alone, verdicts = job.code, job.rules, job.rule, job.alone, job.rules.verdicts
    held_of = columns_held_of(cols, job)
    out: list[Verdict] = []
    append = out.append
    nothing: frozenset = frozenset()
    by_key: dict[int, Verdict] = {}  # id(key) → verdict: everyone alike has the same key object
    held_verdicts: dict[int, dict[int, Verdict]] = {}  # id(verdict) → id(held award) → the held verdict
    for h in people:
        pid = h.id
        if pid in odd or h.columns is not cols:
            append(alone(h, granting_of.get(pid, nothing)))
            continue
        key = keys(h)
        found = by_key.get(id(key))
        if found is None:
            found = verdicts.get(key)
            if found is None:
                found = _share(rules, key, rule, h)
            by_key[id(key)] = found
        held = held_of(pid)
        if held is None:
            append(found)
            continue
        alike = held_verdicts.get(id(found))
        if alike is None:
            alike = held_verdicts[id(found)] = {}
        verdict = alike.get(id(held))
        if verdict is None:
            verdict = alike[id(held)] = _as_held(rules, code, False, found, held, key, h)
        append(verdict)
    return out


def _judge_bulk(
    people: Sequence[PersonHistory],
    ids: list[int],
    job: Judging,
    cols: Columns,
    granting_of: Mapping[int, frozenset],
    bulk,
    odd,
) -> list[Verdict]:
    """`_judge_columns` for everyone at once: the key's parts and the award held worked out by the
    interpreter's own loops over the people, each distinct (parts, award) judged once on the first person
    having it, the odd ones judged alone."""
    code, rules, rule = job.code, job.rules, job.rule
    if granting_of:
        odd = odd | {pid for pid, granted in granting_of.items() if granted}
    if job.once:
        odd = odd | cols.holders(code)
    held_of = columns_held_of(cols, job)
    whole = bulk(cols, job, ids, held_ids(cols, job, ids, held_of))
    apart = list(compress(range(len(ids)), map(odd.__contains__, ids)))
    for i in apart:
        whole[i] = None
    first = dict(zip(reversed(whole), range(len(whole) - 1, -1, -1), strict=True))  # the first person of each
    first.pop(None, None)
    verdicts, table = rules.verdicts, {}
    for found_key, i in first.items():
        h, key = people[i], (code, *found_key[:3])
        found = verdicts.get(key)
        if found is None:
            found = _share(rules, key, rule, h)
        held = held_of(ids[i])
        table[found_key] = found if held is None else _as_held(rules, code, False, found, held, key, h)
    out = list(map(table.get, whole))
    nothing: frozenset = frozenset()
    for i in apart:
        out[i] = job.alone(people[i], granting_of.get(ids[i], nothing))
    return out


_id = attrgetter("id")


def _as_held(rules, code: str, once: bool, found: Verdict, held, key: tuple | None, subject) -> Verdict:
    """`found` for a subject holding `held` already (no award twice, Luật Đ5.2c [V]): not eligible, the
    award named. One decision grants a title to thousands alike: the held form of a shared verdict (`key`)
    is made once per award record (shared by its holders; the subject kept keeps it)."""
    if key is None:
        return found._replace(eligible=False, held=held.held_text(rules.name(code), once))
    held_key = (key, id(held))
    verdict = rules.verdicts.get(held_key)
    if verdict is None:
        verdict = rules.verdicts[held_key] = found._replace(
            eligible=False, held=held.held_text(rules.name(code), once)
        )
        rules.kept.append(subject)
    return verdict


def judge_dossier(
    subject: PersonHistory | UnitHistory,
    code: str,
    year: int,
    book: RuleBook,
    received: dt.date,
    today: dt.date,
    granting: frozenset = frozenset(),
    members_granting: Mapping[int, frozenset] | None = None,
) -> Verdict:
    """A nomination's verdict under the rule set in force when its dossier was received; under the one in force
    `today` instead when that one makes the nominee eligible and the first does not (Luật 06/2026/QH16: a
    dossier received before 01/10/2026 is handled under Luật 06/2022/QH15 unless the amended rule favours
    the subject [P]). The verdict's `law` names the rule set that judged it."""
    first = judge(subject, code, year, book, granting, members_granting, received)
    if first.eligible or today <= received or book.year(year, today) is book.year(year, received):
        return first
    later = judge(subject, code, year, book, granting, members_granting, today)
    if not later.eligible:
        return first
    if later.law == first.law:
        return later
    return later._replace(law=f"{later.law} (có lợi hơn {first.law} áp dụng khi nhận hồ sơ)")


def _share(rules, key: tuple, rule, subject: PersonHistory) -> Verdict:
    """The verdict of everyone whose record has the shape `key`, judged on the first of them. The shapes name
    records by identity (app.rules.persons): keeping that subject keeps those records, so no other record
    can take their place in memory while the verdict is held."""
    found = rules.verdicts[key] = _run(rule, Check(key[0], rules), subject)
    rules.kept.append(subject)
    return found


def _run(rule, check: Check, subject) -> Verdict:
    if isinstance(subject, UnitHistory) and subject.continues:
        check.met.append(subject.continues)
    rule(check, subject)
    return check.verdict()
