"""apply.py — read tests/mutation/mutations.txt and apply one mutation to a tree.

    apply.py MUTATIONS.txt TREE list            names of the mutations, one a line
    apply.py MUTATIONS.txt TREE check           every mutation applies (exit 1 naming those that do not)
    apply.py MUTATIONS.txt TREE apply NAME      mutate TREE in place (the original kept as
                                                FILE.mutation-orig); prints the file changed
    apply.py MUTATIONS.txt TREE why NAME        the mutation's `why:` line

A file is found by its basename among `git ls-files` of TREE (or, if TREE is not a git checkout,
by walking it, build folders excluded): the layout may move, the names stay. The `from:` piece
must occur on exactly one line of that file."""
import os
import subprocess
import sys


def read(path):
    records, cur = [], {}
    for line in open(path, encoding="utf-8"):
        line = line.rstrip("\n")
        if line.startswith("#"):
            continue
        if not line.strip():
            if cur:
                records.append(cur)
                cur = {}
            continue
        key, _, value = line.partition(": ")
        cur[key.rstrip(":")] = value
    if cur:
        records.append(cur)
    for r in records:
        for key in ("name", "file", "from", "to"):
            if key not in r:
                sys.exit(f"apply.py: {path}: a record without `{key}:` ({r})")
    return records


def files(tree):
    try:
        out = subprocess.run(["git", "-C", tree, "ls-files"], check=True, capture_output=True, text=True).stdout
        return out.split()
    except (subprocess.CalledProcessError, FileNotFoundError):
        found = []
        for root, dirs, names in os.walk(tree):
            dirs[:] = [d for d in dirs if not d.startswith("build") and d != ".git"]
            found += [os.path.relpath(os.path.join(root, n), tree) for n in names]
        return found


def locate(tree, record, all_files):
    hits = [f for f in all_files if os.path.basename(f) == record["file"]]
    if len(hits) != 1:
        return None, f"{record['name']}: {len(hits)} files named {record['file']}"
    path = os.path.join(tree, hits[0])
    lines = open(path, encoding="utf-8").read().split("\n")
    at = [i for i, line in enumerate(lines) if record["from"] in line]
    if len(at) != 1:
        return None, f"{record['name']}: `{record['from']}` is on {len(at)} lines of {hits[0]}"
    return (path, lines, at[0]), None


def main():
    records, tree, command = read(sys.argv[1]), sys.argv[2], sys.argv[3]
    by_name = {r["name"]: r for r in records}
    if command == "list":
        print("\n".join(r["name"] for r in records))
        return 0
    all_files = files(tree)
    if command == "check":
        bad = [err for r in records for _, err in [locate(tree, r, all_files)] if err]
        for err in bad:
            print(f"stale mutation: {err}")
        print(f"{len(records) - len(bad)} of {len(records)} mutations apply")
        return 1 if bad else 0
    record = by_name.get(sys.argv[4])
    if record is None:
        sys.exit(f"apply.py: no mutation named {sys.argv[4]}")
    if command == "why":
        print(record.get("why", ""))
        return 0
    found, err = locate(tree, record, all_files)
    if err:
        print(f"apply.py: {err}", file=sys.stderr)
        return 1
    path, lines, i = found
    with open(path + ".mutation-orig", "w", encoding="utf-8") as f:   # mutate.sh puts it back
        f.write("\n".join(lines))
    lines[i] = lines[i].replace(record["from"], record["to"])
    with open(path, "w", encoding="utf-8") as f:
        f.write("\n".join(lines))
    print(os.path.relpath(path, tree))
    return 0


if __name__ == "__main__":
    sys.exit(main())
