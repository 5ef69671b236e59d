"""Publication rules: primary and secondary suppression of people counts, derived ratios, output safety.

Every case is worked out by hand in its docstring. `recoverable` is an independent check (rank test over the
additive relations, written here, not taken from the module): a hidden cell is recoverable when the published cells
and the equations `total = sum(parts)` fix its value.
"""

from __future__ import annotations

import math
import random
from collections import defaultdict, deque

import numpy as np
import pandas as pd
import pytest

from pipelines import publication
from pipelines.publication import (
    PRIMARY_LABEL,
    SECONDARY_LABEL,
    find_personal_identifiers,
    neutralise_formula,
    neutralise_frame,
    parent_period,
    suppress,
    suppression_groups,
)

COLUMNS = ["kpi", "period", "municipality", "chain", "breakdown", "value"]


def frame(rows: list[tuple]) -> pd.DataFrame:
    """Rows (kpi, period, municipality, chain, breakdown, value); unit 'count' unless a 7th element is given."""
    full = [(*r, "count") if len(r) == 6 else r for r in rows]
    return pd.DataFrame(full, columns=[*COLUMNS, "unit"])


def shown(result: pd.DataFrame) -> dict[tuple, str]:
    return {
        (r.kpi, r.period, r.municipality, r.chain, r.breakdown): r.display for r in result.itertuples(index=False)
    }


def hidden(result: pd.DataFrame) -> set[tuple]:
    return {
        (r.kpi, r.period, r.municipality, r.chain, r.breakdown)
        for r in result.itertuples(index=False) if r.suppressed
    }


def relations(keys: list[tuple]) -> dict[tuple, tuple[tuple, list[int]]]:
    """The additive relations among cells, written independently of the module, by a plain loop over the cells:
    group id -> (the total's key, the positions of its parts, ascending)."""
    members: dict[tuple, list[int]] = defaultdict(list)
    totals: dict[tuple, tuple] = {}
    for i, (kpi, period, municipality, chain, breakdown) in enumerate(keys):
        if breakdown:
            gid = ("breakdown", kpi, period, municipality, chain, breakdown.split("=", 1)[0])
            members[gid].append(i)
            totals[gid] = (kpi, period, municipality, chain, "")
        if municipality != "all":
            gid = ("municipality", kpi, period, chain, breakdown)
            members[gid].append(i)
            totals[gid] = (kpi, period, "all", chain, breakdown)
        if chain != "all":
            gid = ("chain", kpi, period, municipality, breakdown)
            members[gid].append(i)
            totals[gid] = (kpi, period, municipality, "all", breakdown)
        parent = parent_period(period)
        if parent is not None:
            gid = ("period", kpi, parent, municipality, chain, breakdown)
            members[gid].append(i)
            totals[gid] = (kpi, parent, municipality, chain, breakdown)
    return {gid: (totals[gid], parts) for gid, parts in members.items()}


def equations(keys: list[tuple]) -> list[tuple[tuple, list[tuple]]]:
    """The relations whose total is a cell: (total, parts)."""
    present = set(keys)
    return [(total, [keys[i] for i in parts]) for total, parts in relations(keys).values() if total in present]


def recoverable(result: pd.DataFrame) -> set[tuple]:
    """Hidden cells whose value follows exactly from the published cells (over the reals)."""
    keys = [(r.kpi, r.period, r.municipality, r.chain, r.breakdown) for r in result.itertuples(index=False)]
    secret = sorted(hidden(result))
    if not secret:
        return set()
    column = {key: i for i, key in enumerate(secret)}
    rows = []
    for total, parts in equations(keys):
        row = np.zeros(len(secret))
        if total in column:
            row[column[total]] += 1
        for part in parts:
            if part in column:
                row[column[part]] -= 1
        if row.any():
            rows.append(row)
    if not rows:
        return set(secret)
    matrix = np.vstack(rows)
    rank = np.linalg.matrix_rank(matrix)
    # an orthonormal basis of the row space; the unit vector of cell i lies in it (the equations determine the
    # cell) exactly when its projection onto the row space has length 1
    basis = np.linalg.svd(matrix)[2][:rank]
    projection = (basis**2).sum(axis=0)
    return {key for key, i in column.items() if projection[i] > 1 - 1e-9}


