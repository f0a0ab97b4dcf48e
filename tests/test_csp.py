"""The Content-Security-Policy of a page: its own inline scripts by hash, the theme's re-run ones, nothing else."""

from __future__ import annotations

from pathlib import Path

from guidegen.csp import Policies, digest, inline_scripts, policy, with_policy

# Expected hashes from the shell, not from the code under test:
#   printf 'alert(1)' | openssl dgst -sha256 -binary | base64
ALERT = "'sha256-bhHHL3z2vDgxUt0W3dWQOrprscmda2Y5pLsLg4GF+pI='"
#   printf 'var a=1' | openssl dgst -sha256 -binary | base64
VAR_A = "'sha256-WazVQOu5lmXfSreSrMJd1CsaQ4c00fUQpJfBYCuMSIw='"

PAGE = ('<html><head><meta charset="utf-8"><script>alert(1)</script></head><body>'
        '<div class="md-container" data-md-component="container"><script>var a=1</script></div>'
        '<div class="md-dialog" data-md-component="dialog"></div>'
        '<script id="__config" type="application/json">{"a": 1}</script>'
        '<script type="module">import "./x.js"</script><script src="bundle.js" defer></script></body></html>')


def test_digest_is_the_base64_sha256_a_policy_names():
    assert digest("alert(1)") == ALERT
    assert digest("var a=1") == VAR_A


def test_inline_scripts_that_run_and_those_the_theme_runs_again():
    every, in_area = inline_scripts(PAGE)
    # The JSON block never runs, and the src script is allowed by 'self'.
    assert every == [ALERT, VAR_A, digest('import "./x.js"')]
    assert in_area == [VAR_A]


def test_the_policy_is_strict_and_first_in_head():
    html = with_policy(PAGE, {ALERT})
    assert html.startswith('<html><head><meta http-equiv="Content-Security-Policy" content="default-src \'self\'; '
                           f"script-src 'self' {ALERT}; style-src 'self'; img-src 'self' data:; font-src 'self'; "
                           "connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'\"><meta charset")
    # Applied twice, one tag: the second replaces the first.
    assert with_policy(html, {VAR_A}).count("Content-Security-Policy") == 1
    assert "unsafe" not in policy({ALERT})


def test_a_page_written_before_another_page_s_re_run_script_gets_its_hash(tmp_path: Path):
    policies = Policies()
    first = tmp_path / "first.html"
    first.write_text(policies.apply("<html><head></head><body>plain</body></html>", str(first)))
    assert "sha256" not in first.read_text()
    policies.apply(PAGE, str(tmp_path / "second.html"))  # its content area adds VAR_A
    assert policies.finish() == 1
    assert VAR_A in first.read_text() and ALERT not in first.read_text()
    assert policies.finish() == 0
