// Helpers that give compiled calculators CPython's semantics. Each helper starts with a line
// `//@ name: dependency, dependency` and runs to the next such line; a compiled module carries
// only the helpers it uses (and theirs). `@@KEY@@` placeholders are CPython's own messages,
// filled in by the compiler from the Python it runs on (some changed between versions).

//@ PyError
class PyError extends Error {
  constructor(type, message) { super(`${type}: ${message}`); this.pytype = type; this.pymessage = message; }
}

//@ py_err: PyError
function py_err(type, message) { throw new PyError(type, message); }

//@ py_type: py_isint
function py_type(x) {
  if (x === null || x === undefined) return "NoneType";
  if (typeof x === "boolean") return "bool";
  if (typeof x === "number") return py_isint(x) ? "int" : "float";
  if (typeof x === "string") return "str";
  if (Array.isArray(x)) return Object.isFrozen(x) ? "tuple" : "list";
  if (x instanceof Map) return "dict";
  if (typeof PyRange !== "undefined" && x instanceof PyRange) return "range";
  return "function";
}

//@ py_isint: 
// Whether a number may be a Python int: integral and safe (a larger int would have been refused,
// so a larger integral number is a float), and not -0.0 (an int has no negative zero).
function py_isint(x) { return typeof x === "boolean" || (Number.isSafeInteger(x) && !Object.is(x, -0)); }

//@ py_isnum: 
function py_isnum(x) { return typeof x === "number" || typeof x === "boolean"; }

//@ py_int: py_err
// An integer result JavaScript cannot hold exactly is refused rather than silently changed.
function py_int(r) {
  if (!Number.isSafeInteger(r)) py_err("OverflowError", "integer result beyond 2**53 cannot be computed exactly in JavaScript");
  return r === 0 ? 0 : r;
}

//@ py_chk: py_int, py_isint
// Result of an operation whose operand types are not known statically: integral operands mean ints.
function py_chk(r, a, b) { return py_isint(a) && py_isint(b) ? py_int(r) : r; }

//@ py_binerr: py_type, py_err
function py_binerr(op, a, b) {
  py_err("TypeError", `unsupported operand type(s) for ${op}: '${py_type(a)}' and '${py_type(b)}'`);
}

//@ py_add: py_isnum, py_chk, py_binerr
function py_add(a, b) {
  if (py_isnum(a) && py_isnum(b)) return py_chk(+a + +b, a, b);
  if (typeof a === "string" && typeof b === "string") return a + b;
  if (Array.isArray(a) && Array.isArray(b) && Object.isFrozen(a) === Object.isFrozen(b)) {
    const r = a.concat(b); return Object.isFrozen(a) ? Object.freeze(r) : r;
  }
  return py_binerr("+", a, b);
}

//@ py_sub: py_isnum, py_chk, py_binerr
function py_sub(a, b) { return py_isnum(a) && py_isnum(b) ? py_chk(a - b, a, b) : py_binerr("-", a, b); }

//@ py_mul: py_isnum, py_chk, py_binerr, py_int, py_isint, py_err, py_type
function py_mul(a, b) {
  if (py_isnum(a) && py_isnum(b)) return py_chk(a * b, a, b);
  if (py_isnum(b) && (typeof a === "string" || Array.isArray(a))) [a, b] = [b, a];
  // Only an int repeats a sequence: a whole float past 2**53 is a float (see py_isint).
  if (py_isnum(a) && !py_isint(a) && (typeof b === "string" || Array.isArray(b))) {
    py_err("TypeError", `can't multiply sequence by non-int of type '${py_type(a)}'`);
  }
  if (py_isnum(a) && (typeof b === "string" || Array.isArray(b))) {
    const n = Math.max(0, +a);
    if (typeof b === "string") return b.repeat(py_int(n * b.length) / (b.length || 1));
    const r = []; for (let i = 0; i < n; i++) r.push(...b);
    return Object.isFrozen(b) ? Object.freeze(r) : r;
  }
  return py_binerr("*", a, b);
}

//@ py_num: py_isnum, py_binerr
function py_num(op, a, b) { if (!py_isnum(a) || !py_isnum(b)) py_binerr(op, a, b); }

//@ py_truediv: py_num, py_err, py_isint
function py_truediv(a, b, f) {
  py_num("/", a, b);
  if (+b === 0) py_err("ZeroDivisionError", f || !py_isint(a) || !py_isint(b) ? "@@div_float@@" : "@@div_int@@");
  return a / b;
}

//@ py_div: py_err
// a / b for numbers of known type (`ints`: both are ints, for CPython's message).
function py_div(a, b, ints) {
  if (+b === 0) py_err("ZeroDivisionError", ints ? "@@div_int@@" : "@@div_float@@");
  return a / b;
}

//@ py_idiv: py_err
// a // b for two ints below 2**53: the double quotient never rounds across an integer there.
function py_idiv(a, b) {
  if (b === 0) py_err("ZeroDivisionError", "@@floordiv_int@@");
  return Math.floor(a / b) + 0;
}

//@ py_imod: py_err
// a % b for two ints: the sign of b, as in Python.
function py_imod(a, b) {
  if (b === 0) py_err("ZeroDivisionError", "@@mod_int@@");
  const r = a % b;
  return r !== 0 && (r < 0) !== (b < 0) ? r + b : r + 0;
}