# ------------------------------------------------------------------------------------------------ primary


def test_people_counts_1_to_4_are_hidden_zero_stays_zero():
    """0 -> '0', 1 and 4 -> '<5', 5 -> '5'; a count that is not of people (EVENTS 3) is left alone."""
    data = frame([
        ("P", "2022", "41002", "all", "", 0),
        ("P", "2022", "41011", "all", "", 1),
        ("P", "2022", "41048", "all", "", 4),
        ("P", "2022", "41034", "all", "", 5),
        ("EVENTS", "2022", "all", "all", "", 3),
    ])
    result = suppress(data, {"P"})
    view = shown(result)
    assert view[("P", "2022", "41002", "all", "")] == "0"
    assert view[("P", "2022", "41011", "all", "")] == PRIMARY_LABEL
    assert view[("P", "2022", "41048", "all", "")] == PRIMARY_LABEL
    assert view[("P", "2022", "41034", "all", "")] == "5"
    assert view[("EVENTS", "2022", "all", "all", "")] == "3"
    assert result["value"].dtype.kind == "f"
    assert math.isnan(result["value"].iloc[1]) and result["value"].iloc[3] == 5
    assert result["suppression"].tolist() == ["", "primary", "primary", "", ""]


def test_input_is_not_changed_and_order_kept():
    data = frame([("P", "2022", "all", "all", "", 3), ("P", "2022", "all", "all", "gender=female", 3)])
    data.index = [10, 20]
    before = data.copy()
    result = suppress(data, {"P"})
    pd.testing.assert_frame_equal(data, before)
    assert list(result.index) == [10, 20]


# ------------------------------------------------------------------------------------------------ secondary


def test_a_lone_hidden_cell_takes_the_smallest_other_non_zero_cell_with_it():
    """Gender: female 7, male 9, non-binary 3, unknown 0, total 19. non_binary '<5'; otherwise 19 - 7 - 9 - 0 = 3
    would give it away, so the smallest other non-zero cell (female 7) is hidden too; unknown 0 stays 0."""
    data = frame([
        ("ESF_X", "2022-Q4", "all", "all", "", 19),
        ("ESF_X", "2022-Q4", "all", "all", "gender=female", 7),
        ("ESF_X", "2022-Q4", "all", "all", "gender=male", 9),
        ("ESF_X", "2022-Q4", "all", "all", "gender=non_binary", 3),
        ("ESF_X", "2022-Q4", "all", "all", "gender=unknown", 0),
    ])
    result = suppress(data, {"ESF_X"})
    assert [r for r in result["display"]] == ["19", SECONDARY_LABEL, "9", PRIMARY_LABEL, "0"]
    assert result["suppression"].tolist() == ["", "secondary", "", "primary", ""]
    assert recoverable(result) == set()


def test_two_hidden_cells_in_a_group_need_nothing_more():
    """female 2, male 3, total 5: both '<5', the total 5 stays (2 + 3 = 5 does not tell which is which)."""
    data = frame([
        ("P", "2022-Q4", "all", "all", "", 5),
        ("P", "2022-Q4", "all", "all", "gender=female", 2),
        ("P", "2022-Q4", "all", "all", "gender=male", 3),
    ])
    assert suppress(data, {"P"})["display"].tolist() == ["5", PRIMARY_LABEL, PRIMARY_LABEL]


def test_zero_cells_are_never_picked_and_a_small_total_is_hidden_itself():
    """female 3, male 0, unknown 8, total 11 -> female '<5' and unknown 8 'x' (0 is no protection).
    female 1, male 0, total 1 -> both '<5'."""
    data = frame([
        ("P", "2022", "all", "all", "", 11),
        ("P", "2022", "all", "all", "gender=female", 3),
        ("P", "2022", "all", "all", "gender=male", 0),
        ("P", "2022", "all", "all", "gender=unknown", 8),
        ("Q", "2022", "all", "all", "", 1),
        ("Q", "2022", "all", "all", "gender=female", 1),
        ("Q", "2022", "all", "all", "gender=male", 0),
    ])
    result = suppress(data, {"P", "Q"})
    assert result["display"].tolist() == ["11", PRIMARY_LABEL, "0", SECONDARY_LABEL, PRIMARY_LABEL, PRIMARY_LABEL,
                                          "0"]


