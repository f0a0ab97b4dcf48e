"""Smaller shipped JavaScript and CSS: comments and indentation out, runtime helpers renamed short.

The site's own scripts are small already; what weighs is the compiled runtime that every
calculator carries (its helper names, comments and indentation). This module removes what the
browser does not need without changing what the code does:

- comments and the whitespace inside a line that no token needs (a space stays between two
  words, and where joining would make a new token: `a - -b`, `a / /re/`);
- line breaks stay (collapsed to one), so JavaScript's automatic semicolons are untouched;
- strings, template literals (their text; the code inside `${...}` is minified too) and regular
  expression literals pass through byte for byte;
- identifiers named in `rename` are replaced where they are code, never inside a string or after
  a dot. `local_renames` gives such names for a module's own variables and functions (the widget's
  `remember` becomes a name like `$f`), so that their length is not paid on every page.

It is not a general-purpose minifier: it reads the JavaScript this project writes (the runtime,
the compiler's output, the widget). The parity tests run every calculator case on the minified
bundle, so a slip here fails them.
"""

from __future__ import annotations

import re

__all__ = ["css", "js", "local_renames", "short_names"]

_WORD = re.compile(r"[A-Za-z0-9_$\\]")
_IDENT = re.compile(r"[A-Za-z_$][A-Za-z0-9_$]*")
_NUMBER = re.compile(r"\d[\dA-Za-z_.]*|\.\d[\dA-Za-z_]*")
_PUNCT = re.compile(r">>>=|\.\.\.|===|!==|\*\*=|<<=|>>=|>>>|&&=|\|\|=|\?\?=|=>|==|!=|<=|>=|&&|\|\||\?\?|\?\."
                    r"|\+\+|--|\+=|-=|\*=|/=|%=|&=|\|=|\^=|\*\*|<<|>>|[{}()\[\];,<>+\-*/%&|^!~?:=.@#]")
# What starts at a position, in the order it is decided: whitespace, a comment, an identifier, a number,
# a string, a template literal, punctuation (a `/` there may start a regular expression instead: _code).
_TOKEN = re.compile(rf"(?P<space>[ \t\r\n]+)|(?P<comment>//|/\*)|(?P<ident>{_IDENT.pattern})"
                    rf"|(?P<number>{_NUMBER.pattern})|(?P<quote>['\"])|(?P<template>`)|(?P<punct>{_PUNCT.pattern})")
# After these words a `/` starts a regular expression, not a division.
_BEFORE_REGEX = {"return", "typeof", "instanceof", "in", "of", "new", "delete", "void", "throw", "case", "do",
                 "else", "yield", "await"}


class MinifyError(ValueError):
    """JavaScript this minifier cannot read (an unterminated string, comment or literal)."""


def js(text: str, rename: dict[str, str] | None = None) -> str:
    """`text` without comments and needless whitespace, `rename`d identifiers replaced."""
    out: list[str] = []
    _code(text, 0, rename or {}, out, nested=False)
    return "".join(out).strip() + "\n"


# Words that name no variable of the module, though one may follow `const` or precede `=>`.
_KEYWORDS = {"async", "await", "const", "let", "var", "function", "return", "of", "in", "new", "typeof", "this",
             "true", "false", "null", "undefined", "export", "import", "default", "if", "else", "for", "while"}
# After these a `{` opens an object literal or a destructuring pattern, not a block.
_BEFORE_OBJECT = {"=", "(", ",", ":", "[", "?", "||", "&&", "??", "return", "const", "let", "var"}


