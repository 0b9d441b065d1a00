"""Next year's report from last year's (上年结转).

Which figures cross the year is not written here but read from the format's relations: every
`equal` relation with `previous:` terms names last year's cells this year's checks need
(they go into `previous`), and one whose right side is *only* last year's figures says what a
cell must start from (`carried_in` = last `carried_out`; 2019 `prev_items` = last
`prev_items` + `change`), so that cell is prefilled and marked as carried.
"""
from __future__ import annotations

from decimal import Decimal

from model.errors import NianbaoError
from model.fields import keep_known_fields, printed_text
from model.formats import Format, Instance, latest_format_id, load_format
from model.numbers import NOT_APPLICABLE, NumberError, Value, check_stored, numeric, to_json
from model.report import Report, year_refusal


class CarryError(NianbaoError):
    """Last year's report cannot be carried forward; str() is the Chinese message."""


def cross_year_instances(fmt: Format) -> list[Instance]:
    """The format's checks that compare this year's figures with last year's."""
    return [i for i in fmt.instances() if i.relation.kind == "equal" and i.relation.uses_previous]


def previous_keys(fmt: Format) -> set[str]:
    """Last year's cells the cross-year checks of `fmt` read (stored in `Report.previous`)."""
    return {key for i in cross_year_instances(fmt) for key, term in i.left + i.right if term.previous}


def _prefilled_by(instance: Instance) -> str | None:
    """The cell an instance fixes from last year's figures alone (`x = previous:…`), if any."""
    key = _checked_cell(instance)
    if key is None or not all(t.previous for _, t in instance.right):
        return None
    return key


def _checked_cell(instance: Instance) -> str | None:
    """The single this-year cell on the left of a cross-year instance (`x = …`), if it has one."""
    if len(instance.left) != 1:
        return None
    key, term = instance.left[0]
    return None if term.previous or term.sign < 0 else key


def _sum_previous(previous: dict[str, Value], instance: Instance) -> Value | None:
    """Last year's side of an instance: None if none of its figures is known, "/" if all are "/"."""
    known = [(previous[key], term) for key, term in instance.right if term.previous and key in previous]
    if not known:
        return None
    if all(value == NOT_APPLICABLE for value, _ in known):
        return NOT_APPLICABLE
    total: int | Decimal = 0
    for value, term in known:
        total += term.sign * numeric(value)
    return total


def last_year_values(report: Report) -> dict[str, Value]:
    """For each cell a cross-year check compares with last year: last year's side of it.

    E.g. 「二、上年结转」 → last year's 「四、结转下年度」; 2021 「现行有效件数」 → last year's
    「现行有效件数」 (this year's 制发/废止 are not included). Cells whose last-year figures are
    unknown are absent. Meant for showing 「上年：…」 beside the cell.
    """
    shown: dict[str, Value] = {}
    for instance in cross_year_instances(report.format):
        key, value = _checked_cell(instance), _sum_previous(report.previous, instance)
        if key is not None and value is not None:
            shown[key] = value
    return shown


def printed_texts(last: Report, fmt: Format) -> dict[str, str]:
    """Last year's narrative texts as printed (live fields as last year's numbers), for each
    section of `fmt` that last year's report filled: what `text_repeated` compares this
    year's texts with (`Report.previous_texts`)."""
    sections = {section.id for section in fmt.text_sections()}
    return {k: printed_text(last, k) for k, v in last.texts.items() if k in sections and v.strip()}


def carry_forward(last: Report, format_id: str | None = None, copy_texts: bool = False) -> Report:
    """A new report for the year after `last`, in `format_id` (default: the current format).

    The unit is copied; `previous` gets last year's figures the cross-year checks need (only
    cells both formats have); cells fixed by last year's figures are prefilled and listed in
    `carried`; last year's texts as printed go into `previous_texts` (for text_repeated);
    narrative texts are copied only if asked (live fields kept where the new format has their
    cell, else printed as last year's number); totals are computed by the program.
    """
    year = last.year + 1
    refusal = year_refusal(year)
    if refusal:
        raise CarryError(refusal)
    fmt = load_format(format_id or latest_format_id())
    new = Report.blank(fmt.id, last.unit, year)
    kinds, last_kinds = fmt.cell_kinds(), last.format.cell_kinds()
    new.previous = {key: last.values[key] for key in sorted(previous_keys(fmt))
                    if key in last.values and last_kinds.get(key) == kinds[key]}
    for instance in cross_year_instances(fmt):
        key = _prefilled_by(instance)
        if key is None or key in fmt.computed_keys():
            continue
        value = _sum_previous(new.previous, instance)
        if value is None:
            continue
        try:
            new.values[key] = check_stored(to_json(value), kinds[key])
        except NumberError:
            continue  # last year's figures are inconsistent (e.g. negative): leave it to the clerk
        new.carried.add(key)
    if last.amount_unit in fmt.unit_choices():
        new.amount_unit = last.amount_unit  # the clerk's choice of unit stays
    new.previous_texts = printed_texts(last, fmt)
    if copy_texts:
        new.texts.update({k: keep_known_fields(v, last, fmt) for k, v in last.texts.items() if k in new.texts})
    new.recompute_totals()
    return new
