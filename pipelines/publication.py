"""Publication rules (kpi-catalogue.md, "Publication rules"), as pure functions over pandas frames.

Shared by the partner/public views of the dashboard and by the funder report:

- counts of PEOPLE from 1 to 4 are suppressed (shown as ``<5``; 0 stays 0): *primary* suppression;
- *secondary* suppression, so that no suppressed cell can be recovered from a published total: within every group of
  cells that add up to a published total (a breakdown and its total, the municipalities of a KPI and their ``all``
  row, the chains and ``all``, the months of a quarter and the quarter, ...), a group with exactly one hidden cell
  gets one more hidden: its smallest other non-zero part (the total only when no part is left), until no group
  changes. ``all`` is treated as the sum of its parts (conservative: distinct counts are not additive);
- an exact audit afterwards: a hidden cell whose value the published cells and the group equations still fix
  (linear algebra per connected block of hidden cells) gets a cell next to it hidden too. Cells it can only protect
  by hiding a headline figure of a quarter or longer (whole region, all chains, no breakdown) or a much coarser
  cell far away are left and listed in ``result.attrs["unprotected"]`` (see docs/report.md);
- ratios and rates derived from people counts follow their counts: a per-10,000-inhabitants rate of a hidden count,
  and a percentage whose people denominator is below 5 or hidden (or whose people numerator is hidden or 1-4), are
  hidden too.

Always suppress the FULL table (every period, municipality, chain and breakdown) and filter afterwards: then two
overlapping filter results (``all`` and ``all`` minus one municipality, a quarter and its months) are cut from one
consistently protected table and their difference never isolates a hidden cell.

Also here, written once for every file that leaves the platform: `neutralise_formula` (CSV/XLSX formula injection)
and `find_personal_identifiers` (a last guard against e-mail addresses, phone numbers and pseudonyms in output).
"""

from __future__ import annotations

import math
import re
from collections import defaultdict, deque
from collections.abc import Iterable
from math import sqrt

import numpy as np
import pandas as pd

THRESHOLD = 5
PRIMARY_LABEL = "<5"  # a people count from 1 to 4
SECONDARY_LABEL = "x"  # hidden so that a small count cannot be derived from a total (or a derived ratio)
ALL = "all"
PER_10K_SUFFIX = "_PER_10K_INHABITANTS"
PERCENT_UNITS = {"pct", "percent", "percentage", "%"}

# Percentages derived from people counts: kpi -> (people numerator kpi or None when not exported, denominator kpi).
RATIO_DEPENDENCIES: dict[str, tuple[str | None, str]] = {
    "SOC_TARGET_GROUP_SHARE_PCT": ("SOC_JOBS_TARGET_GROUP", "SOC_JOBS"),
    "SOC_JOBS_IN_REGION_PCT": (None, "SOC_JOBS"),
}

KEY_COLUMNS = ("kpi", "period", "municipality", "chain", "breakdown")
DENSE_AUDIT_LIMIT = 300
FAR_LEVELS = 2  # how much coarser than a determined cell a cell hidden for it outside its own groups may be  # hidden cells per block audited with a dense SVD; larger blocks use sparse least squares

# ----------------------------------------------------------------------------------------------- periods


def parent_period(label: str) -> str | None:
    """The period a period adds up into: month -> quarter -> semester -> year -> 'project'."""
    label = str(label)
    if label == "project":
        return None
    if re.fullmatch(r"\d{4}", label):
        return "project"
    match = re.fullmatch(r"(\d{4})-(\d{2})", label)
    if match:
        return f"{match[1]}-Q{(int(match[2]) - 1) // 3 + 1}"
    match = re.fullmatch(r"(\d{4})-Q([1-4])", label)
    if match:
        return f"{match[1]}-S{(int(match[2]) - 1) // 2 + 1}"
    match = re.fullmatch(r"(\d{4})-S([12])", label)
    if match:
        return match[1]
    return None


PERIOD_LEVELS = {"month": 0, "quarter": 1, "semester": 2, "year": 3, "project": 4}


def _period_kind(label: str) -> str:
    if label == "project":
        return "project"
    if re.fullmatch(r"\d{4}", label):
        return "year"
    if re.fullmatch(r"\d{4}-Q[1-4]", label):
        return "quarter"
    if re.fullmatch(r"\d{4}-S[12]", label):
        return "semester"
    return "month"


