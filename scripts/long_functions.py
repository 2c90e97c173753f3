#!/usr/bin/env python3
"""List the C++ functions longer than a limit (default 80 lines) in the non-test source.

Usage: scripts/long_functions.py [--max N] [--all] [--strict] [DIR...]

A function's length counts from the first line of its signature to its closing brace.
The scan is textual (comments, strings and preprocessor lines are skipped, braces are
matched), so it needs no compiler; lambdas count toward the function that holds them.
With --strict the exit status is 1 when any function is over the limit.
"""

import argparse
import pathlib
import re
import sys

DEFAULT_DIRS = ["app", "bench", "fuzz", "model", "sim", "store", "viz"]
SCOPE_KEYWORDS = re.compile(r"^(template\s*<.*>\s*)?(namespace|class|struct|union|enum|extern)\b", re.S)
FUNCTION_TAIL = re.compile(
    r"\)\s*(const|noexcept|override|final|mutable|&&|&|->\s*[\w:<>,\s*&]+|\s|noexcept\s*\([^)]*\))*$")
CTOR_INIT = re.compile(r"\)\s*:(?!:)")


def strip_code(text):
    """Blank out comments, string and character literals and preprocessor lines, keeping newlines."""
    out = []
    i, n = 0, len(text)
    line_start = True
    while i < n:
        c = text[i]
        if line_start and c == "#":
            j = i
            while j < n and not (text[j] == "\n" and text[j - 1] != "\\"):
                j += 1
            out.append(re.sub(r"[^\n]", " ", text[i:j]))
            i = j
            continue
        if c == "\n":
            line_start = True
            out.append(c)
            i += 1
            continue
        if not c.isspace():
            line_start = False
        if text.startswith("//", i):
            j = text.find("\n", i)
            j = n if j < 0 else j
            out.append(" " * (j - i))
            i = j
        elif text.startswith("/*", i):
            j = text.find("*/", i + 2)
            j = n if j < 0 else j + 2
            out.append(re.sub(r"[^\n]", " ", text[i:j]))
            i = j
        elif text.startswith('R"', i) and (i == 0 or not (text[i - 1].isalnum() or text[i - 1] == "_")):
            m = re.match(r'R"([^(]*)\(', text[i:])
            end = text.find(")" + m.group(1) + '"', i) if m else -1
            j = n if end < 0 else end + len(m.group(1)) + 2
            out.append(re.sub(r"[^\n]", " ", text[i:j]))
            i = j
        elif c in "\"'":
            if c == "'" and i > 0 and text[i - 1].isalnum():  # digit separator: 1'000
                out.append(" ")
                i += 1
                continue
            j = i + 1
            while j < n and text[j] != c:
                j += 2 if text[j] == "\\" else 1
            out.append(" " * (j + 1 - i))
            i = j + 1
        else:
            out.append(c)
            i += 1
    return "".join(out)


def functions(path):
    """Yield (name, first_line, last_line) for each function body at namespace or class scope."""
    code = strip_code(path.read_text(encoding="utf-8", errors="replace"))
    stack = []  # 'scope' (namespace/class), 'function', 'init' (brace initialiser at scope level)
    head_start = 0
    current = None
    line = 1
    for i, c in enumerate(code):
        if c == "\n":
            line += 1
        if c not in "{};":
            continue
        in_scope = all(kind != "function" for kind in stack)
        head = code[head_start:i].strip()
        if c == "{":
            if not in_scope:
                stack.append("block")
                continue
            if SCOPE_KEYWORDS.match(head):
                stack.append("scope")
            elif FUNCTION_TAIL.search(head) or (CTOR_INIT.search(head) and head.endswith("}")):
                first = line - code[head_start:i].lstrip().count("\n")
                name = re.findall(r"([~\w:]+(?:operator\S*)?)\s*\(", head)
                current = (name[0] if name else "?", first)
                stack.append("function")
                continue
            else:
                stack.append("init")
                continue
            head_start = i + 1
        elif c == "}":
            kind = stack.pop() if stack else "scope"
            if kind == "function" and all(k != "function" for k in stack):
                yield current[0], current[1], line
                head_start = i + 1
            elif kind == "scope":
                head_start = i + 1
            # after an 'init' or a nested block the head goes on (e.g. `x_{0} {` in a constructor)
        elif c == ";" and in_scope and (not stack or stack[-1] != "init"):
            head_start = i + 1


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--max", type=int, default=80, help="longest allowed function, in lines")
    parser.add_argument("--all", action="store_true", help="list every function, longest first")
    parser.add_argument("--strict", action="store_true", help="exit 1 if any function is too long")
    parser.add_argument("dirs", nargs="*", default=DEFAULT_DIRS)
    args = parser.parse_args()

    root = pathlib.Path(__file__).resolve().parent.parent
    found = []
    for d in args.dirs:
        base = pathlib.Path(d) if pathlib.Path(d).is_absolute() else root / d
        files = [base] if base.is_file() else sorted(base.rglob("*"))
        for path in files:
            if path.suffix not in (".cpp", ".hpp", ".h", ".cc"):
                continue
            for name, first, last in functions(path):
                length = last - first + 1
                if args.all or length > args.max:
                    found.append((length, str(path.relative_to(root)), first, name))
    found.sort(key=lambda f: (-f[0], f[1], f[2]))
    for length, rel, first, name in found:
        print(f"{length:5d}  {rel}:{first}  {name}")
    if not args.all:
        print(f"{len(found)} function(s) over {args.max} lines", file=sys.stderr)
    return 1 if args.strict and any(f[0] > args.max for f in found) else 0


if __name__ == "__main__":
    sys.exit(main())