def test_municipalities_and_their_all_row_form_a_group():
    """Aalst 10, Ninove 6, Lede 3, all 19: Lede '<5' and Ninove 'x' (not 'all', which is larger)."""
    data = frame([
        ("P", "2022-Q4", "all", "all", "", 19),
        ("P", "2022-Q4", "41002", "all", "", 10),
        ("P", "2022-Q4", "41048", "all", "", 6),
        ("P", "2022-Q4", "41034", "all", "", 3),
    ])
    assert suppress(data, {"P"})["display"].tolist() == ["19", "10", SECONDARY_LABEL, PRIMARY_LABEL]


def test_chains_and_their_all_row_form_a_group():
    """SOC_JOBS textile 8, electro 4, furniture 6, all 18: electro '<5', furniture 'x'."""
    data = frame([
        ("SOC_JOBS", "2022-Q4", "all", "all", "", 18),
        ("SOC_JOBS", "2022-Q4", "all", "textile", "", 8),
        ("SOC_JOBS", "2022-Q4", "all", "electro", "", 4),
        ("SOC_JOBS", "2022-Q4", "all", "furniture", "", 6),
    ])
    assert suppress(data, {"SOC_JOBS"})["display"].tolist() == ["18", "8", PRIMARY_LABEL, SECONDARY_LABEL]


def test_months_add_up_to_their_quarter():
    """Jan 3, Feb 6, Mar 8, Q1 17: Jan '<5', Feb 'x' (else Q1 - Feb - Mar gives Jan)."""
    data = frame([
        ("P", "2022-01", "all", "all", "", 3),
        ("P", "2022-02", "all", "all", "", 6),
        ("P", "2022-03", "all", "all", "", 8),
        ("P", "2022-Q1", "all", "all", "", 17),
    ])
    assert suppress(data, {"P"})["display"].tolist() == [PRIMARY_LABEL, SECONDARY_LABEL, "8", "17"]


def test_period_parents():
    assert [parent_period(p) for p in ("2022-03", "2022-Q3", "2022-S2", "2022", "project", "x")] == [
        "2022-Q1", "2022-S2", "2022", "project", None, None]


def test_a_suppression_in_one_group_cascades_into_the_crossing_groups():
    """Municipality x gender with totals:

                 female  male  total
        Aalst       3     10     13
        Ninove      6      7     13
        all         9     17     26

    Aalst/female 3 is '<5'. Gender group Aalst: hide the smallest other, Aalst/male 10. Municipality group female:
    hide Ninove/female 6. Now the male column has one hidden cell (Aalst/male): hide Ninove/male 7. Every row and
    column then has two hidden cells, and no hidden cell can be computed (one free direction +1 -1 -1 +1).
    """
    rows = []
    for municipality, female, male in (("41002", 3, 10), ("41048", 6, 7), ("all", 9, 17)):
        rows += [("P", "2022", municipality, "all", "", female + male),
                 ("P", "2022", municipality, "all", "gender=female", female),
                 ("P", "2022", municipality, "all", "gender=male", male)]
    result = suppress(frame(rows), {"P"})
    view = shown(result)
    assert view[("P", "2022", "41002", "all", "gender=female")] == PRIMARY_LABEL
    assert hidden(result) == {
        ("P", "2022", "41002", "all", "gender=female"), ("P", "2022", "41002", "all", "gender=male"),
        ("P", "2022", "41048", "all", "gender=female"), ("P", "2022", "41048", "all", "gender=male"),
    }
    assert recoverable(result) == set()


