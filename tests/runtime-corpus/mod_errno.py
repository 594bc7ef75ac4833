# errno constants and OSError carrying them.
import errno
print(errno.ENOENT, errno.EEXIST, errno.EINVAL, errno.EAGAIN, errno.EBADF)
print(errno.errorcode[errno.ENOENT], errno.errorcode[errno.EINVAL])
try:
    raise OSError(errno.ENOENT)
except OSError as e:
    print(e.args, e.errno if hasattr(e, "errno") else e.args[0], e)
try:
    open("/nonexistent/dir/file.txt")
except OSError as e:
    print("open failed", e.args[0] == errno.ENOENT, e)