//@ py_floordiv: py_num, py_err, py_int, py_isint
// CPython: ints divide exactly; floats follow float_floor_div (fmod, then correct the quotient).
function py_floordiv(a, b, f) {
  py_num("//", a, b);
  const isf = f || !py_isint(a) || !py_isint(b);
  a = +a; b = +b;
  if (b === 0) py_err("ZeroDivisionError", isf ? "@@floordiv_float@@" : "@@floordiv_int@@");
  if (!isf) {
    const r = a % b; let q = (a - r) / b;
    if (r !== 0 && (r < 0) !== (b < 0)) q -= 1;
    return py_int(q);
  }
  let mod = a % b, div = (a - mod) / b;
  // In C (and so in CPython) NaN is true: test against zero, not truthiness.
  if (mod !== 0) { if ((b < 0) !== (mod < 0)) { mod += b; div -= 1; } }
  if (div !== 0) { let fl = Math.floor(div); if (div - fl > 0.5) fl += 1; return fl; }
  return Math.sign(a / b) < 0 || Object.is(a / b, -0) ? -0 : 0;
}

//@ py_mod: py_num, py_err, py_int, py_isint
function py_mod(a, b, f) {
  py_num("%", a, b);
  const isf = f || !py_isint(a) || !py_isint(b);
  a = +a; b = +b;
  if (b === 0) py_err("ZeroDivisionError", isf ? "@@mod_float@@" : "@@mod_int@@");
  let mod = a % b;
  if (!isf) { if (mod !== 0 && (mod < 0) !== (b < 0)) mod += b; return py_int(mod); }
  if (mod !== 0) { if ((b < 0) !== (mod < 0)) mod += b; } else { mod = b < 0 ? -0 : 0; }
  return mod;
}

//@ py_pow: py_num, py_err, py_int, py_isint
function py_pow(a, b, f) {
  py_num("**", a, b);
  const ints = !f && py_isint(a) && py_isint(b);
  a = +a; b = +b;
  if (ints && b >= 0) {
    const r = BigInt(a) ** BigInt(b);
    if (r > 9007199254740991n || r < -9007199254740991n) py_int(Infinity);
    return Number(r);
  }
  if (a === 0 && b < 0) py_err("ZeroDivisionError", "@@pow_zero@@");
  if (a < 0 && !Number.isInteger(b)) py_err("ValueError", "a negative number to a fractional power has a complex result, which calculators do not support");
  const r = Math.pow(a, b);
  if (!Number.isFinite(r) && Number.isFinite(a) && Number.isFinite(b)) py_err("OverflowError", "(34, 'Numerical result out of range')");
  return r;
}

//@ py_neg: py_isnum, py_err, py_type
function py_neg(a, isint) {
  if (!py_isnum(a)) py_err("TypeError", `bad operand type for unary -: '${py_type(a)}'`);
  const r = -a; return isint && r === 0 ? 0 : r;
}

//@ py_bool: 
function py_bool(x) {
  if (x === null || x === undefined) return false;
  if (typeof x === "boolean") return x;
  if (typeof x === "number") return x !== 0;
  if (typeof x === "string" || Array.isArray(x)) return x.length > 0;
  if (x instanceof Map) return x.size > 0;
  if (typeof PyRange !== "undefined" && x instanceof PyRange) return x.length > 0;
  return true;
}

