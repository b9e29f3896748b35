"""Random variates for the compiled LCMCR sampler, over an explicit xoshiro256** state.

The compiled sweep draws a few hundred variates per iteration; numba's support for
``numpy.random.Generator`` works but compiles slowly (tens of seconds) and adds a call
through a function pointer per draw. These generators run on a 4-word ``uint64`` state
array that the caller seeds from a ``numpy.random.SeedSequence``, so randomness stays
explicit and reproducible. Algorithms, all from their publications:

- xoshiro256** (Blackman and Vigna 2021, "Scrambled linear pseudorandom number generators",
  ACM TOMS 47(4)) for 64-bit words, the top 53 bits for uniforms on [0, 1);
- Marsaglia's polar method for normals;
- Marsaglia and Tsang (2000, ACM TOMS 26(3)) for gammas, returned as logs;
- inversion for small means, else Hörmann's transformed rejection with squeeze for
  binomials (BTRS, 1993, J. Statist. Comput. Simul. 46) and Poissons (PTRS, 1993,
  Insurance: Mathematics and Economics 12);
- conditional binomials (or one categorical draw per item for small totals) for
  multinomials.

Without numba these are plain (slow) Python; the NumPy backend does not use them.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any, TypeVar, cast

import numpy as np
from numpy.typing import NDArray

_numba: Any
try:  # numba is optional (the ``fast`` extra)
    import numba as _numba
except ImportError:  # pragma: no cover - exercised where numba is absent
    _numba = None

HAVE_NUMBA: bool = _numba is not None

State = NDArray[np.uint64]
_F = TypeVar("_F", bound=Callable[..., Any])

_MASK_SHIFT = np.uint64(11)
_TO_UNIT = 1.0 / 9007199254740992.0  # 2**-53


def jit(func: _F) -> _F:
    """Compile ``func`` with numba (cached on disk) when numba is installed."""
    if _numba is None:
        return func
    return cast(_F, _numba.njit(cache=True)(func))


def jit_inlined(func: _F) -> _F:
    """Like :func:`jit`, but numba inlines ``func`` into its (single) caller, which saves
    compiling it twice (about a fifth of the sampler's first-use compile time)."""
    if _numba is None:
        return func
    return cast(_F, _numba.njit(cache=True, inline="always")(func))


def new_state(seed_sequence: np.random.SeedSequence) -> State:
    """A xoshiro256** state seeded from ``seed_sequence`` (never all zeros)."""
    state: State = seed_sequence.generate_state(4, dtype=np.uint64).astype(np.uint64)
    if not state.any():
        state[0] = np.uint64(1)
    return state


@jit
def _rotl(x: np.uint64, k: int) -> np.uint64:
    return (x << np.uint64(k)) | (x >> np.uint64(64 - k))


@jit
def next_word(state: State) -> np.uint64:
    """Next 64-bit output of xoshiro256**; advances ``state`` in place."""
    s0, s1, s2, s3 = state[0], state[1], state[2], state[3]
    result = _rotl(s1 * np.uint64(5), 7) * np.uint64(9)
    t = s1 << np.uint64(17)
    s2 ^= s0
    s3 ^= s1
    s1 ^= s2
    s0 ^= s3
    s2 ^= t
    s3 = _rotl(s3, 45)
    state[0], state[1], state[2], state[3] = s0, s1, s2, s3
    return result


@jit
def uniform(state: State) -> float:
    """Uniform double on [0, 1) from the top 53 bits of the next word."""
    return float(next_word(state) >> _MASK_SHIFT) * _TO_UNIT


@jit
def normal(state: State) -> float:
    """Standard normal by Marsaglia's polar method (one of the pair is used)."""
    while True:
        u = 2.0 * uniform(state) - 1.0
        v = 2.0 * uniform(state) - 1.0
        s = u * u + v * v
        if 0.0 < s < 1.0:
            return u * math.sqrt(-2.0 * math.log(s) / s)


@jit
def log_gamma(state: State, shape: float) -> float:
    """Log of a Gamma(shape, 1) draw; shape < 1 is boosted (G(shape + 1) * U**(1/shape))
    so that tiny shapes, such as a small Dirichlet process concentration, do not
    underflow to log(0)."""
    boost = 0.0
    if shape < 1.0:
        boost = math.log(1.0 - uniform(state)) / shape
        shape += 1.0
    d = shape - 1.0 / 3.0
    c = 1.0 / math.sqrt(9.0 * d)
    while True:
        x = normal(state)
        v = 1.0 + c * x
        if v <= 0.0:
            continue
        v = v * v * v
        u = uniform(state)
        x2 = x * x
        if u < 1.0 - 0.0331 * x2 * x2:
            break
        if math.log(u) < 0.5 * x2 + d * (1.0 - v + math.log(v)):
            break
    return math.log(d * v) + boost


@jit
def log_beta(state: State, a: float, b: float) -> tuple[float, float]:
    """(log x, log(1 - x)) for x ~ Beta(a, b), accurate when x is near 0 or 1.

    Closed forms when a shape is 1, Cheng's (1978) algorithm BB when both exceed 1
    ("Generating beta variates with nonintegral shape parameters", CACM 21(4)), a ratio of
    gammas otherwise."""
    if a == 1.0 or b == 1.0:
        u = 1.0 - uniform(state)  # in (0, 1]
        if a == 1.0 and b == 1.0:
            return math.log(u), math.log1p(-u) if u < 1.0 else -math.inf
        if a == 1.0:
            log_rest = math.log(u) / b
            return math.log(-math.expm1(log_rest)) if log_rest < 0.0 else -math.inf, log_rest
        log_x = math.log(u) / a
        return log_x, math.log(-math.expm1(log_x)) if log_x < 0.0 else -math.inf
    if a < 1.0 or b < 1.0:
        ga = log_gamma(state, a)
        gb = log_gamma(state, b)
        top = max(ga, gb)
        norm = top + math.log(math.exp(ga - top) + math.exp(gb - top))
        return ga - norm, gb - norm
    small = min(a, b)
    large = max(a, b)
    total = a + b
    beta = math.sqrt((total - 2.0) / (2.0 * small * large - total))
    gam = small + 1.0 / beta
    while True:
        u1 = uniform(state)
        if u1 <= 0.0:
            continue
        u2 = uniform(state)
        v = beta * math.log(u1 / (1.0 - u1))
        w = small * math.exp(v)
        z = u1 * u1 * u2
        r = gam * v - 1.3862943611198906  # log 4
        s = small + r - w
        if s + 2.6094379124341003 >= 5.0 * z:  # 1 + log 5
            break
        t = math.log(z)
        if s > t:
            break
        if r + total * math.log(total / (large + w)) >= t:
            break
    log_sum = math.log(large + w)
    log_w = math.log(small) + v
    log_large = math.log(large)
    if small == a:
        return log_w - log_sum, log_large - log_sum
    return log_large - log_sum, log_w - log_sum


@jit
def binomial(state: State, trials: int, p: float) -> int:
    """Binomial(trials, p): inversion when the mean is below 10, else BTRS."""
    if trials <= 0 or p <= 0.0:
        return 0
    if p >= 1.0:
        return trials
    flip = p > 0.5
    if flip:
        p = 1.0 - p
    q = 1.0 - p
    k = 0
    if trials * p < 10.0:
        ratio = p / q
        step = (trials + 1) * ratio
        mass = q**trials
        u = uniform(state)
        while u > mass and k < trials:
            u -= mass
            k += 1
            mass *= step / k - ratio
    else:
        spq = math.sqrt(trials * p * q)
        b = 1.15 + 2.53 * spq
        a = -0.0873 + 0.0248 * b + 0.01 * p
        c = trials * p + 0.5
        v_r = 0.92 - 4.2 / b
        scale = (2.83 + 5.1 / b) * spq
        mode = math.floor((trials + 1) * p)
        h = math.nan  # the exact bound, computed only when the squeeze fails
        while True:
            u = uniform(state) - 0.5
            v = uniform(state)
            us = 0.5 - abs(u)
            k = math.floor((2.0 * a / us + b) * u + c)
            if k < 0 or k > trials:
                continue
            if us >= 0.07 and v <= v_r:
                break
            if math.isnan(h):
                h = math.lgamma(mode + 1.0) + math.lgamma(trials - mode + 1.0)
            v = math.log(v * scale / (a / (us * us) + b))
            bound = h - math.lgamma(k + 1.0) - math.lgamma(trials - k + 1.0)
            if v <= bound + (k - mode) * math.log(p / q):
                break
    return trials - k if flip else k


@jit
def poisson(state: State, lam: float) -> int:
    """Poisson(lam): multiplication of uniforms below mean 10, else PTRS."""
    if lam <= 0.0:
        return 0
    if lam < 10.0:
        limit = math.exp(-lam)
        k = 0
        product = uniform(state)
        while product > limit:
            k += 1
            product *= uniform(state)
        return k
    slam = math.sqrt(lam)
    loglam = math.log(lam)
    b = 0.931 + 2.53 * slam
    a = -0.059 + 0.02483 * b
    inv_alpha = 1.1239 + 1.1328 / (b - 3.4)
    v_r = 0.9277 - 3.6224 / (b - 2.0)
    while True:
        u = uniform(state) - 0.5
        v = uniform(state)
        us = 0.5 - abs(u)
        k = math.floor((2.0 * a / us + b) * u + lam + 0.43)
        if us >= 0.07 and v <= v_r:
            return k
        if k < 0 or (us < 0.013 and v > us):
            continue
        lhs = math.log(v) + math.log(inv_alpha) - math.log(a / (us * us) + b)
        if lhs <= -lam + k * loglam - math.lgamma(k + 1.0):
            return k


@jit
def negative_binomial(state: State, successes: int, p: float) -> int:
    """Failures before ``successes`` successes of probability ``p``: a gamma–Poisson mix."""
    if p >= 1.0:
        return 0
    lam = math.exp(log_gamma(state, float(successes))) * (1.0 - p) / p
    return poisson(state, lam)


@jit
def multinomial(
    state: State,
    total: int,
    weights: NDArray[np.float64],
    tail: NDArray[np.float64],
    out: NDArray[np.int64],
) -> None:
    """Counts of ``total`` items over categories with probabilities proportional to
    ``weights`` (non-negative, not all zero), written into ``out``; ``tail`` is scratch."""
    size = weights.size
    acc = 0.0
    for i in range(size - 1, -1, -1):
        acc += weights[i]
        tail[i] = acc
        out[i] = 0
    if total <= size:
        # A few items: one categorical draw each is cheaper than size - 1 binomials.
        for _ in range(total):
            u = uniform(state) * tail[0]
            chosen = size - 1
            for i in range(size - 1):
                if u >= tail[i + 1]:
                    chosen = i
                    break
            while weights[chosen] <= 0.0 and chosen > 0:
                chosen -= 1
            out[chosen] += 1
        return
    remaining = total
    for i in range(size - 1):
        if remaining == 0:
            return
        if weights[i] <= 0.0:
            continue
        p = weights[i] / tail[i]
        if p >= 1.0:
            out[i] = remaining
            return
        drawn = binomial(state, remaining, p)
        out[i] = drawn
        remaining -= drawn
    out[size - 1] = remaining
