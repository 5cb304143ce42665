"""PLINK 1 binary (.bed/.bim/.fam) and VCF helpers shared by the genotype scripts.

Only numpy and the standard library. The conventions, stated once:

* A genotype ``g`` is the number of copies of the .bim A1 allele (column 5),
  0, 1 or 2; missing is ``MISSING`` (255) in memory.
* .bed: magic ``0x6C 0x1B 0x01`` (SNP-major), then one record per SNP of
  ``ceil(n / 4)`` bytes; individual ``i`` sits in byte ``i // 4`` at bits
  ``2 * (i % 4)`` (low bits first). Codes: ``00`` two copies of A1, ``01``
  missing, ``10`` heterozygous, ``11`` no copy of A1. Padding bits are 0.
* VCF written here: REF = .bim A2, ALT = .bim A1, so the GT's ALT count is the
  .bed genotype. The .vcf.gz is BGZF (block gzip), which plain gzip readers,
  htslib (bcftools, tabix) and PLINK all read.
"""

from __future__ import annotations

import gzip
import struct
import zlib
from pathlib import Path
from typing import BinaryIO, Iterable, Iterator, Sequence

import numpy as np

MAGIC = bytes([0x6C, 0x1B, 0x01])
MISSING = np.uint8(255)

# g -> 2-bit code (index 3 is unused; MISSING maps through _code_of below).
_CODE_OF_G = np.array([3, 2, 0], dtype=np.uint8)
# 2-bit code -> g (01 = missing).
_G_OF_CODE = np.array([2, MISSING, 1, 0], dtype=np.uint8)


def bytes_per_snp(n: int) -> int:
    return (n + 3) // 4


def pack_bed_rows(genotypes: np.ndarray) -> bytes:
    """Pack an (m SNPs x n individuals) uint8 matrix of A1 counts (255 = missing)."""
    g = np.asarray(genotypes, dtype=np.uint8)
    if g.ndim != 2:
        raise ValueError("genotypes must be a 2-D (SNPs x individuals) array")
    m, n = g.shape
    codes = np.full((m, 4 * bytes_per_snp(n)), 0, dtype=np.uint8)   # pad with 00
    valid = g <= 2
    if not np.all(valid | (g == MISSING)):
        raise ValueError("genotype values must be 0, 1, 2 or 255 (missing)")
    codes[:, :n] = np.where(valid, _CODE_OF_G[np.minimum(g, 2)], np.uint8(1))
    c = codes.reshape(m, -1, 4)
    packed = c[:, :, 0] | (c[:, :, 1] << 2) | (c[:, :, 2] << 4) | (c[:, :, 3] << 6)
    return packed.astype(np.uint8).tobytes()


def unpack_bed_rows(raw: np.ndarray, n: int) -> np.ndarray:
    """(m x bytes_per_snp) uint8 records -> (m x n) A1 counts, 255 = missing."""
    raw = np.asarray(raw, dtype=np.uint8)
    m = raw.shape[0]
    codes = np.empty((m, raw.shape[1], 4), dtype=np.uint8)
    for j in range(4):
        codes[:, :, j] = (raw >> (2 * j)) & 3
    return _G_OF_CODE[codes.reshape(m, -1)[:, :n]]


def count_lines(path: Path | str) -> int:
    with open(path, "rb") as handle:
        return sum(1 for line in handle if line.strip())


def read_fam_ids(prefix: Path | str) -> list[str]:
    with open(f"{prefix}.fam") as handle:
        return [line.split()[1] for line in handle if line.strip()]


def read_bim(prefix: Path | str) -> list[tuple[str, str, int, str, str]]:
    """(chrom, id, position, A1, A2) per SNP."""
    rows = []
    with open(f"{prefix}.bim") as handle:
        for line in handle:
            f = line.split()
            if f:
                rows.append((f[0], f[1], int(f[3]), f[4], f[5]))
    return rows


def bed_shape(prefix: Path | str) -> tuple[int, int]:
    """(individuals, SNPs) from .fam and the .bed size (checked against .bim)."""
    n = count_lines(f"{prefix}.fam")
    size = Path(f"{prefix}.bed").stat().st_size - 3
    per = bytes_per_snp(n)
    if size % per:
        raise ValueError(f"{prefix}.bed: size does not fit {n} individuals")
    return n, size // per


def iter_bed_blocks(prefix: Path | str, block: int = 4096) -> Iterator[tuple[int, np.ndarray]]:
    """Yield (first SNP index, (b x n) genotype block) over the .bed, streaming."""
    n, m = bed_shape(prefix)
    per = bytes_per_snp(n)
    with open(f"{prefix}.bed", "rb") as handle:
        if handle.read(3) != MAGIC:
            raise ValueError(f"{prefix}.bed: not a SNP-major PLINK 1 .bed (bad magic)")
        start = 0
        while start < m:
            b = min(block, m - start)
            raw = np.frombuffer(handle.read(b * per), dtype=np.uint8).reshape(b, per)
            yield start, unpack_bed_rows(raw, n)
            start += b


