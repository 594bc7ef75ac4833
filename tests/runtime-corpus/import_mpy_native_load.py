# Importing .mpy files with machine code (built here byte by byte, served by a filesystem
# object mounted with vfs): the header's architecture and sub-version checks, and the loading of
# asm, viper (rodata, bss, relocations) and native functions, which are made but never called.
import sys
import io
import vfs


class MemFile(io.IOBase):
    def __init__(self, data):
        self.data = data
        self.pos = 0

    def readinto(self, buf):
        n = min(len(buf), len(self.data) - self.pos)
        buf[:n] = self.data[self.pos : self.pos + n]
        self.pos += n
        return n

    def ioctl(self, req, arg):
        return 0 if req == 4 else -1


class MemFS:
    def __init__(self, files):
        self.files = files

    def mount(self, readonly, mkfs):
        pass

    def umount(self):
        pass

    def stat(self, path):
        if path in self.files:
            return (0x8000, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        raise OSError(2)

    def open(self, path, mode):
        return MemFile(self.files[path])


def qstr(s):
    return bytes([len(s) << 1]) + s + b"\x00"


def vuint(n):
    out = bytes([n & 0x7F])
    n >>= 7
    while n:
        out = bytes([0x80 | (n & 0x7F)]) + out
        n >>= 7
    return out


feature = sys.implementation._mpy >> 8
header = bytes([ord("M"), 6, feature, 31])
qstrs = vuint(5) + vuint(0)
for q in (b"natload.py", b"<module>", b"f_asm", b"f_vip", b"f_nat"):
    qstrs += qstr(q)
# The module: f_asm, f_vip, f_nat = <its three children>.
module = b"\x00\x02\x01" + b"\x32\x00\x16\x02" + b"\x32\x01\x16\x03" + b"\x32\x02\x16\x04" + b"\x51\x63"
asm = vuint(4 << 3 | 3) + b"\xc3\x90\x90\x90" + b"\x00" + vuint(2) + b"\x00"
viper = vuint(8 << 3 | 2) + b"\xc3" + b"\x90" * 7 + b"\x70" + vuint(3) + vuint(8) + b"abc"
viper_relocs = b"\x01\x00\xff"
native = vuint(7 << 3 | 1) + b"\xc3\x90\x90\x90" + b"\x00\x02\x04" + vuint(4)


def mpy(head, children):
    return head + qstrs + vuint(len(module) << 3 | 4) + module + vuint(3) + children


files = {
    "/natok.mpy": mpy(header, asm + viper + viper_relocs + native),
    # The relocation stream may end at the end of the file (the reader gives 0xff there).
    "/natend.mpy": mpy(header, asm + native + viper + b"\x01\x00"),
    "/natarch.mpy": mpy(bytes([77, 6, 0xFC | (feature & 3), 31]), asm + viper + viper_relocs + native),
    "/natsub.mpy": mpy(bytes([77, 6, feature & 0xFC, 31]), asm + viper + viper_relocs + native),
}
vfs.mount(MemFS(files), "/natfs")
sys.path.append("/natfs")
if feature >> 2 == 0:
    # No machine code on this port: nothing to see.
    print("no native architecture")
else:
    for name in ("natok", "natend", "natarch", "natsub"):
        try:
            m = __import__(name)
            print(name, "loaded", callable(m.f_asm), callable(m.f_vip), callable(m.f_nat))
        except ValueError as e:
            print(name, "ValueError", e)
sys.path.pop()
vfs.umount("/natfs")