def local_renames(text: str) -> dict[str, str]:
    """Short names for the variables, functions and parameters a module declares, most used first.

    Renaming is by name, not by scope, so a name qualifies only when no use of it can mean anything
    else: it is never a property (`.name`, `?.name`), an object key (`name:`, conservatively also
    any `name` before a colon), a shorthand property, method or destructured name (`{ name }`,
    `{ a, name() {} }`), nor exported, and it is longer than two characters (shorter ones gain
    nothing). A module must not also read a browser global of the same name as one it declares (the
    widget does not).
    """
    tokens: list[str] = []
    _code(text, 0, {}, [], nested=False, tokens=tokens)
    declared: set[str] = set()
    unsafe: set[str] = set()
    brackets: list[str] = []
    for i, token in enumerate(tokens):
        prev, after = tokens[i - 1] if i else "", tokens[i + 1] if i + 1 < len(tokens) else ""
        if token == "{":
            brackets.append("object" if prev in _BEFORE_OBJECT else "block")
        elif token in ("(", "["):
            brackets.append(token)
        elif token in ("}", ")", "]") and brackets:
            brackets.pop()
        if not _IDENT.fullmatch(token) or token in _KEYWORDS:
            continue
        shorthand = brackets[-1:] == ["object"] and prev in ("{", ",") and after in (",", "}", "(", "=")
        exported = prev in ("const", "let", "function") and i > 1 and tokens[i - 2] == "export"
        if prev in (".", "?.") or after == ":" or shorthand or exported:
            unsafe.add(token)
        elif prev in ("const", "let", "var", "function") or after == "=>":
            declared.add(token)
        elif prev in ("(", ","):
            declared.update(_parameters(tokens, i))
    names = [t for t in declared - unsafe if len(t) > 2]
    uses = {name: tokens.count(name) for name in names}
    names.sort(key=lambda name: (-uses[name], name))
    return short_names(names, {t for t in tokens if _IDENT.fullmatch(t)})


def _parameters(tokens: list[str], i: int) -> list[str]:
    """The names of the plain parameter list `(a, b)` that token i is in, if it is one (`=>` or a
    function follows or precedes it), else none."""
    start = i
    while start > 0 and tokens[start] != "(":
        start -= 1
    end = i
    while end < len(tokens) and tokens[end] != ")":
        end += 1
    inside = tokens[start + 1:end]
    plain = all(_IDENT.fullmatch(t) if k % 2 == 0 else t == "," for k, t in enumerate(inside))
    arrow = end + 1 < len(tokens) and tokens[end + 1] == "=>"
    named = start > 1 and tokens[start - 2] == "function"
    return inside[::2] if plain and (arrow or named) else []


def _code(text: str, pos: int, rename: dict[str, str], out: list[str], nested: bool,
          tokens: list[str] | None = None) -> int:
    """Copy code from `pos` until the end (or, `nested` in `${...}`, the closing brace); where it stopped.

    With `tokens`, each token of code (those inside `${...}` too) is appended to it, as written.
    """
    n = len(text)
    depth = 0
    prev = ""          # the previous token, to tell a regex from a division
    gap = ""           # whitespace seen since the previous token: "", " " or "\n"
    match = _TOKEN.match
    while pos < n:
        m = match(text, pos)  # one pattern finds the kind of what starts here (_TOKEN)
        kind = m.lastgroup if m else None
        if kind == "space":
            stop = m.end()
            gap = "\n" if gap == "\n" or "\n" in text[pos:stop] else " "
            pos = stop
            continue
        if kind == "comment":
            if text[pos + 1] == "/":
                stop = text.find("\n", pos)
                pos = n if stop < 0 else stop
                continue
            stop = text.find("*/", pos + 2)
            if stop < 0:
                raise MinifyError(f"unterminated comment at offset {pos}")
            gap = "\n" if "\n" in text[pos:stop] or gap == "\n" else " "
            pos = stop + 2
            continue
        start = pos
        if kind == "punct":
            token = m.group()
            if token[0] == "/" and _regex_allowed(prev):
                pos = _regex(text, pos)
            else:
                if token == "}":
                    if nested and depth == 0:
                        return pos
                    depth -= 1
                elif token == "{":
                    depth += 1
                pos = m.end()
        elif kind == "ident":
            pos = m.end()
            word = m.group()
            if word in rename and prev not in (".", "?."):
                if tokens is not None:
                    tokens.append(word)
                _emit(out, rename[word], gap)
                prev, gap = word, ""
                continue
        elif kind == "number":
            pos = m.end()
        elif kind == "quote":
            pos = _string(text, pos)
        elif kind == "template":
            token_out: list[str] = []
            if tokens is not None:
                tokens.append("`")
            pos = _template(text, pos, rename, token_out, tokens)
            if tokens is not None:
                tokens.append("`")
            _emit(out, "".join(token_out), gap)
            prev, gap = "`", ""
            continue
        else:
            raise MinifyError(f"unexpected character {text[pos]!r} at offset {pos}")
        token = text[start:pos]
        if tokens is not None:
            tokens.append(token)
        if gap:  # _emit, written out: this runs for most tokens
            if gap == "\n":
                if out:
                    out.append("\n")
            elif out and _needs_space(out[-1], token):
                out.append(" ")
        out.append(token)
        prev, gap = token, ""
    if nested:
        raise MinifyError("unterminated ${ in a template literal")
    return pos


