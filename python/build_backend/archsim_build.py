"""archsim_build - a PEP 517 / PEP 660 build backend for the archsim package
that uses the standard library only (no setuptools download: offline installs).

build_wheel      archsim/*.py (+ libarchsim.so when found: platform wheel)
build_editable   a .pth file pointing at this source folder
build_sdist      the python/ folder as a .tar.gz with PKG-INFO
"""
import base64
import hashlib
import io
import os
import re
import sys
import sysconfig
import tarfile
import zipfile

NAME = "archsim"
SUMMARY = "Python binding (cffi) of the archsim architecture simulation library, with sweeps"
REQUIRES = ["cffi>=1.12"]
EXTRAS = {"dask": ["distributed"], "plot": ["matplotlib"], "pandas": ["pandas"],
          "mpi": ["mpi4py"]}
HERE = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))     # python/
PKG = os.path.join(HERE, NAME)


def _version():
    with open(os.path.join(PKG, "__init__.py"), encoding="utf-8") as f:
        return re.search(r'^__version__ = "([^"]+)"', f.read(), re.M).group(1)


def _metadata():
    lines = ["Metadata-Version: 2.1", "Name: " + NAME, "Version: " + _version(),
             "Summary: " + SUMMARY, "Requires-Python: >=3.7", "License: see the repository"]
    lines += ["Requires-Dist: " + r for r in REQUIRES]
    for extra, reqs in EXTRAS.items():
        lines.append("Provides-Extra: " + extra)
        lines += ['Requires-Dist: %s; extra == "%s"' % (r, extra) for r in reqs]
    return "\n".join(lines) + "\n"


def _library():
    if os.environ.get("ARCHSIM_NO_BUNDLE"):
        return None
    for p in (os.environ.get("ARCHSIM_LIB"), os.path.join(HERE, "..", "build",
                                                           "libarchsim.so")):
        if p and os.path.isfile(p):
            return os.path.realpath(p)
    return None


def _platform_tag():
    return re.sub(r"[^A-Za-z0-9]", "_", sysconfig.get_platform())


def _digest(data):
    return "sha256=" + base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(
        b"=").decode()


class _Wheel:
    def __init__(self, directory, tag):
        self.distinfo = "%s-%s.dist-info" % (NAME, _version())
        self.name = "%s-%s-%s.whl" % (NAME, _version(), tag)
        self.tag = tag
        self.path = os.path.join(directory, self.name)
        self.zf = zipfile.ZipFile(self.path, "w", zipfile.ZIP_DEFLATED)
        self.record = []

    def add(self, arcname, data, mode=0o644):
        info = zipfile.ZipInfo(arcname, date_time=(2020, 1, 1, 0, 0, 0))
        info.external_attr = (0o100000 | mode) << 16
        info.compress_type = zipfile.ZIP_DEFLATED
        self.zf.writestr(info, data)
        self.record.append("%s,%s,%d" % (arcname, _digest(data), len(data)))

    def close(self):
        purelib = "true" if self.tag.endswith("none-any") else "false"
        self.add(self.distinfo + "/METADATA", _metadata().encode())
        self.add(self.distinfo + "/WHEEL", ("Wheel-Version: 1.0\nGenerator: archsim_build\n"
                                            "Root-Is-Purelib: %s\nTag: %s\n"
                                            % (purelib, self.tag)).encode())
        rec = self.distinfo + "/RECORD"
        self.record.append(rec + ",,")
        self.zf.writestr(zipfile.ZipInfo(rec, date_time=(2020, 1, 1, 0, 0, 0)),
                         "\n".join(self.record) + "\n")
        self.zf.close()
        return self.name


def _package_files():
    for name in sorted(os.listdir(PKG)):
        if name.endswith(".py"):
            yield name


def get_requires_for_build_wheel(config_settings=None):
    return []


get_requires_for_build_editable = get_requires_for_build_wheel
get_requires_for_build_sdist = get_requires_for_build_wheel


def prepare_metadata_for_build_wheel(metadata_directory, config_settings=None):
    d = os.path.join(metadata_directory, "%s-%s.dist-info" % (NAME, _version()))
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, "METADATA"), "w", encoding="utf-8") as f:
        f.write(_metadata())
    return os.path.basename(d)


prepare_metadata_for_build_editable = prepare_metadata_for_build_wheel


def build_wheel(wheel_directory, config_settings=None, metadata_directory=None):
    lib = _library()
    tag = "py3-none-" + _platform_tag() if lib else "py3-none-any"
    w = _Wheel(wheel_directory, tag)
    for name in _package_files():
        with open(os.path.join(PKG, name), "rb") as f:
            w.add("%s/%s" % (NAME, name), f.read())
    if lib:
        with open(lib, "rb") as f:
            w.add(NAME + "/libarchsim.so", f.read(), 0o755)
    return w.close()


def build_editable(wheel_directory, config_settings=None, metadata_directory=None):
    w = _Wheel(wheel_directory, "py3-none-any")
    w.add("__editable__.%s.pth" % NAME, (HERE + "\n").encode())
    return w.close()


def build_sdist(sdist_directory, config_settings=None):
    base = "%s-%s" % (NAME, _version())
    path = os.path.join(sdist_directory, base + ".tar.gz")
    with tarfile.open(path, "w:gz", format=tarfile.PAX_FORMAT) as tar:
        for rel in ["pyproject.toml", "build_backend/archsim_build.py"] + \
                   ["%s/%s" % (NAME, n) for n in _package_files()]:
            tar.add(os.path.join(HERE, rel), arcname="%s/%s" % (base, rel))
        data = _metadata().encode()
        info = tarfile.TarInfo(base + "/PKG-INFO")
        info.size = len(data)
        tar.addfile(info, io.BytesIO(data))
    return os.path.basename(path)


if __name__ == "__main__":                  # python3 archsim_build.py DIR: build a wheel
    print(build_wheel(sys.argv[1] if len(sys.argv) > 1 else "."))
