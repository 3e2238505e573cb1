#!/usr/bin/env python3
"""Fails when a qmac HLS kernel file uses a construct outside the synthesizable subset.

Usage:
  check_subset.py [FILE ...]   check the files (default: every kernel file under hls/include and hls/src)
  check_subset.py --self-test  check that every rule fires on a bad snippet and not on a good one

Kernel files are what an HLS tool compiles for synthesis; the test bench (hls/tb) is not one. The rules
work on the source with comments and string literals blanked out, so a rule named in a comment does not
trip it. Rules:
  heap         new / delete expressions, malloc, calloc, realloc, free, alloca
  virtual      virtual functions; RTTI (dynamic_cast, typeid)
  exceptions   try, catch, throw
  std-library  std containers, strings, smart pointers, std::function, iostreams; their headers; printf
  float        float / double / long double anywhere in a kernel file
  recursion    a function that calls itself (by name, inside its own body)
  loops        while and do loops (no static bound); a `for` loop without a label; a `for` loop whose
               bound is not a compile-time constant, unless a `#pragma HLS LOOP_TRIPCOUNT` follows it
  goto         goto
  pragma       commented-out `#pragma HLS` (style: a pragma is either in force or deleted)
"""
import os
import re
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))

FORBIDDEN = [
    ("heap", re.compile(r"\bnew\b")),
    ("heap", re.compile(r"(?<!=)(?<!=\s)\bdelete\b")),
    ("heap", re.compile(r"\b(malloc|calloc|realloc|free|alloca)\s*\(")),
    ("virtual", re.compile(r"\bvirtual\b|\bdynamic_cast\b|\btypeid\b")),
    ("exceptions", re.compile(r"\b(try|catch|throw)\b")),
    ("std-library", re.compile(
        r"\bstd::(vector|string|basic_string|list|forward_list|deque|map|multimap|set|multiset|"
        r"unordered_\w+|queue|priority_queue|stack|function|shared_ptr|unique_ptr|weak_ptr|"
        r"cout|cerr|clog|cin|ostream|istream|stringstream|ostringstream|thread|mutex)\b")),
    ("std-library", re.compile(
        r"#\s*include\s*<(iostream|fstream|sstream|ostream|istream|vector|string|list|deque|map|set|"
        r"unordered_map|unordered_set|queue|stack|functional|memory|thread|mutex|cstdio|stdio\.h|"
        r"cstdlib|stdlib\.h|cmath|math\.h|exception|stdexcept|typeinfo)>")),
    ("std-library", re.compile(r"\b(printf|fprintf|puts|std::printf)\s*\(")),
    ("float", re.compile(r"\b(float|double)\b")),
    ("loops", re.compile(r"\bwhile\s*\(|\bdo\s*\{")),
    ("goto", re.compile(r"\bgoto\b")),
]

CONSTANT_BOUND = re.compile(
    r"^\s*\w+\s*(<|<=|!=)\s*("
    r"\d+[uUlL]*"                                  # a literal
    r"|(\w+::)*k[A-Z]\w*"                          # a kConstant, possibly qualified
    r"|(\w+::)*[A-Z][A-Z0-9_]*(::\w+)?"            # a CONFIG::member or MACRO
    r"|static_cast<\w+>\(\s*(\w+::)*[A-Z]\w*(::\w+)?\s*\)"
    r")\s*$")


def strip_comments_and_strings(text):
    """Blanks comments and string/char literals, keeping line numbers. Returns (code, comments)."""
    out, comments = [], []
    i, n = 0, len(text)
    while i < n:
        c = text[i]
        if text.startswith("//", i):
            j = text.find("\n", i)
            j = n if j < 0 else j
            comments.append((text.count("\n", 0, i) + 1, text[i:j]))
            out.append(" " * (j - i))
            i = j
        elif text.startswith("/*", i):
            j = text.find("*/", i + 2)
            j = n if j < 0 else j + 2
            comments.append((text.count("\n", 0, i) + 1, text[i:j]))
            out.append(re.sub(r"[^\n]", " ", text[i:j]))
            i = j
        elif c in "\"'" and not (c == "'" and i > 0 and text[i - 1].isalnum()):  # not a digit separator
            j = i + 1
            while j < n and text[j] != c:
                j += 2 if text[j] == "\\" else 1
            j = min(j + 1, n)
            line_start = text[text.rfind("\n", 0, i) + 1:i]
            if re.match(r"\s*#\s*include\b", line_start):  # keep #include "file" as it is
                out.append(text[i:j])
            else:
                out.append(c + re.sub(r"[^\n]", " ", text[i + 1:j - 1]) + c)
            i = j
        else:
            out.append(c)
            i += 1
    return "".join(out), comments


def matching_paren(code, open_index):
    depth = 0
    for k in range(open_index, len(code)):
        if code[k] in "({[":
            depth += 1
        elif code[k] in ")}]":
            depth -= 1
            if depth == 0:
                return k
    return -1


def line_of(code, index):
    return code.count("\n", 0, index) + 1


def check_loops(code):
    problems = []
    for m in re.finditer(r"\bfor\s*\(", code):
        line = line_of(code, m.start())
        before = code[:m.start()].rstrip()
        if not re.search(r"(^|[;{}\s])[A-Za-z_]\w*\s*:$", before) or before.endswith("::"):
            problems.append((line, "loops", "`for` loop without a label (write `Label: for (...)`)"))
        close = matching_paren(code, m.end() - 1)
        header = code[m.end():close]
        parts = header.split(";")
        if len(parts) != 3:
            problems.append((line, "loops", "range-based or malformed `for` loop"))
            continue
        if not CONSTANT_BOUND.match(parts[1]):
            body = code[close + 1:close + 400]
            if not re.search(r"#\s*pragma\s+HLS\s+LOOP_TRIPCOUNT\b", body.split("}")[0], re.IGNORECASE):
                problems.append((line, "loops",
                                 "loop bound `%s` is not a compile-time constant and has no "
                                 "#pragma HLS LOOP_TRIPCOUNT" % parts[1].strip()))
    return problems