# ----------------------------------------------------------------------------------------------- helpers


def people_kpis(definitions: pd.DataFrame) -> set[str]:
    """KPI codes flagged `counts_people` in `marts.kpi_definitions`."""
    if definitions is None or definitions.empty or "counts_people" not in definitions.columns:
        return set()
    flags = definitions["counts_people"].map(_truthy)
    return set(definitions.loc[flags, "kpi"].astype(str))


def _truthy(value: object) -> bool:
    if isinstance(value, str):
        return value.strip().lower() in {"true", "t", "1", "yes", "y"}
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return False
    try:
        return bool(value)
    except (TypeError, ValueError):
        return False


def _is_derived(kpi: str) -> bool:
    return kpi.endswith(PER_10K_SUFFIX) or kpi in RATIO_DEPENDENCIES


# ----------------------------------------------------------------------------------------------- suppression


def _sparse_product(matrix):
    """x -> matrix @ x for a float CSR/CSC matrix and a float vector: the kernel scipy's `@` ends in
    (`_compressed._matmul_vector`), called directly."""
    from scipy.sparse import _sparsetools

    rows, columns = matrix.shape
    kernel = getattr(_sparsetools, matrix.format + "_matvec")
    indptr, indices, data = matrix.indptr, matrix.indices, matrix.data

    def product(x: np.ndarray) -> np.ndarray:
        out = np.zeros(rows)
        kernel(rows, columns, indptr, indices, data, x, out)
        return out

    return product


def _lsqr(matrix, b: np.ndarray, atol: float, btol: float, iter_lim: int) -> tuple[np.ndarray, int]:
    """`scipy.sparse.linalg.lsqr(matrix, b, atol=atol, btol=btol, iter_lim=iter_lim)[:2]` (damp 0, conlim 1e8,
    no x0, no variance): the same iterations, operation for operation, so the same floating-point result, without
    the LinearOperator wrapping of every product (the audit's blocks need ~1,000 cheap iterations each, where that
    overhead was most of the time). `tests/unit/test_publication.py` checks it against scipy's."""
    from scipy.sparse.linalg._isolve.lsqr import _sym_ortho, eps

    forward = _sparse_product(matrix)
    backward = _sparse_product(matrix.T.conj())  # what scipy's rmatvec multiplies by
    n = matrix.shape[1]
    conlim = 1e8
    itn = 0
    istop = 0
    ctol = 1 / conlim
    anorm = 0
    acond = 0
    ddnorm = 0
    res2 = 0
    xnorm = 0
    xxnorm = 0
    z = 0
    cs2 = -1
    sn2 = 0
    u = b
    bnorm = np.sqrt(b.dot(b))
    x = np.zeros(n)
    beta = bnorm.copy()
    if beta > 0:
        u = (1 / beta) * u
        v = backward(u)
        alfa = np.sqrt(v.dot(v))
    else:
        v = x.copy()
        alfa = 0
    if alfa > 0:
        v = (1 / alfa) * v
    w = v.copy()
    rhobar = alfa
    phibar = beta
    arnorm = alfa * beta
    if arnorm == 0:
        return x, istop
    # From here u, v, w and x are arrays of our own (b is never written to), updated in place: each element gets
    # the same product or sum of the same two floats as in scipy's expressions (IEEE + and * are commutative).
    dk, scratch = np.empty(n), np.empty(n)
    while itn < iter_lim:
        itn = itn + 1
        u *= alfa
        u = np.subtract(forward(v), u, out=u)  # forward(v) - alfa * u
        beta = np.sqrt(u.dot(u))
        if beta > 0:
            u *= 1 / beta
            anorm = sqrt(anorm**2 + alfa**2 + beta**2 + 0.0)
            v *= beta
            v = np.subtract(backward(u), v, out=v)  # backward(u) - beta * v
            alfa = np.sqrt(v.dot(v))
            if alfa > 0:
                v *= 1 / alfa
        rhobar1 = rhobar
        psi = 0.0
        cs, sn, rho = _sym_ortho(rhobar1, beta)
        theta = sn * alfa
        rhobar = -cs * alfa
        phi = cs * phibar
        phibar = sn * phibar
        tau = sn * phi
        t1 = phi / rho
        t2 = -theta / rho
        np.multiply(w, 1 / rho, out=dk)  # dk = (1 / rho) * w
        x += np.multiply(w, t1, out=scratch)  # x = x + t1 * w
        w *= t2  # w = v + t2 * w
        w += v
        ddnorm = ddnorm + np.sqrt(dk.dot(dk)) ** 2
        delta = sn2 * rho
        gambar = -cs2 * rho
        rhs = phi - delta * z
        zbar = rhs / gambar
        xnorm = sqrt(xxnorm + zbar**2)
        gamma = sqrt(gambar**2 + theta**2)
        cs2 = gambar / gamma
        sn2 = theta / gamma
        z = rhs / gamma
        xxnorm = xxnorm + z**2
        acond = anorm * sqrt(ddnorm)
        res1 = phibar**2
        res2 = res2 + psi**2
        rnorm = sqrt(res1 + res2)
        arnorm = alfa * abs(tau)
        test1 = rnorm / bnorm
        test2 = arnorm / (anorm * rnorm + eps)
        test3 = 1 / (acond + eps)
        t1 = test1 / (1 + anorm * xnorm / bnorm)
        rtol = btol + atol * anorm * xnorm / bnorm
        if itn >= iter_lim:
            istop = 7
        if 1 + test3 <= 1:
            istop = 6
        if 1 + test2 <= 1:
            istop = 5
        if 1 + t1 <= 1:
            istop = 4
        if test3 <= ctol:
            istop = 3
        if test2 <= atol:
            istop = 2
        if test1 <= rtol:
            istop = 1
        if istop != 0:
            break
    return x, istop


