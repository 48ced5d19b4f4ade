# Dumps line tables of a few functions with the interpreter's own (offset -> line) truth, as JSON.
# Usage: python dump_linetables.py  (2.7 and 3.x). The output becomes test/vectors/linetables.json.
import dis
import json
import sys

SRC = '''
def simple(a, b):
    x = a + b
    y = x * 2
    return y


def loop(n):
    total = 0
    for i in range(n):
        if i % 2:
            total += i
        else:
            total -= 1
    while total > 100:
        total //= 2
    return total


def multiline_call(a, b, c):
    return max(
        a,
        b,
        c,
    )


def handler(x):
    try:
        return 1 / x
    except ZeroDivisionError:
        return None
    finally:
        x = 0


def nested():
    def inner(q):
        return [i * q for i in range(3)]
    return inner(2)
'''
# A function whose lines jump far (line deltas beyond one byte) and back.
SRC += "\n\ndef far_lines(a):\n    b = a\n" + "\n" * 300 + "    c = (b +\n" + "\n" * 200 + "         a)\n    return c\n"


def pairs_for(code):
    n = len(code.co_code)
    if hasattr(code, "co_lines"):
        out = []
        for start, end, line in code.co_lines():
            if line is None:
                continue
            for off in range(start, end, 2):
                out.append([off, line])
        return out
    starts = list(dis.findlinestarts(code))
    out = []
    for off in range(0, n):
        line = None
        for s, l in starts:
            if s <= off:
                line = l
        if line is not None:
            out.append([off, line])
    return out


def table_of(code):
    if sys.version_info >= (3, 10):
        return code.co_linetable
    return code.co_lnotab


def codes(co):
    yield co
    for c in co.co_consts:
        if hasattr(c, "co_code"):
            for x in codes(c):
                yield x


top = compile(SRC, "<vectors>", "exec")
funcs = []
for c in codes(top):
    if c.co_name == "<module>":
        continue
    t = table_of(c)
    funcs.append({
        "name": c.co_name,
        "firstlineno": c.co_firstlineno,
        "table": "".join("%02x" % (b if isinstance(b, int) else ord(b)) for b in t),
        "pairs": pairs_for(c),
    })
v = sys.version_info
sys.stdout.write(json.dumps({"version": "%d.%d.%d" % (v[0], v[1], v[2]), "functions": funcs}))