def _emit(out: list[str], token: str, gap: str) -> None:
    if gap == "\n" and out:
        out.append("\n")
    elif gap and out and _needs_space(out[-1], token):
        out.append(" ")
    out.append(token)


def _needs_space(before: str, after: str) -> bool:
    a, b = before[-1], after[0]
    if _WORD.match(a) and _WORD.match(b):
        return True
    if a.isdigit() and b == ".":
        return True
    return a + b in ("++", "--", "//", "/*")


def _regex_allowed(prev: str) -> bool:
    if not prev:
        return True
    if prev in _BEFORE_REGEX:
        return True
    last = prev[-1]
    return not (_WORD.match(last) or last in ")]}`'\"")


def _string(text: str, pos: int) -> int:
    quote, i, n = text[pos], pos + 1, len(text)
    while i < n:
        c = text[i]
        if c == "\\":
            i += 2
            continue
        if c == quote:
            return i + 1
        if c == "\n":
            break
        i += 1
    raise MinifyError(f"unterminated string at offset {pos}")


def _regex(text: str, pos: int) -> int:
    i, n, in_class = pos + 1, len(text), False
    while i < n:
        c = text[i]
        if c == "\\":
            i += 2
            continue
        if c == "\n":
            break
        if in_class:
            in_class = c != "]"
        elif c == "[":
            in_class = True
        elif c == "/":
            i += 1
            while i < n and (text[i].isalpha()):
                i += 1
            return i
        i += 1
    raise MinifyError(f"unterminated regular expression at offset {pos}")


def _template(text: str, pos: int, rename: dict[str, str], out: list[str],
              tokens: list[str] | None = None) -> int:
    """A template literal from its opening backtick; the code in `${...}` is minified in place."""
    i, n = pos + 1, len(text)
    out.append("`")
    while i < n:
        c = text[i]
        if c == "\\":
            out.append(text[i:i + 2])
            i += 2
        elif c == "`":
            out.append("`")
            return i + 1
        elif text.startswith("${", i):
            out.append("${")
            inner: list[str] = []
            i = _code(text, i + 2, rename, inner, nested=True, tokens=tokens)
            out.append("".join(inner).strip())
            out.append("}")
            i += 1
        else:
            out.append(c)
            i += 1
    raise MinifyError(f"unterminated template literal at offset {pos}")


def short_names(names: list[str], taken: set[str]) -> dict[str, str]:
    """A short unused identifier (`$a`, `$b`, ... `$aa`) for each name, the first names shortest."""
    letters = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
    out: dict[str, str] = {}
    count = 0
    for name in names:
        while True:
            k, label = count, ""
            while True:
                label = letters[k % len(letters)] + label
                k = k // len(letters) - 1
                if k < 0:
                    break
            count += 1
            short = "$" + label
            if short not in taken:
                break
        out[name] = short
    return out


_CSS_COMMENT = re.compile(r"/\*.*?\*/", re.S)
_CSS_SPACE = re.compile(r"\s+")
_CSS_AROUND = re.compile(r"\s*([{};,>])\s*")


def css(text: str) -> str:
    """CSS without comments and the whitespace around braces, semicolons, commas and `>`.

    The space after a colon goes too (`color: red`, `(min-width: 50em)`; a selector never has one
    there). Spaces inside selectors (`a :hover` differs from `a:hover`) and values
    (`calc(1rem + 2px)`) stay. CSS with a quote outside its comments ships as written: no string
    is ever changed.
    """
    bare = _CSS_COMMENT.sub("", text)
    if '"' in bare or "'" in bare:
        return text
    text = _CSS_SPACE.sub(" ", bare)
    return _CSS_AROUND.sub(r"\1", text).replace(";}", "}").replace(": ", ":").strip() + "\n"