//@ py_eq: 
function py_eq(a, b) {
  if ((typeof a === "number" || typeof a === "boolean") && (typeof b === "number" || typeof b === "boolean")) return +a === +b;
  if (Array.isArray(a) && Array.isArray(b)) {
    if (Object.isFrozen(a) !== Object.isFrozen(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!py_eq(a[i], b[i])) return false;
    return true;
  }
  if (a instanceof Map && b instanceof Map) {
    if (a.size !== b.size) return false;
    for (const [k, v] of a) if (!b.has(k) || !py_eq(v, b.get(k))) return false;
    return true;
  }
  return a === b || (a == null && b == null);
}

//@ py_lt: py_isnum, py_eq, py_err, py_type
// Python's <: numbers with numbers, strings by code point, lists and tuples item by item.
function py_lt(a, b, op = "<") {
  if (py_isnum(a) && py_isnum(b)) return +a < +b;
  if (typeof a === "string" && typeof b === "string") {
    const x = Array.from(a), y = Array.from(b);
    for (let i = 0; i < Math.min(x.length, y.length); i++) {
      if (x[i] !== y[i]) return x[i].codePointAt(0) < y[i].codePointAt(0);
    }
    return x.length < y.length;
  }
  if (Array.isArray(a) && Array.isArray(b) && Object.isFrozen(a) === Object.isFrozen(b)) {
    for (let i = 0; i < Math.min(a.length, b.length); i++) {
      if (!py_eq(a[i], b[i])) return py_lt(a[i], b[i], op);
    }
    return a.length < b.length;
  }
  return py_err("TypeError", `'${op}' not supported between instances of '${py_type(a)}' and '${py_type(b)}'`);
}

//@ py_cmp: py_lt, py_eq
function py_cmp(op, a, b) {
  switch (op) {
    case "<": return py_lt(a, b, "<");
    case ">": return py_lt(b, a, ">");
    case "<=": return (py_isnum(a) && py_isnum(b)) ? +a <= +b : py_lt(a, b, "<=") || py_eq(a, b);
    case ">=": return (py_isnum(a) && py_isnum(b)) ? +a >= +b : py_lt(b, a, ">=") || py_eq(a, b);
    case "==": return py_eq(a, b);
    default: return !py_eq(a, b);
  }
}

//@ py_in: py_eq, py_err, py_type
function py_in(x, c) {
  if (typeof c === "string") {
    if (typeof x !== "string") py_err("TypeError", `'in <string>' requires string as left operand, not ${py_type(x)}`);
    return c.includes(x);
  }
  if (c instanceof Map) return c.has(x);
  if (Array.isArray(c)) return c.some((y) => py_eq(x, y));
  if (typeof PyRange !== "undefined" && c instanceof PyRange) return Number.isInteger(+x) && c.items().includes(+x);
  return py_err("TypeError", `argument of type '${py_type(c)}' is not iterable`);
}

//@ PyRange: py_err
class PyRange {
  constructor(start, stop, step) {
    if (step === 0) py_err("ValueError", "range() arg 3 must not be zero");
    this.start = start; this.stop = stop; this.step = step;
    const n = step > 0 ? Math.ceil((stop - start) / step) : Math.ceil((start - stop) / -step);
    this.length = Math.max(0, n);
  }
  items() { const r = []; for (let i = 0; i < this.length; i++) r.push(this.start + i * this.step); return r; }
}

//@ py_range: PyRange, py_err, py_type, py_isint
function py_range(a, b, c) {
  for (const v of [a, b, c]) if (v !== undefined && !py_isint(v)) {
    py_err("TypeError", `'${py_type(v)}' object cannot be interpreted as an integer`);
  }
  return b === undefined ? new PyRange(0, +a, 1) : new PyRange(+a, +b, c === undefined ? 1 : +c);
}

//@ py_iter: PyRange, py_err, py_type
function py_iter(x) {
  if (Array.isArray(x)) return x;
  if (typeof x === "string") return Array.from(x);
  if (x instanceof Map) return Array.from(x.keys());
  if (x instanceof PyRange) return x.items();
  return py_err("TypeError", `'${py_type(x)}' object is not iterable`);
}

//@ py_unpack: py_iter, py_err
function py_unpack(x, n) {
  const items = py_iter(x);
  if (items.length > n) py_err("ValueError", `too many values to unpack (expected ${n})`);
  if (items.length < n) py_err("ValueError", `not enough values to unpack (expected ${n}, got ${items.length})`);
  return items;
}

//@ py_len: py_iter, py_err, py_type
function py_len(x) {
  if (typeof x === "string") return Array.from(x).length;
  if (x instanceof Map) return x.size;
  if (Array.isArray(x) || (typeof PyRange !== "undefined" && x instanceof PyRange)) return x.length;
  return py_err("TypeError", `object of type '${py_type(x)}' has no len()`);
}

//@ py_repr: 
function py_repr(x) {
  if (typeof x === "string") {
    const q = x.includes("'") && !x.includes('"') ? '"' : "'";
    let out = "";
    for (const ch of x) {
      if (ch === "\\" || ch === q) out += "\\" + ch;
      else if (ch === "\n") out += "\\n";
      else if (ch === "\t") out += "\\t";
      else if (ch === "\r") out += "\\r";
      else if (ch.codePointAt(0) < 32 || ch.codePointAt(0) === 127) out += "\\x" + ch.codePointAt(0).toString(16).padStart(2, "0");
      else out += ch;
    }
    return q + out + q;
  }
  if (typeof x === "boolean") return x ? "True" : "False";
  if (x === null || x === undefined) return "None";
  return String(x);
}

//@ py_index: py_err, py_type, py_repr, py_isint
function py_index(x, i, setting) {
  if (!py_isint(i)) {
    py_err("TypeError", `${py_type(x)} indices must be integers or slices, not ${py_type(i)}`);
  }
  const n = x.length, j = +i < 0 ? +i + n : +i;
  if (j < 0 || j >= n) {
    py_err("IndexError", `${typeof x === "string" ? "string" : py_type(x)} ${setting ? "assignment " : ""}index out of range`);
  }
  return j;
}

//@ py_getitem: py_index, py_err, py_repr, py_type
function py_getitem(x, i) {
  if (x instanceof Map) {
    if (!x.has(i)) py_err("KeyError", py_repr(i));
    return x.get(i);
  }
  if (Array.isArray(x)) return x[py_index(x, i)];
  if (typeof x === "string") { const a = Array.from(x); return a[py_index(a, i)]; }
  return py_err("TypeError", `'${py_type(x)}' object is not subscriptable`);
}

//@ py_at: py_err
// xs[i] for a list and an int (the types are known): only the range is checked.
function py_at(xs, i) {
  const j = i < 0 ? i + xs.length : i;
  if (j < 0 || j >= xs.length) py_err("IndexError", "list index out of range");
  return xs[j];
}

//@ py_key: py_err, py_repr
// d[k] for a dict and a str key (the types are known).
function py_key(d, k) {
  if (!d.has(k)) py_err("KeyError", py_repr(k));
  return d.get(k);
}

//@ py_setitem: py_index, py_err, py_type
function py_setitem(x, i, v) {
  if (x instanceof Map) { x.set(i, v); return; }
  if (Array.isArray(x) && !Object.isFrozen(x)) { x[py_index(x, i, true)] = v; return; }
  py_err("TypeError", `'${py_type(x)}' object does not support item assignment`);
}

//@ py_slice: py_err, py_type
function py_slice(x, lo, hi, step) {
  const s = step == null ? 1 : +step;
  if (s === 0) py_err("ValueError", "slice step cannot be zero");
  const seq = typeof x === "string" ? Array.from(x) : x;
  if (!Array.isArray(seq)) py_err("TypeError", `'${py_type(x)}' object is not subscriptable`);
  const n = seq.length;
  const fix = (v, dflt, low, high) => {
    if (v == null) return dflt;
    v = +v; if (v < 0) v += n;
    return Math.min(Math.max(v, low), high);
  };
  const out = [];
  if (s > 0) { const a = fix(lo, 0, 0, n), b = fix(hi, n, 0, n); for (let i = a; i < b; i += s) out.push(seq[i]); }
  else { const a = fix(lo, n - 1, -1, n - 1), b = fix(hi, -1, -1, n - 1); for (let i = a; i > b; i += s) out.push(seq[i]); }
  if (typeof x === "string") return out.join("");
  return Object.isFrozen(x) ? Object.freeze(out) : out;
}

//@ py_get: py_err, py_type
function py_get(d, k, dflt = null) {
  if (!(d instanceof Map)) py_err("AttributeError", `'${py_type(d)}' object has no attribute 'get'`);
  return d.has(k) ? d.get(k) : dflt;
}

//@ py_dict: py_iter, py_err
// dict(x): a copy of a dict, or a dict of the (key, value) pairs of a sequence.
function py_dict(x) {
  if (x instanceof Map) return new Map(x);
  const out = new Map();
  py_iter(x).forEach((e, i) => {
    const pair = py_iter(typeof e === "number" || typeof e === "boolean" || e === null
      ? py_err("TypeError", `cannot convert dictionary update sequence element #${i} to a sequence`) : e);
    if (pair.length !== 2) py_err("ValueError", `dictionary update sequence element #${i} has length ${pair.length}; 2 is required`);
    out.set(pair[0], pair[1]);
  });
  return out;
}

//@ py_items: py_err, py_type
function py_items(d, what) {
  if (!(d instanceof Map)) py_err("AttributeError", `'${py_type(d)}' object has no attribute '${what}'`);
  if (what === "keys") return Array.from(d.keys());
  if (what === "values") return Array.from(d.values());
  return Array.from(d.entries(), (e) => Object.freeze(e));
}

//@ py_append: py_err, py_type
function py_append(x, v) {
  if (!Array.isArray(x) || Object.isFrozen(x)) py_err("AttributeError", `'${py_type(x)}' object has no attribute 'append'`);
  x.push(v); return null;
}

//@ py_extend: py_iter, py_err, py_type
function py_extend(x, v) {
  if (!Array.isArray(x) || Object.isFrozen(x)) py_err("AttributeError", `'${py_type(x)}' object has no attribute 'extend'`);
  x.push(...py_iter(v)); return null;
}

//@ py_pop: py_index, py_err, py_type
function py_pop(x, i) {
  if (!Array.isArray(x) || Object.isFrozen(x)) py_err("AttributeError", `'${py_type(x)}' object has no attribute 'pop'`);
  if (x.length === 0) py_err("IndexError", "pop from empty list");
  if (i === undefined) return x.pop();
  if (+i < -x.length || +i >= x.length) py_err("IndexError", "pop index out of range");
  return x.splice(py_index(x, i), 1)[0];
}

//@ py_abs: py_isnum, py_err, py_type
function py_abs(x) {
  if (!py_isnum(x)) py_err("TypeError", `bad operand type for abs(): '${py_type(x)}'`);
  return Math.abs(x);
}

//@ py_minmax: py_iter, py_lt, py_err
// Like CPython: keep the first of equal items; with NaN, the comparison decides, as in C.
function py_minmax(which, args) {
  const items = args.length === 1 ? py_iter(args[0]) : args;
  if (items.length === 0) py_err("ValueError", which === "min" ? "@@min_empty@@" : "@@max_empty@@");
  let best = items[0];
  for (let i = 1; i < items.length; i++) {
    if (which === "min" ? py_lt(items[i], best) : py_lt(best, items[i])) best = items[i];
  }
  return best;
}

//@ py_isum: py_int
// sum() of a list of ints: each partial sum must stay exact, as Python's always is.
function py_isum(xs) {
  let total = 0;
  for (const x of xs) total = py_int(total + x);
  return total;
}

//@ py_sum: py_iter, py_add, py_isnum, py_isint
// Mirrors CPython's sum(): an exact int run, then a float run (compensated since 3.12).
function py_sum(xs, start = 0, floats = false) {
  // JavaScript cannot tell 2.0 from 2: `floats` (known from the types) says the numbers are floats.
  const items = py_iter(xs);
  let i = 0, acc = start;
  // The int run takes what may be an int (py_isint): a whole float past 2**53 starts the float run.
  if (py_isint(acc)) {
    for (; i < items.length; i++) {
      const x = items[i];
      if (!(typeof x === "boolean" || (py_isint(x) && !floats))) break;
      acc = py_add(acc, x);
    }
    if (i < items.length) { acc = floats && typeof items[i] === "number" ? acc + items[i] : py_add(acc, items[i]); i++; }
  }
  if (typeof acc === "number" && (floats || !py_isint(acc))) {
    let f = acc, c = 0;
    for (; i < items.length; i++) {
      const x = items[i];
      if (!py_isnum(x)) break;
      const v = +x;
      if (@@neumaier@@) {
        const t = f + v;
        if (Math.abs(f) >= Math.abs(v)) c += (f - t) + v; else c += (v - t) + f;
        f = t;
      } else f += v;
    }
    if (@@neumaier@@ && c && Number.isFinite(c)) f += c;
    acc = f;
  }
  for (; i < items.length; i++) acc = py_add(acc, items[i]);
  return acc;
}

//@ py_decompose: 
// The exact value of a finite double as [mantissa, exponent] (BigInt, Number): x = m * 2**e.
function py_decompose(x) {
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, x);
  const hi = view.getUint32(0), lo = view.getUint32(4);
  const sign = hi >>> 31 ? -1n : 1n, exp = (hi >>> 20) & 0x7ff;
  let m = (BigInt(hi & 0xfffff) << 32n) | BigInt(lo);
  if (exp) m |= 1n << 52n;
  return [sign * m, (exp || 1) - 1075];
}