def read_bed(prefix: Path | str) -> np.ndarray:
    """The whole (m SNPs x n individuals) genotype matrix (A1 counts, 255 = missing)."""
    n, m = bed_shape(prefix)
    out = np.empty((m, n), dtype=np.uint8)
    for start, g in iter_bed_blocks(prefix):
        out[start:start + g.shape[0]] = g
    return out


class BedWriter:
    """Streams SNP-major records to PREFIX.bed and lines to PREFIX.bim."""

    def __init__(self, prefix: Path | str, n: int):
        self.n = n
        self.bed = open(f"{prefix}.bed", "wb")
        self.bim = open(f"{prefix}.bim", "w")
        self.bed.write(MAGIC)
        self.snps = 0

    def write(self, genotypes: np.ndarray, bim_rows: Sequence[tuple]) -> None:
        """genotypes: (b x n); bim_rows: b tuples (chrom, id, cM, pos, A1, A2)."""
        if genotypes.shape[1] != self.n or genotypes.shape[0] != len(bim_rows):
            raise ValueError("block shape does not match")
        self.bed.write(pack_bed_rows(genotypes))
        self.bim.write("".join("\t".join(str(x) for x in r) + "\n" for r in bim_rows))
        self.snps += len(bim_rows)

    def close(self) -> None:
        self.bed.close()
        self.bim.close()


def write_fam(prefix: Path | str, ids: Iterable[str]) -> None:
    with open(f"{prefix}.fam", "w") as handle:
        for i in ids:
            handle.write(f"{i}\t{i}\t0\t0\t0\t-9\n")


# --------------------------------------------------------------------------
# BGZF (the block gzip of htslib): gzip members of at most 64 KiB each with a
# "BC" extra field giving the member's size, and an empty member at the end.
# --------------------------------------------------------------------------

_BGZF_EOF = bytes.fromhex("1f8b08040000000000ff0600424302001b0003000000000000000000")
_BGZF_BLOCK = 65280          # uncompressed bytes per member, as htslib does


class BgzfWriter:
    def __init__(self, path: Path | str):
        self.handle: BinaryIO = open(path, "wb")
        self.buffer = bytearray()

    def write(self, text: str) -> None:
        self.buffer += text.encode()
        while len(self.buffer) >= _BGZF_BLOCK:
            self._member(bytes(self.buffer[:_BGZF_BLOCK]))
            del self.buffer[:_BGZF_BLOCK]

    def _member(self, data: bytes) -> None:
        compressor = zlib.compressobj(6, zlib.DEFLATED, -15)
        body = compressor.compress(data) + compressor.flush()
        size = len(body) + 25            # header 18 + body + crc 4 + isize 4 - 1
        header = struct.pack("<4BI2BH2BHH", 0x1F, 0x8B, 8, 4, 0, 0, 0xFF, 6,
                             ord("B"), ord("C"), 2, size)
        trailer = struct.pack("<II", zlib.crc32(data) & 0xFFFFFFFF, len(data))
        self.handle.write(header + body + trailer)

    def close(self) -> None:
        if self.buffer:
            self._member(bytes(self.buffer))
            self.buffer.clear()
        self.handle.write(_BGZF_EOF)
        self.handle.close()


_GT_TEXT = np.array(["0/0", "0/1", "1/1"] + ["./."] * 253, dtype=object)


def vcf_genotype_text(genotypes_row: np.ndarray) -> str:
    """ALT counts (255 = missing) -> tab-separated GT fields."""
    return "\t".join(_GT_TEXT[genotypes_row].tolist())


def read_vcf_genotypes(path: Path | str) -> tuple[list[str], list[tuple[str, int, str, str]], np.ndarray]:
    """Sample ids, (chrom, pos, REF, ALT) per record and the (m x n) ALT counts."""
    samples: list[str] = []
    sites = []
    rows = []
    lookup = {"0/0": 0, "0|0": 0, "0/1": 1, "1/0": 1, "0|1": 1, "1|0": 1,
              "1/1": 2, "1|1": 2, "./.": 255, ".|.": 255, ".": 255}
    with gzip.open(path, "rt") as handle:
        for line in handle:
            if line.startswith("##"):
                continue
            f = line.rstrip("\n").split("\t")
            if line.startswith("#CHROM"):
                samples = f[9:]
                continue
            if f[8].split(":")[0] != "GT":
                raise ValueError("first FORMAT field is not GT")
            sites.append((f[0], int(f[1]), f[3], f[4]))
            rows.append([lookup[x.split(":")[0]] for x in f[9:]])
    return samples, sites, np.array(rows, dtype=np.uint8).reshape(len(rows), len(samples))
