# A Dhrystone-style mix: records, enumerations as ints, string compares, small procedures.
class Record:
    def __init__(self, ptr=None, discr=0, enum=0, intc=0, strc=""):
        self.ptr = ptr
        self.discr = discr
        self.enum = enum
        self.intc = intc
        self.strc = strc
    def copy(self):
        return Record(self.ptr, self.discr, self.enum, self.intc, self.strc)
IDENT1, IDENT2, IDENT3 = 1, 2, 3
state = {"int_glob": 0, "bool_glob": False, "char1": "\0", "char2": "\0"}
arr1 = [0] * 51
arr2 = [[0] * 51 for _ in range(51)]
def proc7(a, b):
    return a + b + 2
def proc8(a1, a2, i1, i2):
    loc = i1 + 5
    a1[loc] = i2
    a1[loc + 1] = a1[loc]
    a1[loc + 30] = loc
    for idx in range(loc, loc + 2):
        a2[loc][idx] = loc
    a2[loc][loc - 1] += 1
    a2[loc + 20][loc] = a1[loc]
    state["int_glob"] = 5
def func1(c1, c2):
    return IDENT1 if c1 != c2 else IDENT2
def func2(s1, s2):
    i = 1
    while i <= 1:
        if func1(s1[i], s2[i + 1]) == IDENT1:
            c = "A"
            i += 1
    if "W" <= c <= "Z":
        i = 7
    if c == "X":
        return True
    return s1 > s2
def proc3(rec):
    if rec.ptr is not None:
        rec.ptr.intc = proc7(10, state["int_glob"])
    return rec
def proc1(rec):
    nxt = rec.ptr = rec.copy()
    rec.intc = 5
    nxt.intc = rec.intc
    nxt.ptr = rec.ptr
    proc3(nxt)
    if nxt.discr == IDENT1:
        nxt.intc = 6
        nxt.intc = proc7(nxt.intc, 10)
    else:
        rec = nxt.copy()
    return rec
def run(loops):
    glob = Record()
    glob.ptr = Record(None, IDENT1, IDENT3, 40, "DHRYSTONE PROGRAM, SOME STRING")
    s1 = "DHRYSTONE PROGRAM, 1'ST STRING"
    acc = 0
    for i in range(loops):
        state["char1"] = "A"
        state["bool_glob"] = not state["bool_glob"]
        i1, i2 = 2, 3
        s2 = "DHRYSTONE PROGRAM, 2'ND STRING"
        en = IDENT2
        b = not func2(s1, s2)
        while i1 < i2:
            i3 = 5 * i1 - i2
            i3 = proc7(i1, i2)
            i1 += 1
        proc8(arr1, arr2, i1, i3)
        glob = proc1(glob)
        acc += i3 + glob.intc + (1 if b else 0) + en
    return acc, arr1[8], arr2[8][7]
print(run(250000))