def test_the_exact_audit_hides_a_cell_that_the_group_rule_leaves_recoverable():
    """Municipality (rows) x chain (columns), every row and column with 0 or >= 2 small cells, so the group rule
    alone adds nothing:

                 textile electro  ict  furniture  all
        m1          2       3      4      10       19
        m2          3       2     10      10       25
        m3         10      10      2       3       25
        m4         10      10      3       2       25
        all        25      25     19      25       94

    Yet m1/ict is recoverable: (textile col) + (electro col) - (m2 row) gives m1/textile + m1/electro = 5, and the
    m1 row then gives m1/ict = 19 - 10 - 5 = 4. The audit must hide one more cell.
    """
    table = {"m1": (2, 3, 4, 10), "m2": (3, 2, 10, 10), "m3": (10, 10, 2, 3), "m4": (10, 10, 3, 2)}
    chains = ("textile", "electro", "ict", "furniture")
    rows = []
    for municipality, values in table.items():
        rows += [("P", "2022", municipality, c, "", v) for c, v in zip(chains, values, strict=True)]
        rows.append(("P", "2022", municipality, "all", "", sum(values)))
    for i, chain in enumerate(chains):
        rows.append(("P", "2022", "all", chain, "", sum(v[i] for v in table.values())))
    rows.append(("P", "2022", "all", "all", "", sum(sum(v) for v in table.values())))
    data = frame(rows)

    # the group rule alone (every cell 1-4 hidden, nothing else) would leave m1/ict recoverable
    only_primary = data.assign(suppressed=(data["value"] > 0) & (data["value"] < 5))
    assert ("P", "2022", "m1", "ict", "") in recoverable(only_primary)

    result = suppress(data, {"P"})
    assert (result["suppression"] == "primary").sum() == 9
    assert (result["suppression"] == "secondary").sum() >= 1
    assert recoverable(result) == set()


def test_differencing_two_overlapping_filters_reveals_nothing():
    """A partner compares 'all municipalities' with 'all minus Lede' (the sum of the other published
    municipalities): Lede 3 is hidden and so is Ninove, so the difference is Lede + Ninove, never Lede alone.
    The same holds for a quarter against its months, and for every cell of the table (rank test)."""
    data = frame([
        ("P", "2022-Q4", "all", "all", "", 19),
        ("P", "2022-Q4", "41002", "all", "", 10),
        ("P", "2022-Q4", "41048", "all", "", 6),
        ("P", "2022-Q4", "41034", "all", "", 3),
        ("P", "2022-10", "all", "all", "", 9),
        ("P", "2022-11", "all", "all", "", 6),
        ("P", "2022-12", "all", "all", "", 4),
    ])
    published = suppress(data, {"P"})
    by_key = {k: v for k, v in zip(
        zip(published["municipality"], published["period"], strict=True), published["value"], strict=True)}
    all_minus_lede = [by_key[("41002", "2022-Q4")], by_key[("41048", "2022-Q4")]]
    assert any(math.isnan(v) for v in all_minus_lede)  # the 'all minus Lede' filter cannot be computed
    months = [by_key[("all", m)] for m in ("2022-10", "2022-11", "2022-12")]
    assert sum(math.isnan(v) for v in months) >= 2  # December 4 is hidden and not alone
    assert recoverable(published) == set()


def random_table(seed: int, months: list[str], quarters: dict[str, list[str]]) -> pd.DataFrame:
    """Random month x municipality x chain x gender counts (many of them small) with every total added up."""
    rng = random.Random(seed)
    municipalities = ["41002", "41048", "41034", "outside_region"][: rng.randint(2, 4)]
    chains = ["textile", "electro", "ict"][: rng.randint(1, 3)]
    genders = ["female", "male", "unknown"]
    cells = {(month, m, c, g): rng.choice([0, 0, 1, 2, 3, 4, 5, 6, 8, 12])
             for month in months for m in municipalities for c in chains for g in genders}

    def total(members, m, c, g):
        return sum(v for (p, mm, cc, gg), v in cells.items() if p in members and (m == "all" or mm == m)
                   and (c == "all" or cc == c) and (g == "" or gg == g))

    periods = [*((month, {month}) for month in months), *((q, set(ms)) for q, ms in quarters.items())]
    if len(quarters) == 2:
        periods.append(("2022-S2", set(months)))
    rows = [("P", period, m, c, f"gender={g}" if g else "", total(members, m, c, g))
            for period, members in periods for m in [*municipalities, "all"] for c in [*chains, "all"]
            for g in ["", *genders]]
    return frame(rows)


def check_random_table(data: pd.DataFrame) -> pd.DataFrame:
    result = suppress(data, {"P"})
    small = (data["value"] > 0) & (data["value"] < 5)
    assert result.loc[small, "suppressed"].all()
    assert not result.loc[data["value"] == 0, "suppressed"].any()
    assert recoverable(result) == set()
    return result


