"""The sweep-file YAML subset parser (archsim._yaml)."""
import pytest

from archsim import _yaml
from archsim.errors import ConfigError


def test_block_and_flow():
    doc = _yaml.loads(
        "# a sweep\n"
        "config: ../configs/x.yaml   # trailing comment\n"
        "set: {gen.count: 20000, mem.energy: {read: 4nJ}}\n"
        "grid:\n"
        "  l1d.size: [16KiB, 32KiB, '64KiB']\n"
        "  l2.assoc:\n"
        "    - 8\n"
        "    - \"16\"\n"
        "  list.of.lists: [[1, 2], [3]]\n"
        "workloads:\n"
        "- a.elf\n"
        "- program: b.elf\n"
        "  args: [-n, 3]\n"
        "  name: bee\n"
        "seeds: [1,2]\n"
        "empty:\n"
        "quoted: 'it''s # not a comment'\n")
    assert doc == {
        "config": "../configs/x.yaml",
        "set": {"gen.count": "20000", "mem.energy": {"read": "4nJ"}},
        "grid": {"l1d.size": ["16KiB", "32KiB", "64KiB"], "l2.assoc": ["8", "16"],
                 "list.of.lists": [["1", "2"], ["3"]]},
        "workloads": ["a.elf", {"program": "b.elf", "args": ["-n", "3"], "name": "bee"}],
        "seeds": ["1", "2"], "empty": None, "quoted": "it's # not a comment"}


def test_flow_over_several_lines():
    doc = _yaml.loads("grid:\n  a: [1,\n      2,\n      3]\n  b: {x: 1,\n      y: 2}\n")
    assert doc == {"grid": {"a": ["1", "2", "3"], "b": {"x": "1", "y": "2"}}}


def test_nested_sequences_and_document_marker():
    assert _yaml.loads("---\n- - a\n  - b\n- c\n") == [["a", "b"], "c"]
    assert _yaml.loads("") is None


@pytest.mark.parametrize("text, line", [
    ("a: 1\n  b: 2\n", 2),
    ("a: [1, 2\n", 1),
    ("a: 1\na: 2\n", 2),
    ("a: &x 1\n", 1),
    ("a: |\n  text\n", 1),
    ("a: 'open\n", 1),
    ("a: 1\n---\nb: 2\n", 2),
    ("a:\n\tb: 1\n", 2),
    ("a: {b 1}\n", 1),
])
def test_errors_name_the_line(text, line):
    with pytest.raises(ConfigError) as ei:
        _yaml.loads(text, "s.yaml")
    assert ei.value.file == "s.yaml" and ei.value.line == line, str(ei.value)


def test_sweep_file_size_capped(tmp_path):
    """A sweep file past 4 MiB is refused (/dev/zero read until memory ran out)."""
    import archsim
    big = tmp_path / "big.yaml"
    big.write_text(("#" + "x" * 62 + "\n") * (1 << 16) + "#\n")      # 4 MiB and 2 bytes
    with pytest.raises(ConfigError) as ei:
        archsim.Sweep.from_file(big)
    assert str(ei.value) == "%s: larger than 4 MiB, the most a sweep file may be" % big
    with pytest.raises(ConfigError):
        _yaml.load("/dev/zero")