//@ py_decimal: py_decompose
// x rounded to n decimal places (n may be negative), half to even on the exact binary value:
// the integer k with x ≈ k / 10**n. CPython's round() and '%.nf' both work this way.
function py_decimal(x, n) {
  const [m, e] = py_decompose(x);
  let num = m, den = 1n;
  if (e >= 0) num <<= BigInt(e); else den <<= BigInt(-e);
  if (n >= 0) num *= 10n ** BigInt(n); else den *= 10n ** BigInt(-n);
  const neg = num < 0n; if (neg) num = -num;
  let k = num / den; const r2 = (num % den) * 2n;
  if (r2 > den || (r2 === den && k % 2n === 1n)) k += 1n;
  return neg ? -k : k;
}

//@ py_round: py_decimal, py_err, py_isnum, py_type, py_int, py_isint
function py_round(x, n, f) {
  if (!py_isnum(x)) py_err("TypeError", `type ${py_type(x)} doesn't define __round__ method`);
  const isint = !f && py_isint(x);
  x = +x;
  if (n === undefined || n === null) {
    if (Number.isNaN(x)) py_err("ValueError", "cannot convert float NaN to integer");
    if (!Number.isFinite(x)) py_err("OverflowError", "cannot convert float infinity to integer");
    return py_int(Number(py_decimal(x, 0)));
  }
  if (!Number.isFinite(x) || (n >= 0 && Number.isInteger(x)) || n > 1100) return x;
  n = +n;
  const k = py_decimal(x, n);
  const r = Number(`${k}e${-n}`);
  if (isint) return py_int(r);
  return r === 0 && (x < 0 || Object.is(x, -0)) ? -0 : r;
}

