"""archsim._yaml - the subset of YAML a sweep file is written in, without PyYAML.

Block mappings and sequences (by indentation, sequences of mappings too), flow
collections ([a, b], {k: v}, nested, over several lines), single- and double-
quoted scalars, comments. Scalars stay strings: a grid value goes to sim_set()
as the text that was written, and the C library parses it as YAML there, so
"8", 8 and '8' mean the same. Plain `~`, `null` and an empty value are None.
Not supported (an error names the line): anchors and aliases, tags, block
scalars (| and >), several documents, complex keys.
"""
from .errors import ConfigError

MAX_BYTES = 4 << 20     # as the C library's configurations: /dev/zero must not fill memory


class YamlError(ConfigError):
    """A sweep file that this parser cannot read: file, line and column set."""


def _strip_comment(text):
    """The line without a trailing `# comment` (a # outside quotes, after a space)."""
    quote = None
    i = 0
    while i < len(text):
        ch = text[i]
        if quote == "'":
            if ch == "'" and text[i + 1:i + 2] == "'":
                i += 1                          # '' is a quote inside '...'
            elif ch == "'":
                quote = None
        elif quote == '"':
            if ch == "\\":
                i += 1
            elif ch == '"':
                quote = None
        elif ch in "'\"" and (i == 0 or text[i - 1] in " \t[{,:-"):
            quote = ch
        elif ch == "#" and (i == 0 or text[i - 1] in " \t"):
            return text[:i].rstrip()
        i += 1
    return text.rstrip()


class _Parser:
    def __init__(self, text, name):
        self.name = name
        self.lines = []                 # [lineno, indent, text]
        for n, raw in enumerate(text.splitlines(), 1):
            if "\t" in raw[:len(raw) - len(raw.lstrip())]:
                raise self.error(n, 1, "tabs are not allowed for indentation")
            body = _strip_comment(raw)
            if not body.strip():
                continue
            stripped = body.lstrip()
            if stripped in ("---", "...") and len(body) == len(stripped):
                if self.lines or stripped == "...":
                    raise self.error(n, 1, "only one YAML document is supported")
                continue
            self.lines.append([n, len(body) - len(stripped), stripped])
        self.i = 0

    def error(self, line, col, msg):
        return YamlError(msg, file=self.name, line=line, column=col)

    # -- block structure

    def parse(self):
        if not self.lines:
            return None
        v = self.block(self.lines[0][1])
        if self.i < len(self.lines):
            n, ind, _ = self.lines[self.i]
            raise self.error(n, ind + 1, "unexpected indentation")
        return v

    def block(self, indent):
        n, ind, text = self.lines[self.i]
        if text == "-" or text.startswith("- "):
            return self.seq(indent)
        if self._key_split(text) is None:         # a lone scalar or flow collection
            self.i += 1
            return self.inline(text, n, ind)
        return self.mapping(indent)

    def seq(self, indent):
        out = []
        while self.i < len(self.lines):
            n, ind, text = self.lines[self.i]
            if ind < indent:
                break
            if ind > indent:
                raise self.error(n, ind + 1, "unexpected indentation")
            if not (text == "-" or text.startswith("- ")):
                break
            rest = text[1:].lstrip()
            if not rest:
                self.i += 1
                out.append(self.child(indent, n))
                continue
            sub = ind + (len(text) - len(rest))
            if self._key_split(rest) is not None and rest[0] not in "[{'\"":
                self.lines[self.i] = [n, sub, rest]        # "- key: v" opens a mapping
                out.append(self.mapping(sub))
            elif rest == "-" or rest.startswith("- "):
                self.lines[self.i] = [n, sub, rest]
                out.append(self.seq(sub))
            else:
                self.i += 1
                out.append(self.inline(rest, n, sub))
        return out

    def mapping(self, indent):
        out = {}
        while self.i < len(self.lines):
            n, ind, text = self.lines[self.i]
            if ind < indent:
                break
            if ind > indent:
                raise self.error(n, ind + 1, "unexpected indentation")
            if text == "-" or text.startswith("- "):
                break
            split = self._key_split(text)
            if split is None:
                raise self.error(n, ind + 1, "expected 'key: value'")
            key_text, rest, vcol = split
            key = self._scalar(key_text.strip(), n, ind + 1)
            if not isinstance(key, str):
                raise self.error(n, ind + 1, "a key must be a plain string")
            if key in out:
                raise self.error(n, ind + 1, "duplicate key '%s'" % key)
            self.i += 1
            if rest:
                out[key] = self.inline(rest, n, ind + vcol)
            else:
                out[key] = self.child(indent, n, allow_seq_same=True)
        return out

    def child(self, indent, n, allow_seq_same=False):
        """The block value under a `key:` or `-` line, or None when there is none."""
        if self.i >= len(self.lines):
            return None
        _, ind, text = self.lines[self.i]
        if ind > indent:
            return self.block(ind)
        if allow_seq_same and ind == indent and (text == "-" or text.startswith("- ")):
            return self.seq(ind)
        return None

    @staticmethod
    def _key_split(text):
        """(key, rest, column of rest) when text is `key: rest` / `key:`, else None."""
        quote = None
        depth = 0
        for i, ch in enumerate(text):
            if quote:
                if ch == quote:
                    quote = None
                continue
            if ch in "'\"" and i == 0:
                quote = ch
            elif ch in "[{":
                if i == 0:
                    return None
                depth += 1
            elif ch in "]}":
                depth -= 1
            elif ch == ":" and depth == 0 and (i + 1 == len(text) or text[i + 1] == " "):
                rest = text[i + 1:]
                return text[:i], rest.strip(), i + 1 + (len(rest) - len(rest.lstrip())) + 1
        return None

    # -- inline values

    def inline(self, text, n, col):
        if text[0] in "[{":
            # A flow collection may go on over the next lines.
            while True:
                try:
                    v, end = _Flow(text, n, col, self).value(0)
                except _Incomplete:
                    if self.i >= len(self.lines):
                        raise self.error(n, col, "unterminated flow collection") from None
                    text += " " + self.lines[self.i][2]
                    self.i += 1
                    continue
                if text[end:].strip():
                    raise self.error(n, col + end, "unexpected text after the value")
                return v
        if text[0] in "&*!|>%@`":
            raise self.error(n, col, "'%s' (anchors, tags, block scalars) is not supported "
                             "in a sweep file" % text[0])
        return self._scalar(text, n, col)

    def _scalar(self, text, n, col):
        if text[:1] in "'\"":
            v, end = _Flow(text, n, col, self).quoted(0)
            if text[end:].strip():
                raise self.error(n, col + end, "unexpected text after the quoted string")
            return v
        if text in ("", "~", "null", "Null", "NULL"):
            return None
        return text