@pytest.mark.parametrize("seed", range(30))
def test_random_tables_never_leave_a_hidden_cell_recoverable(seed):
    """Random municipality x chain x gender tables with many small counts, months and their quarter: the
    published table never determines a hidden cell, every small count is hidden, no zero is."""
    months = ["2022-10", "2022-11", "2022-12"]
    check_random_table(random_table(seed, months, {"2022-Q4": months}))


@pytest.mark.parametrize("seed", range(8))
def test_the_sparse_audit_of_large_blocks_agrees(seed, monkeypatch):
    """Half a year in months, quarters and the semester, audited with the sparse least-squares method (the one
    used for blocks of hidden cells beyond the dense limit): still nothing recoverable."""
    monkeypatch.setattr(publication, "DENSE_AUDIT_LIMIT", 5)
    months = ["2022-07", "2022-08", "2022-09", "2022-10", "2022-11", "2022-12"]
    check_random_table(random_table(100 + seed, months, {"2022-Q3": months[:3], "2022-Q4": months[3:]}))


def test_suppression_groups_lists_the_relations():
    data = frame([
        ("P", "2022-Q4", "all", "all", "", 19),
        ("P", "2022-Q4", "41002", "all", "", 10),
        ("P", "2022-Q4", "41034", "all", "", 9),
        ("X", "2022-Q4", "41034", "all", "", 9),
    ])
    groups = suppression_groups(data, {"P"})
    assert groups == [[("P", "2022-Q4", "all", "all", ""), ("P", "2022-Q4", "41002", "all", ""),
                       ("P", "2022-Q4", "41034", "all", "")]]



def groups_by_loop(keys: list[tuple]) -> tuple[list[tuple[int, list[int]]], dict[int, list[int]]]:
    """The groups as `_Cells` defines them: the relations ordered by the repr of their group id, as (total
    position, part positions ascending), and per cell its groups ascending. The total's position is the last cell
    with that key."""
    position = {key: i for i, key in enumerate(keys)}
    found = relations(keys)
    groups, groups_of = [], defaultdict(list)
    for gid in sorted(found, key=repr):
        total_key, parts = found[gid]
        total = position.get(total_key)
        if total is not None:
            for i in [total, *parts]:
                groups_of[i].append(len(groups))
            groups.append((total, parts))
    return groups, dict(groups_of)


@pytest.mark.parametrize("seed", range(12))
def test_the_groups_are_those_of_the_defining_loop(seed):
    """Random cells over awkward values (quotes, a backslash, '=' inside a breakdown value, non-ASCII, a prefix of
    another value, unknown period labels), some totals missing and one key twice: `_Cells` builds (vectorised)
    exactly the groups, in the same order, of the loop that defines them."""
    rnd = random.Random(seed)
    periods = ["project", "2022", "2023", "2022-S2", "2022-Q3", "2022-Q4", "2022-07", "2022-10", "2022-11", "later"]
    municipalities = ["all", "41002", "41034", "4100", "Sint-Lievens-Houtem", "d'Hond"]
    chains = ["all", "textile", "ICT", "chaîne", 'say "hi"', "back\\slash"]
    breakdowns = ["", "gender=v", "gender=m", "gender=x=y", "age=<25", "it's=1", "age=25-54"]
    keys = sorted({(rnd.choice(["P", "Q", "P'"]), rnd.choice(periods), rnd.choice(municipalities),
                    rnd.choice(chains), rnd.choice(breakdowns)) for _ in range(rnd.randint(100, 400))})
    rnd.shuffle(keys)
    keys.append(keys[0])  # a key twice: the total is its last position
    cells = publication._Cells(keys, np.ones(len(keys)))
    groups, groups_of = groups_by_loop(keys)
    assert cells.groups == groups
    assert {i: g for i, g in cells.groups_of.items() if g} == groups_of
    assert len(groups) > 0


def propagate_by_loop(cells: publication._Cells, queue) -> None:
    """Secondary suppression as defined: every group of the queue in ascending order, then each group that gained
    a hidden cell after its turn, in that order; a group with exactly one hidden cell gives up its candidate."""
    work = deque(sorted(set(queue)))
    queued = set(work)
    while work:
        g = work.popleft()
        queued.discard(g)
        if sum(cells.hidden(i) for i in cells.members(g)) != 1:
            continue
        pick = cells.candidate(g)
        if pick is None:
            continue
        cells.status[pick] = "secondary"
        for other in cells.groups_of[pick]:
            if other not in queued:
                queued.add(other)
                work.append(other)


