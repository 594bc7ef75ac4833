# A support module imported by import_user_module.py: module-level state and functions.
print("rtmod_simple loading")
counter = 0
def bump():
    global counter
    counter += 1
    return counter
class Thing:
    def __repr__(self):
        return "Thing()"
_private = "hidden"