//@ py_fixed: 
// format(x, '.nf') (n <= 20, the compiler's limit): toFixed works on the exact binary value too, but
// sends an exact half up where CPython sends it to the even digit. A half is exact only when the
// value has n + 1 decimals and no more, which 100 decimals show; then an odd last digit steps down.
function py_fixed(x, n, grouping) {
  if (Number.isNaN(x)) return "nan";
  if (!Number.isFinite(x)) return x < 0 ? "-inf" : "inf";
  const a = Math.abs(x);
  let s;
  if (a >= 1e21) {
    s = BigInt(a).toString() + (n > 0 ? "." + "0".repeat(n) : "");
  } else {
    s = a.toFixed(n);
    const exact = a.toFixed(100), at = exact.indexOf(".") + n + 1;
    if (exact[at] === "5" && /^0*$/.test(exact.slice(at + 1)) && +s[s.length - 1] % 2) {
      s = s.slice(0, -1) + (+s[s.length - 1] - 1);
    }
  }
  let [whole, frac] = s.split(".");
  if (grouping) whole = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ",");
  return (x < 0 || Object.is(x, -0) ? "-" : "") + whole + (frac === undefined ? "" : "." + frac);
}

//@ py_round0: py_err, py_int
// round(x) of a float: to the nearest int, halves to the even one.
function py_round0(x) {
  if (Number.isNaN(x)) py_err("ValueError", "cannot convert float NaN to integer");
  if (!Number.isFinite(x)) py_err("OverflowError", "cannot convert float infinity to integer");
  let r = Math.round(x);
  if (r - x === 0.5 && r % 2) r -= 1;
  return py_int(r);
}

//@ py_roundn: py_fixed
// round(x, n) of a float for n >= 0: the decimal CPython's round finds is format(x, '.nf'), read back.
function py_roundn(x, n) {
  return Number.isFinite(x) && !Number.isInteger(x) ? Number(py_fixed(x, n)) : x;
}

//@ py_format_s: py_err, py_type
function py_format_s(x) {
  if (typeof x !== "string") py_err("ValueError", `Unknown format code 's' for object of type '${py_type(x)}'`);
  return x;
}

//@ py_format: py_fixed, py_err, py_type, py_isint
// format(x, spec) for the number specs calculators allow: .Nf, ,.Nf, d, ,d and .N%.
function py_format(x, spec) {
  const m = /^(,?)(?:\.(\d+))?([fd%]?)$/.exec(spec);
  const kind = m[3] || "f";
  if (!(typeof x === "number" || typeof x === "boolean")) {
    py_err("ValueError", `Unknown format code '${kind}' for object of type '${py_type(x)}'`);
  }
  if (kind === "d") {
    if (!py_isint(x)) py_err("ValueError", `Unknown format code 'd' for object of type 'float'`);
    const s = Math.abs(+x).toString();
    return (+x < 0 ? "-" : "") + (m[1] ? s.replace(/\B(?=(\d{3})+(?!\d))/g, ",") : s);
  }
  const n = m[2] === undefined ? 6 : +m[2];
  if (kind === "%") return py_fixed(+x * 100, n, m[1] === ",") + "%";
  return py_fixed(+x, n, m[1] === ",");
}

//@ py_floatrepr: 
// repr(float): the shortest digits that round-trip (as JavaScript finds them), laid out like CPython.
function py_floatrepr(x) {
  if (Number.isNaN(x)) return "nan";
  if (!Number.isFinite(x)) return x < 0 ? "-inf" : "inf";
  if (x === 0) return Object.is(x, -0) ? "-0.0" : "0.0";
  const [mant, ex] = Math.abs(x).toExponential().split("e");
  const digits = mant.replace(".", ""), e = +ex, sign = x < 0 ? "-" : "";
  if (e < -4 || e >= 16) {
    const frac = digits.length > 1 ? "." + digits.slice(1) : "";
    return `${sign}${digits[0]}${frac}e${e < 0 ? "-" : "+"}${String(Math.abs(e)).padStart(2, "0")}`;
  }
  if (e < 0) return `${sign}0.${"0".repeat(-e - 1)}${digits}`;
  const whole = digits.slice(0, e + 1).padEnd(e + 1, "0"), frac = digits.slice(e + 1);
  return `${sign}${whole}.${frac || "0"}`;
}