class _Incomplete(Exception):
    pass


class _Flow:
    def __init__(self, text, n, col, parser):
        self.t, self.n, self.col, self.p = text, n, col, parser

    def err(self, i, msg):
        return self.p.error(self.n, self.col + i, msg)

    def ws(self, i):
        while i < len(self.t) and self.t[i] == " ":
            i += 1
        return i

    def value(self, i):
        i = self.ws(i)
        if i >= len(self.t):
            raise _Incomplete()
        ch = self.t[i]
        if ch == "[":
            out = []
            i = self.ws(i + 1)
            if i < len(self.t) and self.t[i] == "]":
                return out, i + 1
            while True:
                v, i = self.value(i)
                out.append(v)
                i = self.ws(i)
                if i >= len(self.t):
                    raise _Incomplete()
                if self.t[i] == "]":
                    return out, i + 1
                if self.t[i] != ",":
                    raise self.err(i, "expected ',' or ']' in a flow list")
                i = self.ws(i + 1)
                if i < len(self.t) and self.t[i] == "]":
                    return out, i + 1
        if ch == "{":
            out = {}
            i = self.ws(i + 1)
            if i < len(self.t) and self.t[i] == "}":
                return out, i + 1
            while True:
                k, i = self.key(i)
                i = self.ws(i)
                if i >= len(self.t):
                    raise _Incomplete()
                if self.t[i] != ":":
                    raise self.err(i, "expected ':' after a key in a flow mapping")
                v, i = self.value(i + 1)
                if k in out:
                    raise self.err(i, "duplicate key '%s'" % k)
                out[k] = v
                i = self.ws(i)
                if i >= len(self.t):
                    raise _Incomplete()
                if self.t[i] == "}":
                    return out, i + 1
                if self.t[i] != ",":
                    raise self.err(i, "expected ',' or '}' in a flow mapping")
                i = self.ws(i + 1)
                if i < len(self.t) and self.t[i] == "}":
                    return out, i + 1
        if ch in "'\"":
            return self.quoted(i)
        j = i
        while j < len(self.t) and self.t[j] not in ",]}":
            j += 1
        return self.p._scalar(self.t[i:j].strip(), self.n, self.col + i), j

    def key(self, i):
        i = self.ws(i)
        if i < len(self.t) and self.t[i] in "'\"":
            return self.quoted(i)
        j = i
        while j < len(self.t) and not (self.t[j] == ":" and (j + 1 == len(self.t) or
                                                            self.t[j + 1] in " ,}")):
            if self.t[j] in ",}[]{":
                raise self.err(j, "expected 'key: value' in a flow mapping")
            j += 1
        if j >= len(self.t):
            raise _Incomplete()
        return self.t[i:j].strip(), j

    def quoted(self, i):
        q = self.t[i]
        out = []
        j = i + 1
        while j < len(self.t):
            ch = self.t[j]
            if q == "'" and ch == "'":
                if j + 1 < len(self.t) and self.t[j + 1] == "'":
                    out.append("'")
                    j += 2
                    continue
                return "".join(out), j + 1
            if q == '"' and ch == "\\" and j + 1 < len(self.t):
                esc = self.t[j + 1]
                out.append({"n": "\n", "t": "\t", "\\": "\\", '"': '"', "0": "\0"}.get(
                    esc, "\\" + esc))
                j += 2
                continue
            if q == '"' and ch == '"':
                return "".join(out), j + 1
            out.append(ch)
            j += 1
        raise self.err(i, "unterminated quoted string")


def loads(text, name="<string>"):
    """Parse sweep-file YAML text into dicts, lists, strings and None."""
    return _Parser(text, name).parse()


def read(path):
    """The text of a sweep file, refused past MAX_BYTES (a device or a FIFO may
    never end)."""
    with open(path, encoding="utf-8") as f:
        text = f.read(MAX_BYTES + 1)
    if len(text) > MAX_BYTES:
        raise YamlError("larger than %d MiB, the most a sweep file may be" % (MAX_BYTES >> 20),
                        file=str(path))
    return text


def load(path):
    return loads(read(path), str(path))
