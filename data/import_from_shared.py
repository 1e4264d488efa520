"""How data/ was made: copy the files the experiments need from the workplace's shared data folder,
xz-compressed, and write MANIFEST.tsv (path, sha256, bytes, source). Run once by a maintainer:

    python data/import_from_shared.py /path/to/shared/data

The project itself never reads the shared folder; reproduction.data reads data/ and checks MANIFEST.tsv.
"""

import hashlib
import lzma
import shutil
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
SOURCES = {  # top folder: (source, licence)
    "ucr": ("UCR Time Series Archive 2018 (Dau et al. 2019); copies listed in data/README.md",
            "no formal licence; cite Dau et al. 2019"),
    "uci": ("UCI data preprocessed by Fernandez-Delgado et al. (JMLR 2014); GitHub moonlightlane/RNTK_UCI@bb1842e",
            "UCI repository terms; cite Fernandez-Delgado et al. 2014 and Dua & Graff"),
    "stock": ("Yahoo Finance daily prices of GOOG; GitHub 12dylan3/LSTockMarket-Predictions@80e748a",
              "no licence file; Yahoo Finance terms of use"),
    "published": ("the papers' own result tables (first paper appendix; both papers' summary tables)",
                  "quoted for comparison, copyright of the papers' authors"),
}


def compress(src: Path, dst: Path):
    dst.parent.mkdir(parents=True, exist_ok=True)
    with open(src, "rb") as f, lzma.open(dst, "wb", preset=9 | lzma.PRESET_EXTREME) as g:
        shutil.copyfileobj(f, g)


def main(shared: Path):
    wanted = []
    for folder in sorted((shared / "ucr").iterdir()):
        if folder.is_dir():
            for f in sorted(folder.iterdir()):
                if f.suffix in (".tsv", ".npy"):
                    wanted.append((f, Path("ucr") / folder.name / (f.name + ".xz")))
                elif f.name == "README.md":
                    wanted.append((f, Path("ucr") / folder.name / f.name))
    wanted.append((shared / "ucr" / "STATUS.txt", Path("ucr") / "STATUS.txt"))
    names = (shared / "uci" / "datasets.txt").read_text().split()
    wanted.append((shared / "uci" / "datasets.txt", Path("uci") / "datasets.txt"))
    for name in names:
        for f in (f"{name}.txt", f"{name}_R.dat", "conxuntos.dat", "conxuntos_kfold.dat"):
            wanted.append((shared / "uci" / name / f, Path("uci") / name / (f + ".xz")))
    wanted.append((shared / "stock" / "GOOG.csv", Path("stock") / "GOOG.csv.xz"))
    for f in ("rntk_paper_ucr_accuracy.csv", "summary_tables.md"):
        wanted.append((shared / "published" / f, Path("published") / f))

    for src, rel in wanted:
        dst = HERE / rel
        if rel.suffix == ".xz":
            compress(src, dst)
        else:
            dst.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(src, dst)
    write_manifest([rel for _, rel in wanted])
    print(f"{len(wanted)} files")


def write_manifest(paths):
    rows = ["path\tsha256\tbytes\tsource\tlicence"]
    for rel in paths:
        dst = HERE / rel
        digest = hashlib.sha256(dst.read_bytes()).hexdigest()
        source, licence = SOURCES[rel.parts[0]]
        rows.append(f"{rel.as_posix()}\t{digest}\t{dst.stat().st_size}\t{source}\t{licence}")
    (HERE / "MANIFEST.tsv").write_text("\n".join(rows) + "\n")


if __name__ == "__main__":
    main(Path(sys.argv[1]))
