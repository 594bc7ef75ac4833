# How execfile and import read a file of a mounted filesystem: ioctl(11) (the buffer size the
# stream wants: clamped, or a default for 0 and errors), readinto calls of that size until a
# short read, then ioctl(4) (close).
import io
import vfs


class File(io.IOBase):
    def __init__(self, data, want, log):
        self.data = data
        self.pos = 0
        self.want = want
        self.log = log

    def readinto(self, buf):
        self.log.append(len(buf))
        n = min(len(buf), len(self.data) - self.pos)
        buf[:n] = self.data[self.pos : self.pos + n]
        self.pos += n
        return n

    def ioctl(self, req, arg):
        self.log.append(("ioctl", req))
        return self.want if req == 11 else 0


class FS:
    def __init__(self, want):
        self.want = want
        self.log = []

    def mount(self, readonly, mkfs):
        pass

    def umount(self):
        pass

    def open(self, path, mode):
        src = b"# padding line to make the source longer than one buffer\n" * 3
        return File(src + b"print('ran', len(" + repr(path).encode() + b"))\n", self.want, self.log)


for want in (0, -1, 5, 30, 100, 1000):
    fs = FS(want)
    vfs.mount(fs, "/m")
    execfile("/m/x.py")
    vfs.umount("/m")
    print(want, fs.log)