@pytest.mark.parametrize("seed", range(12))
def test_propagate_hides_what_the_defining_loop_hides(seed):
    """Random tables of small counts: `propagate` (written for speed) hides exactly the cells of the loop that
    defines it, from the whole queue and from a part of it (as the audit calls it)."""
    rnd = random.Random(seed)
    months = ["2022-10", "2022-11", "2022-12"]
    data = random_table(seed, months, {"2022-Q4": months})
    keys = list(zip(data["kpi"], data["period"], data["municipality"], data["chain"], data["breakdown"],
                    strict=True))
    values = data["value"].to_numpy(dtype=float)
    sample = rnd.sample(range(len(keys)), 40)
    runs = []
    for fast in (True, False):
        cells = publication._Cells(keys, values)
        for i, value in enumerate(values):
            if 0 < value < 5:
                cells.status[i] = "primary"
        (cells.propagate if fast else lambda queue, c=cells: propagate_by_loop(c, queue))(range(len(cells.groups)))
        first = list(cells.status)
        # a second round from some of the groups, after hiding a few more cells by hand (as `protect` does)
        more = [i for i in sample if not cells.status[i] and values[i] > 0][:5]
        for i in more:
            cells.status[i] = "secondary"
        queue = [g for i in more for g in cells.groups_of[i]]
        (cells.propagate if fast else lambda queue, c=cells: propagate_by_loop(c, queue))(queue)
        runs.append((first, list(cells.status)))
    assert runs[0] == runs[1]
    first, second = runs[0]
    assert first.count("secondary") > 0  # the random tables do need secondary cells
    assert second.count("secondary") > first.count("secondary") + 5  # the second round hid more than by hand


def test_the_groups_of_no_cells():
    cells = publication._Cells([], np.zeros(0))
    assert cells.groups == [] and dict(cells.groups_of) == {}


# ------------------------------------------------------------------------------------------------ derived


def test_rates_and_percentages_follow_their_people_counts():
    """- REACH_PEOPLE Erpe-Mere 3 is '<5' (and Ninove 12 'x'), so their rates per 10,000 inhabitants are hidden;
      Aalst 20's is not.
    - SOC_TARGET_GROUP_SHARE_PCT: textile 5/8 = 62.5 shown; electro 2/4 (denominator 4 < 5) hidden; furniture
      4/6 (numerator 4 hidden) hidden.
    - SOC_JOBS_IN_REGION_PCT 83.3 of 18 jobs (15 people) shown; 12.5 of 24 jobs (3 people) hidden."""
    data = frame([
        ("REACH_PEOPLE", "2022", "all", "all", "", 35),
        ("REACH_PEOPLE", "2022", "41002", "all", "", 20),
        ("REACH_PEOPLE", "2022", "41048", "all", "", 12),
        ("REACH_PEOPLE", "2022", "41082", "all", "", 3),
        ("REACH_PEOPLE_PER_10K_INHABITANTS", "2022", "41002", "all", "", 2.198, "per_10k_inhabitants"),
        ("REACH_PEOPLE_PER_10K_INHABITANTS", "2022", "41082", "all", "", 1.428, "per_10k_inhabitants"),
        ("SOC_JOBS", "2022", "all", "all", "", 18),
        ("SOC_JOBS", "2022", "all", "textile", "", 8),
        ("SOC_JOBS", "2022", "all", "electro", "", 4),
        ("SOC_JOBS", "2022", "all", "furniture", "", 6),
        ("SOC_JOBS_TARGET_GROUP", "2022", "all", "all", "", 11),
        ("SOC_JOBS_TARGET_GROUP", "2022", "all", "textile", "", 5),
        ("SOC_JOBS_TARGET_GROUP", "2022", "all", "electro", "", 2),
        ("SOC_JOBS_TARGET_GROUP", "2022", "all", "furniture", "", 4),
        ("SOC_TARGET_GROUP_SHARE_PCT", "2022", "all", "textile", "", 62.5, "pct"),
        ("SOC_TARGET_GROUP_SHARE_PCT", "2022", "all", "electro", "", 50.0, "pct"),
        ("SOC_TARGET_GROUP_SHARE_PCT", "2022", "all", "furniture", "", 66.7, "pct"),
        ("SOC_JOBS_IN_REGION_PCT", "2022", "all", "all", "", 83.3, "pct"),
        ("SOC_JOBS", "2023", "all", "all", "", 24),
        ("SOC_JOBS_IN_REGION_PCT", "2023", "all", "all", "", 12.5, "pct"),
    ])
    people = {"REACH_PEOPLE", "SOC_JOBS", "SOC_JOBS_TARGET_GROUP", "REACH_PEOPLE_PER_10K_INHABITANTS"}
    view = shown(suppress(data, people))
    assert view[("REACH_PEOPLE_PER_10K_INHABITANTS", "2022", "41002", "all", "")] == "2.198"
    assert view[("REACH_PEOPLE_PER_10K_INHABITANTS", "2022", "41082", "all", "")] == SECONDARY_LABEL
    assert view[("SOC_TARGET_GROUP_SHARE_PCT", "2022", "all", "textile", "")] == "62.5"
    assert view[("SOC_TARGET_GROUP_SHARE_PCT", "2022", "all", "electro", "")] == SECONDARY_LABEL
    assert view[("SOC_TARGET_GROUP_SHARE_PCT", "2022", "all", "furniture", "")] == SECONDARY_LABEL
    assert view[("SOC_JOBS_IN_REGION_PCT", "2022", "all", "all", "")] == "83.3"
    assert view[("SOC_JOBS_IN_REGION_PCT", "2023", "all", "all", "")] == SECONDARY_LABEL


