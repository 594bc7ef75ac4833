# Unicode string literals: UTF-8 lengths decide qstr vs object.
print("héllo", len("héllo"))
print("日本語", len("日本語"))
print("日本語のテキスト", len("日本語のテキスト"))
print("😀", len("😀"), "a😀b")
print("ünïcödé strings are fun")
s = "Ω"
print(s * 3, ord(s))