class _ReprCodes:
    """The values of a column numbered in the order of their repr (as `sorted(..., key=repr)` orders them)."""

    def __init__(self, values: Iterable, extra: Iterable = ()) -> None:
        values = list(values)
        self.categories = sorted({*values, *(v for v in extra if v is not None)}, key=repr)
        self.size = len(self.categories)
        self.codes = self.codes_of(values)

    def codes_of(self, values: Iterable) -> np.ndarray:
        """The codes of `values`; -1 for a value without a code (None)."""
        return pd.Categorical(list(values), categories=self.categories).codes.astype(np.int64)

    def code(self, value: str) -> int:
        return self.categories.index(value)


def _runs(values: np.ndarray, keys: np.ndarray) -> list[list]:
    """`values` cut into lists at every change of `keys` (sorted): one list per run of equal keys, in order."""
    if len(values) == 0:
        return []
    bounds = np.flatnonzero(np.diff(keys)) + 1
    flat = values.tolist()
    return [flat[a:b] for a, b in zip([0, *bounds.tolist()], [*bounds.tolist(), len(flat)], strict=True)]


class _Cells:
    """The people-count cells of a frame, their values, status and the additive groups they belong to."""

    def __init__(self, keys: list[tuple], values: np.ndarray) -> None:
        self.keys = keys
        self.values = values
        self.position = {key: i for i, key in enumerate(keys)}
        self.status = [""] * len(keys)
        self.groups: list[tuple[int | None, list[int]]] = []  # (total position, part positions)
        self.groups_of: dict[int, list[int]] = defaultdict(list)
        self._audited: dict[tuple[int, ...], list[int]] = {}  # block -> its determined cells (blocks do not change
        # once audited unless a cell is added, which makes a new block)
        kinds = {period: _period_kind(period) for period in {key[1] for key in keys}}
        self.level = [
            (municipality == ALL) + (chain == ALL) + (breakdown == "") + PERIOD_LEVELS.get(kinds[period], 0)
            for _, period, municipality, chain, breakdown in keys
        ]
        # per cell, fixed for the whole run: `cost`, `headline` and whether it may be hidden as a secondary cell
        # (published, finite and non-zero is checked in `candidate`)
        self._costs = [(level, value, key) for level, value, key in zip(self.level, values, keys, strict=True)]
        self._headline = [
            municipality == ALL and chain == ALL and breakdown == "" and kinds[period] != "month"
            for _, period, municipality, chain, breakdown in keys
        ]
        self._nonzero = (np.isfinite(values) & (values != 0)).tolist()
        self.unprotected: list[int] = []
        # union-find over the hidden cells already placed in blocks, kept across audit rounds (see `blocks`)
        self._parent: dict[int, int] = {}
        self._cells_of: dict[int, list[int]] = {}  # union-find root -> the cells of its block
        self._build_groups()

    def _build_groups(self) -> None:
        """The additive groups, in the order of the repr of their group id, each as (total, parts ascending), and
        per cell the groups it is in, ascending. Group ids: ("breakdown", kpi, period, municipality, chain,
        breakdown name), ("chain", kpi, period, municipality, breakdown), ("municipality", kpi, period, chain,
        breakdown) and ("period", kpi, parent period, municipality, chain, breakdown); a group whose total is not
        a cell is left out (its parts add up to nothing published).

        Vectorised over integer codes: each column's values are numbered in the order of their repr, so a group
        id's code (the kind, then its columns, in mixed radix) orders as the repr of the id does.
        tests/unit/test_publication.py checks this against the loop over the cells that defines it."""
        self.groups_of = defaultdict(list)
        self._incidence = None  # the group equations as sparse matrices, built on first use (`_block_matrix`)
        if not self.keys:
            return
        columns = list(zip(*self.keys, strict=True))
        parents = {p: parent_period(p) for p in set(columns[1])}
        names = {b: b.split("=", 1)[0] for b in set(columns[4])}
        kpi = _ReprCodes(columns[0])
        period = _ReprCodes(columns[1], parents.values())
        municipality, chain = _ReprCodes(columns[2], [ALL]), _ReprCodes(columns[3], [ALL])
        breakdown, name = _ReprCodes(columns[4], [""]), _ReprCodes([names[b] for b in columns[4]])
        parent = period.codes_of([parents[p] for p in columns[1]])

        def key(k, p, m, c, b):  # a cell's key as one integer
            return (((k * period.size + p) * municipality.size + m) * chain.size + c) * breakdown.size + b

        k, p, m, c, b = kpi.codes, period.codes, municipality.codes, chain.codes, breakdown.codes
        kinds = {  # kind: (member cells, the group id's columns as (codes, radix), the total's key)
            "breakdown": (b != breakdown.code(""), [(k, kpi.size), (p, period.size), (m, municipality.size),
                                                     (c, chain.size), (name.codes, name.size)],
                          key(k, p, m, c, breakdown.code(""))),
            "municipality": (m != municipality.code(ALL), [(k, kpi.size), (p, period.size), (c, chain.size),
                                                           (b, breakdown.size)],
                             key(k, p, municipality.code(ALL), c, b)),
            "chain": (c != chain.code(ALL), [(k, kpi.size), (p, period.size), (m, municipality.size),
                                             (b, breakdown.size)],
                      key(k, p, m, chain.code(ALL), b)),
            "period": (parent >= 0, [(k, kpi.size), (parent, period.size), (m, municipality.size),
                                     (c, chain.size), (b, breakdown.size)],
                       key(k, parent, m, c, b)),
        }
        span = max(math.prod(radix for _, radix in ids) for _, ids, _ in kinds.values())  # codes per kind
        if span * len(kinds) >= 2**62:
            raise OverflowError("too many distinct KPI, period, municipality, chain and breakdown values")
        cells, gids, totals = [], [], []
        for rank, kind in enumerate(sorted(kinds, key=repr)):
            member, ids, total = kinds[kind]
            within = np.zeros(int(member.sum()), dtype=np.int64)
            for codes, radix in ids:
                within = within * radix + codes[member]
            cells.append(np.flatnonzero(member))
            gids.append(rank * span + within)
            totals.append(total[member])
        cell, gid, total_key = np.concatenate(cells), np.concatenate(gids), np.concatenate(totals)
        _, first, group = np.unique(gid, return_index=True, return_inverse=True)  # ascending: repr order
        # the total's position (the last cell with that key, as self.position has it); -1: no such cell
        cell_keys = pd.Index(key(k, p, m, c, b))
        last = ~cell_keys.duplicated(keep="last")
        total = pd.Index(cell_keys[last]).get_indexer(total_key[first])
        total = np.where(total >= 0, np.flatnonzero(last)[total], -1)
        kept = total >= 0
        rank = np.cumsum(kept) - 1
        member = kept[group]
        cell, group = cell[member], rank[group[member]]
        total = total[kept]
        by_group = np.lexsort((cell, group))
        self.groups = list(zip(total.tolist(), _runs(cell[by_group], group[by_group]), strict=True))
        # per cell, its groups ascending, as total and as part
        every_cell = np.concatenate([total, cell])
        every_group = np.concatenate([np.arange(len(total)), group])
        by_cell = np.lexsort((every_group, every_cell))
        every_cell = every_cell[by_cell]
        for i, groups in zip(np.unique(every_cell).tolist(), _runs(every_group[by_cell], every_cell), strict=True):
            self.groups_of[i] = groups

    def hidden(self, i: int) -> bool:
        return self.status[i] != ""

    def members(self, g: int) -> list[int]:
        total, parts = self.groups[g]
        return [total, *parts]

    def cost(self, i: int) -> tuple:
        """Which cell to hide first: the most detailed (fewest totals among municipality, chain, breakdown and
        period), then the smallest. So a group gives up its smallest part, and its total only when no part is
        left; the headline figures (whole region, all chains, no breakdown) go last."""
        return self._costs[i]

    def candidate(self, g: int, headline: bool = True) -> int | None:
        """The published non-zero cell of group g to hide next (see `cost`; a headline figure only when
        `headline` and nothing else is left)."""
        status, nonzero, costs, headlines = self.status, self._nonzero, self._costs, self._headline
        best, best_cost = None, None
        total, parts = self.groups[g]
        for i in (total, *parts):
            if status[i] or not nonzero[i] or (not headline and headlines[i]):
                continue
            if best is None or costs[i] < best_cost:
                best, best_cost = i, costs[i]
        return best

    def propagate(self, queue: Iterable[int]) -> None:
        """Secondary suppression: hide the smallest other non-zero cell of every group with one hidden cell.

        The groups of `queue` are taken in ascending order, then every group that gained a hidden cell after its
        turn, in the order they gained it (tests/unit/test_publication.py: `propagate_by_loop`)."""
        status, groups, groups_of = self.status, self.groups, self.groups_of
        work = deque(sorted(set(queue)))
        queued = set(work)
        while work:
            g = work.popleft()
            queued.discard(g)
            total, parts = groups[g]
            if (status[total] != "") + sum(1 for i in parts if status[i]) != 1:
                continue
            pick = self.candidate(g)
            if pick is None:
                continue
            status[pick] = "secondary"
            for other in groups_of[pick]:
                if other not in queued:
                    queued.add(other)
                    work.append(other)

    def blocks(self) -> list[list[int]]:
        """The hidden cells in connected blocks (two hidden cells of one group are in the same block).

        Incremental: a cell is only ever hidden, never published again, during `propagate`/`protect`, so the
        union-find of the previous call stays valid and only the newly hidden cells are joined to the hidden members
        of their groups (hidden before or joined in this call; a cell hidden later joins this one in its own turn).
        That gives the same connected components as joining every pair of hidden cells of every group from scratch,
        which is still done when a cell of the union-find was published again in between (status set by hand)."""
        status = self.status
        parent, cells_of = self._parent, self._cells_of
        if any(not status[i] for i in parent):
            parent.clear()
            cells_of.clear()

        def find(i: int) -> int:
            while parent[i] != i:
                parent[i] = parent[parent[i]]
                i = parent[i]
            return i

        for i, s in enumerate(status):
            if not s or i in parent:
                continue
            parent[i] = i
            cells_of[i] = [i]
            for g in self.groups_of[i]:
                total, parts = self.groups[g]
                # the hidden cells of g joined before are in one block already (each joined all those before
                # it), so joining i to the first of them is enough
                j = next((j for j in (total, *parts) if j != i and j in parent), None)
                if j is None:
                    continue
                a, b = find(i), find(j)
                if a != b:
                    if len(cells_of[a]) > len(cells_of[b]):
                        a, b = b, a
                    parent[a] = b
                    cells_of[b].extend(cells_of.pop(a))
        blocks = []
        for cells in cells_of.values():
            cells.sort()
            blocks.append(cells)
        blocks.sort()
        return [list(cells) for cells in blocks]

    def _block_matrix(self, cells: list[int]):
        """The group equations restricted to the hidden cells of one block: a sparse (CSR) matrix with one row per
        group holding a cell of the block, in group order, and one column per cell of `cells` (+1 for the total,
        -1 for each part). A group with a cell of the block has all its hidden cells in the block (`blocks`), so
        the restriction to the block's columns is the restriction to the hidden cells."""
        from scipy.sparse import csr_matrix

        if self._incidence is None:
            rows, cols, coefficients = [], [], []
            for g, (total, parts) in enumerate(self.groups):
                rows.extend([g] * (1 + len(parts)))
                cols.append(total)
                cols.extend(parts)
                coefficients.append(1.0)
                coefficients.extend([-1.0] * len(parts))
            shape = (len(self.groups), len(self.keys))
            by_group = csr_matrix((coefficients, (rows, cols)), shape=shape)  # duplicates summed
            self._incidence = (by_group, by_group.T.tocsr())  # group -> cells, cell -> groups
        by_group, by_cell = self._incidence
        cells_array = np.asarray(cells, dtype=np.int64)
        touched = np.unique(by_cell[cells_array].indices)
        sub = by_group[touched]
        column = np.full(len(self.keys), -1, dtype=np.int64)
        column[cells_array] = np.arange(len(cells))
        local = column[sub.indices]
        inside = local >= 0
        row_of = np.repeat(np.arange(len(touched)), np.diff(sub.indptr))
        matrix = csr_matrix((sub.data[inside], (row_of[inside], local[inside])), shape=(len(touched), len(cells)))
        return matrix

    @staticmethod
    def _determined_dense(cells: list[int], matrix) -> list[int]:
        matrix = matrix.toarray()
        # the full V only when there are fewer equations than cells (then U is small)
        _, singular, vt = np.linalg.svd(matrix, full_matrices=matrix.shape[0] < matrix.shape[1])
        rank = int((singular > 1e-9 * max(1.0, singular.max(initial=0.0))).sum())
        null_space = vt[rank:].T  # columns span the directions the hidden cells can move along together
        if null_space.shape[1] == 0:
            return list(cells)
        free = np.abs(null_space).max(axis=1) >= 1e-9
        return [cell for cell, ok in zip(cells, free, strict=True) if not ok]

    def _determined_in_block(self, cells: list[int]) -> list[int]:
        matrix = self._block_matrix(cells)
        if matrix.shape[0] == 0:
            return []
        n = len(cells)
        if n <= DENSE_AUDIT_LIMIT:
            return self._determined_dense(cells, matrix)
        # A large block: project random vectors onto the null space with sparse least squares. A cell is
        # determined exactly when every null-space vector is 0 there; a random projection is non-zero on every
        # other cell with probability 1.
        transposed = matrix.T.tocsr()
        z = np.random.default_rng(n).standard_normal(n)
        y, stop = _lsqr(transposed, z, atol=1e-10, btol=1e-10, iter_lim=50 * n)
        if stop not in (0, 1, 2, 4, 5):  # not converged: the residual may still hold a determined cell
            return self._determined_dense(cells, matrix)
        free = np.abs(z - transposed @ y) > 1e-6
        return [cell for cell, ok in zip(cells, free, strict=True) if not ok]

    def determined(self) -> list[int]:
        """Hidden cells whose value follows from the published cells and the group equations (over the reals)."""
        found: list[int] = []
        for cells in self.blocks():
            signature = tuple(cells)
            if signature not in self._audited:
                self._audited[signature] = self._determined_in_block(cells)
            found.extend(self._audited[signature])
        return sorted(found, key=lambda i: self.keys[i])

    def protect(self) -> None:
        """Hide more cells next to the determined hidden cells, round by round, until none is determined (or none
        can be: a determined cell with only zeros and hidden cells around it)."""
        unfixable: set[int] = set()
        while True:
            determined = [cell for cell in self.determined() if cell not in unfixable]
            if not determined:
                self.unprotected = self.determined()
                return
            picks: set[int] = set()
            handled: set[int] = set()
            for cell in determined:
                if cell in unfixable or cell in handled:
                    continue
                pick, region = self.nearest_candidate(cell)
                if pick is None:
                    # Nothing left to hide anywhere in its block but zeros and headline figures (never hidden as a
                    # secondary cell): reported in `unprotected`.
                    unfixable.update(region)
                else:
                    picks.add(pick)
                    if len(region) > 1:
                        handled.update(region)  # one far pick per region per round; audit again after it
            for pick in sorted(picks):
                self.status[pick] = "secondary"
            self.propagate(g for pick in picks for g in self.groups_of[pick])

    def headline(self, i: int) -> bool:
        """A figure without detail (whole region, all chains, no breakdown) of a quarter or longer period."""
        return self._headline[i]

    def nearest_candidate(self, cell: int) -> tuple[int | None, set[int]]:
        """The cell to hide for a determined hidden cell: the cheapest published non-zero cell (see `cost`) in its
        own groups, else in the groups reached through other hidden cells of its block, nearest first (there never
        a headline figure nor a cell more than FAR_LEVELS levels coarser than the cell: a far pick does not surely
        help, a hidden summary figure surely hurts). Also returns the hidden cells searched."""
        own = [(self.cost(p), p) for g in self.groups_of[cell] if (p := self.candidate(g)) is not None]
        if own:
            return min(own)[1], {cell}
        seen_groups: set[int] = set()
        seen_cells = {cell}
        frontier = [cell]
        status, nonzero, costs, headlines, level = self.status, self._nonzero, self._costs, self._headline, self.level
        limit = level[cell] + FAR_LEVELS
        while frontier:
            options, following = [], []
            for current in frontier:
                for g in self.groups_of[current]:
                    if g in seen_groups:
                        continue
                    seen_groups.add(g)
                    # in one pass over the members: `candidate(g, headline=False)` and the hidden cells not seen yet
                    total, parts = self.groups[g]
                    pick, pick_cost = None, None
                    for member in (total, *parts):
                        if status[member]:
                            if member not in seen_cells:
                                seen_cells.add(member)
                                following.append(member)
                        elif nonzero[member] and not headlines[member] and (pick is None or costs[member] < pick_cost):
                            pick, pick_cost = member, costs[member]
                    if pick is not None and level[pick] <= limit:
                        options.append((pick_cost, pick))
            if options:
                return min(options)[1], seen_cells
            frontier = following
        return None, seen_cells


