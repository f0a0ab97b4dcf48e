"""Small functions in the calculator subset, each aimed at one place where JS and CPython differ.

The differential tests run every function here in CPython and, compiled, in V8.
"""

import math


def floordiv_f(a: float, b: float):
    return a // b


def mod_f(a: float, b: float):
    return a % b


def floordiv_i(i: int, j: int):
    return i // j


def mod_i(i: int, j: int):
    return i % j


def truediv(a: float, b: float):
    return a / b


def truediv_i(i: int, j: int):
    return i / j


def arith_i(i: int, j: int):
    return i * j - i + j


def power_i(i: int, j: int):
    return i ** j


def power_f(a: float, j: int):
    return a ** j


def round0(a: float):
    return round(a)


def round_n(a: float, j: int):
    return round(a, j)


def round_int(i: int, j: int):
    return round(i, j)


def fixed2(a: float):
    return f"{a:.2f}|{a:,.2f}|{a:.0f}|{a:.1%}"


def float_text(a: float):
    return f"{a}"


def int_text(i: int):
    return f"{i:,d} {i}"


def floor_ceil(a: float):
    return math.floor(a), math.ceil(a), int(a)


def total(xs: list[float]):
    return sum(xs)


def total_int(ns: list[int]):
    return sum(ns)


def total_mixed(ns: list[int], xs: list[float]):
    both = []
    for n in ns:
        both.append(n)
    for x in xs:
        both.append(x)
    return sum(both, 0)


def extremes(xs: list[float]):
    return min(xs), max(xs), min(xs[0], 0.5) if xs else None


def index(xs: list[float], i: int):
    return xs[i]


def slices(xs: list[float], i: int, j: int):
    return xs[i:j], xs[::-1], xs[i:], xs[:j], xs[::2]


def truth(a: float, xs: list[float]):
    return (a and xs) or "empty", not xs, bool(a), a or 0


def chained(a: float, b: float, i: int):
    return a < b <= i, a == b != i, i in [1, 2, 3], a < i < b < 10


def lookup(d: dict, k: str):
    return d[k] * 2


def lookup_default(d: dict, k: str):
    return d.get(k, -1), k in d, len(d)


def unpack(xs: list[float]):
    a, b = xs
    return b, a


def loops(n: int):
    out = []
    i = 0
    while i < n:
        if i % 3 == 0:
            i += 1
            continue
        if i > 20:
            break
        out.append(i)
        i += 1
    squares = [k * k for k in range(n) if k % 2 == 1]
    pairs = {}
    for k, v in enumerate(out):
        pairs[str(k)] = v
    return out, squares, pairs


def helper_fn(a: float, b: float):
    def clamp(x, low, high):
        return max(low, min(x, high))

    return clamp(a, 0, 100), clamp(b, low=-1.5, high=1.5)


def raises(a: float):
    if a < 0:
        raise ValueError(f"must be zero or more, got {a:,.2f}")
    return a


def neg_zero(a: float):
    return -a, a * -1, 0.0 * a, -(a - a)


def sorted_items(xs: list[float]):
    return sorted(xs), sorted(xs, reverse=True), list(zip(xs, range(len(xs))))


def square_root(a: float):
    return math.sqrt(a), math.sqrt(abs(a))


def square_root_i(i: int):
    return math.sqrt(i)


def square_root_any(d: dict, k: str):
    return math.sqrt(d[k] - 1)


def square_root_text(k: str):
    return math.sqrt(k)


def spread(xs):
    # The variance of xs in cents, typed only by what flows in: mean is a float, so d and squares
    # are floats, found by following the assignments (the sum of squares passes 2**53).
    cents = [round(x * 100) for x in xs]
    n = len(cents)
    total = 0
    for c in cents:
        total += c
    mean = total / n
    squares = 0.0
    for c in cents:
        d = c - mean
        squares += d * d
    return squares / n


def equal_optional(i: int, j: int, a: float):
    # `==` on values that may be None, text or numbers of either kind: compiled to ===, which must
    # still answer as Python does (None == None, 1 == 1.0, None != 0, "1" != 1 is not asked).
    word = None if i % 3 == 0 else ("even" if i % 2 == 0 else "odd")
    number = None if j % 4 == 0 else j
    return [word == "even", word != "odd", word == None, number == i, number == a,  # noqa: E711
            number != None, a == i]  # noqa: E711