//@ py_str: py_repr, py_floatrepr, py_isint
function py_str(x, isfloat) {
  if (typeof x === "string") return x;
  if (typeof x === "number" && (isfloat || !py_isint(x))) return py_floatrepr(x);
  if (Array.isArray(x)) {
    const inner = x.map((v) => (typeof v === "string" ? py_repr(v) : py_str(v))).join(", ");
    return Object.isFrozen(x) ? (x.length === 1 ? `(${inner},)` : `(${inner})`) : `[${inner}]`;
  }
  return py_repr(x);
}

//@ py_tofloat: py_err, py_type, py_repr
function py_tofloat(x) {
  if (typeof x === "number" || typeof x === "boolean") return +x;
  if (typeof x === "string") {
    const s = x.trim().replace(/_/g, "").toLowerCase();
    if (/^[+-]?(inf|infinity)$/.test(s)) return s.startsWith("-") ? -Infinity : Infinity;
    if (/^[+-]?nan$/.test(s)) return NaN;
    if (/^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/.test(s)) return Number(s);
    py_err("ValueError", `could not convert string to float: ${py_repr(x)}`);
  }
  return py_err("TypeError", `float() argument must be a string or a real number, not '${py_type(x)}'`);
}

//@ py_toint: py_err, py_type, py_repr, py_int
function py_toint(x) {
  if (typeof x === "boolean") return +x;
  if (typeof x === "number") {
    if (Number.isNaN(x)) py_err("ValueError", "cannot convert float NaN to integer");
    if (!Number.isFinite(x)) py_err("OverflowError", "cannot convert float infinity to integer");
    return py_int(Math.trunc(x));
  }
  if (typeof x === "string" && /^\s*[+-]?\d+(_\d+)*\s*$/.test(x)) return py_int(Number(x.trim().replace(/_/g, "")));
  if (typeof x === "string") py_err("ValueError", `invalid literal for int() with base 10: ${py_repr(x)}`);
  return py_err("TypeError", `int() argument must be a string, a bytes-like object or a real number, not '${py_type(x)}'`);
}

//@ py_floor: py_isnum, py_err, py_type, py_int
function py_floor(x, up) {
  if (!py_isnum(x)) py_err("TypeError", `must be real number, not ${py_type(x)}`);
  x = +x;
  if (Number.isNaN(x)) py_err("ValueError", "cannot convert float NaN to integer");
  if (!Number.isFinite(x)) py_err("OverflowError", "cannot convert float infinity to integer");
  return py_int(up ? Math.ceil(x) : Math.floor(x));
}

//@ py_floorf: py_err, py_int
// math.floor / math.ceil of a number of known type.
function py_floorf(x, up) {
  if (Number.isNaN(x)) py_err("ValueError", "cannot convert float NaN to integer");
  if (!Number.isFinite(x)) py_err("OverflowError", "cannot convert float infinity to integer");
  return py_int(up ? Math.ceil(x) : Math.floor(x));
}

//@ py_sqrt: py_isnum, py_err, py_type
// math.sqrt: the argument as a float (so an int or a bool too), a ValueError below zero as in CPython.
function py_sqrt(x) {
  if (!py_isnum(x)) py_err("TypeError", `must be real number, not ${py_type(x)}`);
  x = +x;
  if (x < 0) py_err("ValueError", "@@sqrt_domain@@");
  return Math.sqrt(x);
}

//@ py_sorted: py_iter, py_lt
function py_sorted(xs, reverse) {
  const items = py_iter(xs).slice();
  // Array.prototype.sort is stable, as is Python's; with reverse, Python keeps equal items in order.
  items.sort((a, b) => (reverse ? (py_lt(b, a) ? -1 : py_lt(a, b) ? 1 : 0) : (py_lt(a, b) ? -1 : py_lt(b, a) ? 1 : 0)));
  return items;
}

//@ py_enumerate: py_iter
function py_enumerate(xs, start = 0) { return py_iter(xs).map((x, i) => Object.freeze([i + start, x])); }

//@ py_zip: py_iter
function py_zip(...lists) {
  const items = lists.map(py_iter), n = Math.min(...items.map((l) => l.length));
  const out = []; for (let i = 0; i < n; i++) out.push(Object.freeze(items.map((l) => l[i])));
  return out;
}

//@ py_in_json: 
// Arguments arrive as JSON-like values: objects become dicts (Map), in key order.
function py_in_json(x) {
  if (Array.isArray(x)) return x.map(py_in_json);
  if (x !== null && typeof x === "object" && !(x instanceof Map)) return new Map(Object.entries(x).map(([k, v]) => [k, py_in_json(v)]));
  return x === undefined ? null : x;
}

//@ py_out_json: 
function py_out_json(x) {
  if (Array.isArray(x)) return x.map(py_out_json);
  if (x instanceof Map) { const o = {}; for (const [k, v] of x) o[String(k)] = py_out_json(v); return o; }
  return x;
}