def suppress(
    frame: pd.DataFrame,
    people_kpis: set[str] | Iterable[str],
    threshold: int = THRESHOLD,
    *,
    lang: str | None = None,
    audit: bool = True,
) -> pd.DataFrame:
    """Apply the publication rules to a long KPI table.

    `audit=False` skips the exact audit (linear algebra over blocks of hidden cells; its cost grows faster than the
    table) and applies the primary and secondary rules of the catalogue only; `result.attrs["audit"]` says which.

    `frame` has the columns of `marts.kpi_values` (at least kpi, period, municipality, chain, breakdown, value; unit
    is used when present). Returns a copy with the same rows and index where `value` stays numeric and is NaN for a
    hidden cell, plus `suppressed` (bool), `suppression` ('' | 'primary' | 'secondary' | 'derived') and `display`
    (``<5`` for a primary cell, ``x`` for any other hidden cell, else the value: formatted for `lang` 'nl'/'en'
    when given, else in the export format with '.' decimals). Only KPIs in `people_kpis` are suppressed (and the
    ratios and rates derived from them). Pass the full table, not a filtered part (see the module notes).
    """
    people = set(people_kpis)
    out = frame.copy()
    for column in ("kpi", "period", "municipality", "chain", "breakdown"):
        if column not in out.columns:
            raise KeyError(f"suppress(): column {column!r} missing")
    values = pd.to_numeric(out["value"], errors="coerce").to_numpy(dtype=float, na_value=np.nan)
    keys = [
        (str(k), str(p), str(m), str(c), "" if b is None or (isinstance(b, float) and math.isnan(b)) else str(b))
        for k, p, m, c, b in zip(
            *(out[column].tolist() for column in ("kpi", "period", "municipality", "chain", "breakdown")), strict=True
        )
    ]
    units = out["unit"].astype(str).str.lower().tolist() if "unit" in out.columns else [""] * len(out)
    status = [""] * len(out)

    # 1. primary + secondary suppression over the people counts
    count_rows = [
        i for i, key in enumerate(keys)
        if key[0] in people and not _is_derived(key[0]) and units[i] not in PERCENT_UNITS
    ]
    cells = _Cells([keys[i] for i in count_rows], values[count_rows])
    for c, value in enumerate(cells.values):
        if np.isfinite(value) and 0 < value < threshold:
            cells.status[c] = "primary"
    cells.propagate(range(len(cells.groups)))
    if audit:
        cells.protect()
    unprotected = [cells.keys[c] for c in cells.unprotected] if audit else []
    for c, i in enumerate(count_rows):
        status[i] = cells.status[c]

    # 2. rates and ratios derived from people counts
    lookup = {keys[i]: i for i in count_rows}
    for i, (kpi, period, municipality, chain, breakdown) in enumerate(keys):
        if kpi.endswith(PER_10K_SUFFIX):
            base = kpi[: -len(PER_10K_SUFFIX)]
            if base not in people:
                continue
            j = lookup.get((base, period, municipality, chain, breakdown))
            if j is None or status[j]:
                status[i] = "derived"
        elif kpi in RATIO_DEPENDENCIES:
            numerator, denominator = RATIO_DEPENDENCIES[kpi]
            if denominator not in people or not np.isfinite(values[i]):
                continue
            d = lookup.get((denominator, period, municipality, chain, breakdown))
            if d is None:
                d = lookup.get((denominator, period, municipality, chain, ""))
            hide = d is None or bool(status[d]) or not (values[d] >= threshold)
            if not hide and numerator is not None and numerator in people:
                n = lookup.get((numerator, period, municipality, chain, breakdown))
                hide = n is not None and bool(status[n])
            if not hide and numerator is None:
                implied = values[i] * values[d] / 100.0
                hide = 0.5 <= implied < threshold - 0.5
            if hide:
                status[i] = "derived"

    hidden = np.array([s != "" for s in status], dtype=bool)
    out["value"] = np.where(hidden, np.nan, values)
    out["suppressed"] = hidden
    out["suppression"] = status
    out.attrs["unprotected"] = unprotected
    out.attrs["audit"] = "exact" if audit else "rules only"
    out["display"] = [
        (PRIMARY_LABEL if s == "primary" else SECONDARY_LABEL) if s else _display(v, u, lang)
        for s, v, u in zip(status, values, units, strict=True)
    ]
    return out