def test_display_in_a_language():
    data = frame([("P", "2022", "all", "all", "", 1234.5, "kg"), ("P", "2022", "41002", "all", "", 2)])
    assert suppress(data, {"X"}, lang="nl")["display"].tolist() == ["1.234,5 kg", "2"]
    assert suppress(data, {"X"}, lang="en")["display"].tolist() == ["1,234.5 kg", "2"]


# ------------------------------------------------------------------------------------------------ output safety


@pytest.mark.parametrize(("value", "expected"), [
    ("=1+1", "'=1+1"), ("+32 470", "'+32 470"), ("-5", "'-5"), ("@SUM(A1)", "'@SUM(A1)"), ("\tx", "'\tx"),
    ("Aalst", "Aalst"), (-5, -5), (3.5, 3.5), (None, None), ("", ""),
])
def test_neutralise_formula(value, expected):
    assert neutralise_formula(value) == expected


def test_neutralise_frame_keeps_numbers():
    result = neutralise_frame(pd.DataFrame({"a": ["=cmd", "ok"], "b": [-1, 2]}))
    assert result["a"].tolist() == ["'=cmd", "ok"]
    assert result["b"].tolist() == [-1, 2]


def test_find_personal_identifiers():
    text = "mail jan.peeters@example.be, bel +32 470 12 34 56 of 053 21 43 65; id P-0123456789abcdef; 1.234,5 kg"
    kinds = sorted(kind for kind, _ in find_personal_identifiers(text))
    assert kinds == ["email", "phone", "phone", "pseudonym"]
    assert find_personal_identifiers("Aalst 41002, 12.345,6 kg, 2022-12-31, 05/01/2023 10:15") == []


# ------------------------------------------------------------------------------------------------ audit internals


def audit_cells(data: pd.DataFrame) -> tuple[list[tuple], publication._Cells]:
    """The keys of a frame's rows and the audit's cells over them (nothing hidden yet)."""
    keys = [tuple(r) for r in data[list(publication.KEY_COLUMNS)].itertuples(index=False)]
    return keys, publication._Cells(keys, data["value"].to_numpy(dtype=float))


