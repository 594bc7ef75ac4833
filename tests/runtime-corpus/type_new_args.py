# type(name, bases, dict): the argument checks of mp_obj_new_type (bare TypeErrors) and a class made.
for args in (("abc", None, None), ("abc", (), None), ("abc", (1,), {}), ("abc", [], {}), ("abc", (), [])):
    try:
        type(*args)
        print("made")
    except TypeError as e:
        print("TypeError", repr(str(e)))
try:
    type(1, (), {})
except TypeError as e:
    print("TypeError", e)
C = type("C", (), {"x": 5})
print(C.x, C.__name__, type(C()).__name__)
