"""Next products: re-buys that are due, and products new to the customer worth a try.

Most of a next basket is re-buys (69% on the Instacart sample), so the list starts from what
the customer already buys: each product they bought gets the chance that it is in their next
order, from how often and how lately they bought it and how its time has come by their own
rhythm for it. Products new to them come from item-based collaborative filtering: cosine
similarity between products (columns of a sparse 0/1 customer x product matrix), shrunk so that
a single shared buyer counts for little; a customer's score for a product is the sum of its
similarities to what they bought. Both chances are
learned from the shop itself, by hiding each customer's last order and asking what was in it,
so the five slots go to whichever is likelier: a new product is shown only when it beats the
next re-buy. Customers with a single order get, as their one next best product, the most
popular product of their segment they do not have.
"""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
from scipy import sparse
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

from analytics.membership import is_in, positions

TOP_N = 5
# Similarities are scored from a dense table up to this size (2,500 products), or beyond it when
# they are so full that the sparse table is nearly as large: on UCI Online Retail, 3,848 products
# of which 58% of pairs share a buyer, 103 MB sparse against 118 MB dense, and scoring every
# customer took 3.0 s sparse, 1.5 s dense. Never above DENSE_MAX_BYTES (about 4,100 products):
# the dense table is held beside the sparse one while scoring, and a job's memory is capped.
DENSE_BYTES = 2_500 * 2_500 * 8
DENSE_OVER_SPARSE = 1.25
DENSE_MAX_BYTES = 128 << 20
SIMILARITY_SHRINK = 5.0  # chosen on the Instacart sample's second-to-last orders (bench/next_basket --tune)