def test_blocks_are_kept_up_to_date_across_rounds():
    """`blocks` keeps its union-find between calls and only joins the newly hidden cells; worked by hand on
    municipalities a, b and their 'all' row, a and b also split by gender (no 'all' row by gender, so a=f and b=f
    share no group)."""
    data = frame([
        ("P", "2022-Q4", "all", "all", "", 40),
        ("P", "2022-Q4", "a", "all", "", 20),
        ("P", "2022-Q4", "b", "all", "", 20),
        ("P", "2022-Q4", "a", "all", "gender=f", 10),
        ("P", "2022-Q4", "a", "all", "gender=m", 10),
        ("P", "2022-Q4", "b", "all", "gender=f", 10),
        ("P", "2022-Q4", "b", "all", "gender=m", 10),
    ])
    keys, cells = audit_cells(data)
    at = {key[2] + (("/" + key[4]) if key[4] else ""): cells.position[key] for key in keys}

    def blocks_by_name() -> set[frozenset]:
        name = {i: n for n, i in at.items()}
        found = {frozenset(name[i] for i in block) for block in cells.blocks()}
        fresh = publication._Cells(keys, cells.values)  # the same hidden cells, blocks built from scratch
        fresh.status = list(cells.status)
        assert found == {frozenset(name[i] for i in block) for block in fresh.blocks()}
        return found

    assert blocks_by_name() == set()
    cells.status[at["a/gender=f"]] = cells.status[at["b/gender=f"]] = "primary"
    assert blocks_by_name() == {frozenset({"a/gender=f"}), frozenset({"b/gender=f"})}
    cells.status[at["a"]] = "secondary"  # a = a/f + a/m joins a/f
    assert blocks_by_name() == {frozenset({"a", "a/gender=f"}), frozenset({"b/gender=f"})}
    cells.status[at["b"]] = "secondary"  # all = a + b joins the two blocks
    assert blocks_by_name() == {frozenset({"a", "a/gender=f", "b", "b/gender=f"})}
    cells.status[at["a/gender=f"]] = ""  # published again (never done by suppress): rebuilt from scratch
    assert blocks_by_name() == {frozenset({"a", "b", "b/gender=f"})}


def test_block_matrix_holds_the_group_equations_of_the_block():
    data = frame([
        ("P", "2022-Q4", "all", "all", "", 40),
        ("P", "2022-Q4", "a", "all", "", 20),
        ("P", "2022-Q4", "b", "all", "", 20),
        ("P", "2022-Q4", "a", "all", "gender=f", 10),
        ("P", "2022-Q4", "a", "all", "gender=m", 10),
    ])
    keys, cells = audit_cells(data)
    block = sorted(cells.position[k] for k in keys[1:4])  # a, b and a/f hidden; all and a/m published
    matrix = cells._block_matrix(block).toarray()
    # rows in group order: (a/f + a/m = a) -> a - a/f = a/m ; (a + b = all) -> -a - b = -all
    expected = {(1.0, 0.0, -1.0), (-1.0, -1.0, 0.0)}
    order = [block.index(cells.position[k]) for k in keys[1:4]]  # columns as a, b, a/f
    assert {tuple(row[order]) for row in matrix} == expected
    assert matrix.shape == (2, 3)


@pytest.mark.parametrize("seed", range(4))
def test_lsqr_gives_scipys_result_bit_for_bit(seed):
    """`_lsqr` repeats scipy's LSQR without its LinearOperator wrapping: same iterates, same floats, same stop
    (rank-deficient systems like the audit's, with duplicated and summed rows)."""
    from scipy.sparse import csr_matrix, vstack
    from scipy.sparse.linalg import lsqr

    rng = np.random.default_rng(seed)
    n, m = 120, 80
    dense = np.zeros((n, m))
    for c in range(m):
        rows = rng.choice(n, size=rng.integers(2, 6), replace=False)
        dense[rows, c] = rng.choice([-1.0, 1.0], size=len(rows))
    base = csr_matrix(dense)
    matrix = vstack([base.T, base.T[:10] + base.T[10:20]]).T.tocsr()  # dependent columns
    z = rng.standard_normal(n)
    for iter_lim in (5, 50 * n):
        expected_y, expected_stop = lsqr(matrix, z, atol=1e-10, btol=1e-10, iter_lim=iter_lim)[:2]
        before = z.copy()
        y, stop = publication._lsqr(matrix, z, atol=1e-10, btol=1e-10, iter_lim=iter_lim)
        assert stop == expected_stop
        assert np.array_equal(y, expected_y)
        assert np.array_equal(z, before)  # the right-hand side is not worked on in place