//@ py_validate: PyError
// A calculator's inputs checked as guidegen/calc/registry.py checks them (same messages), then
// compute run; a ValueError("field: message") from compute is reported against that field.
// `checks` maps each input type the calculator has to its check (py_vnum...), so a page carries
// only the checks its inputs need.
function py_validate(spec, inputs, params, run, checks) {
  const fail = (field, message) => ({ error: { field, message } });
  const names = spec.inputs.map((s) => s.name);
  if (inputs === null || typeof inputs !== "object" || Array.isArray(inputs)) return fail(null, "expected an object of inputs");
  for (const k of Object.keys(inputs)) {
    if (!names.includes(k)) return fail(k, `is not an input of ${spec.name} (inputs: ${names.join(", ")})`);
  }
  const values = [];
  for (const s of spec.inputs) {
    let v = inputs[s.name];
    if (v === undefined || v === null || v === "") {
      if (s.default == null) return fail(s.name, "is required");
      v = s.default;
    }
    const message = checks[s.type](v, s);
    if (message) return fail(s.name, message);
    values.push(v);
  }
  try {
    return run(...values, params);
  } catch (e) {
    if (!(e instanceof PyError) || e.pytype !== "ValueError") throw e;
    const cut = e.pymessage.indexOf(": ");
    const head = cut > 0 ? e.pymessage.slice(0, cut) : null;
    return names.includes(head) ? fail(head, e.pymessage.slice(cut + 2)) : fail(null, e.pymessage);
  }
}

//@ py_vrange: 
// A number against the input's bounds, written as the Python side writes them (10,000,000 or 0.5).
function py_vrange(x, s, prefix) {
  const bound = (v) => (Number.isInteger(v) ? String(v).replace(/\B(?=(\d{3})+(?!\d))/g, ",") : String(v));
  if (s.min != null && x < s.min) return `${prefix}must be at least ${bound(s.min)}`;
  if (s.max != null && x > s.max) return `${prefix}must be at most ${bound(s.max)}`;
  return null;
}

//@ py_vnum: py_vrange
function py_vnum(v, s) {
  if (typeof v !== "number" || !Number.isFinite(v)) return "expected a number";
  if (s.type === "integer" && !Number.isInteger(v)) return "expected a whole number";
  return py_vrange(v, s, "");
}

//@ py_vbool: 
function py_vbool(v) {
  return typeof v === "boolean" ? null : "expected true or false";
}

//@ py_vchoice: 
function py_vchoice(v, s) {
  return s.choices.includes(v) ? null : "expected one of: " + s.choices.join(", ");
}

//@ py_vnums: py_vrange
function py_vnums(v, s) {
  if (!Array.isArray(v)) return "expected a list of numbers";
  if (s.min_items != null && v.length < s.min_items) return `needs at least ${s.min_items} values`;
  if (s.max_items != null && v.length > s.max_items) return `takes at most ${s.max_items} values`;
  for (let i = 0; i < v.length; i++) {
    if (typeof v[i] !== "number" || !Number.isFinite(v[i])) return `value ${i + 1} is not a number`;
    const r = py_vrange(v[i], s, `value ${i + 1} `);
    if (r) return r;
  }
  return null;
}

//@ py_vrows: py_vnum, py_vbool, py_vchoice
// A list input (spec Rows): each row's fields checked as guidegen/calc/inputs.py check_rows checks them,
// with the same messages ("row 2: orders must be at least 0"); a field a row leaves out takes its
// default, written into the row, which is what compute then reads.
function py_vrows(v, s) {
  if (!Array.isArray(v)) return "expected a list of rows";
  if (s.min_items != null && v.length < s.min_items) return `needs at least ${s.min_items} rows`;
  if (s.max_items != null && v.length > s.max_items) return `takes at most ${s.max_items} rows`;
  const names = s.fields.map((f) => f.name), checks = { number: py_vnum, integer: py_vnum, boolean: py_vbool, choice: py_vchoice };
  for (let i = 0; i < v.length; i++) {
    const row = v[i], full = {}, at = `row ${i + 1}`;
    if (row === null || typeof row !== "object" || Array.isArray(row)) return `${at} is not a record of ${names.join(", ")}`;
    for (const k of Object.keys(row)) if (!names.includes(k)) return `${at}: ${k} is not a field (fields: ${names.join(", ")})`;
    for (const f of s.fields) {
      let x = row[f.name];
      if (x === undefined || x === null || x === "") {
        if (f.default == null) return `${at}: ${f.name} is required`;
        x = f.default;
      }
      const m = checks[f.type](x, f);
      if (m) return `${at}: ${f.name} ${m}`;
      full[f.name] = x;
    }
    v[i] = full;
  }
  return null;
}

//@ py_ondemand:
// Parameters on demand (a bundle's LAZY): the figures for the key the reader picks (a state) are a
// file beside the bundle (<name>/<key>.json), fetched once; until they arrive the result says so,
// then compute runs as for any other key. A failed fetch says so, and the next change tries again.
// With code on demand (LAZY.code, `code` the bundle's lazy$code), the first key fetched also brings
// the second module (<name>/<LAZY.code>), whose functions fill code.f (taking the shared ones this
// module has, code.m) and whose figures (DATA) join data.params; the shipped key never needs it.
// Only bundles with parameters on demand carry this, not the widget every page loads.
function py_ondemand(data, lazy, base, inputs, form, again, code) {
  const key = inputs[lazy.input], have = data.params[lazy.param], seen = py_ondemand.seen || (py_ondemand.seen = {});
  const known = Object.hasOwn(have, key), ready = !code || code.f || key === lazy.shipped;
  if ((known && ready) || !data.spec.inputs.some((s) => s.name === lazy.input && s.choices.includes(key))) return null;
  const el = form.elements.namedItem(lazy.input), label = el && el.options ? el.options[el.selectedIndex].text : key;
  if (seen[key] === false) {
    delete seen[key];
    return { error: { field: null, message: `The figures for ${label} could not be loaded; check the connection and change any field to try again.` } };
  }
  const url = (file) => new URL(`${data.spec.name}/${file}`, base);
  seen[key] = seen[key] || Promise.all([
    known || fetch(url(`${key}.json`)).then((r) => (r.ok ? r.json() : Promise.reject(r.status))).then((v) => { have[key] = v; }),
    ready || import(url(lazy.code)).then((m) => { code.f = m.TABLE(data.params, m.DATA, code.m); }),
  ]).then(() => { delete seen[key]; }, () => { seen[key] = false; }).then(again);
  return { wait: 1, error: { field: null, message: `Loading the figures for ${label}…` } };
}