class ItemSimilarityRecommender:
    """fit(purchases) with columns customer_id, product; recommend(customers) -> top products.

    Two products are as similar as their shared buyers over sqrt(buyers of one x buyers of the
    other) + shrink: cosine, shrunk so that a product whose one buyer also bought theirs does not
    outrank a product that many of their product's buyers take (a lone shared buyer is chance).
    Similarities are not cut to each product's nearest few: on the Instacart sample that dropped
    the popular products a niche product's buyers also take, and new-item hits fell from 8.9% to 6.9%."""

    def __init__(self, shrink: float = SIMILARITY_SHRINK):
        self.shrink = shrink

    def fit(self, purchases: pd.DataFrame) -> ItemSimilarityRecommender:
        purchases = purchases.dropna(subset=["customer_id", "product"])
        customer_codes, self.customers_ = pd.factorize(purchases["customer_id"], sort=True)
        product_codes, self.products_ = pd.factorize(purchases["product"], sort=True)
        self.matrix_ = _bought(customer_codes, product_codes, (len(self.customers_), len(self.products_)))
        buyers = np.asarray(self.matrix_.sum(axis=0)).ravel()
        similarity = self.matrix_.T.tocsr() @ self.matrix_  # CSR x CSR: no conversion of the large result
        similarity.setdiag(0)
        similarity.eliminate_zeros()
        # sqrt(buyers of one x buyers of the other) + shrink, worked out in two arrays the size of
        # the pairs, not five: on UCI Online Retail (8.6 million pairs) each fresh array cost more
        # to be handed its memory than to be computed.
        scale = np.repeat(buyers, np.diff(similarity.indptr))
        np.multiply(scale, buyers[similarity.indices], out=scale)
        np.sqrt(scale, out=scale)
        scale += self.shrink
        similarity.data /= scale
        self.similarity_ = similarity
        self.popularity_ = pd.Series(buyers, index=self.products_)
        return self

    def candidates(self, customer_ids=None, n: int = TOP_N) -> pd.DataFrame:
        """Up to n unseen products per known customer with a positive score: customer_id, product,
        score (sum of similarities to what they bought), share (of their whole score), sorted by
        customer, best first. Scored a block of customers at a time so a large shop never holds a
        dense customers x products table (dense blocks: the scores of a shop whose customers buy
        across the catalogue are too full for sparse arithmetic to pay)."""
        rows = np.arange(len(self.customers_)) if customer_ids is None else \
            pd.Index(self.customers_).get_indexer(pd.Index(customer_ids))
        rows = np.sort(rows[rows >= 0])
        block = max(1, 2_000_000 // max(len(self.products_), 1))
        k = min(n, len(self.products_))
        found_rows, found_products, found_scores, found_shares = [], [], [], []
        # A sparse x dense product is several times faster than sparse x sparse made dense after.
        similarity = self.similarity_.toarray() if _dense_pays(self.similarity_) else self.similarity_
        for start in range(0, len(rows), block):
            chunk = rows[start:start + block]
            bought = self.matrix_[chunk]
            scores = bought @ similarity
            scores = scores.toarray() if sparse.issparse(scores) else np.asarray(scores)
            scores[bought.nonzero()] = 0.0
            total = scores.sum(axis=1, keepdims=True)
            top = np.argpartition(-scores, k - 1, axis=1)[:, :k] if k < scores.shape[1] else \
                np.tile(np.arange(scores.shape[1]), (len(chunk), 1))
            picked = np.take_along_axis(scores, top, axis=1)
            keep = picked > 0
            found_rows.append(np.repeat(chunk, k)[keep.ravel()])
            found_products.append(top[keep])
            found_scores.append(picked[keep])
            found_shares.append((picked / np.maximum(total, 1e-12))[keep])
        row, product, score, share = (np.concatenate(parts) if parts else np.zeros(0, dtype=int)
                                      for parts in (found_rows, found_products, found_scores, found_shares))
        order = np.lexsort((product, -score, row))  # rows and products are codes in sorted order
        return pd.DataFrame({"customer_id": self.customers_[row[order]], "product": self.products_[product[order]],
                             "score": score[order].astype(float), "share": share[order].astype(float)})

    def recommend(self, customer_ids, n: int = TOP_N) -> dict[str, list[str]]:
        """Top-n unseen products per known customer with any similar product (others omitted)."""
        found = self.candidates(customer_ids, n)
        customers = found["customer_id"].to_numpy()
        starts = np.flatnonzero(np.r_[True, customers[1:] != customers[:-1]]) if len(found) else []
        products = np.split(found["product"].to_numpy(), starts[1:]) if len(found) else []
        return {customers[start]: list(names) for start, names in zip(starts, products)}


def _dense_pays(similarity: sparse.csr_matrix) -> bool:
    """Whether to score from the similarities as a dense table (DENSE_BYTES says when)."""
    dense = similarity.shape[0] * similarity.shape[1] * similarity.dtype.itemsize
    held = similarity.data.nbytes + similarity.indices.nbytes + similarity.indptr.nbytes
    return dense <= DENSE_BYTES or (dense <= DENSE_MAX_BYTES and dense <= DENSE_OVER_SPARSE * held)


def popular_in_segment(
    purchases: pd.DataFrame, segments: pd.Series, customers=None, n: int = TOP_N
) -> dict[str, list[str]]:
    """For each customer (all in `segments` unless named), the most bought products of their
    segment that they do not have, topped up with the shop's bestsellers."""
    purchases = purchases.dropna(subset=["customer_id", "product"])
    wanted = np.arange(len(segments)) if customers is None else \
        np.flatnonzero(is_in(segments.index, pd.Index(list(customers), dtype=segments.index.dtype)))
    codes = _customer_codes(purchases["customer_id"], segments.index)
    picks = _popular(codes, purchases["product"], segments.to_numpy(object), wanted, n)
    return dict(zip(segments.index[wanted], picks))


def _customer_codes(customer_ids: pd.Series, known: pd.Index) -> np.ndarray:
    """Each row's customer as its position in `known`; customers not in it get the numbers after.

    Matching text once and working on integers after: the group-bys, look-ups and sparse
    matrices of the recommenders took several seconds on text at 200,000 customers."""
    codes = positions(customer_ids, known)
    unknown = codes < 0
    if unknown.any():
        codes[unknown] = len(known) + pd.factorize(customer_ids[unknown])[0]
    return codes


def _bought(customer_codes: np.ndarray, product_codes: np.ndarray, shape: tuple[int, int]) -> sparse.csr_matrix:
    """The customer x product 0/1 table of who bought what (a product bought twice counts once)."""
    matrix = sparse.csr_matrix((np.ones(len(customer_codes)), (customer_codes, product_codes)), shape=shape)
    matrix.data[:] = 1.0  # duplicates were summed
    return matrix


def _popular(customer_codes: np.ndarray, product: pd.Series, segment_of: np.ndarray, wanted: np.ndarray,
             n: int) -> list[list[str]]:
    """popular_in_segment on customer codes (segment_of: the segment of codes 0.., wanted: codes).

    One pass per segment over a customers x candidates table: a segment's ranking is the same
    for all its members, so only its first few (n plus the most any member already owns) matter."""
    if len(wanted) == 0 or len(customer_codes) == 0:
        return [[] for _ in wanted]
    product_codes, products = pd.factorize(product, sort=True)  # codes in name order
    customers = int(max(customer_codes.max() + 1, len(segment_of)))
    owned = _bought(customer_codes, product_codes, (customers, len(products)))
    owners, owned_products = owned.nonzero()
    overall = np.bincount(owned_products, minlength=len(products))
    segment_of = np.concatenate([segment_of, np.full(customers - len(segment_of), _NO_SEGMENT, dtype=object)])
    segment_codes, _ = pd.factorize(pd.Series(segment_of, dtype=object).fillna(_NO_SEGMENT))
    owner_segment, wanted_segment = segment_codes[owners], segment_codes[wanted]
    names = products.to_numpy(object)
    out: list = [None] * len(wanted)
    for segment in np.unique(wanted_segment):
        in_segment = np.bincount(owned_products[owner_segment == segment], minlength=len(products))
        ranking = np.lexsort((np.arange(len(products)), -overall, -in_segment))
        members = np.flatnonzero(wanted_segment == segment)
        have = owned[wanted[members]]
        depth = min(len(products), n + int(np.diff(have.indptr).max(initial=0)))
        first = ranking[:depth]
        free = have[:, first].toarray() == 0
        pick = free & (np.cumsum(free, axis=1) <= n)
        chosen = names[first][np.nonzero(pick)[1]].tolist()
        ends = np.cumsum(pick.sum(axis=1)).tolist()
        for member, start, end in zip(members.tolist(), [0, *ends[:-1]], ends):
            out[member] = chosen[start:end]
    return out


_NO_SEGMENT = "\x00none"


def next_best_products(purchases: pd.DataFrame, segments: pd.Series, order_counts: pd.Series) -> pd.Series:
    """The single next best product per customer: CF for repeat buyers, segment popularity otherwise."""
    if purchases.empty:
        return pd.Series(dtype=object)
    purchases = purchases.dropna(subset=["customer_id", "product"])
    codes = _customer_codes(purchases["customer_id"], segments.index)
    recommender = ItemSimilarityRecommender().fit(pd.DataFrame({"customer_id": codes,
                                                                "product": purchases["product"].to_numpy()}))
    repeat = positions(order_counts.index[(order_counts > 1).to_numpy()], segments.index)
    cf = recommender.candidates(repeat[repeat >= 0], n=1)
    picks = np.full(len(segments), np.nan, dtype=object)
    picks[cf["customer_id"].to_numpy(np.int64)] = cf["product"].to_numpy(object)
    rest = np.setdiff1d(np.arange(len(segments)), cf["customer_id"].to_numpy(np.int64))
    for customer, names in zip(rest, _popular(codes, purchases["product"], segments.to_numpy(object), rest, 1)):
        if names:
            picks[customer] = names[0]
    return pd.Series(picks, index=segments.index, dtype=object)


REBUY = "re-buy"
NEW = "new"
RECENCY_DECAY = 0.8  # weight of an order relative to the one after it, when counting how often
NEW_CANDIDATES = 20  # new products per customer, from CF, that compete for the slots
MIN_LEARNING_CUSTOMERS = 30  # customers with a hidden last order needed to learn the chances
PICK_COLUMNS = ["customer_id", "product", "kind", "chance", "every_days", "days_since"]
_REBUY_INPUTS = ["recent_share", "share", "due", "in_last_order", "times", "orders"]
_NEW_INPUTS = ["similarity", "similarity_share", "popularity", "orders"]
_EPOCH = pd.Timestamp("1970-01-01", tz="UTC")


def next_products(purchases: pd.DataFrame, *, as_of: pd.Timestamp | None = None, n: int = TOP_N) -> pd.DataFrame:
    """Up to `n` products per customer, likeliest first (PICK_COLUMNS): kind is "re-buy" or "new",
    chance the learned chance it is in their next order; for re-buys, every_days is their usual
    gap for it and days_since the days since they last bought it (as of `as_of`).

    `purchases` has one row per order line: customer_id, order_id, ordered_at, product. Without
    `as_of`, each customer's next order is expected one usual gap after their last.
    """
    ranked, customers, products = _ranked_codes(purchases, as_of)
    return _named(ranked[_position_within(ranked["customer_id"].to_numpy()) < n], customers, products)


def ranked_candidates(purchases: pd.DataFrame, *, as_of: pd.Timestamp | None = None,
                      shrink: float = SIMILARITY_SHRINK) -> pd.DataFrame:
    """Every re-buy and up to NEW_CANDIDATES new products per customer with their chance,
    sorted by customer, likeliest first (`shrink`: of the similarity, for the bench to tune)."""
    return _named(*_ranked_codes(purchases, as_of, shrink))


def _ranked_codes(purchases: pd.DataFrame, as_of,
                  shrink: float = SIMILARITY_SHRINK) -> tuple[pd.DataFrame, pd.Index, pd.Index]:
    """ranked_candidates with customers and products as codes into the two indexes returned:
    next_products names only the few it keeps (on a million orders, naming every candidate
    and dropping most cost a second)."""
    known = purchases.dropna(subset=["customer_id", "product"])
    customer_codes, customers = pd.factorize(known["customer_id"])
    product_codes, products = pd.factorize(known["product"])
    lines = order_lines(pd.DataFrame({  # integer codes: grouping and matching on text is many times slower
        "customer_id": customer_codes, "order_id": pd.factorize(known["order_id"])[0],
        "ordered_at": known["ordered_at"].array, "product": product_codes}))
    if lines.empty:
        return pd.DataFrame(columns=_CODED_COLUMNS), customers, products
    history, hidden = split_last_order(lines)
    rebuy_model = new_model = None
    if hidden["customer_id"].nunique() >= MIN_LEARNING_CUSTOMERS:
        bought = pd.MultiIndex.from_frame(hidden[["customer_id", "product"]])
        learning = history[history["customer_id"].isin(hidden["customer_id"])]
        past = rebuy_candidates(learning)
        rebuy_model = _learn(past[_REBUY_INPUTS], _in(past, bought))
        past = new_candidates(learning, shrink)
        new_model = _learn(past[_NEW_INPUTS], _in(past, bought))
    rebuys = rebuy_candidates(lines, as_of=as_of)
    new = new_candidates(lines, shrink)
    no_rhythm = np.full(len(new), np.nan)
    both = pd.DataFrame({
        "customer_id": np.r_[rebuys["customer_id"].to_numpy(), new["customer_id"].to_numpy()],
        "product": np.r_[rebuys["product"].to_numpy(), new["product"].to_numpy()],
        "new": np.r_[np.zeros(len(rebuys), dtype=bool), np.ones(len(new), dtype=bool)],
        "chance": np.r_[_chance(rebuy_model, rebuys[_REBUY_INPUTS], rebuys["recent_share"]),
                        _chance(new_model, new[_NEW_INPUTS], 1e-6 * new["similarity_share"])],  # unlearned: fill only
        "every_days": np.r_[rebuys["every_days"].to_numpy(float), no_rhythm],
        "days_since": np.r_[rebuys["days_since"].to_numpy(float), no_rhythm],
    })
    order = np.lexsort((both["product"].to_numpy(), -both["chance"].to_numpy(float), both["customer_id"].to_numpy()))
    return both.take(order), customers, products


_CODED_COLUMNS = ["customer_id", "product", "new", "chance", "every_days", "days_since"]


def _named(ranked: pd.DataFrame, customers: pd.Index, products: pd.Index) -> pd.DataFrame:
    """Coded candidates as PICK_COLUMNS, with names, kinds and rounded numbers."""
    if ranked.empty:
        return pd.DataFrame(columns=PICK_COLUMNS)
    return pd.DataFrame({
        "customer_id": customers.take(ranked["customer_id"].to_numpy(np.int64)),
        "product": products.take(ranked["product"].to_numpy(np.int64)),
        "kind": pd.array(np.where(ranked["new"].to_numpy(bool), NEW, REBUY).astype(object), dtype="str"),
        "chance": ranked["chance"].to_numpy(float).round(4),
        "every_days": ranked["every_days"].to_numpy(float).round(),
        "days_since": ranked["days_since"].to_numpy(float).round(),
    })


def top_within(ranked: pd.DataFrame, n: int) -> pd.DataFrame:
    """The first n rows of each customer in a table sorted by customer."""
    return ranked[_position_within(ranked["customer_id"].to_numpy()) < n].reset_index(drop=True)


def joined_names(picks: pd.DataFrame) -> pd.Series:
    """Each customer's next products as one text, "Soap | Candle", for a spreadsheet column
    (picks sorted by customer, as next_products gives them)."""
    if picks.empty:
        return pd.Series(dtype=object)
    return pd.concat([_joined_per_customer(chunk["customer_id"].to_numpy(), chunk["product"].to_numpy(object).tolist(),
                                           " | ") for chunk in _by_customers(picks)])


PICKS_PER_CHUNK = 100_000


def _by_customers(picks: pd.DataFrame):
    """Picks (sorted by customer) in chunks of about PICKS_PER_CHUNK rows, never splitting a
    customer: the texts made for a million picks at once took 300 MB more than for a tenth."""
    customers = picks["customer_id"].to_numpy()
    starts = np.flatnonzero(np.r_[True, customers[1:] != customers[:-1]])
    first_at_or_after = np.searchsorted(starts, np.arange(0, len(picks), PICKS_PER_CHUNK))
    cuts = np.unique(starts[first_at_or_after[first_at_or_after < len(starts)]])
    for begin, end in zip(cuts.tolist(), [*cuts[1:].tolist(), len(picks)]):
        yield picks.iloc[begin:end]


def _joined_per_customer(customers: np.ndarray, texts: list[str], separator: str) -> pd.Series:
    """The texts of each run of one customer (customers sorted) joined, indexed by customer."""
    starts = np.flatnonzero(np.r_[True, customers[1:] != customers[:-1]])
    joined = [separator.join(texts[a:b]) for a, b in zip(starts.tolist(), np.r_[starts[1:], len(texts)].tolist())]
    return pd.Series(joined, index=customers[starts], dtype=object)


def picks_as_json(picks: pd.DataFrame) -> pd.Series:
    """Each customer's next products (picks sorted by customer, as next_products gives them) as
    one JSON list, to store with the run so /recommend reads them instead of analysing the whole
    shop again (`picks_from_json` reads it back).

    Each pick is a list [product, kind, chance, every_days, days_since], not an object with
    those keys: the keys were 40% of a stored score row, which was most of what storing a run
    wrote. Written as text rather than with `json.dumps` per pick (0.7 s for 15,000 customers,
    10 s for 200,000): each distinct name, kind and number is written once, as `json.dumps`
    writes it, and the picks look theirs up."""
    if picks.empty:
        return pd.Series(dtype=object)
    return pd.concat([_chunk_as_json(chunk) for chunk in _by_customers(picks)])


def _chunk_as_json(picks: pd.DataFrame) -> pd.Series:
    product, kind, chance, every, since = (_json_texts(picks[column]) for column in PICK_COLUMNS[1:])
    texts = [f"[{a},{b},{c},{d},{e}]" for a, b, c, d, e in zip(product, kind, chance, every, since)]
    return "[" + _joined_per_customer(picks["customer_id"].to_numpy(), texts, ",") + "]"


def _json_texts(column: pd.Series) -> list[str]:
    """Each value as JSON text, a missing one as null: a column holds few distinct values."""
    codes, distinct = pd.factorize(column)  # -0.0 and 0.0 are one value, written 0.0
    written = np.array([json.dumps(float(value) + 0.0 if isinstance(value, float) else value, ensure_ascii=False)
                        for value in distinct.to_numpy(object)] + ["null"], dtype=object)
    return written[codes].tolist()  # code -1 (missing) takes the last: null


def picks_from_json(text: str | None) -> list[dict]:
    """The stored picks of one customer as {product, kind, chance, every_days, days_since}
    (empty for none, or a run stored before they were; runs stored before picks were written
    as lists hold those objects themselves)."""
    return [pick if isinstance(pick, dict) else dict(zip(PICK_COLUMNS[1:], pick))
            for pick in json.loads(text)] if text else []


def order_lines(purchases: pd.DataFrame) -> pd.DataFrame:
    """One row per order and product, with the order's day number and how many orders ago it was."""
    lines = purchases.dropna(subset=["customer_id", "product"]).drop_duplicates(["order_id", "product"])
    day = (pd.to_datetime(lines["ordered_at"], utc=True) - _EPOCH) / pd.Timedelta(days=1)
    lines = pd.DataFrame({"customer_id": lines["customer_id"].to_numpy(), "order_id": lines["order_id"].to_numpy(),
                          "product": lines["product"].to_numpy(), "day": day.to_numpy(float)})
    return _with_ages(lines)


def _with_ages(lines: pd.DataFrame) -> pd.DataFrame:
    orders = lines.drop_duplicates("order_id").sort_values(["customer_id", "day", "order_id"], kind="stable")
    position = _position_within(orders["customer_id"].to_numpy())
    count = orders.groupby("customer_id", sort=False)["order_id"].transform("size").to_numpy()
    age = pd.Series(count - 1 - position, index=orders["order_id"].to_numpy())
    return lines.assign(age=lines["order_id"].map(age).to_numpy())


def split_last_order(lines: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Each repeat customer's last order apart from the rest (ages recounted), to learn from."""
    repeat = lines.groupby("customer_id", sort=False)["age"].transform("max").to_numpy() > 0
    last = repeat & (lines["age"].to_numpy() == 0)
    return _with_ages(lines[~last].drop(columns="age")), lines[last]


def rebuy_candidates(lines: pd.DataFrame, *, as_of: pd.Timestamp | None = None) -> pd.DataFrame:
    """Every product each customer bought, with how often, how lately, and how due it is.

    Due compares the time from their last purchase of it to their expected next order with
    their usual gap for it: its own gap if bought twice or more, else their span over its count.
    """
    customers, customer_of = np.unique(lines["customer_id"].to_numpy(), return_inverse=True)
    day, age = lines["day"].to_numpy(float), lines["age"].to_numpy()
    orders = ~lines["order_id"].duplicated().to_numpy()
    first_day, last_day = _group_min(customer_of[orders], day[orders], len(customers)), \
        -_group_min(customer_of[orders], -day[orders], len(customers))
    per_customer = pd.DataFrame({"orders": np.bincount(customer_of[orders], minlength=len(customers)),
                                 "first_day": first_day, "last_day": last_day}, index=customers)
    spans = per_customer["last_day"] - per_customer["first_day"]
    gap = (spans / (per_customer["orders"] - 1).where(per_customer["orders"] > 1))
    gap = gap.fillna(gap.median() if gap.notna().any() else 30.0).clip(lower=1)
    today = per_customer["last_day"] if as_of is None else \
        pd.Series((pd.Timestamp(as_of) - _EPOCH) / pd.Timedelta(days=1), index=per_customer.index)
    per_customer["next_day"] = np.maximum(per_customer["last_day"] + gap, today)
    per_customer["today"] = today
    # One row per customer and product, reduced with integer pair codes (no pandas group-by).
    product_codes, products = pd.factorize(lines["product"])
    pair_codes, pair_of = np.unique(customer_of.astype(np.int64) * max(len(products), 1) + product_codes,
                                    return_inverse=True)
    pair_customer = pair_codes // max(len(products), 1)
    pairs = pd.DataFrame({
        "customer_id": customers[pair_customer], "product": products.take(pair_codes % max(len(products), 1)),
        "times": np.bincount(pair_of, minlength=len(pair_codes)),
        "weight": np.bincount(pair_of, weights=RECENCY_DECAY ** age.astype(float), minlength=len(pair_codes)),
        "first": _group_min(pair_of, day, len(pair_codes)), "last": -_group_min(pair_of, -day, len(pair_codes)),
        "newest": _group_min(pair_of, age.astype(float), len(pair_codes)),
    })
    pairs = pd.concat([pairs, per_customer.iloc[pair_customer].reset_index(drop=True)], axis=1)
    n, times = pairs["orders"].to_numpy(float), pairs["times"].to_numpy(float)
    own_gap = (pairs["last"] - pairs["first"]) / (pairs["times"] - 1).where(pairs["times"] > 1)
    usual = own_gap.fillna((pairs["next_day"] - pairs["first_day"]) / pairs["times"]).clip(lower=1)
    return pd.DataFrame({
        "customer_id": pairs["customer_id"], "product": pairs["product"],
        "recent_share": pairs["weight"] / ((1 - RECENCY_DECAY ** n) / (1 - RECENCY_DECAY)),
        "share": times / n,
        "due": np.log(((pairs["next_day"] - pairs["last"]) / usual).clip(0.05, 20)),
        "in_last_order": (pairs["newest"] == 0).astype(float),
        "times": np.log1p(times), "orders": np.log(n),
        "every_days": own_gap, "days_since": pairs["today"] - pairs["last"],
    })


def _group_min(groups: np.ndarray, values: np.ndarray, count: int) -> np.ndarray:
    """The smallest value of each group 0..count-1 (every group occurs)."""
    out = np.full(count, np.inf)
    np.minimum.at(out, groups, values)
    return out


def new_candidates(lines: pd.DataFrame, shrink: float = SIMILARITY_SHRINK) -> pd.DataFrame:
    """Products each customer never bought that are most like what they did buy (item CF)."""
    recommender = ItemSimilarityRecommender(shrink).fit(lines)
    found = recommender.candidates(n=NEW_CANDIDATES)
    orders = lines.drop_duplicates("order_id").groupby("customer_id", sort=False).size()
    return pd.DataFrame({
        "customer_id": found["customer_id"].to_numpy(), "product": found["product"].to_numpy(),
        "similarity": np.log1p(found["score"].to_numpy(float)),
        "similarity_share": found["share"].to_numpy(float),
        "popularity": np.log1p(found["product"].map(recommender.popularity_).to_numpy(float)),
        "orders": np.log(found["customer_id"].map(orders).to_numpy(float)),
    })


def _learn(inputs: pd.DataFrame, bought: np.ndarray):
    """A calibrated chance of being in the next order, or None with too few examples of both."""
    if len(inputs) == 0 or min(bought.sum(), len(bought) - bought.sum()) < 5:
        return None
    return make_pipeline(StandardScaler(), LogisticRegression(max_iter=2000)).fit(inputs, bought)


def _chance(model, inputs: pd.DataFrame, fallback: pd.Series) -> np.ndarray:
    if model is None or len(inputs) == 0:
        return np.asarray(fallback, dtype=float)
    return model.predict_proba(inputs)[:, 1]


def _in(pairs: pd.DataFrame, bought: pd.MultiIndex) -> np.ndarray:
    return pd.MultiIndex.from_frame(pairs[["customer_id", "product"]]).isin(bought)


def _position_within(groups: np.ndarray) -> np.ndarray:
    """0, 1, 2, ... within each run of equal values of a sorted array."""
    if len(groups) == 0:
        return np.zeros(0, dtype=np.int64)
    starts = np.r_[True, groups[1:] != groups[:-1]]
    start_index = np.maximum.accumulate(np.where(starts, np.arange(len(groups)), 0))
    return np.arange(len(groups)) - start_index
