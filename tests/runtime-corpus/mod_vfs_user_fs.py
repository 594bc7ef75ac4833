# vfs.mount of a filesystem written in Python: imports of modules and packages from it
# through sys.path, execfile, os.listdir, the errors of mount/umount, and what a file's
# readinto/ioctl see. The port's own root "/" is unmounted last.
import io
import os
import sys
import vfs


class File(io.IOBase):
    def __init__(self, data, log):
        self.data = memoryview(data)
        self.pos = 0
        self.log = log

    def readinto(self, buf):
        n = min(len(buf), len(self.data) - self.pos)
        buf[:n] = self.data[self.pos : self.pos + n]
        self.pos += n
        return n

    def ioctl(self, req, arg):
        self.log.append(("ioctl", req, arg))
        return 0


class FS:
    def __init__(self, files):
        self.files = files
        self.log = []

    def mount(self, readonly, mkfs):
        self.log.append(("mount", readonly, mkfs))

    def umount(self):
        self.log.append("umount")

    def stat(self, path):
        self.log.append(("stat", path))
        if path in self.files:
            return (0x8000, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        if path + "/" in self.files:
            return (0x4000, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        raise OSError(2)

    def open(self, path, mode):
        self.log.append(("open", path, mode))
        if path not in self.files:
            raise OSError(2)
        return File(self.files[path], self.log)

    def ilistdir(self, path):
        for name in sorted(self.files):
            if name.startswith(path) and name != path and not name.endswith("/"):
                yield (name[len(path) :].lstrip("/"), 0x8000, 0)


files = {
    "/vmod.py": b"X = 40 + 2\nprint('running vmod', __name__)\n",
    "/vpkg/": b"",
    "/vpkg/__init__.py": b"print('vpkg init')\nY = 'y'\n",
    "/vpkg/sub.py": b"from . import Y\nZ = Y * 3\n",
    "/bad.mpy": b"M\x00\x00\x00",
    "/script.py": b"counter = counter + 1\nprint('script sees', counter)\n",
    "/broken.py": b"def f(:\n",
}
fs = FS(files)
vfs.mount(fs, "/ufs", readonly=True)
print(fs.log)
fs.log.clear()
sys.path.append("/ufs")
import vmod

print(vmod.X, fs.log)
fs.log.clear()
import vpkg.sub

print(vpkg.Y, vpkg.sub.Z)
try:
    import bad
except ValueError as e:
    print("ValueError", e)
try:
    import missing_one
except ImportError:
    print("ImportError")
counter = 10
execfile("/ufs/script.py")
execfile("/ufs/script.py")
print(counter)
for p in ("/ufs/none.py", b"/ufs/script.py", "/ufs/broken.py"):
    try:
        execfile(p)
    except Exception as e:
        print(type(e).__name__)
print(sorted(os.listdir("/ufs")))
for args in ((fs, "/ufs"), (FS({}), "/ufs")):
    try:
        vfs.mount(*args)
    except OSError as e:
        print("mount OSError", e.errno)
for x in ("/nothing", FS({})):
    try:
        vfs.umount(x)
    except OSError as e:
        print("umount OSError", e.errno)
fs.log.clear()
vfs.umount(fs)
print(fs.log)
try:
    execfile("/ufs/script.py")
except OSError as e:
    print("after umount OSError", e.errno)
fs2 = FS(files)
vfs.mount(fs2, "/second")
vfs.umount("/")
print(os.listdir("/"))
vfs.umount("/second")
print(os.listdir("/"))
sys.path.pop()