//@ py_fill:
// Code on demand (guidegen/compiler/__init__.py TABLE): the figures only that code reads arrive with it,
// as a tree of the same shape as the page's parameters; each object is merged into the one there.
function py_fill(into, from) {
  for (const k in from) {
    const v = from[k];
    if (v && typeof v === "object" && !Array.isArray(v) && into[k] && typeof into[k] === "object") py_fill(into[k], v);
    else into[k] = v;
  }
}

//@ py_longdate:
// A date output as guidegen/forms.py display() writes it: 2026-04-15 -> April 15, 2026 (other text as is).
function py_longdate(v) {
  const m = /^(\d{4})-(\d\d)-(\d\d)$/.exec(v);
  return m ? `${"January February March April May June July August September October November December".split(" ")[m[2] - 1]} ${+m[3]}, ${m[1]}` : String(v);
}

//@ py_rowsinput:
// A list input's rows as compute takes them, read from its hidden field (guidegen/forms.py rows_text:
// values joined by ",", rows by ";"): a number field's text as a number (an empty one takes the field's
// default in py_vrows), a choice's as the option it names; anything else stays text, which py_vrows
// refuses. The widget reads every input through it (`read`: its own reader, for inputs of other kinds).
// The first read, once the widget has put the URL's values in, brings the editor (widgets/rows.js):
// it keeps the hidden field in step with the rows the reader adds, edits, moves and removes.
// `base`: the bundle's address. Only bundles with a list input carry it (as `read`).
function py_rowsinput(hidden, spec, read, base) {
  if (spec.type !== "rows") return read(hidden, spec);
  if (!hidden.dataset.editor) {
    hidden.dataset.editor = 1;
    import(new URL("../guidegen/rows.js", base).href).then((m) => m.edit(hidden, spec));
  }
  return hidden.value.split(";").filter(Boolean).map((row) => {
    const values = row.split(",");
    return Object.fromEntries(spec.fields.map((f, i) => {
      const t = (values[i] || "").trim();
      return [f.name, f.type === "choice" ? (f.choices.find((c) => String(c) === t) ?? t)
        : t === "" ? "" : /^-?(?:\d+\.?\d*|\.\d+)$/.test(t) ? Number(t) : t];
    }));
  });
}

//@ py_draw: py_round
// A calculator's list outputs redrawn for a result (guidegen/forms.py _table and _chart draw them for
// the worked example): each table's rows with a data-value per cell, and the bar chart with the
// geometry of forms.py chart_geometry (the same operations in the same order, rounded as CPython
// rounds). `outs`: [{name, fields: [[name, format], ...], chart, geo}]; `show`: the widget's, so a
// cell reads as an output does. DOM nodes and textContent only: names from content stay text.
// Only bundles with a list output carry it (as `draw`).
function py_draw(form, result, show, outs) {
  const ns = "http://www.w3.org/2000/svg";
  const make = (tag, attrs, text) => {
    const e = tag === "tr" || tag === "th" || tag === "td" ? document.createElement(tag) : document.createElementNS(ns, tag);
    for (const k in attrs) e.setAttribute(k, attrs[k]);
    if (text !== undefined) e.textContent = text;
    return e;
  };
  for (const o of outs) {
    const rows = (!result.error && result[o.name]) || [];
    const table = form.querySelector(`table[data-rows="${o.name}"]`);
    if (table) {
      table.tBodies[0].replaceChildren(...rows.map((r) => {
        const tr = make("tr");
        o.fields.forEach(([name, format], i) => {
          const v = r[name] === undefined ? null : r[name];
          tr.append(make(i ? "td" : "th", i ? { "data-value": JSON.stringify(v) } : { scope: "row", "data-value": JSON.stringify(v) }, show(v, format)));
        });
        return tr;
      }));
    }
    const svg = form.querySelector(`svg[data-chart="${o.name}"]`);
    if (!svg || !o.chart) continue;
    const g = o.geo, [label, labelFormat] = o.fields[0], format = o.fields.find((f) => f[0] === o.chart)[1];
    const amounts = rows.map((r) => r[o.chart]), low = Math.min(0, ...amounts), high = Math.max(0, ...amounts);
    const span = high - low || 1, zero = g.label + g.bars * -low / span, height = g.row * rows.length;
    svg.setAttribute("viewBox", `0 0 ${g.width} ${height}`);
    svg.querySelectorAll("line, g").forEach((n) => n.remove());
    svg.append(make("line", { x1: py_round(zero, 1, 1), x2: py_round(zero, 1, 1), y1: 0, y2: height }), ...rows.map((r, i) => {
      const y = i * g.row, end = g.label + g.bars * (r[o.chart] - low) / span, group = make("g");
      group.append(make("text", { x: 0, y: y + 18 }, show(r[label], labelFormat)),
        make("rect", { class: r[o.chart] < 0 ? "gg-bar gg-neg" : "gg-bar", x: py_round(Math.min(zero, end), 1, 1), y: y + 6,
          width: py_round(Math.abs(end - zero), 1, 1), height: 16 }),
        make("text", { x: g.width, y: y + 18, "text-anchor": "end" }, show(r[o.chart], format)));
      return group;
    }));
  }
}
