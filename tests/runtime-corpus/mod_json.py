# json: dumps of every type, loads of documents, round trips, and errors.
import json
print(json.dumps([1, 2.5, "s", None, True, False, [], {}]), json.dumps("quo\"te\n\u00e9"), json.dumps({"k": [1, {"n": None}]}))
doc = json.loads('{"a": [1, 2, {"b": null}], "c": "x\\u00e9", "d": -1.5e3, "e": true}')
print(sorted(doc.items()))
print(json.loads("[]"), json.loads(" 42 "), json.loads('"s"'), json.loads("[1, [2, [3]]]"))
print(json.loads(json.dumps([1, "two", [3.0]])))
for bad in ["[1,", "{'a': 1}", "nul", ""]:
    try:
        json.loads(bad)
    except ValueError as e:
        print("ValueError", bad)
