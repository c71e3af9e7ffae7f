#!/usr/bin/env python3
"""Generates a benchmark project of the real pages: the repository's content/, locales/ and
site/ copied as they are, plus N copies of the real privacy policy in kk, ru and en.

  OUT/gen/   a project root for `build-site --root`: content/facts.toml, calendar.toml,
             sections.toml, every real page (privacy, rights, data-deletion, cookies) and
             content/versions/ when it exists, locales/, site/templates, site/assets; plus
             content/{kk,ru,en}/privacy-1.md … privacy-N.md, each the real privacy page with
             every table, block include, fact and Fluent call of it, its title numbered
             ("Privacy Policy 17"), no `weight` and `nav = false`; content/sections.toml gets
             a `[privacy-I]` table for each copy (the same as `[privacy]`), as the build
             requires.

`nav = false` keeps the copies out of the navigation, as Hugo's corpus has a three-item
menu: listed there, every page would carry N links and the site would grow as N squared
(at N = 1000, 124 KB per page and 758 MB of output). `--in-nav` lists them (by slug, after
the real pages), the setup of the first measurement in bench/RESULTS.md.

usage: gen_real_corpus.py --repo /work/main --n 1000 --out bench/out/real-corpus/1000 [--in-nav] [--project-only]
Deterministic: the same repository and N give byte-identical files.
"""

import argparse
import os
import re
import shutil
import sys

LOCALES = ("kk", "ru", "en")


def copy_project(repo, gen):
    """Everything of the real project a build reads, replaced on every call so that it
    matches the binary under test (the copies are made from the same privacy pages)."""
    for rel in ("locales", "site/templates", "site/assets", "content/versions"):
        shutil.rmtree(os.path.join(gen, rel), ignore_errors=True)
        if os.path.isdir(os.path.join(repo, rel)):
            shutil.copytree(os.path.join(repo, rel), os.path.join(gen, rel))
    os.makedirs(os.path.join(gen, "content"), exist_ok=True)
    for rel in ("content/facts.toml", "content/calendar.toml", "content/page-digests.toml"):
        if os.path.exists(os.path.join(repo, rel)):
            shutil.copy2(os.path.join(repo, rel), os.path.join(gen, rel))
    for loc in LOCALES:
        os.makedirs(os.path.join(gen, "content", loc), exist_ok=True)
        for name in sorted(os.listdir(os.path.join(repo, "content", loc))):
            if name.endswith(".md"):
                shutil.copy2(os.path.join(repo, "content", loc, name),
                             os.path.join(gen, "content", loc, name))


def numbered(text, i, file, in_nav):
    """The page with its title numbered, its weight dropped (the real page keeps its place at
    the top of the navigation) and, unless `in_nav`, `nav = false`."""
    front, sep, body = text.partition("\n+++\n")
    if not sep or not front.startswith("+++\n"):
        sys.exit(f"{file}: no front matter")
    lines = []
    for line in front.split("\n"):
        if line.startswith("weight"):
            continue
        m = re.match(r'^title = "(.*)"$', line)
        if m:
            line = f'title = "{m.group(1)} {i}"'
        lines.append(line)
    if not in_nav:
        lines.append("nav = false")
    return "\n".join(lines) + sep + body


def sections_table(text, page):
    """The `[page]` table of content/sections.toml, as written."""
    m = re.search(rf"^\[{re.escape(page)}\]\n(.*?)(?=^\[|\Z)", text, re.S | re.M)
    if not m:
        sys.exit(f"content/sections.toml has no [{page}] table")
    return m.group(1).rstrip("\n") + "\n"


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--repo", required=True, help="the project checkout to copy")
    ap.add_argument("--n", type=int, required=True, help="copies of the privacy page per locale")
    ap.add_argument("--out", required=True)
    ap.add_argument("--in-nav", action="store_true",
                    help="list the copies in the navigation (every page then links every copy)")
    ap.add_argument("--project-only", action="store_true",
                    help="only refresh the copied project files (keep the copies)")
    args = ap.parse_args()
    n, out, repo = args.n, args.out, args.repo
    gen = os.path.join(out, "gen")
    if not args.project_only and os.path.exists(out):
        shutil.rmtree(out)
    copy_project(repo, gen)

    sections = open(os.path.join(repo, "content", "sections.toml"), encoding="utf-8").read()
    privacy = sections_table(sections, "privacy")
    with open(os.path.join(gen, "content", "sections.toml"), "w", encoding="utf-8", newline="\n") as f:
        f.write(sections.rstrip("\n") + "\n")
        for i in range(1, n + 1):
            f.write(f"\n[privacy-{i}]\n{privacy}")
    if args.project_only:
        return

    total = 0
    for loc in LOCALES:
        src = os.path.join(repo, "content", loc, "privacy.md")
        text = open(src, encoding="utf-8").read()
        for i in range(1, n + 1):
            page = numbered(text, i, src, args.in_nav)
            total += len(page.encode())
            with open(os.path.join(gen, "content", loc, f"privacy-{i}.md"), "w",
                      encoding="utf-8", newline="\n") as f:
                f.write(page)
    print(f"{n} copies of the privacy page x 3 locales, {total / 3 / max(n, 1) / 1024:.1f} KiB "
          f"per page on average -> {out}", file=sys.stderr)


if __name__ == "__main__":
    main()
