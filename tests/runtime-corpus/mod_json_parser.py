# json: dumps/dump separators and argument errors, the loads parser on valid, odd and bad input.
import json
def t(f, *a, **k):
    try:
        r = f(*a, **k)
        print(sorted(r.items()) if type(r) is dict else repr(r))
    except Exception as e:
        print(type(e).__name__, e)
t(json.dumps, 1, 2)
t(json.dumps, 1, foo=2)
t(json.dumps, 1, separators=(1, 2))
t(json.dumps, 1, separators=(",",))
t(json.dumps, [1, {2: 3}], separators=[";", "="])
t(json.dumps, {(1, 2): None})
t(json.dumps, {"a": b"b"})
t(json.dumps, float("inf"))
t(json.dumps, [float("nan"), -0.0, 1e100, 10**30])
t(json.dumps, "é\u1234\x7f\x1f\\/")
t(json.dumps, bytearray(b"x"))
class A:
    def __repr__(self): return "AAA"
t(json.dumps, [A()])
t(json.dumps)
for s in ['1', '-1', '1.5', '1e3', '-', '1.2.3', '1-2', '"abc', '"a\\u00e9\\n\\t\\"b"', '[1, 2, [3, {"a": 4}]]',
          '{"a": 1, "b": [true, false, null]}', '  3  ', '3 4', '[', ']', '[1,,2]', '{1: 2}', '{"a" "b"}', '{"a":}',
          '[1 2]', 'nul', 'tru', '', ' ', '{"a": {"b": 1}, "c": 2}', '{[1]: 2}', 'true false', '"\\x"', '"\\u12"',
          '123456789012345678901234567890', '1E+2', '0.5e-3', '-0', '01', '[1]]', '{}', '[]', '"a\x00b"', '1\x00',
          '\t\n\r 5\v']:
    t(json.loads, s)
t(json.loads, b'[1]')
t(json.loads, bytearray(b'{"x": 1}'))
t(json.loads, 5)
import io
s = io.StringIO()
json.dump({"a": [1, 2]}, s, separators=(",", ":"))
print(s.getvalue())
print(json.load(io.StringIO('{"q": [1.5]}')))
t(json.dump, 1, 2)
print(sorted(json.loads('{"b": 1, "a": 2, "c": 3, "d": 4, "e": 5}').items()))