def check_recursion(code):
    problems = []
    # A function definition: name ( params ) [const] [noexcept] {  -- not a control statement.
    for m in re.finditer(r"\b([A-Za-z_]\w*)\s*\(([^;{}()]|\([^;{}()]*\))*\)\s*(const\s*)?(noexcept\s*)?\{", code):
        name = m.group(1)
        if name in ("if", "for", "while", "switch", "return", "catch", "sizeof", "static_assert"):
            continue
        open_brace = m.end() - 1
        close = matching_paren(code, open_brace)
        body = code[open_brace + 1:close]
        if re.search(r"(?<![\w.])%s\s*(<[^;(){}]*>)?\s*\(" % re.escape(name), body):
            problems.append((line_of(code, m.start()), "recursion", "function `%s` calls itself" % name))
    return problems


def check_text(text):
    code, comments = strip_comments_and_strings(text)
    problems = []
    for rule, pattern in FORBIDDEN:
        for m in pattern.finditer(code):
            problems.append((line_of(code, m.start()), rule, "`%s`" % m.group(0).strip()))
    problems += check_loops(code)
    problems += check_recursion(code)
    for line, comment in comments:
        if re.search(r"#\s*pragma\s+HLS\b", comment, re.IGNORECASE):
            problems.append((line, "pragma", "commented-out #pragma HLS"))
    return sorted(set(problems))


def kernel_files():
    files = []
    for sub in ("include", "src"):
        for root, _, names in os.walk(os.path.join(HERE, sub)):
            files += [os.path.join(root, f) for f in sorted(names) if f.endswith((".hpp", ".h", ".cpp", ".cc"))]
    return files


def check_files(paths):
    bad = 0
    for path in paths:
        with open(path, encoding="utf-8") as f:
            for line, rule, what in check_text(f.read()):
                print("%s:%d: [%s] %s" % (os.path.relpath(path), line, rule, what))
                bad += 1
    return bad


GOOD = """
#include <cstdint>
struct C { static const int lanes = 4; };
template <class CONFIG> int sum(const int (&x)[CONFIG::lanes], std::uint32_t n) {
    int s = 0;  // a comment naming new, delete, float, while ( and throw is fine
Lanes:
    for (int i = 0; i < CONFIG::lanes; ++i) {
#pragma HLS UNROLL
        s += x[i];
    }
Beats:
    for (std::uint32_t i = 0; i < n; ++i) {
#pragma HLS PIPELINE II=1
#pragma HLS LOOP_TRIPCOUNT min=1 max=16
        s += 1;
    }
Fixed:
    for (int i = 0; i < 8; ++i) s += i;
    return s;
}
class F { F(const F&) = delete; F& operator=(const F&) = delete; };
"""

BAD = {
    "heap": "int* f() { return new int[4]; }",
    "heap ": "void f(int* p) { delete p; }",
    "heap  ": "#include <cstdint>\nvoid* f() { return malloc(4); }",
    "virtual": "struct A { virtual int f(); };",
    "exceptions": "int f(int x) { if (x) throw 1; return 0; }",
    "exceptions ": "int f() { try { return 1; } catch (...) { return 0; } }",
    "std-library": "#include <vector>\nint f() { return 0; }",
    "std-library ": "int f(std::vector<int>& v) { return v[0]; }",
    "std-library  ": "#include <iostream>\nvoid f() { std::cout << 1; }",
    "float": "int f(int x) { const float s = 0.5f; return x * s; }",
    "float ": "double f(int x) { return x; }",
    "recursion": "int fact(int n) { return n <= 1 ? 1 : n * fact(n - 1); }",
    "loops": "int f(int n) { int s = 0; while (n) { --n; ++s; } return s; }",
    "loops ": "int f(int n) { int s = 0;\nL: for (int i = 0; i < n; ++i) s += i; return s; }",
    "loops  ": "int f() { int s = 0; for (int i = 0; i < 8; ++i) s += i; return s; }",
    "goto": "int f(int n) { again: if (n--) goto again; return n; }",
    "pragma": "int f(int x) {\n// #pragma HLS PIPELINE II=1\n return x; }",
}


def self_test():
    failures = 0
    good = check_text(GOOD)
    if good:
        print("self-test: the good snippet was rejected: %s" % good)
        failures += 1
    with tempfile.TemporaryDirectory() as tmp:
        for key, snippet in BAD.items():
            rule = key.strip()
            path = os.path.join(tmp, "bad_%d.hpp" % len(os.listdir(tmp)))
            with open(path, "w", encoding="utf-8") as f:
                f.write(snippet + "\n")
            found = check_text(snippet + "\n")
            if rule not in {r for _, r, _ in found} or check_files([path]) == 0:
                print("self-test: rule %s did not fire on: %s" % (rule, snippet))
                failures += 1
    print("self-test: %d bad snippets, %s" % (len(BAD), "all rejected" if failures == 0 else "%d FAILURES" % failures))
    return failures


def main(argv):
    if argv[1:] == ["--self-test"]:
        return 1 if self_test() else 0
    paths = argv[1:] or kernel_files()
    if not paths:
        print("check_subset: no kernel files found")
        return 1
    bad = check_files(paths)
    print("check_subset: %d file(s), %d problem(s)" % (len(paths), bad))
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