def _display(value: float, unit: str, lang: str | None) -> str:
    if lang is not None:
        from pipelines.reports.formatting import format_value

        return format_value(value, unit, lang)
    if not np.isfinite(value):
        return ""
    if unit in PERCENT_UNITS:
        return f"{value:.1f}"
    if float(value).is_integer():
        return str(int(value))
    return f"{value:.6f}".rstrip("0").rstrip(".")


def suppression_groups(frame: pd.DataFrame, people_kpis: set[str] | Iterable[str]) -> list[list[tuple]]:
    """The additive groups `suppress` protects, as lists of cell keys with the total first (for audits and tests)."""
    people = set(people_kpis)
    keys = [
        (str(k), str(p), str(m), str(c), "" if b is None or (isinstance(b, float) and math.isnan(b)) else str(b))
        for k, p, m, c, b in zip(
            frame["kpi"], frame["period"], frame["municipality"], frame["chain"], frame["breakdown"], strict=True
        )
    ]
    keys = [k for k in keys if k[0] in people and not _is_derived(k[0])]
    cells = _Cells(keys, np.zeros(len(keys)))
    return [[keys[i] for i in cells.members(g)] for g in range(len(cells.groups))]


# ----------------------------------------------------------------------------------------------- output safety

# A cell starting with one of these is read as a formula by Excel, LibreOffice and Google Sheets (CSV injection).
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def neutralise_formula(value: object) -> object:
    """Prefix a text that a spreadsheet would run as a formula with an apostrophe; leave everything else as is.

    ``'=1+1'`` becomes ``"'=1+1"``; the number -5 stays -5 (only text is touched).
    """
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def neutralise_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy of `frame` with every text cell (and column name) neutralised; numbers stay numbers."""
    safe = frame.copy()
    safe.columns = [neutralise_formula(str(column)) for column in safe.columns]
    for column in safe.columns:
        series = safe[column]
        if pd.api.types.is_numeric_dtype(series) or pd.api.types.is_bool_dtype(series):
            continue
        if pd.api.types.is_datetime64_any_dtype(series):
            continue
        safe[column] = series.map(neutralise_formula).astype(object)
    return safe


_IDENTIFIER_PATTERNS = {
    "email": re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}"),
    "pseudonym": re.compile(r"\bP-[0-9a-f]{16}\b"),
    "phone": re.compile(r"(?:\+|00)32[\s./]?\d(?:[\s./]?\d){7,8}\b|\b0\d{2,3}[\s./]\d{2}[\s./]?\d{2}[\s./]?\d{2}\b"),
}


def find_personal_identifiers(text: str) -> list[tuple[str, str]]:
    """(kind, match) for every e-mail address, Belgian phone number or person pseudonym in `text`."""
    found = []
    for kind, pattern in _IDENTIFIER_PATTERNS.items():
        found.extend((kind, match) for match in pattern.findall(text))
    return found
