# Bytes literals hold a character's UTF-8 bytes, and source bytes as they are.
x = b'cafÃ©'
y = b"ÿş\x41"
z = b'''â‚¬
é'''
print(x, y, z, len(x + y + z))
